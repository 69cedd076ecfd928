//! The citizen's submit form (Art. 11, 43): the raw fields as typed, and
//! their parse into a [`RequestDraft`] with one plain-Chinese message per
//! wrong field. The browser runs the same parse to show errors as the
//! citizen types; the server runs it again before anything is stored.

use super::request::RequestDraft;
use super::types::{
    Address, CategoryCode, Channel, Content, Label, Location, Organisation, ParseError, PersonName, Phone, RequestType,
    Requester, Title,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The form as submitted: every field a string (or a box), nothing trusted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SubmitForm {
    pub request_type: String,
    pub category: String,
    pub title: String,
    pub content: String,
    pub county: String,
    pub township: String,
    pub address: String,
    /// `longitude,latitude` from the browser's geolocation, if allowed.
    pub coordinates: String,
    pub name: String,
    pub phone: String,
    /// A legal person or organisation as requester (agent's intake only, Art. 43(1)).
    pub organisation: String,
    pub anonymous: bool,
    pub consent: bool,
}

/// Who fills the form in: a citizen on the portal (a name and a mobile that
/// takes the text messages), or an agent on the phone (Art. 11: any number,
/// a caller may give no name, an organisation names its contact person).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormFiller {
    Citizen,
    Agent,
}

/// A message beside one field of a form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> FieldError {
        FieldError { field: field.into(), message: message.into() }
    }
}

/// The message for `field` among `errors`, if any.
pub fn message_for<'a>(errors: &'a [FieldError], field: &str) -> Option<&'a str> {
    errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
}

/// The shortest description that still tells the handling unit something.
pub const MIN_CONTENT_CHARS: usize = 5;

impl SubmitForm {
    /// The citizen's draft to register, or every field's problem at once.
    pub fn parse(&self) -> Result<RequestDraft, Vec<FieldError>> {
        self.parse_as(FormFiller::Citizen)
    }

    /// The draft as `filler` may give it, or every field's problem at once.
    pub fn parse_as(&self, filler: FormFiller) -> Result<RequestDraft, Vec<FieldError>> {
        let mut errors = Vec::new();

        let request_type = check(
            &mut errors,
            "request_type",
            RequestType::parse(&self.request_type).map_err(|_| "请选择诉求类型".to_string()),
        );
        let category = check(
            &mut errors,
            "category",
            optional(&self.category).map(CategoryCode::parse).transpose().map_err(|_| "请从列表中选择分类".to_string()),
        );
        let title = check(&mut errors, "title", Title::parse(&self.title).map_err(|e| text_message("标题", &e)));
        let content = check(
            &mut errors,
            "content",
            Content::parse(&self.content).map_err(|e| text_message("诉求内容", &e)).and_then(|c| {
                if c.as_str().chars().count() < MIN_CONTENT_CHARS {
                    Err(format!("请把情况说得具体一些（至少 {MIN_CONTENT_CHARS} 个字）"))
                } else {
                    Ok(c)
                }
            }),
        );
        let county = check(
            &mut errors,
            "county",
            Label::parse(&self.county).map_err(|e| match e {
                ParseError::Empty { .. } => "请选择所在县市".to_string(),
                e => text_message("县市", &e),
            }),
        );
        let township = check(
            &mut errors,
            "township",
            optional(&self.township).map(Label::parse).transpose().map_err(|e| text_message("乡镇（街道）", &e)),
        );
        let address = check(
            &mut errors,
            "address",
            optional(&self.address).map(Address::parse).transpose().map_err(|e| text_message("详细地址", &e)),
        );
        let coordinates = check(&mut errors, "coordinates", parse_coordinates(&self.coordinates));
        let organisation = check(
            &mut errors,
            "organisation",
            optional(&self.organisation)
                .filter(|_| filler == FormFiller::Agent)
                .map(|o| Title::parse(o).map(|name| Organisation { name, credit_code: None }))
                .transpose()
                .map_err(|e| text_message("单位名称", &e)),
        );
        let name_needed = filler == FormFiller::Citizen || organisation.as_ref().is_some_and(Option::is_some);
        let name = check(
            &mut errors,
            "name",
            match optional(&self.name) {
                None if !name_needed => Ok(None),
                None if filler == FormFiller::Agent => Err("单位来电请填写联系人姓名".to_string()),
                _ => PersonName::parse(&self.name).map(Some).map_err(|e| text_message("姓名", &e)),
            },
        );
        let phone = check(
            &mut errors,
            "phone",
            match filler {
                FormFiller::Citizen => Phone::parse(&self.phone)
                    .ok()
                    .filter(Phone::is_mobile)
                    .ok_or_else(|| "请输入 11 位手机号码，例如 13812345678".to_string()),
                FormFiller::Agent => Phone::parse(&self.phone).map_err(|_| {
                    "请输入来电号码：手机 13812345678、固定电话 0999-8021234（分机写在“转”后）或境外号码 +44…".to_string()
                }),
            },
        );
        if !self.consent {
            errors.push(FieldError::new("consent", "请阅读并同意个人信息保护说明"));
        }
        let location = match (county, township, address, coordinates) {
            (Some(county), Some(township), Some(address), Some(coordinates)) => {
                match Location::new(county, township, address, coordinates) {
                    Ok(l) => Some(l),
                    Err(_) => {
                        errors.push(FieldError::new("coordinates", "定位信息无效，请重新获取或留空"));
                        None
                    }
                }
            }
            _ => None,
        };
        match (request_type, category, title, content, location, name, phone, organisation) {
            (
                Some(request_type),
                Some(category),
                Some(title),
                Some(content),
                Some(location),
                Some(name),
                Some(phone),
                Some(organisation),
            ) if errors.is_empty() =>
            {
                Ok(RequestDraft {
                    channel: Channel::Web,
                    request_type,
                    category,
                    emergency: false,
                    emergency_kind: None,
                    title,
                    content,
                    location: Some(location),
                    requester: Requester { name, phone, id_number: None, organisation },
                    anonymous_to_unit: self.anonymous,
                    attachments: Vec::new(),
                    related: None,
                    tags: BTreeSet::new(),
                })
            }
            _ => Err(errors),
        }
    }
}

/// The parsed value, or its message recorded against `field`.
fn check<T>(errors: &mut Vec<FieldError>, field: &str, r: Result<T, String>) -> Option<T> {
    r.map_err(|m| errors.push(FieldError::new(field, m))).ok()
}

fn optional(s: &str) -> Option<&str> {
    let t = s.trim();
    (!t.is_empty()).then_some(t)
}

fn parse_coordinates(s: &str) -> Result<Option<(f64, f64)>, String> {
    let Some(t) = optional(s) else { return Ok(None) };
    let bad = || "定位信息无效，请重新获取或留空".to_string();
    let (lon, lat) = t.split_once(',').ok_or_else(bad)?;
    let lon: f64 = lon.trim().parse().map_err(|_| bad())?;
    let lat: f64 = lat.trim().parse().map_err(|_| bad())?;
    Ok(Some((lon, lat)))
}

/// A free text's problem in plain words, naming the field as the page does.
pub fn text_message(label: &str, e: &ParseError) -> String {
    match e {
        ParseError::Empty { .. } => format!("请填写{label}"),
        ParseError::TooLong { max, len, .. } => format!("{label}最多 {max} 个字，现在是 {len} 个字"),
        ParseError::Control { .. } => format!("{label}含有不能识别的字符，请删除后重试"),
        ParseError::Invalid { .. } => format!("{label}格式不正确"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> SubmitForm {
        SubmitForm {
            request_type: "complaint".into(),
            category: "urban.lighting".into(),
            title: "路灯不亮".into(),
            content: "解放路与新华路交叉口的路灯已经坏了一周。".into(),
            county: "伊宁市".into(),
            township: "".into(),
            address: "解放路".into(),
            coordinates: "81.32,43.91".into(),
            name: "张三".into(),
            phone: "138 1234 5678".into(),
            organisation: String::new(),
            anonymous: true,
            consent: true,
        }
    }

    #[test]
    fn a_complete_form_becomes_a_web_draft() {
        let d = valid().parse().unwrap();
        assert_eq!(d.channel, Channel::Web);
        assert_eq!(d.request_type, RequestType::Complaint);
        assert!(d.anonymous_to_unit);
        assert_eq!(d.requester.phone.reveal(), "13812345678");
        let loc = d.location.unwrap();
        assert_eq!(loc.township(), None);
        assert_eq!(loc.coordinates(), Some((81.32, 43.91)));
    }

    #[test]
    fn every_wrong_field_gets_its_own_message() {
        let form = SubmitForm {
            request_type: "praise".into(),
            title: "".into(),
            content: "灯坏".into(),
            county: "".into(),
            phone: "12345".into(),
            coordinates: "200,1".into(),
            consent: false,
            ..valid()
        };
        let errors = form.parse().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        for f in ["request_type", "title", "content", "county", "phone", "consent"] {
            assert!(fields.contains(&f), "{f} missing from {fields:?}");
        }
        assert_eq!(message_for(&errors, "title"), Some("请填写标题"));
        assert!(message_for(&errors, "phone").unwrap().contains("11 位"));
        assert_eq!(message_for(&errors, "name"), None);
    }

    #[test]
    fn length_limits_are_told_in_characters() {
        let form = SubmitForm { title: "灯".repeat(101), ..valid() };
        let errors = form.parse().unwrap_err();
        assert_eq!(message_for(&errors, "title"), Some("标题最多 100 个字，现在是 101 个字"));
    }

    #[test]
    fn out_of_range_coordinates_are_refused_beside_the_location() {
        let errors = SubmitForm { coordinates: "200,1".into(), ..valid() }.parse().unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "coordinates");
    }
}
