//! Who on staff hears of an event (domain::staff_notice).

use super::*;
use crate::domain::staff_notice::staff_notices;

#[test]
fn a_dispatch_tells_the_unit_a_return_tells_the_center_and_its_decision_the_unit() {
    let w = World::new();
    let center = uid("ili-12345");
    let mut r = registered(&w, "complaint", "2024-09-23T09:00:00+08:00");
    let events = ok(&mut r, &w, &agent(), "2024-09-23T09:30:00+08:00", dispatch_to("yining-housing"));
    let notices = staff_notices(&r, &events);
    assert_eq!(notices.len(), 1);
    assert_eq!((&notices[0].unit, notices[0].kind), (&uid("yining-housing"), "dispatched"));
    assert!(notices[0].text.contains(&r.number().to_string()), "{}", notices[0].text);

    let housing = handler("yining-housing");
    let events = ok(
        &mut r,
        &w,
        &housing,
        "2024-09-23T10:00:00+08:00",
        json!({"type": "request_return", "reason": "不属本单位职责", "basis": "三定方案"}),
    );
    let notices = staff_notices(&r, &events);
    assert_eq!(notices.iter().map(|n| (&n.unit, n.kind)).collect::<Vec<_>>(), vec![(&center, "review")]);

    let events = ok(
        &mut r,
        &w,
        &reviewer(),
        "2024-09-23T11:00:00+08:00",
        json!({"type": "decide_return", "unit": "yining-housing", "approve": true}),
    );
    let notices = staff_notices(&r, &events);
    assert!(
        notices.iter().any(|n| n.unit == uid("yining-housing") && n.kind == "decision" && n.text.starts_with("退回申请已同意")),
        "{notices:?}"
    );
}

#[test]
fn the_center_hears_of_callbacks_and_nobody_of_an_acknowledgement() {
    let w = World::new();
    let center = uid("ili-12345");
    let mut r = registered(&w, "complaint", "2024-09-23T09:00:00+08:00");
    let events = ok(&mut r, &w, &citizen(), "2024-09-23T09:10:00+08:00", json!({"type": "ask_callback"}));
    let notices = staff_notices(&r, &events);
    assert_eq!(notices.iter().map(|n| (&n.unit, n.kind)).collect::<Vec<_>>(), vec![(&center, "callback")]);
    ok(&mut r, &w, &agent(), "2024-09-23T09:30:00+08:00", dispatch_to("yining-housing"));
    let events = ok(&mut r, &w, &handler("yining-housing"), "2024-09-23T10:00:00+08:00", json!({"type": "acknowledge"}));
    assert!(staff_notices(&r, &events).is_empty());
}

#[test]
fn a_county_office_hears_of_what_waits_on_the_requests_it_registered() {
    // Art. 4, last paragraph: a county's hotline office dispatches, reviews
    // and calls back for its own requests; the center is not told.
    use crate::domain::request::Request;
    use crate::domain::types::Role;
    let w = World::new();
    let county_agent = super::super::Actor::new(Role::Agent, Some(uid("huocheng-county")), "马丽");
    let (mut r, _) =
        Request::register(new_request("complaint", "2024-09-23"), &county_agent, at("2024-09-23T09:00:00+08:00"), &w.ctx())
            .unwrap();
    ok(&mut r, &w, &county_agent, "2024-09-23T09:30:00+08:00", dispatch_to("huocheng-housing"));
    ok(&mut r, &w, &handler("huocheng-housing"), "2024-09-23T10:00:00+08:00", json!({"type": "acknowledge"}));
    let events = ok(
        &mut r,
        &w,
        &handler("huocheng-housing"),
        "2024-09-24T10:00:00+08:00",
        json!({"type": "request_extension", "reason": "需现场勘验"}),
    );
    let notices = staff_notices(&r, &events);
    assert_eq!(notices.iter().map(|n| (n.unit.as_str(), n.kind)).collect::<Vec<_>>(), [("huocheng-county", "review")]);
}
