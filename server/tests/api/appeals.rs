//! Appeals against published results (Art. 38) over the demo data on both
//! stores: the assessed unit's administrator appeals a request counted
//! against it; someone else, a request that did not count, the same point
//! twice, a bad form and a late appeal are refused with nothing stored; the
//! center upholds it — the request leaves that indicator for that unit
//! only, the period is published again as version 2 and every unit told —
//! or dismisses another; each side reads only what is theirs; all audited.

use crate::support::{center_agent, TestDb};
use app::api::appeals::{AppealBackend, AppealForm};
use app::api::assessment::AssessmentBackend;
use app::api::auth::{SessionBackend, StaffUser};
use app::api::backend::Upload;
use app::api::AppError;
use app::domain::assessment::Publication;
use app::domain::deadline::cst_date;
use app::domain::indicators::{facts, CountedLine, Counter, Indicator};
use app::domain::report::ReportMonth;
use app::domain::types::{AuditAction, Role};
use app::domain::unit::UnitId;
use chrono::{Datelike, Duration, Utc};
use server::service::Service;
use server::store::{AuditEntry, AuditFilter};
use std::collections::BTreeMap;

on_both_backends!(an_upheld_appeal_corrects_the_data_point_and_publishes_again);

fn user(username: &str, role: Role, unit: &str) -> StaffUser {
    StaffUser { username: username.into(), role, unit_id: unit.into(), ..center_agent() }
}

async fn audited(db: &TestDb, action: AuditAction) -> Vec<AuditEntry> {
    db.store.audit_entries(&AuditFilter { action: Some(action), ..Default::default() }, 50, 0).await.unwrap()
}

async fn publication(db: &TestDb, id: i64) -> Publication {
    serde_json::from_str(&db.store.publication(id).await.unwrap().unwrap().snapshot).unwrap()
}

async fn an_upheld_appeal_corrects_the_data_point_and_publishes_again(db: TestDb) {
    let name = db.name;
    // Uploaded files go to the tests' own folder.
    crate::support::upload_dir();
    server::seed::seed_demo(&db.url, 0).await.unwrap();
    let service = Service::new(db.store.clone()).await.unwrap();
    let reviewer = user("reviewer", Role::Reviewer, "center");
    let analyst = user("analyst", Role::Analyst, "center");
    let month = ReportMonth::of(cst_date(Utc::now())).unwrap().previous();
    let period = month.period();
    let mut form = service.assessment_scheme(&reviewer, &period.from().year().to_string()).await.unwrap().form;
    form.in_force_from.clear();
    service.save_scheme(&reviewer, form).await.unwrap();
    let published = service.publish_assessment(&reviewer, &month.code()).await.unwrap();

    // Independently of the rollups: a request closed last month by an assessed unit's subtree.
    let mut lines: BTreeMap<String, Vec<CountedLine>> = BTreeMap::new();
    service
        .export_counted(period, Utc::now(), |l| {
            lines.entry(l.request.clone()).or_default().push(l.clone());
            Ok(())
        })
        .await
        .unwrap();
    let world = service.world();
    let assessed: Vec<UnitId> = publication(&db, published).await.results.iter().map(|r| r.unit.clone()).collect();
    let (number, unit, closed) = lines
        .iter()
        .find_map(|(number, events)| {
            let found = facts(events.iter().map(|l| (l.at, &l.event)), &world.calendar, Utc::now());
            assessed.iter().find_map(|a| {
                let closed: u64 = found
                    .iter()
                    .filter(|f| f.counter == Counter::Closed && period.contains(f.day) && f.unit.as_ref().is_some_and(|u| world.units.is_within(u, a)))
                    .map(|f| f.amount)
                    .sum();
                (closed > 0).then(|| (number.clone(), a.clone(), closed))
            })
        })
        .unwrap_or_else(|| panic!("{name}: the demo closes requests every month"));
    let other = assessed.iter().find(|u| **u != unit).unwrap().clone();
    let admin = user("unit-admin", Role::UnitAdmin, unit.as_str());
    let data_point = |number: &str, indicator: &str| AppealForm {
        publication: published,
        on: "data_point".into(),
        number: number.into(),
        indicator: indicator.into(),
        reasons: "该件超期系诉求人要求延后上门所致，非本单位原因".into(),
        files: Vec::new(),
    };

    // Refused, nothing stored: a handler, another unit's administrator on this request, a bad form.
    let handler = user("unit-handler", Role::Handler, unit.as_str());
    match service.lodge_appeal(&handler, data_point(&number, "on_time_rate")).await {
        Err(AppError::Refused(m)) => assert_eq!(m, "第三十八条：申诉由被考核单位的管理员提出", "{name}"),
        other => panic!("{name}: {other:?}"),
    }
    let stranger = user("other-admin", Role::UnitAdmin, other.as_str());
    match service.lodge_appeal(&stranger, data_point(&number, "on_time_rate")).await {
        Err(AppError::RefusedField { field, message }) => assert_eq!((field.as_str(), message.as_str()), ("number", "该诉求未计入本单位该项指标，不能就此申诉"), "{name}"),
        other => panic!("{name}: another unit's data point: {other:?}"),
    }
    match service.lodge_appeal(&admin, data_point(&number, "direct_answer_rate")).await {
        Err(AppError::RefusedField { field, .. }) => assert_eq!(field, "number", "{name}: a consultation answered at intake is never a unit's"),
        other => panic!("{name}: {other:?}"),
    }
    for (bad, field) in [
        (AppealForm { reasons: " ".into(), ..data_point(&number, "on_time_rate") }, "reasons"),
        (data_point("12345", "on_time_rate"), "number"),
        (data_point(&number, "speed"), "indicator"),
        (AppealForm { on: "all".into(), ..data_point(&number, "on_time_rate") }, "on"),
    ] {
        match service.lodge_appeal(&admin, bad).await {
            Err(AppError::Fields(e)) => assert_eq!(e[0].field, field, "{name}"),
            other => panic!("{name}: {field}: {other:?}"),
        }
    }
    assert!(service.appeals(&analyst).await.unwrap().is_empty(), "{name}: nothing stored");

    // Lodged: the center is told; the same point again is refused.
    let appeal = service.lodge_appeal(&admin, data_point(&number, "on_time_rate")).await.unwrap();
    match service.lodge_appeal(&admin, data_point(&number, "on_time_rate")).await {
        Err(AppError::Refused(m)) => assert!(m.contains("同一事项只申诉一次"), "{name}: {m}"),
        other => panic!("{name}: twice: {other:?}"),
    }
    // Files go with the reasons: uploaded by the appellant, claimed by its appeal alone.
    let pdf = || Upload::of_bytes(b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n%%EOF\n");
    assert!(matches!(service.upload_appeal_file(&handler, pdf().await.unwrap()).await, Err(AppError::Forbidden(_))), "{name}: only an appellant uploads");
    let junk = Upload::of_bytes(b"not a document").await.unwrap();
    assert!(matches!(service.upload_appeal_file(&admin, junk).await, Err(AppError::Invalid(_))), "{name}");
    let file = service.upload_appeal_file(&admin, pdf().await.unwrap()).await.unwrap();
    let with_file = |files: &[&str]| AppealForm { on: "result".into(), files: files.iter().map(|f| f.to_string()).collect(), ..data_point("", "") };
    match service.lodge_appeal(&stranger, with_file(&[&file])).await {
        Err(AppError::RefusedField { field, message }) => assert_eq!((field.as_str(), message.as_str()), ("files", "附件已失效，请重新上传"), "{name}"),
        other => panic!("{name}: another's file: {other:?}"),
    }
    assert!(service.appeals(&stranger).await.unwrap().is_empty(), "{name}: the refused appeal left nothing");
    let whole = service.lodge_appeal(&admin, with_file(&[&file, &file])).await.unwrap();
    let sent = service.appeal(&reviewer, whole).await.unwrap().files;
    assert_eq!(sent, vec![("申诉材料 1（PDF，1 KB）".to_string(), format!("/staff/photos/{file}"))], "{name}: named once");
    let session = |username: &'static str| {
        let service = &service;
        async move { service.login(username, server::seed::DEMO_PASSWORD, "test").await.unwrap().token }
    };
    let (media_type, _) = service.staff_photo(&session("analyst").await, &file).await.unwrap();
    assert_eq!(media_type, "application/pdf", "{name}");
    let outsider = ["zhujian-handler", "huocheng-handler", "dunmaili-handler"]
        .into_iter()
        .find(|u| {
            let theirs = server::seed::DEMO_USERS.iter().find(|d| d.0 == *u).unwrap().3;
            !world.units.is_within(&UnitId::parse(theirs).unwrap(), &unit)
        })
        .unwrap();
    assert!(matches!(service.staff_photo(&session(outsider).await, &file).await, Err(AppError::NotFound(_))), "{name}: {outsider} reads no other unit's appeal files");
    let root = world.units.root().unwrap().id.to_string();
    let center_told = db.store.staff_notices(&root, 50).await.unwrap();
    assert_eq!(center_told.iter().filter(|n| n.notice.kind == "appeal").count(), 2, "{name}");
    assert!(center_told.iter().any(|n| n.notice.request_number == appeal.to_string() && n.notice.body.contains(&format!("诉求 {number} 计入的按时办结率"))), "{name}");

    // Each side reads what is theirs.
    assert_eq!(service.appeals(&analyst).await.unwrap().len(), 2, "{name}");
    assert_eq!(service.appeals(&admin).await.unwrap().len(), 2, "{name}");
    assert!(service.appeals(&stranger).await.unwrap().is_empty(), "{name}");
    assert!(matches!(service.appeal(&stranger, appeal).await, Err(AppError::NotFound(_))), "{name}");
    let seen = service.appeal(&admin, appeal).await.unwrap();
    assert_eq!((seen.line.state.as_str(), seen.may_answer, seen.publication), ("待答复", false, Some(published)), "{name}");
    let beside = service.appeal(&reviewer, appeal).await.unwrap();
    assert!(beside.may_answer, "{name}");
    assert_eq!(beside.request.as_deref(), Some(number.as_str()), "{name}");
    assert!(beside.counted.as_deref().unwrap().starts_with(&format!("办结 {closed} 件，按时办结 ")), "{name}: {:?}", beside.counted);

    // Answered by the center's reviewer only, with reasons.
    assert!(matches!(service.answer_appeal(&analyst, appeal, true, "", "核实").await, Err(AppError::Forbidden(_))), "{name}");
    assert!(matches!(service.answer_appeal(&reviewer, appeal, true, "", "").await, Err(AppError::Fields(_))), "{name}");
    let before = publication(&db, published).await;
    let answered = service.answer_appeal(&reviewer, appeal, true, "exclude", "经核实属实，该件不计入按时办结率").await.unwrap();
    assert_eq!(answered.line.state, "申诉成立，已更正", "{name}");
    assert!(answered.answer.as_deref().unwrap().ends_with("经核实属实，该件不计入按时办结率"), "{name}");
    let republished = answered.publication.unwrap();
    assert_ne!(republished, published, "{name}");
    let after = publication(&db, republished).await;
    assert_eq!((after.version, after.appeal_until, after.period), (2, before.appeal_until, before.period), "{name}");
    let item = |p: &Publication, u: &UnitId, i: Indicator| p.result_of(u).unwrap().card.items.iter().find(|x| x.indicator == i).cloned().unwrap();
    let (was, now) = (item(&before, &unit, Indicator::OnTimeRate), item(&after, &unit, Indicator::OnTimeRate));
    assert_eq!(now.denominator, was.denominator.map(|d| d - closed), "{name}: the request left the on-time rate");
    assert_eq!(now.excluded, 1, "{name}");
    for i in [Indicator::SatisfactionRate, Indicator::ResponseRate, Indicator::ReturnRate] {
        assert_eq!(item(&after, &unit, i), item(&before, &unit, i), "{name}: {i:?} unchanged");
    }
    assert_eq!(after.result_of(&other).unwrap().card, before.result_of(&other).unwrap().card, "{name}: other units' cards unchanged");
    // The old version says it was superseded; the unit reads the correction in words.
    let old = service.assessment_publication(&admin, published).await.unwrap();
    assert_eq!((old.superseded_by, old.may_appeal), (Some(republished), true), "{name}");
    let new = service.assessment_publication(&admin, republished).await.unwrap();
    let line = new.own.unwrap().items.into_iter().find(|i| i.code == "on_time_rate").unwrap();
    assert_eq!(line.excluded.as_deref(), Some("不计 1 件（申诉成立）"), "{name}");
    // The live scores take the correction in too.
    let detail = service.assessment_detail(&analyst, &month.code(), unit.as_str()).await.unwrap();
    assert_eq!(detail.total, after.result_of(&unit).unwrap().card.total, "{name}");
    match service.answer_appeal(&reviewer, appeal, false, "", "再议").await {
        Err(AppError::Refused(m)) => assert_eq!(m, "该申诉已答复", "{name}"),
        other => panic!("{name}: answered twice: {other:?}"),
    }
    let unit_told = db.store.staff_notices(unit.as_str(), 50).await.unwrap();
    assert!(unit_told.iter().any(|n| n.notice.kind == "appeal" && n.notice.body.contains("申诉成立")), "{name}");
    let other_told = db.store.staff_notices(other.as_str(), 50).await.unwrap();
    assert!(other_told.iter().any(|n| n.notice.kind == "assessment" && n.notice.request_number == republished.to_string() && n.notice.body.contains("第2版")), "{name}");

    // Dismissed: nothing republished.
    let dismissed = service.answer_appeal(&reviewer, whole, false, "", "整体结果按统一口径计算，理由不成立").await.unwrap();
    assert_eq!((dismissed.line.state.as_str(), dismissed.publication), ("申诉不成立，维持原结果", Some(republished)), "{name}");

    // Upheld as a recount: another request of an assessed unit counts again as closed on time — the
    // on-time numerator gains what it lacked, the denominator stays.
    let (number2, unit2, closed2, on_time2) = lines
        .iter()
        .filter(|(n, _)| **n != number)
        .find_map(|(n, events)| {
            let found = facts(events.iter().map(|l| (l.at, &l.event)), &world.calendar, Utc::now());
            assessed.iter().find_map(|a| {
                let sum = |c: Counter| -> u64 {
                    found.iter().filter(|f| f.counter == c && period.contains(f.day) && f.unit.as_ref().is_some_and(|u| world.units.is_within(u, a))).map(|f| f.amount).sum()
                };
                (sum(Counter::Closed) > 0).then(|| (n.clone(), a.clone(), sum(Counter::Closed), sum(Counter::ClosedOnTime)))
            })
        })
        .unwrap_or_else(|| panic!("{name}: the demo closes more than one request a month"));
    let admin2 = user("unit-admin-2", Role::UnitAdmin, unit2.as_str());
    let own = service.upload_appeal_file(&admin2, pdf().await.unwrap()).await.unwrap();
    let claimed = AppealForm { publication: republished, files: vec![own.clone(), file.clone()], ..data_point(&number2, "on_time_rate") };
    match service.lodge_appeal(&admin2, claimed).await {
        Err(AppError::RefusedField { field, .. }) => assert_eq!(field, "files", "{name}: a file another appeal holds"),
        other => panic!("{name}: {other:?}"),
    }
    let recount = service.lodge_appeal(&admin2, AppealForm { publication: republished, files: vec![own.clone()], ..data_point(&number2, "on_time_rate") }).await.unwrap();
    assert_eq!(service.appeal(&reviewer, recount).await.unwrap().files.len(), 1, "{name}: the rolled-back attempt did not keep it");
    match service.answer_appeal(&reviewer, recount, true, "sideways", "经核实已按时办结").await {
        Err(AppError::Fields(e)) => assert_eq!(e[0].field, "correction", "{name}"),
        other => panic!("{name}: an unknown correction: {other:?}"),
    }
    let recounted = service.answer_appeal(&reviewer, recount, true, "recount", "经核实已按时办结").await.unwrap();
    assert!(recounted.answer.as_deref().unwrap().ends_with("（按达标重新计算）"), "{name}: {:?}", recounted.answer);
    let third = publication(&db, recounted.publication.unwrap()).await;
    let v2 = publication(&db, republished).await;
    let (was, now) = (item(&v2, &unit2, Indicator::OnTimeRate), item(&third, &unit2, Indicator::OnTimeRate));
    assert_eq!(third.version, 3, "{name}");
    assert_eq!(now.denominator, was.denominator, "{name}: still counted");
    assert_eq!(now.numerator, was.numerator + (closed2 - on_time2) as f64, "{name}: counted as on time");
    assert_eq!(now.recounted, 1, "{name}");

    // Late: a period published long ago is past its appeal period.
    let earlier = month.previous().previous();
    let mut stale = before.clone();
    stale.period = earlier.period();
    stale.at = Utc::now() - Duration::days(40);
    stale.appeal_until = cst_date(stale.at) + Duration::days(3);
    let entry = AuditEntry { at: stale.at, username: "reviewer".into(), action: AuditAction::PublishAssessment, request_number: None, reason: None, detail: None };
    let old_id = db.store.insert_publication(&earlier.code(), 1, &serde_json::to_string(&stale).unwrap(), stale.at, &[], entry).await.unwrap().unwrap();
    match service.lodge_appeal(&admin, AppealForm { publication: old_id, on: "result".into(), ..data_point("", "") }).await {
        Err(AppError::Refused(m)) => assert!(m.starts_with("第三十八条：申诉须自通报之日起3个工作日内提出"), "{name}: {m}"),
        other => panic!("{name}: late: {other:?}"),
    }
    assert_eq!(service.appeals(&analyst).await.unwrap().len(), 3, "{name}");

    assert_eq!(audited(&db, AuditAction::LodgeAppeal).await.len(), 3, "{name}");
    // An upload never lodged is purged with stale drafts; a lodged one stays.
    let forgotten = service.upload_appeal_file(&admin, pdf().await.unwrap()).await.unwrap();
    let purged = db.store.purge_citizen_records(Utc::now() + Duration::days(8)).await.unwrap();
    assert!(purged.contains(&forgotten) && !purged.contains(&file) && !purged.contains(&own), "{name}: {purged:?}");
    assert_eq!(audited(&db, AuditAction::AnswerAppeal).await.len(), 3, "{name}");
    let republishing = audited(&db, AuditAction::PublishAssessment).await;
    assert!(republishing.iter().any(|e| e.detail.as_deref().is_some_and(|d| d.contains(&format!("v2 after appeal {appeal}")))), "{name}: {republishing:?}");
}
