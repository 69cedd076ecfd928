//! A case for the public page (Art. 35): the center tells what was asked
//! and what was done, in its own words, without personal data and with the
//! place no closer than the township. This checks a proposed text: lengths,
//! and that nothing in it looks like a phone or ID number, the requester's
//! name or their street address. A second person reviews it before it is
//! published (the service keeps that rule).

use super::citizen_form::FieldError;

/// The text of a proposed case, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseText {
    pub title: String,
    pub summary: String,
    pub outcome: String,
}

/// What the request knows of its requester, never to appear in public.
#[derive(Clone, Debug, Default)]
pub struct PrivateFacts {
    pub name: Option<String>,
    pub address: Option<String>,
}

/// The longest title, summary (the matter) and outcome (what was done), in characters.
pub const TITLE_CHARS: usize = 60;
pub const SUMMARY_CHARS: usize = 1000;
pub const OUTCOME_CHARS: usize = 2000;

/// A run of this many digits or more reads as a phone, ID or account number.
const DIGIT_RUN: usize = 7;

/// What in `text` is personal data, in words, if anything.
pub fn personal_data_in(text: &str, private: &PrivateFacts) -> Option<&'static str> {
    let mut run = 0;
    for c in text.chars() {
        // Full-width digits count as digits: people type both.
        if c.is_ascii_digit() || ('０'..='９').contains(&c) {
            run += 1;
            if run >= DIGIT_RUN {
                return Some("电话号码、身份证号码等号码");
            }
        } else if !matches!(c, '-' | ' ' | '—') {
            run = 0;
        }
    }
    if private.name.as_deref().is_some_and(|n| n.chars().count() >= 2 && text.contains(n)) {
        return Some("诉求人的姓名");
    }
    if private.address.as_deref().is_some_and(|a| a.chars().count() >= 4 && text.contains(a)) {
        return Some("诉求人的详细地址");
    }
    None
}

/// The proposed text, each field checked; every problem beside its field.
pub fn check_case(title: &str, summary: &str, outcome: &str, private: &PrivateFacts) -> Result<CaseText, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut field = |name: &'static str, what: &str, raw: &str, max: usize| {
        let text = raw.trim();
        if text.is_empty() {
            errors.push(FieldError::new(name, format!("请填写{what}")));
        } else if text.chars().count() > max {
            errors.push(FieldError::new(name, format!("{what}不超过 {max} 个字")));
        } else if let Some(found) = personal_data_in(text, private) {
            errors.push(FieldError::new(name, format!("第三十五条：公开的内容不得含个人信息，请删去{what}中的{found}")));
        }
        text.to_string()
    };
    let text = CaseText {
        title: field("title", "标题", title, TITLE_CHARS),
        summary: field("summary", "诉求概要", summary, SUMMARY_CHARS),
        outcome: field("outcome", "办理结果", outcome, OUTCOME_CHARS),
    };
    if errors.is_empty() { Ok(text) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn private() -> PrivateFacts {
        PrivateFacts { name: Some("阿依古丽".into()), address: Some("解放路12号3单元".into()) }
    }

    #[test]
    fn numbers_names_and_addresses_are_found() {
        let p = private();
        assert_eq!(personal_data_in("请拨打 138 1234 5678 联系", &p), Some("电话号码、身份证号码等号码"));
        assert_eq!(personal_data_in("身份证６５４００２１９９００１０１１２３４", &p), Some("电话号码、身份证号码等号码"));
        assert_eq!(personal_data_in("固话 0999-8123456", &p), Some("电话号码、身份证号码等号码"));
        assert_eq!(personal_data_in("市民阿依古丽反映", &p), Some("诉求人的姓名"));
        assert_eq!(personal_data_in("家住解放路12号3单元", &p), Some("诉求人的详细地址"));
        // Dates, short numbers and the township are fine.
        assert_eq!(personal_data_in("2026年11月3日，伊宁市墩买里街道一小区停水 3 天，影响 120 户", &p), None);
        assert_eq!(personal_data_in("解放路一带", &p), None);
    }

    #[test]
    fn every_problem_is_told_beside_its_field() {
        let errors = check_case(" ", &"很长".repeat(600), "已联系 13812345678 说明", &private()).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "summary", "outcome"]);
        assert!(errors[1].message.contains("1000"), "{errors:?}");
        assert!(errors[2].message.starts_with("第三十五条"), "{errors:?}");
        let ok = check_case(" 小区停水三天 ", "小区停水三天无人处理。", "供水公司当日抢修恢复供水。", &private()).unwrap();
        assert_eq!(ok.title, "小区停水三天");
    }
}
