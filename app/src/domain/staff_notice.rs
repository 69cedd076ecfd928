//! Which events a staff member is told about, and in what words: the units
//! hear of what comes to them (a dispatch, a decision on what they asked,
//! a supervision, a redo), the hotline office that owns the request (the
//! center, or a county's office) of what waits for its decision (a return or extension asked, a completion to review, an
//! objection, a callback). Each notice goes to one unit's people.

use super::machine::{Event, EventKind};
use super::types::SupervisionVerdict;
use super::request::Request;
use super::unit::UnitId;

/// A line in a unit's notification list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffNotice {
    pub unit: UnitId,
    pub kind: &'static str,
    pub text: String,
}

/// The notices the events of one command give, for the request as it now is.
/// What waits for a hotline office's decision goes to the office that owns
/// the request: the center, or a county's office for what it registered (Art. 4).
pub fn staff_notices(req: &Request, events: &[Event]) -> Vec<StaffNotice> {
    let center = req.office();
    let number = req.number();
    let title = req.title().as_str();
    let mut out = Vec::new();
    let mut tell = |unit: &UnitId, kind: &'static str, what: &str| {
        let text = format!("{what}：{number}「{title}」");
        let notice = StaffNotice { unit: unit.clone(), kind, text };
        if !out.contains(&notice) {
            out.push(notice);
        }
    };
    // The units that still work on the request (an extension decision or an
    // added piece of information concerns them all).
    let working: Vec<&UnitId> = req.assignments().iter().filter(|a| a.is_active()).map(|a| a.unit()).collect();
    for event in events {
        match &event.kind {
            EventKind::Dispatched { targets, redispatch, .. } => {
                let what = if *redispatch { "重新派单" } else { "新派单" };
                let what = if req.is_emergency() { format!("{what}（突发，请立即签收）") } else { what.to_string() };
                for t in targets {
                    tell(&t.unit, "dispatched", &what);
                }
            }
            EventKind::Forwarded { to, .. } => tell(to, "dispatched", "上级单位转办"),
            EventKind::ReturnApproved { unit } => tell(unit, "decision", "退回申请已同意"),
            EventKind::ReturnRefused { unit, .. } => tell(unit, "decision", "退回申请未同意"),
            EventKind::Coordinated { unit, .. } => tell(unit, "decision", "经协调确定由本单位办理"),
            EventKind::ExtensionApproved { .. } => working.iter().for_each(|u| tell(u, "decision", "延期申请已同意")),
            EventKind::ExtensionRefused { .. } => working.iter().for_each(|u| tell(u, "decision", "延期申请未同意")),
            EventKind::CompletionApproved { .. } => {
                req.assignments().iter().for_each(|a| tell(a.unit(), "decision", "办结审核通过"))
            }
            EventKind::CompletionRefused { units, .. } => units.iter().for_each(|u| tell(u, "decision", "办结审核未通过，请重新办理")),
            EventKind::Objected { unit, .. } => {
                tell(unit, "objection", "诉求人提出异议，请补充答复");
                tell(center, "objection", "诉求人提出异议");
            }
            EventKind::RedoStarted { units, .. } => units.iter().for_each(|u| tell(u, "redo", "诉求人不满意，发回重办")),
            EventKind::SupervisionOpened { unit, .. } => tell(unit, "supervision", "督办"),
            EventKind::InformationAdded { .. } => working.iter().for_each(|u| tell(u, "information", "诉求人补充了材料")),
            EventKind::ReturnRequested { .. } => tell(center, "review", "单位申请退回"),
            EventKind::ExtensionRequested { .. } => tell(center, "review", "单位申请延期"),
            EventKind::CompletionRequested { .. } => tell(center, "review", "待审核办结"),
            EventKind::SupervisionAnswered { .. } => tell(center, "review", "督办已反馈"),
            EventKind::SupervisionConcluded { unit, verdict, .. } => match verdict {
                SupervisionVerdict::Concluded => tell(unit, "supervision", "督办反馈已认可，督办办结"),
                SupervisionVerdict::Continued => tell(unit, "supervision", "督办反馈不到位，继续督办，请重新反馈"),
            },
            EventKind::CallbackRequired => tell(center, "callback", "二次不满意，需回访"),
            EventKind::CallbackAsked { .. } => tell(center, "callback", "诉求人要求回电"),
            EventKind::ForceMajeureFound { .. } => {
                working.iter().for_each(|u| tell(u, "decision", "突发事项经认定为不可抗力情形，不再超期督办"))
            }
            EventKind::AnswerReviewRequired => tell(center, "review", "知识库答复不满意，请复核（转派重办或回访）"),
            EventKind::Registered { emergency: true, .. } => tell(center, "emergency", "突发事件登记"),
            EventKind::EmergencyMarked { .. } => working.iter().for_each(|u| tell(u, "emergency", "已列为突发事件，请立即办理")),
            _ => {}
        }
    }
    out
}
