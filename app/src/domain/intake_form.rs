//! The agent's phone intake form (Art. 11–14): the citizen's submit form
//! as the agent types it on the call, plus the emergency flag (Art. 29) and
//! the link to an earlier request when the caller repeats one (Art. 12(7),
//! 14(5)). The caller agreed on the phone, so no consent box is asked.

use super::citizen_form::{FieldError, FormFiller, SubmitForm};
use super::request::{Relation, RelationKind, RequestDraft};
use super::types::{Channel, EmergencyKind, RequestNumber};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IntakeForm {
    pub form: SubmitForm,
    pub emergency: bool,
    /// Art. 29's kind of an emergency (its code).
    pub emergency_kind: String,
    /// The number of the request this call repeats, if any.
    pub repeat_of: String,
}

impl IntakeForm {
    /// The draft to register, or every field's problem at once.
    pub fn parse(&self) -> Result<RequestDraft, Vec<FieldError>> {
        let form = SubmitForm { consent: true, ..self.form.clone() };
        let related = match self.repeat_of.trim() {
            "" => Ok(None),
            n => RequestNumber::parse(n)
                .map(|original| Some(Relation { kind: RelationKind::RepeatOf, original }))
                .map_err(|_| FieldError::new("repeat_of", "原事项编号格式不正确，例如 YL2026112700001")),
        };
        let emergency_kind = match (self.emergency, self.emergency_kind.trim()) {
            (false, _) => Ok(None),
            (true, "") => Err(FieldError::new("emergency_kind", "请选择突发事项的类别（第二十九条）")),
            (true, code) => EmergencyKind::parse(code)
                .map(Some)
                .map_err(|_| FieldError::new("emergency_kind", "请从列表中选择突发事项的类别")),
        };
        let (draft, mut errors) = match form.parse_as(FormFiller::Agent) {
            Ok(draft) => (Some(draft), Vec::new()),
            Err(errors) => (None, errors),
        };
        errors.extend(related.as_ref().err().cloned());
        errors.extend(emergency_kind.as_ref().err().cloned());
        match (draft, related, emergency_kind) {
            (Some(draft), Ok(related), Ok(emergency_kind)) if errors.is_empty() => Ok(RequestDraft {
                channel: Channel::Phone,
                emergency: self.emergency,
                emergency_kind,
                related,
                ..draft
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call() -> IntakeForm {
        IntakeForm {
            form: SubmitForm {
                request_type: "help".into(),
                title: "老人走失".into(),
                content: "家中老人今早出门后未归，请求帮助寻找。".into(),
                county: "伊宁市".into(),
                name: "王五".into(),
                phone: "13700001111".into(),
                ..SubmitForm::default()
            },
            emergency: true,
            emergency_kind: "public_facility".into(),
            repeat_of: String::new(),
        }
    }

    #[test]
    fn a_call_becomes_a_phone_draft_without_a_consent_box() {
        let d = call().parse().unwrap();
        assert_eq!(d.channel, Channel::Phone);
        assert!(d.emergency);
        assert_eq!(d.emergency_kind, Some(EmergencyKind::PublicFacility));
        assert_eq!(d.related, None);
        let mut no_kind = call();
        no_kind.emergency_kind = String::new();
        let errors = no_kind.parse().unwrap_err();
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["emergency_kind"]);
    }

    #[test]
    fn landline_anonymous_and_organisation_callers() {
        // Art. 11, 43(1): a landline with extension, no name.
        let mut f = call();
        f.form.phone = "0999-8021234转8001".into();
        f.form.name = String::new();
        let d = f.parse().unwrap();
        assert_eq!(d.requester.phone.reveal(), "0999-8021234转8001");
        assert_eq!(d.requester.name, None);
        assert_eq!(d.requester.masked_name(), "匿名来电");
        // An organisation names its contact person.
        f.form.organisation = "伊宁市某某物流有限公司".into();
        let errors = f.parse().unwrap_err();
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["name"]);
        f.form.name = "马丽".into();
        f.form.phone = "+44 7911 123456".into();
        let d = f.parse().unwrap();
        assert_eq!(d.requester.organisation.unwrap().name.as_str(), "伊宁市某某物流有限公司");
        assert_eq!(d.requester.phone.reveal(), "+447911123456");
        // The citizen's portal still asks for a name and a mobile, and ignores an organisation.
        let mut portal = call().form;
        portal.consent = true;
        portal.phone = "0999-8021234".into();
        portal.name = String::new();
        portal.organisation = "某公司".into();
        let errors = portal.parse().unwrap_err();
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["name", "phone"]);
    }

    #[test]
    fn a_repeat_links_its_original_and_a_bad_number_is_named() {
        let mut f = call();
        f.repeat_of = " YL2026112700001 ".into();
        let d = f.parse().unwrap();
        assert_eq!(d.related.unwrap().original.to_string(), "YL2026112700001");
        f.repeat_of = "12345".into();
        f.form.title = String::new();
        let errors = f.parse().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "repeat_of"]);
    }
}
