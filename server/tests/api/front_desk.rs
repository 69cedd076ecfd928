//! The front desk's assessment (Art. 36) on both stores: two agents take
//! calls last month, some callers rate the call (Art. 24); the center's
//! reviewer draws the month's sample once — at most the scheme's number of
//! each agent's own registrations, at random — and reviews samples once on
//! the checklist; the agents' scores weigh the reviews with the ratings as
//! the scheme says. Someone else, a month not over, a bad form, a second
//! draw or review are refused with nothing stored; an agent reads only
//! their own line; all audited.

use crate::support::{center_agent, TestDb};
use app::api::assessment::AssessmentBackend;
use app::api::auth::StaffUser;
use app::api::front_desk::{FrontDeskBackend, SampleReviewForm};
use app::api::AppError;
use app::domain::deadline::{cst, cst_date};
use app::domain::machine::{Actor, Command};
use app::domain::report::ReportMonth;
use app::domain::request::RequestDraft;
use app::domain::types::{AuditAction, Rating, Role};
use chrono::{Datelike, Duration, NaiveTime, Utc};
use serde_json::json;
use server::service::Service;
use server::store::AuditFilter;
use std::collections::BTreeSet;

on_both_backends!(the_center_samples_each_agents_registrations_and_scores_the_front_desk);

fn user(username: &str, role: Role, unit: &str) -> StaffUser {
    StaffUser { username: username.into(), role, unit_id: unit.into(), ..center_agent() }
}

async fn audited(db: &TestDb, action: AuditAction) -> Vec<server::store::AuditEntry> {
    db.store.audit_entries(&AuditFilter { action: Some(action), ..Default::default() }, 50, 0).await.unwrap()
}

async fn the_center_samples_each_agents_registrations_and_scores_the_front_desk(db: TestDb) {
    let name = db.name;
    server::seed::seed_reference_data(&db.store).await.unwrap();
    let service = Service::new(db.store.clone()).await.unwrap();
    let agent = center_agent();
    let county_agent = user("huocheng-agent", Role::Agent, "huocheng");
    let reviewer = user("reviewer", Role::Reviewer, "center");
    let analyst = user("analyst", Role::Analyst, "center");
    let month = ReportMonth::of(cst_date(Utc::now())).unwrap().previous();
    let start = month.period().from().and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap()).and_local_timezone(cst()).single().unwrap().with_timezone(&Utc);
    let mut mine = Vec::new();
    for (i, who) in std::iter::repeat_n(&agent, 7).chain(std::iter::repeat_n(&county_agent, 2)).enumerate() {
        let draft: RequestDraft = serde_json::from_value(json!({
            "channel": "phone", "type": "complaint", "title": "供暖温度不达标", "content": "家里暖气不热，室温只有十二度。",
            "location": {"county": "霍城县"}, "requester": {"name": "张三", "phone": "13812345678"}
        }))
        .unwrap();
        let number = service.register_request_at(who, draft, start + Duration::hours(i as i64)).await.unwrap().number;
        if who.username == "agent" {
            mine.push(number);
        }
    }
    // Two callers rate the call: 100 and 30 points.
    for (number, rating) in mine.iter().zip([Rating::VerySatisfied, Rating::Dissatisfied]) {
        let c = Command::RateCallService { rating, comment: None };
        service.apply_as(&Actor::citizen("requester"), None, number, c, start + Duration::hours(12)).await.unwrap();
    }
    // A request of this month is not last month's.
    let draft: RequestDraft = serde_json::from_value(json!({
        "channel": "phone", "type": "help", "title": "路灯不亮", "content": "小区门口路灯坏了三天。", "requester": {"name": "李四", "phone": "13912345678"}
    }))
    .unwrap();
    service.register_request_at(&agent, draft, Utc::now()).await.unwrap();

    let code = month.code();
    let page = service.front_desk(&reviewer, &code).await.unwrap();
    assert!(page.may_draw && page.may_review && page.drawn.is_none() && page.samples.is_empty(), "{name}: {page:?}");
    let line = |p: &app::api::front_desk::FrontDeskPage, who: &str| p.agents.iter().find(|a| a.name == who).cloned().unwrap_or_else(|| panic!("{name}: {who} in {p:?}"));
    let li = line(&page, "热线话务员 李娜");
    assert_eq!((li.registered, li.score.calls_rated, li.score.call_service, li.score.total, li.rank), (7, 2, Some(65.0), Some(65.0), Some(1)), "{name}");
    let gu = line(&page, "霍城县热线话务员 古丽娜");
    assert_eq!((gu.registered, gu.score.total, gu.rank), (2, None, None), "{name}: nothing to score yet");

    // Who reads what: an agent their own line, a unit nothing; only the center's reviewer draws.
    let own = service.front_desk(&agent, &code).await.unwrap();
    assert_eq!((own.agents.len(), own.may_draw, own.may_review), (1, false, false), "{name}");
    assert!(!service.front_desk(&analyst, &code).await.unwrap().may_draw, "{name}");
    let handler = user("yining-handler", Role::Handler, "yining");
    assert!(matches!(service.front_desk(&handler, &code).await, Err(AppError::Forbidden(_))), "{name}");
    assert!(matches!(service.draw_front_desk_sample(&agent, &code).await, Err(AppError::Forbidden(_))), "{name}");
    match service.draw_front_desk_sample(&reviewer, &month.next().code()).await {
        Err(AppError::RefusedField { field, message }) => assert_eq!((field.as_str(), message.ends_with("尚未结束，月底后再抽检")), ("month", true), "{name}: {message}"),
        other => panic!("{name}: this month: {other:?}"),
    }
    assert!(matches!(service.draw_front_desk_sample(&reviewer, "2026-13").await, Err(AppError::Fields(_))), "{name}");
    assert!(audited(&db, AuditAction::DrawFrontDeskSample).await.is_empty(), "{name}: nothing drawn");

    service.draw_front_desk_sample(&reviewer, &code).await.unwrap();
    match service.draw_front_desk_sample(&reviewer, &code).await {
        Err(AppError::RefusedField { message, .. }) => assert!(message.ends_with("已抽检，不再重复抽取"), "{name}: {message}"),
        other => panic!("{name}: a second draw: {other:?}"),
    }
    let page = service.front_desk(&reviewer, &code).await.unwrap();
    assert!(page.drawn.as_deref().is_some_and(|d| d.starts_with("热线审核员")) && !page.may_draw, "{name}: {:?}", page.drawn);
    let drawn_mine: BTreeSet<&str> = page.samples.iter().filter(|s| s.agent == "热线话务员 李娜").map(|s| s.number.as_str()).collect();
    assert_eq!(drawn_mine.len(), 5, "{name}: the scheme's five of seven, each once");
    assert!(drawn_mine.iter().all(|n| mine.contains(&n.to_string())), "{name}: only the agent's own registrations of the month");
    assert_eq!(page.samples.len(), 7, "{name}: both of the county agent's two");
    assert_eq!(audited(&db, AuditAction::DrawFrontDeskSample).await.len(), 1, "{name}");

    // Reviews: bad forms refused with nothing stored; each sample once.
    let samples: Vec<i64> = page.samples.iter().filter(|s| s.agent == "热线话务员 李娜").map(|s| s.id).collect();
    let all: Vec<String> = page.checks.iter().map(|(c, _)| c.clone()).collect();
    let form = |sample: i64, passed: &[&str], note: &str| SampleReviewForm { sample, passed: passed.iter().map(|s| s.to_string()).collect(), note: note.into() };
    for (bad, field) in [(form(samples[1], &["request_type", "speed"], "x"), "passed"), (form(samples[1], &["request_type"], " "), "note")] {
        match service.review_front_desk_sample(&reviewer, bad).await {
            Err(AppError::Fields(e)) => assert_eq!(e[0].field, field, "{name}"),
            other => panic!("{name}: {field}: {other:?}"),
        }
    }
    assert!(matches!(service.review_front_desk_sample(&agent, form(samples[0], &[], "")).await, Err(AppError::Forbidden(_))), "{name}");
    assert!(matches!(service.review_front_desk_sample(&reviewer, form(-1, &[], "x")).await, Err(AppError::NotFound(_))), "{name}");
    let all_refs: Vec<&str> = all.iter().map(String::as_str).collect();
    service.review_front_desk_sample(&reviewer, form(samples[0], &all_refs, "")).await.unwrap();
    service.review_front_desk_sample(&reviewer, form(samples[1], &["request_type", "unit", "courtesy"], "分类选错，事发地点未记录门牌号")).await.unwrap();
    match service.review_front_desk_sample(&reviewer, form(samples[1], &all_refs, "")).await {
        Err(AppError::Refused(m)) => assert_eq!(m, "该样本已评查，不再重复评查", "{name}"),
        other => panic!("{name}: a second review: {other:?}"),
    }

    // Quality (100 + 60) / 2 = 80, the calls 65: 80 × 70% + 65 × 30% = 75.5.
    let page = service.front_desk(&reviewer, &code).await.unwrap();
    let li = line(&page, "热线话务员 李娜");
    assert_eq!((li.score.sampled, li.score.reviewed, li.score.quality, li.score.total), (5, 2, Some(80.0), Some(75.5)), "{name}");
    let reviewed = page.samples.iter().find(|s| s.id == samples[1]).and_then(|s| s.review.clone()).unwrap();
    assert_eq!((reviewed.points, reviewed.failed.len(), reviewed.note.as_deref()), (60.0, 2, Some("分类选错，事发地点未记录门牌号")), "{name}");
    assert_eq!(reviewed.failed[0], "分类准确", "{name}");
    assert_eq!(audited(&db, AuditAction::ReviewFrontDeskSample).await.len(), 2, "{name}");
    let own = service.front_desk(&agent, &code).await.unwrap();
    assert!(own.samples.iter().all(|s| s.agent == "热线话务员 李娜") && own.samples.len() == 5, "{name}: an agent sees their own reviews");

    // The scheme weighs them: all on the checklist.
    let mut scheme = service.assessment_scheme(&reviewer, &month.period().from().year().to_string()).await.unwrap().form;
    scheme.in_force_from.clear();
    scheme.call_weight = "0".into();
    service.save_scheme(&reviewer, scheme).await.unwrap();
    let page = service.front_desk(&reviewer, &code).await.unwrap();
    assert_eq!(line(&page, "热线话务员 李娜").score.total, Some(80.0), "{name}");
    assert!(page.rules.starts_with("每名话务员抽检 5 件，话务服务评价占 0%"), "{name}: {}", page.rules);

    // All on the callers, with the scheme's own points: 不满意 is worth 50 now, (100 + 50) / 2.
    let mut scheme = service.assessment_scheme(&reviewer, &month.period().from().year().to_string()).await.unwrap().form;
    scheme.in_force_from.clear();
    scheme.call_weight = "100".into();
    scheme.rating_points[3] = "50".into();
    service.save_scheme(&reviewer, scheme).await.unwrap();
    let li = line(&service.front_desk(&reviewer, &code).await.unwrap(), "热线话务员 李娜");
    assert_eq!((li.score.call_service, li.score.total), (Some(75.0), Some(75.0)), "{name}");
}
