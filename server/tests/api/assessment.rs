//! The assessment (Art. 36–37) over the demo data on both stores: a scheme
//! set by the center's reviewer (a bad one refused field by field, nothing
//! stored), versions in force from their day, each unit's score from the
//! rollups equal to the domain's score of an independent full recount, the
//! ranking, and who may read and write what.

use crate::support::{center_agent, TestDb};
use app::api::assessment::AssessmentBackend;
use app::api::auth::StaffUser;
use app::api::AppError;
use app::domain::assessment::{score, Scheme, UnitPeriod};
use app::domain::deadline::cst_date;
use app::domain::indicators::{Period, RatingPoints};
use app::domain::report::ReportMonth;
use app::domain::types::{AuditAction, Role};
use app::domain::unit::UnitId;
use chrono::{Datelike, Duration, Utc};
use server::service::stats::StatsScope;
use server::service::Service;
use server::store::AuditFilter;

on_both_backends!(units_are_scored_under_the_scheme_in_force, keeping_the_knowledge_base_counts_in_the_units_score);

fn user(username: &str, role: Role, unit: &str) -> StaffUser {
    StaffUser { username: username.into(), role, unit_id: unit.into(), ..center_agent() }
}

async fn units_are_scored_under_the_scheme_in_force(db: TestDb) {
    let name = db.name;
    server::seed::seed_demo(&db.url, 0).await.unwrap();
    let service = Service::new(db.store.clone()).await.unwrap();
    let reviewer = user("reviewer", Role::Reviewer, "center");
    let analyst = user("analyst", Role::Analyst, "center");
    let handler = user("yining-handler", Role::Handler, "yining");
    let today = cst_date(Utc::now());
    let from = today - Duration::days(40);
    let year = from.year();
    let period = Period::new(from, today).unwrap();

    let page = service.assessment_scheme(&analyst, &year.to_string()).await.unwrap();
    assert_eq!((page.versions.len(), page.may_write), (0, false), "{name}");
    assert_eq!(page.form, Scheme::standard(year).form(), "{name}: a new year starts from the standard scheme");
    let scores = service.assessment_scores(&analyst, &period.code()).await.unwrap();
    assert_eq!((scores.scheme.as_deref(), scores.rows.len()), (None, 0), "{name}: no scheme, no scores");

    // Who may: the center's reviewer writes; an analyst reads; a unit waits for publication.
    assert!(matches!(service.save_scheme(&analyst, page.form.clone()).await, Err(AppError::Forbidden(_))), "{name}");
    assert!(matches!(service.assessment_scores(&handler, "").await, Err(AppError::Forbidden(_))), "{name}");

    // A bad scheme: told field by field, nothing stored.
    let mut bad = page.form.clone();
    bad.items[0].weight = "20".into();
    bad.items[1].target = "50".into();
    match service.save_scheme(&reviewer, bad).await {
        Err(AppError::Fields(errors)) => {
            let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, ["items.1.target", "items"], "{name}: {errors:?}");
        }
        other => panic!("{name}: {other:?}"),
    }
    assert_eq!(service.assessment_scheme(&reviewer, &year.to_string()).await.unwrap().versions.len(), 0, "{name}");

    let saved = service.save_scheme(&reviewer, page.form.clone()).await.unwrap();
    assert_eq!(saved.versions.len(), 1, "{name}");
    assert!(saved.versions[0].starts_with(&format!("{year}年第1版，{year}-01-01 起施行")), "{name}: {:?}", saved.versions);

    // Each unit's score from the rollups is the domain's score of a full recount.
    let scores = service.assessment_scores(&analyst, &period.code()).await.unwrap();
    assert!(scores.scheme.as_deref().unwrap().contains("第1版"), "{name}");
    let root = service.world().units.root().unwrap().id.clone();
    let below: Vec<UnitId> = service.world().units.iter().filter(|u| u.active && u.parent.as_ref() == Some(&root)).map(|u| u.id.clone()).collect();
    assert_eq!(scores.rows.len(), below.len(), "{name}: every unit just below the center");
    let scheme = Scheme::standard(year);
    let mut scored = 0;
    for row in &scores.rows {
        let unit = UnitId::parse(&row.unit).unwrap();
        let counters = service.recount(period, &StatsScope { unit: Some(unit), county: None }, Utc::now()).await.unwrap();
        let expected = score(&scheme, &UnitPeriod { counters, ..Default::default() }, &RatingPoints::default());
        assert_eq!((row.total, row.base, row.deduction), (expected.total, expected.base, expected.deduction), "{name}: {}", row.name);
        scored += usize::from(row.total.is_some());
    }
    assert!(scored >= 2, "{name}: the demo's units are scored: {:?}", scores.rows);
    let ranked: Vec<u32> = scores.rows.iter().filter_map(|r| r.rank).collect();
    assert!(ranked.windows(2).all(|w| w[0] <= w[1]) && ranked.first() == Some(&1), "{name}: {ranked:?}");
    let totals: Vec<f64> = scores.rows.iter().filter_map(|r| r.total).collect();
    assert!(totals.windows(2).all(|w| w[0] >= w[1]), "{name}: best first: {totals:?}");

    // The detail says what made the total.
    let best = &scores.rows[0];
    let detail = service.assessment_detail(&analyst, &period.code(), &best.unit).await.unwrap();
    assert_eq!((detail.total, detail.items.len()), (best.total, scheme.items.len()), "{name}");
    assert!(detail.items.iter().any(|i| i.value.contains('%') && i.value.contains(" / ")), "{name}: {:?}", detail.items);
    assert!(matches!(service.assessment_detail(&analyst, &period.code(), "yining-zhujian").await, Err(AppError::NotFound(_))), "{name}: not an assessed unit");

    // A second version in force from a later day scores the periods that start then.
    let mut second = saved.form.clone();
    second.in_force_from = (from + Duration::days(1)).to_string();
    second.items[0].target = "95".into();
    service.save_scheme(&reviewer, second).await.unwrap();
    let later = Period::new(from + Duration::days(1), today).unwrap();
    assert!(service.assessment_scores(&analyst, &later.code()).await.unwrap().scheme.unwrap().contains("第2版"), "{name}");
    assert!(service.assessment_scores(&analyst, &period.code()).await.unwrap().scheme.unwrap().contains("第1版"), "{name}");
    assert!(matches!(service.assessment_scores(&analyst, "2026-13").await, Err(AppError::Fields(_))), "{name}");

    let audited = db.store.audit_entries(&AuditFilter { action: Some(AuditAction::SchemeChange), ..Default::default() }, 10, 0).await.unwrap();
    assert_eq!(audited.len(), 2, "{name}");

    // Publication (通报): last month's results, once, by the center; each unit told and shown its own.
    let last_month = ReportMonth::of(today).unwrap().previous();
    if last_month.period().from().year() != year {
        let mut other = Scheme::standard(last_month.period().from().year()).form();
        other.in_force_from.clear();
        service.save_scheme(&reviewer, other).await.unwrap();
    }
    let code = last_month.code();
    assert!(matches!(service.publish_assessment(&analyst, &code).await, Err(AppError::Forbidden(_))), "{name}");
    match service.publish_assessment(&reviewer, &ReportMonth::of(today).unwrap().code()).await {
        Err(AppError::RefusedField { field, message }) => assert!(field == "period" && message.contains("结束后方可通报"), "{name}: {message}"),
        other => panic!("{name}: this month is not over: {other:?}"),
    }
    let id = service.publish_assessment(&reviewer, &code).await.unwrap();
    match service.publish_assessment(&reviewer, &code).await {
        Err(AppError::RefusedField { message, .. }) => assert!(message.contains("已通报"), "{name}: {message}"),
        other => panic!("{name}: published twice: {other:?}"),
    }
    let whole = service.assessment_publication(&analyst, id).await.unwrap();
    assert_eq!((whole.rows.len(), whole.own.is_none()), (below.len(), true), "{name}: the center sees every unit");
    assert!(whole.appeal.contains("申诉"), "{name}: {}", whole.appeal);
    let township = user("dunmaili-handler", Role::Handler, "yining-dunmaili");
    let theirs = service.assessment_publication(&township, id).await.unwrap();
    assert_eq!(theirs.rows.len(), 1, "{name}: a unit sees its own line only");
    assert_eq!((theirs.rows[0].unit.as_str(), theirs.own.as_ref().map(|d| d.name.as_str())), ("yining", Some("伊宁市人民政府")), "{name}");
    let lines = service.assessment_publications(&township).await.unwrap();
    assert_eq!((lines.len(), lines[0].own.is_some()), (1, true), "{name}: {lines:?}");
    assert!(matches!(service.assessment_scores(&township, "").await, Err(AppError::Forbidden(_))), "{name}: scores before publication are the center's");
    let notices = db.store.staff_notices("yining", 20).await.unwrap();
    let told = notices.iter().find(|n| n.notice.kind == "assessment").unwrap_or_else(|| panic!("{name}: {notices:?}"));
    assert_eq!(told.notice.request_number, id.to_string(), "{name}");
    assert!(told.notice.body.contains("考核结果已通报") && told.notice.body.contains("申诉"), "{name}: {}", told.notice.body);
    let published = db.store.audit_entries(&AuditFilter { action: Some(AuditAction::PublishAssessment), ..Default::default() }, 10, 0).await.unwrap();
    assert_eq!(published.len(), 1, "{name}");
}

/// Art. 36: entries a unit's subtree added and revised in the period earn
/// points, its entries left stale cost points; another unit's do not count.
async fn keeping_the_knowledge_base_counts_in_the_units_score(db: TestDb) {
    use app::api::knowledge::{KnowledgeBackend, KnowledgeEdit};
    use app::domain::knowledge::EntryForm;
    let name = db.name;
    server::seed::seed_reference_data(&db.store).await.unwrap();
    let service = Service::new(db.store.clone()).await.unwrap();
    let reviewer = user("reviewer", Role::Reviewer, "center");
    let today = cst_date(Utc::now());
    let mut scheme = Scheme::standard(today.year()).form();
    scheme.in_force_from.clear();
    service.save_scheme(&reviewer, scheme).await.unwrap();
    let form = |q: &str| EntryForm { question: q.into(), answer: "可到就近的政务服务大厅办理，也可网上申请。".into(), basis: "《政务服务管理办法》".into(), ..Default::default() };
    let write = |who: StaffUser, code: &str, q: &str| {
        let edit = KnowledgeEdit { code: code.into(), unit: String::new(), form: form(q) };
        let service = &service;
        async move { service.save_knowledge(&who, edit).await.unwrap().code }
    };
    // 伊宁市's subtree: two entries added (one by a township), one revised; 州住建局 adds one.
    write(user("dunmaili-handler", Role::Handler, "yining-dunmaili"), "", "街道便民服务站几点开门？").await;
    let code = write(user("yining-admin", Role::UnitAdmin, "yining"), "", "居住证怎么办理？").await;
    write(user("yining-admin", Role::UnitAdmin, "yining"), &code, "居住证在哪里办理？").await;
    write(user("zhujian-handler", Role::Handler, "zhou-zhujian"), "", "物业维修资金怎么申请？").await;
    // One of 州住建局's published entries has not been reviewed for years.
    sqlx::query("UPDATE knowledge_entries SET reviewed_at = 0 WHERE code = 'KB-0002'").execute(db.store.pool()).await.unwrap();

    let this_month = ReportMonth::of(today).unwrap().code();
    let lines = |d: &app::api::assessment::ScoreDetail| -> Vec<(String, String, f64)> {
        d.bonuses.iter().chain(&d.deductions).filter(|a| a.label.starts_with("知识库")).map(|a| (a.label.clone(), a.detail.clone(), a.points)).collect()
    };
    let yining = service.assessment_detail(&reviewer, &this_month, "yining").await.unwrap();
    assert_eq!(lines(&yining), [("知识库建设更新".to_string(), "新增 2 条，修订 1 条".to_string(), 0.6)], "{name}");
    let zhujian = service.assessment_detail(&reviewer, &this_month, "zhou-zhujian").await.unwrap();
    assert_eq!(
        lines(&zhujian),
        [("知识库建设更新".to_string(), "新增 1 条，修订 0 条".to_string(), 0.2), ("知识库过期".to_string(), "知识库条目逾期未复核 1 条".to_string(), 0.5)],
        "{name}"
    );
    // Written this month: last month's score knows nothing of them.
    let before = service.assessment_detail(&reviewer, &ReportMonth::of(today).unwrap().previous().code(), "yining").await;
    if let Ok(before) = before {
        assert!(lines(&before).is_empty(), "{name}: {:?}", lines(&before));
    }
}
