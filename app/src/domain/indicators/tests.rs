//! Indicators on event streams made by the real state machine, one edge of
//! SPEC §7 per test; real 2024 dates (National Day week, Mid-Autumn).

use super::*;
use crate::domain::machine::tests::{agent, at, citizen, day, dispatch_to, handler, new_request, ok, result, reviewer, uid, World};
use crate::domain::machine::Event;
use crate::domain::request::Request;
use serde_json::{json, Value};

/// One request's story: the machine's events, in order.
struct Story {
    w: World,
    r: Request,
    events: Vec<Event>,
}

impl Story {
    fn new(request_type: &str, when: &str, emergency: bool) -> Story {
        let w = World::new();
        let mut new = new_request(request_type, &when[..10]);
        if emergency {
            new.draft.emergency = true;
            new.draft.emergency_kind = Some(crate::domain::types::EmergencyKind::Utilities);
        }
        let (r, events) = Request::register(new, &agent(), at(when), &w.ctx()).unwrap();
        Story { w, r, events }
    }

    fn act(&mut self, actor: crate::domain::machine::Actor, when: &str, c: Value) -> &mut Story {
        let events = ok(&mut self.r, &self.w, &actor, when, c);
        self.events.extend(events);
        self
    }

    /// Dispatched to `unit` at `when` and acknowledged half an hour later.
    fn taken(request_type: &str, registered: &str, unit: &str, dispatched: &str, acknowledged: &str) -> Story {
        let mut s = Story::new(request_type, registered, false);
        s.act(agent(), dispatched, dispatch_to(unit)).act(handler(unit), acknowledged, json!({"type": "acknowledge"}));
        s
    }

    /// `unit`'s result, submitted at `submitted`, approved at `approved`.
    fn closed(&mut self, unit: &str, submitted: &str, approved: &str) -> &mut Story {
        let complaint = self.r.request_type() == crate::domain::types::RequestType::Complaint;
        let mut c = result(unit, submitted, complaint);
        if self.r.state_code() == "redo" {
            c["redo"] = json!({"option": "handle_again"});
        }
        self.act(handler(unit), submitted, c)
            .act(reviewer(), approved, json!({"type": "review_completion", "approve": true}))
    }

    fn facts(&self, as_of: &str) -> Vec<Fact> {
        counted(&self.events, &self.w.cal, as_of)
    }
}

/// The facts of `events` as they stand at `as_of`.
fn counted(events: &[Event], cal: &crate::domain::calendar::WorkCalendar, as_of: &str) -> Vec<Fact> {
    let counted: Vec<_> = events.iter().filter_map(|e| CountedEvent::of(&e.kind).map(|c| (e.at, c))).collect();
    facts(counted.iter().map(|(at, c)| (*at, c)), cal, at(as_of))
}

/// The counters of `facts` for `unit` (None: the request) on days `from..=to`.
fn counters(facts: &[Fact], unit: Option<&str>, from: &str, to: &str) -> Counters {
    let mut c = Counters::default();
    for f in facts {
        if f.unit.as_ref().map(|u| u.as_str()) == unit && f.day >= day(from) && f.day <= day(to) {
            c.add(f.counter, f.amount);
        }
    }
    c
}

fn all(facts: &[Fact], unit: Option<&str>) -> Counters {
    counters(facts, unit, "2000-01-01", "2100-01-01")
}

fn value(c: &Counters, i: Indicator) -> Option<f64> {
    c.tally(i, &RatingPoints::default()).value
}

fn rate(rating: &str, resolution: &str) -> Value {
    json!({"type": "rate", "rating": rating, "resolution": resolution})
}

const LATER: &str = "2025-06-01T00:00:00+08:00";

#[test]
fn a_complaint_of_23_september_is_due_16_october() {
    // The dates the other tests build on: 15 working days counting Mon 23 Sep,
    // with Sun 29 Sep and Sat 12 Oct worked and 1–7 Oct off.
    let s = Story::new("complaint", "2024-09-23T09:00:00+08:00", false);
    assert!(matches!(s.events[0].kind, crate::domain::machine::EventKind::Registered { due, .. } if due == day("2024-10-16")));
}

#[test]
fn the_second_rating_decides() {
    // Art. 27: the first rating (very dissatisfied) starts the redo and does not count.
    let mut s = Story::taken("complaint", "2024-09-23T09:00:00+08:00", "yining-housing", "2024-09-23T09:30:00+08:00", "2024-09-23T10:00:00+08:00");
    s.closed("yining-housing", "2024-10-08T10:00:00+08:00", "2024-10-09T10:00:00+08:00")
        .act(citizen(), "2024-10-10T10:00:00+08:00", rate("very_dissatisfied", "unresolved"))
        .closed("yining-housing", "2024-10-14T10:00:00+08:00", "2024-10-14T15:00:00+08:00")
        .act(citizen(), "2024-10-15T09:00:00+08:00", rate("satisfied", "partly"));
    let f = s.facts(LATER);
    for unit in [None, Some("yining-housing")] {
        let c = all(&f, unit);
        assert_eq!(c.get(Counter::RatedVeryDissatisfied), 0, "{unit:?}");
        assert_eq!(c.get(Counter::RatedSatisfied), 1, "{unit:?}");
        assert_eq!(c.get(Counter::RedoRounds), 1, "{unit:?}");
        assert_eq!(c.get(Counter::Closed), 2, "{unit:?}: the first handling and the redo each close");
        assert_eq!(value(&c, Indicator::SatisfactionRate), Some(1.0));
        assert_eq!(value(&c, Indicator::SatisfactionScore), Some(90.0));
        assert_eq!(value(&c, Indicator::ResolutionRate), Some(0.5), "partly counts half");
        assert_eq!(value(&c, Indicator::RedoRate), Some(1.0));
    }
    // The deciding rating counts on its own day, 15 October.
    assert_eq!(counters(&f, None, "2024-10-15", "2024-10-15").get(Counter::RatedSatisfied), 1);
    assert_eq!(counters(&f, None, "2024-10-10", "2024-10-14").get(Counter::RatedSatisfied), 0);

    // Before the second rating, nothing decides yet: no satisfaction to report.
    let before: Vec<Event> = s.events.iter().take_while(|e| e.at < at("2024-10-15T09:00:00+08:00")).cloned().collect();
    let c = all(&counted(&before, &s.w.cal, LATER), None);
    assert_eq!(value(&c, Indicator::SatisfactionRate), None);
}

#[test]
fn an_approved_extension_moves_the_deadline_the_on_time_rate_uses() {
    // Due Wed 16 Oct; extended by 5 working days to Wed 23 Oct; the result of Tue 22 is on time.
    let build = |extended: bool| {
        let mut s = Story::taken("complaint", "2024-09-23T09:00:00+08:00", "yining-housing", "2024-09-23T09:30:00+08:00", "2024-09-23T10:00:00+08:00");
        if extended {
            s.act(handler("yining-housing"), "2024-10-15T09:00:00+08:00", json!({"type": "request_extension", "reason": "需要第三方检测"}))
                .act(reviewer(), "2024-10-15T11:00:00+08:00", json!({"type": "decide_extension", "approve": true}));
        }
        s.closed("yining-housing", "2024-10-22T10:00:00+08:00", "2024-10-22T15:00:00+08:00");
        s.facts(LATER)
    };
    let extended = build(true);
    for unit in [None, Some("yining-housing")] {
        let c = all(&extended, unit);
        assert_eq!((c.get(Counter::Closed), c.get(Counter::ClosedOnTime)), (1, 1), "{unit:?}");
        assert_eq!(c.get(Counter::ExtensionsApproved), 1, "{unit:?}");
        assert_eq!(c.get(Counter::Overdue), 0, "{unit:?}");
        assert_eq!(value(&c, Indicator::ExtensionRate), Some(1.0));
    }
    let late = build(false);
    let c = all(&late, Some("yining-housing"));
    assert_eq!((c.get(Counter::Closed), c.get(Counter::ClosedOnTime)), (1, 0));
    assert_eq!(value(&c, Indicator::OnTimeRate), Some(0.0));
    // Overdue from Thu 17 Oct, the day after the last day, for the request and the unit.
    assert_eq!(counters(&late, None, "2024-10-17", "2024-10-17").get(Counter::Overdue), 1);
    assert_eq!(counters(&late, Some("yining-housing"), "2024-10-17", "2024-10-17").get(Counter::Overdue), 1);
}

#[test]
fn a_return_window_runs_across_a_weekend_and_a_holiday() {
    // Received Sun 15 Sep 2024 (Mid-Autumn: 15–17 off): day 1 of the window is Wed 18.
    let response = |acknowledged: &str| {
        let s = Story::taken("help", "2024-09-15T09:00:00+08:00", "yining-water", "2024-09-15T10:00:00+08:00", acknowledged);
        let f = s.facts(LATER);
        let c = counters(&f, Some("yining-water"), "2024-09-18", "2024-09-18");
        assert_eq!(c.get(Counter::WindowsEnded), 1, "the window ends on Wed 18 Sep");
        assert_eq!(all(&f, Some("yining-water")).get(Counter::WindowsEnded), 1, "and on no other day");
        c.get(Counter::AcknowledgedInWindow)
    };
    assert_eq!(response("2024-09-18T23:59:59+08:00"), 1);
    assert_eq!(response("2024-09-19T00:00:00+08:00"), 0);
    // A make-up working Saturday (14 Sep) is day 1 itself: acknowledged on the 18th is late.
    let s = Story::taken("help", "2024-09-14T09:00:00+08:00", "yining-water", "2024-09-14T10:00:00+08:00", "2024-09-18T09:00:00+08:00");
    let c = counters(&s.facts(LATER), Some("yining-water"), "2024-09-14", "2024-09-14");
    assert_eq!((c.get(Counter::WindowsEnded), c.get(Counter::AcknowledgedInWindow)), (1, 0));
    assert_eq!(value(&c, Indicator::ResponseRate), Some(0.0));
}

#[test]
fn a_closing_at_the_last_second_of_a_month_counts_in_that_month() {
    // A consultation of Wed 25 Sep 2024 is due Mon 30 Sep (25, 26, 27, Sun 29 worked, 30).
    let close = |submitted: &str, approved: &str| {
        let mut s = Story::taken("consultation", "2024-09-25T09:00:00+08:00", "yining-water", "2024-09-25T09:30:00+08:00", "2024-09-25T10:00:00+08:00");
        s.closed("yining-water", submitted, approved);
        let f = s.facts(LATER);
        (counters(&f, None, "2024-09-01", "2024-09-30"), counters(&f, None, "2024-10-01", "2024-10-31"))
    };
    let (september, october) = close("2024-09-30T23:59:59+08:00", "2024-09-30T23:59:59+08:00");
    assert_eq!((september.get(Counter::Closed), september.get(Counter::ClosedOnTime)), (1, 1));
    assert_eq!(october.get(Counter::Closed), 0);
    assert_eq!(september.get(Counter::Overdue) + october.get(Counter::Overdue), 0);
    let (september, october) = close("2024-10-01T00:00:00+08:00", "2024-10-01T00:00:00+08:00");
    assert_eq!(september.get(Counter::Closed), 0);
    assert_eq!((october.get(Counter::Closed), october.get(Counter::ClosedOnTime)), (1, 0));
    assert_eq!(october.get(Counter::Overdue), 1, "overdue from 1 October");
}

#[test]
fn a_result_in_before_the_last_day_began_counts_as_ahead_of_time() {
    // Due Mon 30 Sep 2024 (see above): in on Sun 29 (a make-up working day) is early, on the 30th only on time.
    let closed = |submitted: &str| {
        let mut s = Story::taken("consultation", "2024-09-25T09:00:00+08:00", "yining-water", "2024-09-25T09:30:00+08:00", "2024-09-25T10:00:00+08:00");
        s.closed("yining-water", submitted, "2024-09-30T12:00:00+08:00");
        let f = s.facts(LATER);
        [None, Some("yining-water")].map(|unit| {
            let c = all(&f, unit);
            (c.get(Counter::ClosedOnTime), c.get(Counter::ClosedEarly))
        })
    };
    assert_eq!(closed("2024-09-29T23:59:59+08:00"), [(1, 1), (1, 1)]);
    assert_eq!(closed("2024-09-30T00:00:00+08:00"), [(1, 0), (1, 0)]);
}

#[test]
fn a_media_exposure_counts_against_the_units_at_work_then() {
    let mut s = Story::taken("complaint", "2024-09-23T09:00:00+08:00", "yining-housing", "2024-09-23T09:30:00+08:00", "2024-09-23T10:00:00+08:00");
    s.act(reviewer(), "2024-09-24T09:00:00+08:00", json!({"type": "tag", "tag": "media_exposed"}));
    let f = s.facts(LATER);
    for unit in [None, Some("yining-housing")] {
        assert_eq!(counters(&f, unit, "2024-09-24", "2024-09-24").get(Counter::MediaExposed), 1, "{unit:?}");
        assert_eq!(all(&f, unit).get(Counter::MediaExposed), 1, "{unit:?}");
    }
    assert_eq!(all(&f, Some("yining-water")).get(Counter::MediaExposed), 0);
}

#[test]
fn co_units_are_not_counted() {
    let mut s = Story::new("complaint", "2024-09-23T09:00:00+08:00", false);
    let targets = json!({"type": "dispatch", "targets": [
        {"unit": "yining-housing", "role": "lead"}, {"unit": "yining-water", "role": "co"}]});
    s.act(agent(), "2024-09-23T09:30:00+08:00", targets)
        .act(handler("yining-housing"), "2024-09-23T10:00:00+08:00", json!({"type": "acknowledge"}))
        .act(handler("yining-water"), "2024-09-23T10:05:00+08:00", json!({"type": "acknowledge"}))
        .act(handler("yining-water"), "2024-09-24T10:00:00+08:00", json!({"type": "give_opinion", "opinion": "管网压力正常"}))
        .closed("yining-housing", "2024-10-08T10:00:00+08:00", "2024-10-09T10:00:00+08:00")
        .act(citizen(), "2024-10-10T10:00:00+08:00", rate("very_satisfied", "resolved"));
    let f = s.facts(LATER);
    assert!(f.iter().all(|f| f.unit != Some(uid("yining-water"))), "{f:?}");
    let lead = all(&f, Some("yining-housing"));
    assert_eq!((lead.get(Counter::Dispatched), lead.get(Counter::Closed), lead.get(Counter::RatedVerySatisfied)), (1, 1, 1));
    assert_eq!(all(&f, None).get(Counter::Dispatched), 1, "the request counts its lead, not its co-unit");
}

#[test]
fn a_redispatched_request_counts_for_the_unit_that_kept_it() {
    let mut s = Story::new("help", "2024-09-23T09:00:00+08:00", false);
    s.act(agent(), "2024-09-23T09:30:00+08:00", dispatch_to("yining-water"))
        .act(handler("yining-water"), "2024-09-23T11:00:00+08:00", json!({"type": "request_return", "reason": "路灯不属本单位", "basis": "《城市照明管理办法》"}))
        .act(reviewer(), "2024-09-23T14:00:00+08:00", json!({"type": "decide_return", "unit": "yining-water", "approve": true}))
        .act(agent(), "2024-09-23T15:00:00+08:00", dispatch_to("yining-housing"))
        .act(handler("yining-housing"), "2024-09-23T16:00:00+08:00", json!({"type": "acknowledge"}))
        .closed("yining-housing", "2024-10-08T10:00:00+08:00", "2024-10-09T10:00:00+08:00")
        .act(citizen(), "2024-10-10T10:00:00+08:00", rate("satisfied", "resolved"));
    let f = s.facts(LATER);
    let water = all(&f, Some("yining-water"));
    let housing = all(&f, Some("yining-housing"));
    assert_eq!((water.get(Counter::Dispatched), water.get(Counter::ReturnsApproved), water.get(Counter::Closed)), (1, 1, 0));
    assert_eq!(water.get(Counter::RatedSatisfied), 0, "the rating is of the unit that handled it");
    assert_eq!((housing.get(Counter::Dispatched), housing.get(Counter::ReturnsApproved), housing.get(Counter::Closed)), (1, 0, 1));
    assert_eq!((housing.get(Counter::ClosedOnTime), housing.get(Counter::RatedSatisfied)), (1, 1));
    let request = all(&f, None);
    assert_eq!((request.get(Counter::Dispatched), request.get(Counter::ReturnsApproved), request.get(Counter::Closed)), (2, 1, 1));
    assert_eq!(value(&request, Indicator::ReturnRate), Some(0.5));
    // Each assignment had its return window; water asked for a return without acknowledging.
    assert_eq!((water.get(Counter::WindowsEnded), water.get(Counter::AcknowledgedInWindow)), (1, 0));
    assert_eq!((housing.get(Counter::WindowsEnded), housing.get(Counter::AcknowledgedInWindow)), (1, 1));
}

#[test]
fn a_consultation_answered_at_intake_is_a_direct_answer() {
    let mut s = Story::new("consultation", "2024-09-23T09:00:00+08:00", false);
    s.act(agent(), "2024-09-23T09:05:00+08:00", json!({"type": "answer", "entry": "kb-0042", "answer": "居住证可在户籍窗口办理。"}))
        .act(citizen(), "2024-09-23T12:00:00+08:00", rate("basically_satisfied", "resolved"));
    let f = s.facts(LATER);
    let c = all(&f, None);
    assert_eq!(value(&c, Indicator::DirectAnswerRate), Some(1.0));
    assert_eq!(counters(&f, None, "2024-09-23", "2024-09-23").get(Counter::Registered), 1, "received on its day");
    assert_eq!(value(&c, Indicator::SatisfactionScore), Some(75.0));
    assert!(f.iter().all(|f| f.unit.is_none()), "no unit handled it");
    let other = Story::taken("consultation", "2024-09-23T09:00:00+08:00", "yining-water", "2024-09-23T09:30:00+08:00", "2024-09-23T10:00:00+08:00");
    assert_eq!(value(&all(&other.facts(LATER), None), Indicator::DirectAnswerRate), Some(0.0));
}

#[test]
fn an_open_request_becomes_overdue_as_time_passes() {
    let s = Story::taken("complaint", "2024-09-23T09:00:00+08:00", "yining-housing", "2024-09-23T09:30:00+08:00", "2024-09-23T10:00:00+08:00");
    assert_eq!(all(&s.facts("2024-10-16T23:59:59+08:00"), None).get(Counter::Overdue), 0);
    let f = s.facts("2024-10-17T00:00:00+08:00");
    assert_eq!(counters(&f, None, "2024-10-17", "2024-10-17").get(Counter::Overdue), 1);
    assert_eq!(counters(&f, Some("yining-housing"), "2024-10-17", "2024-10-17").get(Counter::Overdue), 1);
    assert_eq!(value(&all(&f, None), Indicator::Overdue), Some(1.0));
}

#[test]
fn an_emergency_overdue_by_force_majeure_is_counted_apart() {
    // Art. 29: due Tue 24 Sep; overdue on Wed 25; the finding moves it to its own count.
    let mut s = Story::new("help", "2024-09-23T09:00:00+08:00", true);
    s.act(agent(), "2024-09-23T09:10:00+08:00", dispatch_to("yining-water"))
        .act(handler("yining-water"), "2024-09-23T09:20:00+08:00", json!({"type": "acknowledge"}));
    let plain = all(&s.facts("2024-09-26T09:00:00+08:00"), None);
    assert_eq!((plain.get(Counter::Overdue), plain.get(Counter::OverdueForceMajeure)), (1, 0));
    assert_eq!((plain.get(Counter::Emergencies), plain.get(Counter::EmergenciesNotifiedInTime)), (1, 1));
    s.act(reviewer(), "2024-09-26T10:00:00+08:00", json!({"type": "find_force_majeure", "reason": "特大暴雪致供水管网冻裂", "evidence": "州气象台暴雪红色预警"}));
    let found = all(&s.facts("2024-09-26T11:00:00+08:00"), None);
    assert_eq!((found.get(Counter::Overdue), found.get(Counter::OverdueForceMajeure)), (0, 1));
}

#[test]
fn ratios_without_a_denominator_have_no_value_and_counts_no_denominator() {
    let c = Counters::default();
    for i in Indicator::ALL {
        let t = c.tally(*i, &RatingPoints::default());
        if i.is_count() {
            assert_eq!((t.denominator, t.value), (None, Some(0.0)), "{i:?}");
        } else {
            assert_eq!((t.denominator, t.value), (Some(0), None), "{i:?}");
        }
    }
    let codes: std::collections::BTreeSet<_> = Indicator::ALL.iter().map(|i| i.code()).collect();
    assert_eq!(codes.len(), 11);
}

#[test]
fn the_export_carries_everything_the_indicators_need_and_no_free_text() {
    // Every story above, written out as the export's lines and read back, gives the same facts.
    let mut s = Story::taken("complaint", "2024-09-23T09:00:00+08:00", "yining-housing", "2024-09-23T09:30:00+08:00", "2024-09-23T10:00:00+08:00");
    s.act(handler("yining-housing"), "2024-10-15T09:00:00+08:00", json!({"type": "request_extension", "reason": "需要第三方检测"}))
        .act(reviewer(), "2024-10-15T11:00:00+08:00", json!({"type": "decide_extension", "approve": true}))
        .closed("yining-housing", "2024-10-22T10:00:00+08:00", "2024-10-22T15:00:00+08:00")
        .act(citizen(), "2024-10-23T10:00:00+08:00", rate("dissatisfied", "unresolved"))
        .closed("yining-housing", "2024-10-28T10:00:00+08:00", "2024-10-28T15:00:00+08:00")
        .act(citizen(), "2024-10-29T10:00:00+08:00", rate("basically_satisfied", "partly"));
    let lines: Vec<String> = s
        .events
        .iter()
        .filter_map(|e| CountedEvent::of(&e.kind).map(|c| serde_json::to_string(&(e.at, c)).unwrap()))
        .collect();
    let text = lines.join("\n");
    assert!(!text.contains("需要第三方检测") && !text.contains("张经办") && !text.contains("13812345678"), "{text}");
    let read: Vec<(chrono::DateTime<chrono::Utc>, CountedEvent)> = lines.iter().map(|l| serde_json::from_str(l).unwrap()).collect();
    let again = facts(read.iter().map(|(at, c)| (*at, c)), &s.w.cal, at(LATER));
    assert_eq!(again, s.facts(LATER));
    assert!(!again.is_empty());
}

#[test]
fn the_kinds_the_store_reads_are_the_kinds_counted() {
    // Every counted event of a full story has its kind in KINDS, and its code is the event's.
    let mut s = Story::taken("complaint", "2024-09-23T09:00:00+08:00", "yining-housing", "2024-09-23T09:30:00+08:00", "2024-09-23T10:00:00+08:00");
    s.closed("yining-housing", "2024-10-08T10:00:00+08:00", "2024-10-09T10:00:00+08:00")
        .act(citizen(), "2024-10-10T10:00:00+08:00", rate("satisfied", "resolved"));
    for e in &s.events {
        let counted = CountedEvent::of(&e.kind);
        assert_eq!(counted.is_some(), CountedEvent::KINDS.contains(&e.kind.code()), "{}", e.kind.code());
        if let Some(c) = counted {
            assert_eq!(serde_json::to_value(&c).unwrap()["kind"], e.kind.code());
        }
    }
}
