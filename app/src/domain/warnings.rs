//! Warnings pushed as notices (Art. 32: 对各环节异常情况进行实时智能预警).
//! The clocks colour themselves on every page; this says who must also be
//! told, once, when a clock turns: a handling or redo deadline down to its
//! last working day (the working units) or past it (the owning hotline
//! office); the 30-minute emergency notice missed (the office); an
//! assignment not acknowledged by the end of its receipt day (the unit); a
//! supervision down to its last day (the unit) or past it (the office); an
//! extension request undecided on the deadline's last day (the office).
//!
//! Each warning has a key naming the clock, the unit and the deadline it is
//! about, so the server sends it once however often it looks, and a new
//! deadline (an extension, a redo) warns again.

use super::deadline::{cst, end_of_day, Warning};
use super::machine::{ClockName, Context};
use super::request::Request;
use super::staff_notice::StaffNotice;
use chrono::{DateTime, Datelike, NaiveDate, Utc};

/// A notice to send once; `key` is unique within the request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WarningNotice {
    pub key: String,
    pub notice: StaffNotice,
}

/// The notice kind of a warning in the units' lists.
pub const WARNING_NOTICE: &str = "warning";

fn md(day: NaiveDate) -> String {
    format!("{}月{}日", day.month(), day.day())
}

/// The warnings `req`'s clocks call for at `now`.
pub fn warnings_due(req: &Request, now: DateTime<Utc>, ctx: &Context) -> Vec<WarningNotice> {
    let number = req.number();
    let title = req.title().as_str();
    let office = req.office();
    let working: Vec<_> = req.assignments().iter().filter(|a| a.is_active()).map(|a| a.unit().clone()).collect();
    let mut out = Vec::new();
    let mut push = |key: String, unit: &super::unit::UnitId, what: String| {
        let text = format!("预警：{what}：{number}「{title}」");
        out.push(WarningNotice { key, notice: StaffNotice { unit: unit.clone(), kind: WARNING_NOTICE, text } });
    };
    for clock in req.clocks(now, ctx) {
        let due = clock.due_at.timestamp_millis();
        let last = clock.last_day.map(md).unwrap_or_else(|| clock.due_at.with_timezone(&cst()).format("%H:%M").to_string());
        let name = clock.name.code();
        match (clock.name, clock.warning) {
            (ClockName::Handling | ClockName::Redo, Warning::Amber) => {
                for unit in &working {
                    push(format!("{name}:amber:{due}:{unit}"), unit, format!("{}仅剩最后一个工作日（截止{last}）", clock.name.label()));
                }
            }
            (ClockName::Handling | ClockName::Redo, Warning::Red) => {
                push(format!("{name}:red:{due}"), office, format!("已超过{}（截止{last}）", clock.name.label()));
            }
            (ClockName::EmergencyNotify, Warning::Red) => {
                push(format!("{name}:red"), office, "突发事项登记已超过 30 分钟仍未通知承办单位（第二十九条）".into());
            }
            (ClockName::Acknowledge, _) => {
                let (Some(unit), Some(received)) = (&clock.unit, clock.from) else { continue };
                if now >= end_of_day(received) {
                    push(format!("{name}:{unit}:{received}"), unit, format!("{}转来的事项当日未签收，请立即签收", md(received)));
                }
            }
            (ClockName::Supervision, Warning::Amber) => {
                let Some(unit) = &clock.unit else { continue };
                push(format!("{name}:{}:amber:{due}", clock.supervision.unwrap_or_default()), unit, format!("督办期限仅剩最后一个工作日（截止{last}）"));
            }
            (ClockName::Supervision, Warning::Red) => {
                push(format!("{name}:{}:red:{due}", clock.supervision.unwrap_or_default()), office, format!("督办已逾期未反馈（截止{last}）"));
            }
            (ClockName::ExtensionDecision, Warning::Amber | Warning::Red) => {
                push(format!("{name}:{due}"), office, format!("延期申请待审批，办理期限截止{last}"));
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::WorkCalendar;
    use crate::domain::machine::{Actor, Command};
    use crate::domain::request::{NewRequest, RequestDraft};
    use crate::domain::types::{RequestNumber, Role};
    use crate::domain::unit::{Unit, UnitId, UnitTree};
    use serde_json::json;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }
    fn uid(s: &str) -> UnitId {
        UnitId::parse(s).unwrap()
    }
    fn tree() -> UnitTree {
        let mut t = UnitTree::new();
        for (id, parent) in [("center", None), ("yining", Some("center")), ("yining-housing", Some("yining"))] {
            t.insert(Unit {
                id: uid(id),
                name: crate::domain::types::Label::parse(id).unwrap(),
                parent: parent.map(uid),
                vertical: false,
                dispatches_subtree: id == "yining",
                active: true,
            })
            .unwrap();
        }
        t
    }
    fn agent() -> Actor {
        Actor::new(Role::Agent, Some(uid("center")), "li")
    }
    fn apply(r: &mut Request, actor: &Actor, when: &str, c: serde_json::Value, ctx: &Context) {
        let c: Command = serde_json::from_value(c).unwrap();
        r.apply(c, actor, at(when), ctx).unwrap();
    }
    /// A complaint of Mon 23 Sep 2024 (due Wed 16 Oct), dispatched at once to the housing bureau.
    fn dispatched(ctx: &Context) -> Request {
        let draft: RequestDraft = serde_json::from_value(json!({
            "channel": "phone", "type": "complaint", "title": "楼道漏水", "content": "楼道漏水一周。",
            "location": {"county": "伊宁市"}, "requester": {"name": "张三", "phone": "13812345678"}
        }))
        .unwrap();
        let number = RequestNumber::new("2024-09-23".parse().unwrap(), 1).unwrap();
        let (mut r, _) = Request::register(NewRequest { number, draft }, &agent(), at("2024-09-23T09:00:00+08:00"), ctx).unwrap();
        let dispatch = json!({"type": "dispatch", "targets": [{"unit": "yining-housing", "role": "lead"}]});
        apply(&mut r, &agent(), "2024-09-23T09:10:00+08:00", dispatch, ctx);
        r
    }
    fn keys(w: &[WarningNotice]) -> Vec<&str> {
        w.iter().map(|w| w.key.as_str()).collect()
    }

    #[test]
    fn an_assignment_not_acknowledged_on_its_receipt_day_warns_the_unit_once_the_day_ends() {
        let (cal, units) = (WorkCalendar::builtin(), tree());
        let ctx = Context::new(&cal, &units);
        let r = dispatched(&ctx);
        assert!(warnings_due(&r, at("2024-09-23T23:59:00+08:00"), &ctx).is_empty(), "the receipt day is not over");
        let w = warnings_due(&r, at("2024-09-24T00:00:00+08:00"), &ctx);
        assert_eq!(keys(&w), ["acknowledge:yining-housing:2024-09-23"]);
        assert_eq!(w[0].notice.unit, uid("yining-housing"));
        assert!(w[0].notice.text.contains("9月23日转来的事项当日未签收"), "{}", w[0].notice.text);
        let mut acked = r.clone();
        let handler = Actor::new(Role::Handler, Some(uid("yining-housing")), "wang");
        apply(&mut acked, &handler, "2024-09-24T08:00:00+08:00", json!({"type": "acknowledge"}), &ctx);
        assert!(keys(&warnings_due(&acked, at("2024-09-24T09:00:00+08:00"), &ctx)).is_empty(), "acknowledged: nothing");
    }

    #[test]
    fn the_last_working_day_warns_the_units_and_overdue_warns_the_office() {
        let (cal, units) = (WorkCalendar::builtin(), tree());
        let ctx = Context::new(&cal, &units);
        let mut r = dispatched(&ctx);
        let handler = Actor::new(Role::Handler, Some(uid("yining-housing")), "wang");
        apply(&mut r, &handler, "2024-09-23T10:00:00+08:00", json!({"type": "acknowledge"}), &ctx);
        // Due Wed 16 Oct 2024 (National Day between): Tuesday still has two working days.
        assert!(warnings_due(&r, at("2024-10-15T12:00:00+08:00"), &ctx).is_empty());
        let amber = warnings_due(&r, at("2024-10-16T08:00:00+08:00"), &ctx);
        assert_eq!(amber.len(), 1);
        assert!(amber[0].key.starts_with("handling:amber:"), "{}", amber[0].key);
        assert_eq!(amber[0].notice.unit, uid("yining-housing"));
        assert!(amber[0].notice.text.contains("办理期限仅剩最后一个工作日（截止10月16日）"), "{}", amber[0].notice.text);
        let red = warnings_due(&r, at("2024-10-17T08:00:00+08:00"), &ctx);
        assert_eq!(red.len(), 1);
        assert_eq!(red[0].notice.unit, uid("center"), "the owning office hears of it");
        assert!(red[0].notice.text.contains("已超过办理期限（截止10月16日）"));
        assert_ne!(amber[0].key, red[0].key, "each level is its own warning");
    }

    #[test]
    fn a_missed_emergency_notice_warns_the_office() {
        let (cal, units) = (WorkCalendar::builtin(), tree());
        let ctx = Context::new(&cal, &units);
        let draft: RequestDraft = serde_json::from_value(json!({
            "channel": "phone", "type": "help", "title": "小区停水", "content": "整个小区停水。", "emergency": true, "emergency_kind": "utilities",
            "location": {"county": "伊宁市"}, "requester": {"name": "张三", "phone": "13812345678"}
        }))
        .unwrap();
        let number = RequestNumber::new("2024-09-23".parse().unwrap(), 2).unwrap();
        let (r, _) = Request::register(NewRequest { number, draft }, &agent(), at("2024-09-23T09:00:00+08:00"), &ctx).unwrap();
        assert!(warnings_due(&r, at("2024-09-23T09:29:00+08:00"), &ctx).iter().all(|w| !w.key.starts_with("emergency_notify")));
        let w = warnings_due(&r, at("2024-09-23T09:30:00+08:00"), &ctx);
        let missed: Vec<_> = w.iter().filter(|w| w.key == "emergency_notify:red").collect();
        assert_eq!(missed.len(), 1, "{:?}", keys(&w));
        assert_eq!(missed[0].notice.unit, uid("center"));
    }
}
