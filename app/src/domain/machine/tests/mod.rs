//! Tests of the state machine, one file per area; real 2024 and 2026 dates.
//! Each rule is shown allowed and refused.

mod access;
mod aftercare;
mod clocks;
mod handling;
mod intake;
mod marks;
mod props;
mod snapshot;
mod staff_notices;

use super::super::calendar::WorkCalendar;
use super::super::request::{NewRequest, Request};
use super::super::types::{CategoryCode, Role};
use super::super::unit::{Unit, UnitId, UnitTree};
use super::{Actor, Command, CommandCode, Context, Event};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// id, name, parent, vertical, dispatches_subtree, active.
type UnitRow = (&'static str, &'static str, Option<&'static str>, bool, bool, bool);

pub(crate) struct World {
    pub cal: WorkCalendar,
    pub units: UnitTree,
    pub limits: BTreeMap<CategoryCode, u16>,
    /// How the originals of repeats ended (Art. 14(5)).
    pub originals: BTreeMap<crate::domain::types::RequestNumber, crate::domain::request::OriginalOutcome>,
}

impl World {
    /// The center and a few Ili units:
    /// ili-12345 (root) ─ ili-market, old-bureau (inactive)
    ///                  ─ ili-tax (vertical) ─ yining-tax (vertical)
    ///                  ─ yining-city (dispatches) ─ yining-housing ─ yining-property
    ///                                             ─ yining-water
    ///                  ─ huocheng-county (dispatches) ─ huocheng-housing
    pub fn new() -> World {
        let mut units = UnitTree::new();
        let rows: [UnitRow; 11] = [
            ("ili-12345", "伊犁州12345热线管理中心", None, false, true, true),
            (
                "ili-market",
                "伊犁州市场监督管理局",
                Some("ili-12345"),
                false,
                false,
                true,
            ),
            ("old-bureau", "已撤销的某局", Some("ili-12345"), false, false, false),
            (
                "ili-tax",
                "国家税务总局伊犁州税务局",
                Some("ili-12345"),
                true,
                false,
                true,
            ),
            (
                "yining-tax",
                "国家税务总局伊宁市税务局",
                Some("ili-tax"),
                true,
                false,
                true,
            ),
            ("yining-city", "伊宁市人民政府", Some("ili-12345"), false, true, true),
            (
                "yining-housing",
                "伊宁市住房和城乡建设局",
                Some("yining-city"),
                false,
                false,
                true,
            ),
            (
                "yining-property",
                "伊宁市物业服务中心",
                Some("yining-housing"),
                false,
                false,
                true,
            ),
            (
                "yining-water",
                "伊宁市供排水有限公司",
                Some("yining-city"),
                false,
                false,
                true,
            ),
            (
                "huocheng-county",
                "霍城县人民政府",
                Some("ili-12345"),
                false,
                true,
                true,
            ),
            (
                "huocheng-housing",
                "霍城县住房和城乡建设局",
                Some("huocheng-county"),
                false,
                false,
                true,
            ),
        ];
        for (id, name, parent, vertical, dispatches, active) in rows {
            units
                .insert(Unit {
                    id: uid(id),
                    name: name.parse().unwrap(),
                    parent: parent.map(uid),
                    vertical,
                    dispatches_subtree: dispatches,
                    active,
                })
                .unwrap();
        }
        let mut limits = BTreeMap::new();
        limits.insert(CategoryCode::parse("market.food_safety").unwrap(), 7);
        limits.insert(CategoryCode::parse("urban.water").unwrap(), 20);
        limits.insert(CategoryCode::parse("urban.gas_leak").unwrap(), 1);
        World {
            cal: WorkCalendar::builtin(),
            units,
            limits,
            originals: BTreeMap::new(),
        }
    }

    pub fn ctx(&self) -> Context<'_> {
        Context::new(&self.cal, &self.units).with_category_limits(&self.limits).with_originals(&self.originals)
    }
}

pub(crate) fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

pub(crate) fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub(crate) fn uid(s: &str) -> UnitId {
    UnitId::parse(s).unwrap()
}

pub(crate) fn agent() -> Actor {
    Actor::new(Role::Agent, Some(uid("ili-12345")), "王芳")
}
pub(crate) fn reviewer() -> Actor {
    Actor::new(Role::Reviewer, Some(uid("ili-12345")), "李娜")
}
pub(crate) fn handler(unit: &str) -> Actor {
    Actor::new(Role::Handler, Some(uid(unit)), "张经办")
}
pub(crate) fn citizen() -> Actor {
    Actor::citizen("requester-1")
}

/// A new request of `type` registered on `date` (yyyy-mm-dd), from the phone.
pub(crate) fn new_request(request_type: &str, date: &str) -> NewRequest {
    serde_json::from_value(json!({
        "number": format!("YL{}00001", date.replace('-', "")),
        "channel": "phone",
        "type": request_type,
        "title": "小区路灯损坏",
        "content": "伊宁市解放路某小区路灯损坏两周无人维修。",
        "location": {"county": "伊宁市", "township": "墩买里街道", "address": "解放路1号"},
        "requester": {"name": "张三", "phone": "13812345678"}
    }))
    .unwrap()
}

pub(crate) fn cmd(v: Value) -> Command {
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("bad command {v}: {e}"))
}

/// Applies a command that must be accepted.
pub(crate) fn ok(r: &mut Request, w: &World, actor: &Actor, when: &str, c: Value) -> Vec<Event> {
    let code = c["type"].clone();
    let events = r
        .apply(cmd(c), actor, at(when), &w.ctx())
        .unwrap_or_else(|e| panic!("{code} refused: {e}"));
    assert!(!events.is_empty());
    r.check_invariants().unwrap();
    events
}

/// Applies a command that must be refused, checks nothing changed, returns the refusal text.
pub(crate) fn refused(r: &mut Request, w: &World, actor: &Actor, when: &str, c: Value) -> String {
    let before = r.clone();
    let code = c["type"].clone();
    let e = r
        .apply(cmd(c), actor, at(when), &w.ctx())
        .map(|ev| format!("{ev:?}"))
        .expect_err(&format!("{code} was accepted"));
    assert_eq!(*r, before, "a refused command changed the request");
    e.to_string()
}

/// Registered by the center's agent at `when`.
pub(crate) fn registered(w: &World, request_type: &str, when: &str) -> Request {
    let date = &when[..10];
    Request::register(new_request(request_type, date), &agent(), at(when), &w.ctx())
        .unwrap()
        .0
}

pub(crate) fn dispatch_to(unit: &str) -> Value {
    json!({"type": "dispatch", "targets": [{"unit": unit, "role": "lead"}]})
}

/// A result of `unit` handled at `when`, complaint part included for complaints.
pub(crate) fn result(unit: &str, when: &str, complaint: bool) -> Value {
    let mut v = json!({
        "type": "submit_result",
        "result": {
            "handled_at": when,
            "unit": unit,
            "handler": "张经办",
            "result": "已责成物业公司更换路灯，现已恢复照明。",
            "basis": "《物业管理条例》第三十五条",
            "reply": {"method": "phone", "at": when}
        }
    });
    if complaint {
        v["case_filing"] = json!({"status": "not_filed", "reasons": "物业服务纠纷，不属于行政违法行为", "basis": "《中华人民共和国行政处罚法》第二条"});
    }
    v
}

/// A complaint registered Mon 23 Sep 2024, dispatched to yining-housing and acknowledged.
pub(crate) fn handling_complaint(w: &World) -> Request {
    let mut r = registered(w, "complaint", "2024-09-23T09:00:00+08:00");
    ok(
        &mut r,
        w,
        &agent(),
        "2024-09-23T09:30:00+08:00",
        dispatch_to("yining-housing"),
    );
    ok(
        &mut r,
        w,
        &handler("yining-housing"),
        "2024-09-23T10:00:00+08:00",
        json!({"type": "acknowledge"}),
    );
    r
}

/// The same complaint, handled and approved on Wed 9 Oct 2024.
pub(crate) fn closed_complaint(w: &World) -> Request {
    let mut r = handling_complaint(w);
    ok(
        &mut r,
        w,
        &handler("yining-housing"),
        "2024-10-08T10:00:00+08:00",
        result("yining-housing", "2024-10-08T09:00:00+08:00", true),
    );
    ok(
        &mut r,
        w,
        &reviewer(),
        "2024-10-09T10:00:00+08:00",
        json!({"type": "review_completion", "approve": true}),
    );
    assert_eq!(r.state_code(), "closed");
    r
}
