//! The server stores the request as a JSON snapshot and events as rows.

use super::super::super::request::Request;
use super::super::Event;
use super::*;

#[test]
fn request_and_events_round_trip_through_json() {
    let w = World::new();
    let mut r = closed_complaint(&w);
    let mut events = ok(
        &mut r,
        &w,
        &citizen(),
        "2024-10-10T10:00:00+08:00",
        json!({"type": "rate", "rating": "dissatisfied", "comment": "灯还是暗"}),
    );
    events.extend(ok(&mut r, &w, &reviewer(), "2024-10-11T10:00:00+08:00", json!({"type": "supervise", "source": "hot_spot", "unit": "yining-housing", "days": 2, "instruction": "加快办理"})));
    let json = serde_json::to_string(&r).unwrap();
    let back: Request = serde_json::from_str(&json).unwrap();
    assert_eq!(back, r);
    assert_eq!(back.state_code(), "redo");
    for e in events {
        let back: Event = serde_json::from_value(serde_json::to_value(&e).unwrap()).unwrap();
        assert_eq!(back, e);
    }
    // The snapshot keeps the full phone; Display masks it.
    assert!(json.contains("13812345678"));
    assert_eq!(r.requester().phone.to_string(), "138****5678");
}

#[test]
fn event_kind_codes_are_snake_case_and_match_the_serde_tag() {
    let w = World::new();
    let mut r = closed_complaint(&w);
    let events = ok(
        &mut r,
        &w,
        &citizen(),
        "2024-10-10T10:00:00+08:00",
        json!({"type": "rate", "rating": "dissatisfied"}),
    );
    for e in events {
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["kind"]["type"], e.kind_code());
    }
}
