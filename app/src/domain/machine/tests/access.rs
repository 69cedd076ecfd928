//! Who may act, when: roles, units, time order, and `allowed_commands`.

use super::super::super::types::Role;
use super::super::{Actor, CommandCode};
use super::*;

#[test]
fn roles_of_spec_section_1() {
    // A table of (command, a role that may, a role that may not).
    let table = [
        ("reject", Role::Agent, Role::Handler),
        ("answer", Role::Agent, Role::Reviewer),
        ("dispatch", Role::Agent, Role::Citizen),
        ("acknowledge", Role::Handler, Role::Agent),
        ("request_return", Role::Handler, Role::Reviewer),
        ("decide_return", Role::Reviewer, Role::Handler),
        ("coordinate", Role::Reviewer, Role::Agent),
        ("request_extension", Role::Handler, Role::UnitAdmin),
        ("decide_extension", Role::Reviewer, Role::Handler),
        ("forward", Role::Handler, Role::Reviewer),
        ("give_opinion", Role::Handler, Role::Agent),
        ("submit_result", Role::Handler, Role::Admin),
        ("review_completion", Role::Reviewer, Role::Analyst),
        ("object", Role::Citizen, Role::Handler),
        ("supplementary_answer", Role::Handler, Role::Citizen),
        ("rate", Role::Citizen, Role::Reviewer),
        ("callback", Role::Reviewer, Role::Agent),
        ("supervise", Role::Reviewer, Role::Analyst),
        ("respond_supervision", Role::Handler, Role::Reviewer),
        ("conclude_supervision", Role::Reviewer, Role::Handler),
        ("add_information", Role::Citizen, Role::Handler),
        ("link_related", Role::Agent, Role::Citizen),
        ("ask_callback", Role::Citizen, Role::Handler),
        ("mark_emergency", Role::Reviewer, Role::Handler),
        ("tag", Role::Agent, Role::Citizen),
        ("find_force_majeure", Role::Reviewer, Role::Agent),
        ("report_progress", Role::Handler, Role::Agent),
        ("report_emergency", Role::Agent, Role::Handler),
        ("archive", Role::Reviewer, Role::Agent),
        ("rate_call_service", Role::Citizen, Role::Agent),
        ("erase_requester_data", Role::Reviewer, Role::Admin),
        ("correct_requester_data", Role::Reviewer, Role::Citizen),
    ];
    assert_eq!(table.len(), CommandCode::ALL.len());
    for (code, may, may_not) in table {
        let roles = CommandCode::parse(code).unwrap_or_else(|| panic!("{code}")).roles();
        assert!(roles.contains(&may), "{code} {may}");
        assert!(!roles.contains(&may_not), "{code} {may_not}");
    }
    // Analysts, unit admins and admins issue no request command (read-only here).
    for role in [Role::Analyst, Role::UnitAdmin, Role::Admin] {
        assert!(CommandCode::ALL.iter().all(|c| !c.roles().contains(&role)), "{role}");
    }
}

#[test]
fn staff_act_for_a_known_active_unit() {
    let w = World::new();
    let mut r = registered(&w, "complaint", "2024-09-23T09:00:00+08:00");
    let t = "2024-09-23T09:30:00+08:00";
    let nobody = Actor::new(Role::Agent, None, "王芳");
    assert_eq!(
        refused(&mut r, &w, &nobody, t, dispatch_to("yining-housing")),
        "role: agent acts for a unit, and none was given"
    );
    let ghost = Actor::new(Role::Agent, Some(uid("ghost-office")), "王芳");
    assert_eq!(
        refused(&mut r, &w, &ghost, t, dispatch_to("yining-housing")),
        "unit: ghost-office is not in the unit tree"
    );
    let old = Actor::new(Role::Agent, Some(uid("old-bureau")), "王芳");
    assert_eq!(
        refused(&mut r, &w, &old, t, dispatch_to("yining-housing")),
        "unit: old-bureau is inactive"
    );
}

#[test]
fn time_does_not_go_back() {
    let w = World::new();
    let mut r = registered(&w, "complaint", "2024-09-23T09:00:00+08:00");
    assert_eq!(
        refused(
            &mut r,
            &w,
            &agent(),
            "2024-09-23T08:59:00+08:00",
            dispatch_to("yining-housing")
        ),
        "time: 2024-09-23 00:59:00 UTC is before the last recorded event (2024-09-23 01:00:00 UTC)"
    );
    ok(
        &mut r,
        &w,
        &agent(),
        "2024-09-23T09:00:00+08:00",
        dispatch_to("yining-housing"),
    );
}

#[test]
fn allowed_commands_match_the_state_and_the_actor() {
    let w = World::new();
    let ctx = w.ctx();
    let now = at("2024-09-23T09:10:00+08:00");
    let mut r = registered(&w, "complaint", "2024-09-23T09:00:00+08:00");
    assert_eq!(
        r.allowed_commands(&agent(), now, &ctx),
        ["reject", "dispatch", "add_information", "link_related", "ask_callback", "mark_emergency", "tag"]
    );
    // A call taken by an agent: its call service may be rated at once (Art. 24).
    assert_eq!(r.allowed_commands(&citizen(), now, &ctx), ["add_information", "ask_callback", "rate_call_service"]);
    assert!(r.allowed_commands(&handler("yining-housing"), now, &ctx).is_empty());
    assert!(r.allowed_commands(&reviewer(), now, &ctx).contains(&CommandCode::Reject));
    let c = registered(&w, "consultation", "2024-09-23T09:00:00+08:00");
    assert!(c.allowed_commands(&agent(), now, &ctx).contains(&CommandCode::Answer));

    ok(
        &mut r,
        &w,
        &agent(),
        "2024-09-23T09:30:00+08:00",
        dispatch_to("yining-housing"),
    );
    let h = handler("yining-housing");
    let now = at("2024-09-23T09:40:00+08:00");
    assert_eq!(r.allowed_commands(&h, now, &ctx), ["acknowledge", "request_return"]);
    assert!(r.allowed_commands(&handler("yining-water"), now, &ctx).is_empty());
    ok(
        &mut r,
        &w,
        &h,
        "2024-09-23T10:00:00+08:00",
        json!({"type": "acknowledge"}),
    );
    let now = at("2024-09-23T11:00:00+08:00");
    assert_eq!(
        r.allowed_commands(&h, now, &ctx),
        ["request_return", "request_extension", "forward", "submit_result", "report_progress"]
    );
    // The next day the return window has closed.
    let now = at("2024-09-24T09:00:00+08:00");
    assert_eq!(
        r.allowed_commands(&h, now, &ctx),
        ["request_extension", "forward", "submit_result", "report_progress"]
    );
    assert_eq!(
        r.allowed_commands(&reviewer(), now, &ctx),
        ["coordinate", "supervise", "link_related", "mark_emergency", "tag"]
    );
    // Every allowed command passes the guard when applied; the rest are refused by it.
    for &code in CommandCode::ALL {
        let allowed = r.allowed_commands(&h, now, &ctx).contains(&code);
        assert_eq!(allowed, r.guard(code, super::super::Action::Command(code), &h, now, &ctx).is_ok(), "{code}");
    }
}
