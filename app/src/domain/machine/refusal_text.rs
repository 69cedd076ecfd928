//! The Chinese words staff see for a refusal. The English `Display` of
//! [`Refusal`] stays as it is for logs, replays and tests; `message()` is
//! what a person reads: one plain sentence that names the article of the
//! Measures in Chinese form (第二十二条第（三）项, 第十二条第（七）项), or, for
//! the system's own checks (role, unit, state, time, number), no article.

use super::deadline::{cst_minute, ExtensionRefused, MAX_EXTENSIONS};
use super::refusal::Refusal;
use super::unit::UnitId;
use super::request::state_label;

impl Refusal {
    /// The units a refusal names, by their ids.
    fn units(&self) -> Vec<&UnitId> {
        use Refusal::*;
        match self {
            OutOfScope { unit, scope: other } | OtherOffice { office: unit, scope: other } | Vertical { unit, head: other } | NotSubUnit { unit, to: other } => {
                vec![unit, other]
            }
            UnknownUnit { unit }
            | InactiveUnit { unit }
            | NotAssigned { unit, .. }
            | NotAcknowledged { unit }
            | AssignmentState { unit, .. }
            | AlreadyAssigned { unit }
            | FixedUnit { unit }
            | ReturnRefusedBefore { unit }
            | NoReturnPending { unit }
            | AlreadyFixed { unit }
            | NotResponsible { unit, .. }
            | ResultUnit { unit }
            | NothingToReview { unit }
            | SupervisedUnit { unit }
            | NoSupervision { unit, .. } => vec![unit],
            _ => vec![],
        }
    }

    /// [`Refusal::message`] with each unit by the name staff know it by
    /// (伊宁市住房和城乡建设局, not `yining-zhujian`); a unit `name` does not
    /// know keeps its id.
    pub fn message_named(&self, name: impl Fn(&UnitId) -> String) -> String {
        let mut message = self.message();
        let mut units = self.units();
        // Longer ids first, so that `yining` does not replace part of `yining-water`.
        units.sort_by_key(|u| std::cmp::Reverse(u.as_str().len()));
        for unit in units {
            let named = name(unit);
            // The spaces that set a Latin id apart from Chinese text go with it.
            for pattern in [format!("单位 {unit} "), format!("单位 {unit}"), format!(" {unit} "), format!(" {unit}"), format!("{unit} "), unit.to_string()] {
                message = message.replace(&pattern, &named);
            }
        }
        message
    }

    /// The refusal in plain, polite Chinese for the people using the system.
    pub fn message(&self) -> String {
        match self {
            // Who may act.
            Refusal::Role { role, action } => format!("{}无权{}。", role.label(), action.label()),
            Refusal::NoUnit { role } => format!("{}须以所属单位的名义操作，但未指定所属单位。", role.label()),
            Refusal::UnknownUnit { unit } => format!("单位 {unit} 不在承办单位体系中。"),
            Refusal::InactiveUnit { unit } => format!("单位 {unit} 已停用。"),
            Refusal::NoCenter => "承办单位体系中没有热线管理中心（根节点），请联系系统管理员。".to_string(),
            Refusal::OutOfScope { unit, scope } => format!("第四条：单位 {unit} 不在 {scope} 的派单范围内。"),
            Refusal::OtherOffice { office, scope } => {
                format!("第四条：该诉求属于热线办理机构 {office}，不在 {scope} 的管辖范围内。")
            }
            Refusal::NotAssigned { unit, action } => {
                format!("单位 {unit} 在本诉求中没有相应的承办任务，不能{}。", action.label())
            }
            Refusal::CoUnit { action } => {
                format!("第十四条第（四）项：协办单位不能{}，应由主办单位办理。", action.label())
            }
            Refusal::NotAcknowledged { unit } => format!("单位 {unit} 须先签收该事项。"),

            // When.
            Refusal::State { action, state } => match state_label(state) {
                "其他" => format!("诉求目前的办理阶段不能{}。", action.label()),
                label => format!("诉求当前处于“{label}”阶段，不能{}。", action.label()),
            },
            Refusal::AssignmentState { unit, action, status } => match crate::domain::request::status_label(status) {
                Some(label) => format!("单位 {unit} 的承办任务当前为“{label}”，不能{}。", action.label()),
                None => format!("单位 {unit} 的承办任务目前的办理阶段不能{}。", action.label()),
            },
            Refusal::TimeBackwards { at, last } => format!(
                "操作时间 {} 早于最近一条记录的时间 {}，请核对后重试。",
                cst_minute(*at),
                cst_minute(*last)
            ),

            // Registration.
            Refusal::NumberDate { number, date } => format!("事项编号 {number} 与登记日期 {date} 不符。"),
            Refusal::SelfServiceChannel { channel } => format!(
                "诉求人只能通过网站、微信、微博或移动App自行提交诉求，不能通过“{}”渠道提交。",
                channel.label()
            ),
            Refusal::SelfRelation => "第十二条第（七）项：诉求不能与其自身关联。".to_string(),
            Refusal::AlreadyLinked { original } => format!("第十二条第（七）项：该诉求已关联到事项 {original}。"),

            // Art. 12, 15: rejection.
            Refusal::RejectionReasonMissing => "第十二条：不予受理须选择第十二条规定的九种情形之一。".to_string(),
            Refusal::RejectionBasisMissing => "第十五条：不予受理须告知诉求人不予受理的依据，请填写依据。".to_string(),
            Refusal::RepeatNotLinked => "第十二条第（七）项：以重复诉求为由不予受理前，请先关联原诉求。".to_string(),

            // Art. 14: answer and dispatch.
            Refusal::NotConsultation => "第十四条第（一）项：只有咨询类事项可以根据知识库答复。".to_string(),
            Refusal::AnswerNotDissatisfied => {
                "第十四条第（一）项：已答复的咨询事项，只有在诉求人对答复表示不满意时才转派承办单位。".to_string()
            }
            Refusal::NoTargets => "第十四条：派单须至少指定一个承办单位。".to_string(),
            Refusal::DispatchShape { detail } => format!("第十四条第（三）项、第（四）项：{}。", dispatch_detail_cn(detail)),
            Refusal::AlreadyAssigned { unit } => format!("第十四条第（三）项：单位 {unit} 已承办本诉求。"),
            Refusal::Vertical { unit, head } => format!(
                "第十四条第（二）项：单位 {unit} 属垂直管理单位，原则上应转派至州一级承办单位 {head}；如不转派，请说明理由。"
            ),
            Refusal::NotRepeat => {
                "第十四条第（五）项：只有已关联为重复诉求的事项，才能转派承办单位做好解释工作。".to_string()
            }
            Refusal::RedispatchNeedsSubmitter => {
                "第十七条：同意退回后再次转派，须指定一个主办单位或分别办理的承办单位。".to_string()
            }

            // Art. 16–18: returns and coordination.
            Refusal::ReturnWindowClosed { closed_on } => format!(
                "第十六条第（二）项：退回申请须在收到事项之日起1个工作日内提出，申请期限已于 {closed_on} 届满。"
            ),
            Refusal::FixedUnit { unit } => {
                format!("第十八条：单位 {unit} 是经协调确定的承办单位，应当遵照办理，不得退回。")
            }
            Refusal::ReturnRefusedBefore { unit } => {
                format!("第十七条：热线管理中心已不同意单位 {unit} 的退回申请，由该单位继续办理。")
            }
            Refusal::NoReturnPending { unit } => format!("第十七条：单位 {unit} 没有待审核的退回申请。"),
            Refusal::ReasonMissing { article, what } => {
                let sentence = format!("不同意{}须说明理由。", request_cn(what));
                match article_cn(article) {
                    Some(article) => format!("{article}：{sentence}"),
                    None => sentence,
                }
            }
            Refusal::AlreadyFixed { unit } => format!("第十八条：单位 {unit} 已经协调确定为承办单位。"),

            // Art. 20, 21: extensions.
            Refusal::Extension(e) => e.message(),
            Refusal::ExtensionLate { due } => format!("第二十条：延期申请须在办理期限（{due}）届满前提出。"),
            Refusal::ExtensionPending => "第二十一条：已有一份延期申请正在等待热线管理中心审核。".to_string(),
            Refusal::NoExtensionPending => "第二十一条：目前没有待审核的延期申请。".to_string(),

            // Art. 4: forwarding.
            Refusal::NotSubUnit { unit, to } => format!("第四条：单位 {to} 不是 {unit} 的下一级承办单位。"),
            Refusal::NotResponsible { unit, action } => {
                format!("第四条：只有负责该事项的承办单位 {unit} 才能{}。", action.label())
            }

            // Art. 22, 23, 26: results and review.
            Refusal::ComplaintFilingMissing => {
                "第二十二条第（三）项：投诉类事项的办理结果须写明立案情况（立案决定或立案编号和日期），或不予立案的理由和法律依据。"
                    .to_string()
            }
            Refusal::StrayFiling => "第二十二条第（三）项：只有投诉类事项的办理结果需要填写立案情况。".to_string(),
            Refusal::ResultUnit { unit } => {
                format!("第二十二条第（一）项：办理结果中的办理单位 {unit} 并未承办此项任务。")
            }
            Refusal::HandledInFuture { handled_at } => {
                format!("第二十二条第（一）项：办理时间 {} 晚于提交时间，请核对。", cst_minute(*handled_at))
            }
            Refusal::ResultIncomplete { part } => {
                format!("第二十二条第（一）项：办理情况须列明{}，请补充后再提交。", part.label())
            }
            Refusal::RedoOptionMissing => {
                "第二十六条：重办结果须选择一种办理方式：再次办理、针对性答复或上传履责意见。".to_string()
            }
            Refusal::RedoOptionOutsideRedo => "第二十六条：重办方式仅适用于重办事项。".to_string(),
            Refusal::NothingToReview { unit } => format!("第二十三条：单位 {unit} 没有待审核的办理结果。"),

            // Art. 22(2): objection and supplementary answer.
            Refusal::SupplementUsed => "第二十二条第（二）项：补充答复仅限一次。".to_string(),
            Refusal::ObjectionUnitNeeded => "第二十二条第（二）项：请指明对哪个承办单位的答复提出异议。".to_string(),
            Refusal::ObjectionAfterRating => "第二十二条第（二）项：异议须在评价答复之前提出。".to_string(),

            // Art. 24–27: rating, redo, callback.
            Refusal::AlreadyRated => "第二十四条：本轮办理已经评价过了。".to_string(),
            Refusal::CallbackAlreadyAsked => "已经申请过回电，工作人员处理之前无需重复申请。".to_string(),
            Refusal::CallbackSupervisionMissing => {
                "第三十一条第（六）项：处理方式为督办时，须填写督办单位、督办期限和督办要求。".to_string()
            }
            Refusal::StraySupervision => "第二十七条：只有处理方式为督办时才能填写督办内容。".to_string(),

            // Art. 31: supervision.
            Refusal::SupervisionDays { max } => format!("第三十一条：督办期限须为1至{max}个工作日。"),
            Refusal::NotOverdue { due } => format!("第三十一条第（五）项：该诉求尚未逾期（办理期限：{due}）。"),
            Refusal::NotStillDissatisfied => {
                "第三十一条第（六）项：只有发回重办后诉求人仍不满意的事项，才能以此为由督办。".to_string()
            }
            Refusal::SupervisedUnit { unit } => format!("第三十一条：单位 {unit} 未承办本诉求，不能对其督办。"),
            Refusal::NoSupervision { id, unit } => {
                format!("第三十一条：单位 {unit} 没有编号为 {id} 的未办结督办。")
            }
            Refusal::NoSupervisionResponse { id } => format!("第三十一条：编号为 {id} 的督办没有待审核的反馈。"),

            // Art. 29: emergencies; SPEC §2: tags.
            Refusal::AlreadyEmergency => "第二十九条：该诉求已按突发事件办理。".to_string(),
            Refusal::ExtendedNotEmergency => {
                "第二十条：突发事件不得延期，已延期的诉求不能再标记为突发事件。".to_string()
            }
            Refusal::AlreadyTagged { tag } => format!("该诉求已标记为“{tag}”。"),
            Refusal::OriginalNotExplained { original } => format!(
                "第十四条第（五）项：原诉求 {original} 并非以书面履责意见办结（第二十六条第（三）项），不能转派作解释；请按新诉求派单或不予受理。"
            ),
            Refusal::HandoverMissing => {
                "第十二条第（二）项：应由紧急服务专线处理的事项，须记录转交的专线（110、119、120、122）和转交时间。".to_string()
            }
            Refusal::StrayHandover => "第十二条第（二）项：只有以该项理由不予受理时才记录转交紧急服务专线。".to_string(),
            Refusal::Archived => "第三条：该事项已归档，只能查看，不能再办理。".to_string(),
            Refusal::RetentionNotOver { years } => format!("第四十条：诉求人个人信息在事项归档满 {years} 年后删除，保存期尚未届满。"),
            Refusal::AlreadyErased => "第四十条：诉求人个人信息已经删除。".to_string(),
            Refusal::NothingToCorrect => "第四十条：更正的内容与现有记录相同，或该诉求没有登记地点。".to_string(),
            Refusal::ErasedPhone => "第四十条：“已删除”是已删除号码的标记，请填写来电人的真实号码。".to_string(),
            Refusal::NoCallService => "第二十四条：该诉求不是经热线话务员受理的，没有可评价的话务服务。".to_string(),
            Refusal::CallServiceRated => "第二十四条：已经评价过本次话务服务了。".to_string(),
            Refusal::ArchiveTooEarly { days } => format!("第三条：事项办结且 {days} 天内没有新的办理记录后才能归档。"),
            Refusal::HandoverLater => "第十二条第（二）项：转交时间不能晚于不予受理的时间，请核对。".to_string(),
            Refusal::EmergencyKindMissing => {
                "第二十九条：突发事项须选择类别（区域性水电暖气网、自然灾害、城乡管理部件、危及公共安全）。".to_string()
            }
            Refusal::DutySignerMissing => {
                "第二十六条第（三）项：书面履责意见须写明签发人，即本单位主要领导或分管领导（第四十三条第（八）项）。".to_string()
            }
            Refusal::NotEmergency { action } => format!("第二十九条：只有突发事项才能{}。", action.label()),
            Refusal::ForceMajeureRecorded => "第二十九条：该突发事项已认定为不可抗力情形。".to_string(),
        }
    }
}

impl ExtensionRefused {
    /// Why an extension is not allowed (Art. 20), in plain Chinese.
    pub fn message(&self) -> String {
        match self {
            ExtensionRefused::TooMany => format!("第二十条：延期办理以{MAX_EXTENSIONS}次为限。"),
            ExtensionRefused::Emergency => "第二十条：突发类事项不能延期。".to_string(),
            ExtensionRefused::ReturnWindow => {
                "第二十条：只有办理期限可以延期，退回申请期限（第十六条）不能延期。".to_string()
            }
            ExtensionRefused::Redo => "第二十条：只有办理期限可以延期，重办期限（第二十五条）不能延期。".to_string(),
            ExtensionRefused::Appeal => {
                "第二十条：只有办理期限可以延期，考核结果申诉期限（第三十八条）不能延期。".to_string()
            }
            ExtensionRefused::Supervision => {
                "第二十条：只有办理期限可以延期，督办期限（第三十一条）不能延期。".to_string()
            }
        }
    }
}

/// The request a decision refuses (`Refusal::ReasonMissing::what`).
fn request_cn(what: &str) -> &'static str {
    match what {
        "a return" => "退回申请",
        "an extension" => "延期申请",
        "a completion" => "办结申请",
        "a supervision response" => "督办反馈",
        _ => "该申请",
    }
}

/// The details of `Refusal::DispatchShape`, as the dispatch check words them.
fn dispatch_detail_cn(detail: &str) -> &'static str {
    match detail {
        "at most one lead unit (主办)" => "一件事项最多只能有一个主办单位",
        "either one lead unit with co-units, or separate units; not both" => {
            "只能选择“一个主办单位加协办单位”或“多个单位分别办理”，二者不能同时使用"
        }
        "co-units (协办) need a lead unit (主办)" => "有协办单位时须指定一个主办单位",
        _ => "派单方式不符合要求",
    }
}

/// `Art. 17` → 第十七条, `Art. 22(3)` → 第二十二条第（三）项, `Art. 14(3)(4)` →
/// 第十四条第（三）项、第（四）项. The numbered items of Art. 12 and Art. 31 are
/// 项: `Art. 12(7)` → 第十二条第（七）项. `None` for anything else.
/// The articles of the Measures made of numbered items (（一）、1.).
const ITEMISED: [u32; 8] = [12, 14, 16, 19, 22, 26, 31, 43];

pub fn article_cn(article: &str) -> Option<String> {
    let rest = article.trim().strip_prefix("Art. ")?;
    let (number, tail) = match rest.find('(') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let n: u32 = number.trim().parse().ok()?;
    let items = ITEMISED.contains(&n);
    let mut parts = Vec::new();
    for part in tail.split(')') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let k: u32 = part.strip_prefix('(')?.trim().parse().ok()?;
        let k = cn_numeral(k)?;
        parts.push(if items { format!("第（{k}）项") } else { format!("第{k}款") });
    }
    Some(format!("第{}条{}", cn_numeral(n)?, parts.join("、")))
}

/// Chinese numerals 1–99: 七, 十四, 二十二, 三十.
fn cn_numeral(n: u32) -> Option<String> {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let d = |i: u32| DIGITS[i as usize];
    Some(match n {
        1..=9 => d(n).to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { d(n % 10) }),
        20..=99 => format!("{}十{}", d(n / 10), if n % 10 == 0 { "" } else { d(n % 10) }),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::action::Action;
    use super::super::command_code::CommandCode;
    use super::super::types::{Channel, Role};
    use super::super::unit::UnitId;
    use super::*;
    use crate::domain::request::ResultPart;
    use chrono::{DateTime, NaiveDate, TimeZone, Utc};

    const UNIT_A: &str = "yining-water";
    const UNIT_B: &str = "yining-city";
    const NUMBER: &str = "YL2024101600001";

    /// Values put into the samples that may carry ASCII letters.
    const VALUES: [&str; 3] = [UNIT_A, UNIT_B, NUMBER];

    fn unit(s: &str) -> UnitId {
        UnitId::parse(s).unwrap()
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 10, 16).unwrap()
    }

    fn instant(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 10, 16, h, 30, 0).unwrap()
    }

    /// How many variants `Refusal` has; `refusal_kind` numbers them 0..REFUSAL_KINDS.
    const REFUSAL_KINDS: usize = 80;

    /// One number per variant, every variant listed: a new variant does not
    /// compile here until it gets the next number, and then
    /// `every_variant_has_a_sample` fails until `REFUSAL_KINDS` and
    /// `all_samples` include it.
    fn refusal_kind(r: &Refusal) -> usize {
        match r {
            Refusal::Role { .. } => 0,
            Refusal::NoUnit { .. } => 1,
            Refusal::UnknownUnit { .. } => 2,
            Refusal::InactiveUnit { .. } => 3,
            Refusal::NoCenter => 4,
            Refusal::OutOfScope { .. } => 5,
            Refusal::OtherOffice { .. } => 6,
            Refusal::NotAssigned { .. } => 7,
            Refusal::CoUnit { .. } => 8,
            Refusal::NotAcknowledged { .. } => 9,
            Refusal::State { .. } => 10,
            Refusal::AssignmentState { .. } => 11,
            Refusal::TimeBackwards { .. } => 12,
            Refusal::NumberDate { .. } => 13,
            Refusal::SelfServiceChannel { .. } => 14,
            Refusal::SelfRelation => 15,
            Refusal::AlreadyLinked { .. } => 16,
            Refusal::RejectionReasonMissing => 17,
            Refusal::RejectionBasisMissing => 18,
            Refusal::RepeatNotLinked => 19,
            Refusal::NotConsultation => 20,
            Refusal::AnswerNotDissatisfied => 21,
            Refusal::NoTargets => 22,
            Refusal::DispatchShape { .. } => 23,
            Refusal::AlreadyAssigned { .. } => 24,
            Refusal::Vertical { .. } => 25,
            Refusal::NotRepeat => 26,
            Refusal::RedispatchNeedsSubmitter => 27,
            Refusal::ReturnWindowClosed { .. } => 28,
            Refusal::FixedUnit { .. } => 29,
            Refusal::ReturnRefusedBefore { .. } => 30,
            Refusal::NoReturnPending { .. } => 31,
            Refusal::ReasonMissing { .. } => 32,
            Refusal::AlreadyFixed { .. } => 33,
            Refusal::Extension(_) => 34,
            Refusal::ExtensionLate { .. } => 35,
            Refusal::ExtensionPending => 36,
            Refusal::NoExtensionPending => 37,
            Refusal::NotSubUnit { .. } => 38,
            Refusal::NotResponsible { .. } => 39,
            Refusal::ComplaintFilingMissing => 40,
            Refusal::StrayFiling => 41,
            Refusal::ResultUnit { .. } => 42,
            Refusal::HandledInFuture { .. } => 43,
            Refusal::RedoOptionMissing => 44,
            Refusal::RedoOptionOutsideRedo => 45,
            Refusal::NothingToReview { .. } => 46,
            Refusal::SupplementUsed => 47,
            Refusal::ObjectionUnitNeeded => 48,
            Refusal::ObjectionAfterRating => 49,
            Refusal::AlreadyRated => 50,
            Refusal::CallbackAlreadyAsked => 51,
            Refusal::CallbackSupervisionMissing => 52,
            Refusal::StraySupervision => 53,
            Refusal::SupervisionDays { .. } => 54,
            Refusal::NotOverdue { .. } => 55,
            Refusal::NotStillDissatisfied => 56,
            Refusal::SupervisedUnit { .. } => 57,
            Refusal::NoSupervision { .. } => 58,
            Refusal::AlreadyEmergency => 59,
            Refusal::ExtendedNotEmergency => 60,
            Refusal::AlreadyTagged { .. } => 61,
            Refusal::ResultIncomplete { .. } => 62,
            Refusal::NotEmergency { .. } => 63,
            Refusal::ForceMajeureRecorded => 64,
            Refusal::DutySignerMissing => 65,
            Refusal::EmergencyKindMissing => 66,
            Refusal::HandoverMissing => 67,
            Refusal::StrayHandover => 68,
            Refusal::HandoverLater => 69,
            Refusal::OriginalNotExplained { .. } => 70,
            Refusal::Archived => 71,
            Refusal::ArchiveTooEarly { .. } => 72,
            Refusal::NoCallService => 73,
            Refusal::CallServiceRated => 74,
            Refusal::RetentionNotOver { .. } => 75,
            Refusal::AlreadyErased => 76,
            Refusal::ErasedPhone => 77,
            Refusal::NothingToCorrect => 78,
            Refusal::NoSupervisionResponse { .. } => 79,
        }
    }

    /// How many variants `ExtensionRefused` has, numbered by `extension_kind`.
    const EXTENSION_KINDS: usize = 6;

    fn extension_kind(e: &ExtensionRefused) -> usize {
        match e {
            ExtensionRefused::TooMany => 0,
            ExtensionRefused::Emergency => 1,
            ExtensionRefused::ReturnWindow => 2,
            ExtensionRefused::Redo => 3,
            ExtensionRefused::Appeal => 4,
            ExtensionRefused::Supervision => 5,
        }
    }

    fn all_extension_refusals() -> Vec<ExtensionRefused> {
        vec![
            ExtensionRefused::TooMany,
            ExtensionRefused::Emergency,
            ExtensionRefused::ReturnWindow,
            ExtensionRefused::Redo,
            ExtensionRefused::Appeal,
            ExtensionRefused::Supervision,
        ]
    }

    /// At least one value of every variant, with the values the machine really puts in.
    fn all_samples() -> Vec<Refusal> {
        let mut all = vec![
            Refusal::Role {
                role: Role::Handler,
                action: Action::ApproveExtension,
            },
            Refusal::NoUnit { role: Role::Reviewer },
            Refusal::UnknownUnit { unit: unit(UNIT_A) },
            Refusal::InactiveUnit { unit: unit(UNIT_A) },
            Refusal::NoCenter,
            Refusal::OutOfScope {
                unit: unit(UNIT_A),
                scope: unit(UNIT_B),
            },
            Refusal::OtherOffice {
                office: unit(UNIT_A),
                scope: unit(UNIT_B),
            },
            Refusal::NotAssigned {
                unit: unit(UNIT_A),
                action: Action::BeFixedByCoordination,
            },
            Refusal::CoUnit {
                action: Action::Command(CommandCode::SubmitResult),
            },
            Refusal::NotAcknowledged { unit: unit(UNIT_A) },
            Refusal::State {
                action: Action::Command(CommandCode::RequestExtension),
                state: "completion_review".into(),
            },
            Refusal::AssignmentState {
                unit: unit(UNIT_A),
                action: Action::Command(CommandCode::SubmitResult),
                status: "submitted".into(),
            },
            Refusal::TimeBackwards {
                at: instant(1),
                last: instant(2),
            },
            Refusal::NumberDate {
                number: NUMBER.into(),
                date: day(),
            },
            Refusal::SelfServiceChannel {
                channel: Channel::Phone,
            },
            Refusal::SelfRelation,
            Refusal::AlreadyLinked {
                original: NUMBER.into(),
            },
            Refusal::RejectionReasonMissing,
            Refusal::RejectionBasisMissing,
            Refusal::RepeatNotLinked,
            Refusal::NotConsultation,
            Refusal::AnswerNotDissatisfied,
            Refusal::NoTargets,
            Refusal::DispatchShape {
                detail: "at most one lead unit (主办)".into(),
            },
            Refusal::DispatchShape {
                detail: "either one lead unit with co-units, or separate units; not both".into(),
            },
            Refusal::DispatchShape {
                detail: "co-units (协办) need a lead unit (主办)".into(),
            },
            Refusal::AlreadyAssigned { unit: unit(UNIT_A) },
            Refusal::Vertical {
                unit: unit(UNIT_A),
                head: unit(UNIT_B),
            },
            Refusal::NotRepeat,
            Refusal::RedispatchNeedsSubmitter,
            Refusal::ReturnWindowClosed { closed_on: day() },
            Refusal::FixedUnit { unit: unit(UNIT_A) },
            Refusal::ReturnRefusedBefore { unit: unit(UNIT_A) },
            Refusal::NoReturnPending { unit: unit(UNIT_A) },
            Refusal::ReasonMissing {
                article: "Art. 17".into(),
                what: "a return".into(),
            },
            Refusal::ReasonMissing {
                article: "Art. 21".into(),
                what: "an extension".into(),
            },
            Refusal::ReasonMissing {
                article: "Art. 23".into(),
                what: "a completion".into(),
            },
            Refusal::AlreadyFixed { unit: unit(UNIT_A) },
            Refusal::ExtensionLate { due: day() },
            Refusal::ExtensionPending,
            Refusal::NoExtensionPending,
            Refusal::NotSubUnit {
                unit: unit(UNIT_B),
                to: unit(UNIT_A),
            },
            Refusal::NotResponsible {
                unit: unit(UNIT_B),
                action: Action::Command(CommandCode::SubmitResult),
            },
            Refusal::ComplaintFilingMissing,
            Refusal::StrayFiling,
            Refusal::ResultUnit { unit: unit(UNIT_A) },
            Refusal::HandledInFuture { handled_at: instant(3) },
            Refusal::ResultIncomplete { part: ResultPart::Basis },
            Refusal::ResultIncomplete { part: ResultPart::Handler },
            Refusal::RedoOptionMissing,
            Refusal::RedoOptionOutsideRedo,
            Refusal::NothingToReview { unit: unit(UNIT_A) },
            Refusal::SupplementUsed,
            Refusal::ObjectionUnitNeeded,
            Refusal::ObjectionAfterRating,
            Refusal::AlreadyRated,
            Refusal::CallbackAlreadyAsked,
            Refusal::CallbackSupervisionMissing,
            Refusal::StraySupervision,
            Refusal::SupervisionDays { max: 15 },
            Refusal::NotOverdue { due: day() },
            Refusal::NotStillDissatisfied,
            Refusal::SupervisedUnit { unit: unit(UNIT_A) },
            Refusal::NoSupervision {
                id: 2,
                unit: unit(UNIT_A),
            },
            Refusal::NoSupervisionResponse { id: 2 },
            Refusal::AlreadyEmergency,
            Refusal::ExtendedNotEmergency,
            Refusal::AlreadyTagged { tag: "热点".into() },
            Refusal::NotEmergency { action: Action::Command(CommandCode::FindForceMajeure) },
            Refusal::ForceMajeureRecorded,
            Refusal::DutySignerMissing,
            Refusal::EmergencyKindMissing,
            Refusal::HandoverMissing,
            Refusal::StrayHandover,
            Refusal::HandoverLater,
            Refusal::OriginalNotExplained { original: NUMBER.into() },
            Refusal::Archived,
            Refusal::ArchiveTooEarly { days: 90 },
            Refusal::NoCallService,
            Refusal::CallServiceRated,
            Refusal::RetentionNotOver { years: 5 },
            Refusal::AlreadyErased,
            Refusal::ErasedPhone,
            Refusal::NothingToCorrect,
        ];
        all.extend(all_extension_refusals().into_iter().map(Refusal::Extension));
        all
    }

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    /// The ASCII letters of `msg` outside the values the sample put in (and
    /// "App", which is part of the channel's Chinese name 移动App).
    fn stray_letters(msg: &str) -> String {
        let mut rest = msg.to_string();
        for v in VALUES.into_iter().chain(["App"]) {
            rest = rest.replace(v, "");
        }
        rest.chars().filter(|c| c.is_ascii_alphabetic()).collect()
    }

    /// The article an English Display starts with ("Art. 22(3)"), if any.
    fn leading_article(english: &str) -> Option<&str> {
        english.split_once(": ").map(|(a, _)| a).filter(|a| a.starts_with("Art."))
    }

    fn check(english: &str, msg: &str) {
        assert!(has_cjk(msg), "no Chinese in {msg:?} (for {english:?})");
        assert!(!msg.contains("Art."), "{msg:?}");
        assert_eq!(stray_letters(msg), "", "English left in {msg:?} (for {english:?})");
        assert!(msg.ends_with('。'), "a sentence: {msg:?}");
        match leading_article(english) {
            // The same article as the English, in Chinese form.
            Some(article) => {
                let cn = article_cn(article).unwrap_or_else(|| panic!("cannot read {article:?}"));
                assert!(msg.starts_with(&format!("{cn}：")), "{msg:?} should start with {cn} (for {english:?})");
                assert!(msg.contains('第'), "{msg:?}");
            }
            // The system's own checks name no article.
            None => assert!(!msg.starts_with('第'), "{msg:?} (for {english:?})"),
        }
    }

    #[test]
    fn every_variant_has_a_sample() {
        let samples = all_samples();
        let mut seen = vec![false; REFUSAL_KINDS];
        for r in &samples {
            let k = refusal_kind(r);
            assert!(k < REFUSAL_KINDS, "raise REFUSAL_KINDS for {r:?}");
            seen[k] = true;
        }
        let missing: Vec<usize> = (0..REFUSAL_KINDS).filter(|k| !seen[*k]).collect();
        assert!(missing.is_empty(), "no sample for refusal kinds {missing:?}");

        let mut seen = vec![false; EXTENSION_KINDS];
        for e in all_extension_refusals() {
            let k = extension_kind(&e);
            assert!(k < EXTENSION_KINDS, "raise EXTENSION_KINDS for {e:?}");
            seen[k] = true;
        }
        assert!(seen.iter().all(|s| *s), "an ExtensionRefused variant has no sample");
    }

    #[test]
    fn every_refusal_has_a_chinese_sentence() {
        for r in all_samples() {
            check(&r.to_string(), &r.message());
        }
        for e in all_extension_refusals() {
            check(&e.to_string(), &e.message());
            assert_eq!(Refusal::Extension(e).message(), e.message());
        }
    }

    #[test]
    fn values_appear_in_the_message() {
        let r = Refusal::Vertical {
            unit: unit(UNIT_A),
            head: unit(UNIT_B),
        };
        let msg = r.message();
        assert!(msg.contains(UNIT_A) && msg.contains(UNIT_B), "{msg}");
        assert!(Refusal::NotOverdue { due: day() }.message().contains("2024-10-16"));
        assert!(Refusal::SupervisionDays { max: 15 }.message().contains("1至15个工作日"));
        // Times are China Standard Time: 03:30 UTC is 11:30 in Beijing.
        let msg = Refusal::HandledInFuture { handled_at: instant(3) }.message();
        assert!(msg.contains("2024-10-16 11:30"), "{msg}");
        let msg = Refusal::Role {
            role: Role::Handler,
            action: Action::ApproveExtension,
        }
        .message();
        assert_eq!(msg, "承办单位经办人无权同意延期。");
        let msg = Refusal::State {
            action: Action::Command(CommandCode::RequestExtension),
            state: "completion_review".into(),
        }
        .message();
        assert_eq!(msg, "诉求当前处于“办结审核”阶段，不能申请延期。");
        assert_eq!(
            Refusal::ComplaintFilingMissing.message(),
            "第二十二条第（三）项：投诉类事项的办理结果须写明立案情况（立案决定或立案编号和日期），或不予立案的理由和法律依据。"
        );
    }

    #[test]
    fn state_codes_have_chinese() {
        for code in ["received", "handling", "return_requested", "returned", "submitted", "done"] {
            assert!(crate::domain::request::status_label(code).is_some(), "{code}");
        }
        let msg = Refusal::State {
            action: Action::Command(CommandCode::Rate),
            state: "somewhere".into(),
        }
        .message();
        assert_eq!(msg, "诉求目前的办理阶段不能进行满意度评价。");
        let msg = Refusal::AssignmentState {
            unit: unit(UNIT_A),
            action: Action::Command(CommandCode::SubmitResult),
            status: "somewhere".into(),
        }
        .message();
        assert!(has_cjk(&msg) && !msg.contains("somewhere"), "{msg}");
    }

    #[test]
    fn refusals_name_units_by_their_names() {
        let (a, b) = (UnitId::parse("yining").unwrap(), UnitId::parse("yining-water").unwrap());
        let name = |u: &UnitId| if u.as_str() == "yining" { "伊宁市人民政府".to_string() } else { "伊宁市水务局".to_string() };
        let msg = Refusal::NotSubUnit { unit: a.clone(), to: b.clone() }.message_named(name);
        assert_eq!(msg, "第四条：伊宁市水务局不是伊宁市人民政府的下一级承办单位。");
        let msg = Refusal::ResultUnit { unit: b }.message_named(name);
        assert!(!msg.contains("yining"), "{msg}");
        assert!(msg.contains("伊宁市水务局"), "{msg}");
    }

    #[test]
    fn articles_read_in_chinese() {
        assert_eq!(article_cn("Art. 4").as_deref(), Some("第四条"));
        assert_eq!(article_cn("Art. 14(2)").as_deref(), Some("第十四条第（二）项"));
        assert_eq!(article_cn("Art. 14(3)(4)").as_deref(), Some("第十四条第（三）项、第（四）项"));
        assert_eq!(article_cn("Art. 12(7)").as_deref(), Some("第十二条第（七）项"));
        assert_eq!(article_cn("Art. 31(5)").as_deref(), Some("第三十一条第（五）项"));
        assert_eq!(article_cn("Art. 20").as_deref(), Some("第二十条"));
        assert_eq!(article_cn("Art. 22(3)").as_deref(), Some("第二十二条第（三）项"));
        assert_eq!(article_cn("Art. 38").as_deref(), Some("第三十八条"));
        assert_eq!(article_cn("Art. 10").as_deref(), Some("第十条"));
        assert_eq!(article_cn("role"), None);
        assert_eq!(article_cn("Art. x"), None);
        // Without a readable article the sentence stands alone.
        let msg = Refusal::ReasonMissing {
            article: "elsewhere".into(),
            what: "a return".into(),
        }
        .message();
        assert_eq!(msg, "不同意退回申请须说明理由。");
    }
}
