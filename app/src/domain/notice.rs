//! Which events a requester is told about by text message, and in what
//! words. The words are the event's own public text (the timeline line);
//! answers also invite a rating (Art. 24).

use super::machine::{Event, EventKind};
use super::types::{MessageKind, RequestNumber};

/// A message to the requester's phone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub kind: MessageKind,
    pub text: String,
}

/// The notice an event gives the requester, if any. `link` is the private
/// tracking link when the requester has one (web submissions).
pub fn notice_for(number: &RequestNumber, event: &Event, link: Option<&str>) -> Option<Notice> {
    let kind = match event.kind_code() {
        "registered" => MessageKind::Registered,
        "rejected" => MessageKind::Rejected,
        "extension_approved" => MessageKind::Extended,
        "answered" | "completion_approved" | "supplementary_answered" => MessageKind::Answered,
        "redo_started" => MessageKind::Redo,
        "called_back" => MessageKind::CalledBack,
        // PIPL Art. 46: the requester hears that their correction was made.
        "requester_data_corrected" => MessageKind::DataCorrected,
        _ => return None,
    };
    let public = event.public_text.as_deref()?;
    let mut text = format!("【12345热线】{public}");
    if kind == MessageKind::Answered {
        text.push_str("请对答复进行评价，并告诉我们问题是否解决。");
    }
    // Art. 24: a call taken by an agent invites a rating of the call service too.
    if matches!(&event.kind, EventKind::Registered { channel, .. } if !channel.is_self_service()) {
        text.push_str("欢迎对本次话务服务进行评价。");
    }
    if kind != MessageKind::Registered && !public.contains(&number.to_string()) {
        text.push_str(&format!("（编号{number}）"));
    }
    match link {
        Some(link) => text.push_str(&format!("查看进度：{link}")),
        None => text.push_str("可凭编号和手机号后四位在 12345 网站查询进度。"),
    }
    Some(Notice { kind, text })
}

/// A message as the record shows it to an administrator (issue 19 §1.10):
/// a private link's key and a one-time code are what let someone act as the
/// citizen, so they are hidden; the rest reads as sent.
pub fn masked_for_the_record(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let link = rest.find("/r/").map(|i| (i, "/r/"));
        let code = rest.find("验证码是").map(|i| (i, "验证码是"));
        let Some((at, mark)) = [link, code].into_iter().flatten().min_by_key(|(i, _)| *i) else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..at + mark.len()]);
        rest = &rest[at + mark.len()..];
        let spaces = rest.len() - rest.trim_start_matches(' ').len();
        out.push_str(&rest[..spaces]);
        rest = &rest[spaces..];
        let secret = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(rest.len());
        if secret > 0 {
            out.push_str("******");
        }
        rest = &rest[secret..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::machine::Actor;
    use chrono::Utc;

    fn event(kind: EventKind, text: Option<&str>) -> Event {
        Event {
            at: Utc::now(),
            actor: Actor::citizen("13800000000"),
            kind,
            public_text: text.map(String::from),
            internal_note: Some("internal remark".into()),
        }
    }

    #[test]
    fn a_correction_of_the_requesters_data_is_told_without_the_values() {
        use crate::domain::machine::CorrectedField;
        let number = RequestNumber::parse("YL2024092300031").unwrap();
        let e = event(EventKind::RequesterDataCorrected { fields: vec![CorrectedField::Name] }, Some("应您的申请，更正了您的个人信息（姓名）。"));
        let n = notice_for(&number, &e, None).unwrap();
        assert_eq!(n.kind, MessageKind::DataCorrected);
        assert!(n.text.starts_with("【12345热线】应您的申请，更正了您的个人信息（姓名）。（编号YL2024092300031）"), "{}", n.text);
    }

    #[test]
    fn answers_invite_a_rating_and_carry_the_link() {
        let number = RequestNumber::parse("YL2024092300031").unwrap();
        let e = event(EventKind::CallbackRequired, Some("x"));
        assert_eq!(notice_for(&number, &e, None), None, "internal steps send nothing");
        let e = event(EventKind::ExtensionLapsed, None);
        assert_eq!(notice_for(&number, &e, None), None);
        let e = event(
            EventKind::SupplementaryAnswered {
                unit: crate::domain::unit::UnitId::parse("yining-urban").unwrap(),
                answer: crate::domain::types::Content::parse("已修复").unwrap(),
            },
            Some("承办单位补充答复：已修复。"),
        );
        let n = notice_for(&number, &e, Some("https://x/r/abc")).unwrap();
        assert_eq!(n.kind, MessageKind::Answered);
        assert!(n.text.contains("请对答复进行评价，并告诉我们问题是否解决") && n.text.ends_with("https://x/r/abc"), "{}", n.text);
        assert!(n.text.contains("YL2024092300031") && !n.text.contains("internal"), "{}", n.text);
    }

    #[test]
    fn a_call_taken_by_an_agent_invites_a_rating_of_the_call_service() {
        use crate::domain::deadline::TimeLimit;
        use crate::domain::types::{Channel, RequestType};
        let number = RequestNumber::parse("YL2024092300031").unwrap();
        let registered = |channel| {
            let kind = EventKind::Registered {
                number: number.clone(),
                request_type: RequestType::Complaint,
                channel,
                emergency: false,
                limit: TimeLimit::Complaint,
                due: "2024-10-16".parse().unwrap(),
                notify_by: None,
            };
            notice_for(&number, &event(kind, Some("您的诉求已受理。")), None).unwrap().text
        };
        assert!(registered(Channel::Phone).contains("欢迎对本次话务服务进行评价"), "{}", registered(Channel::Phone));
        assert!(!registered(Channel::Web).contains("话务服务"), "a web submission had no call");
    }

    #[test]
    fn the_record_hides_private_links_and_one_time_codes() {
        assert_eq!(
            masked_for_the_record("【12345热线】您的验证码是 483920，10 分钟内有效。请勿告诉他人。"),
            "【12345热线】您的验证码是 ******，10 分钟内有效。请勿告诉他人。"
        );
        assert_eq!(
            masked_for_the_record("您的诉求 YL2026111100005 已办结，请评价：https://12345.yili.gov.cn/r/Ab3_x-9Q 或回复 1-5。"),
            "您的诉求 YL2026111100005 已办结，请评价：https://12345.yili.gov.cn/r/****** 或回复 1-5。"
        );
        assert_eq!(masked_for_the_record("链接 /r/a 与 /r/b"), "链接 /r/****** 与 /r/******");
        assert_eq!(masked_for_the_record("末尾 /r/"), "末尾 /r/");
        assert_eq!(masked_for_the_record("无敏感内容"), "无敏感内容");
    }
}
