//! The monthly reports (Art. 10) through the real server on both stores: a
//! center reviewer drafts last month's report, issues it once (its numbers
//! frozen, the XLSX parsed back), a later registration in that month changes
//! the data but not the issued version, a correction is a new version with
//! its reason; a county office writes its own and cannot read the center's;
//! the center sees which county offices have sent theirs; an ad-hoc workbook
//! of any period; everything audited.

use crate::support;

use app::domain::deadline::{cst, cst_date};
use app::domain::report::ReportMonth;
use app::domain::request::RequestDraft;
use calamine::{Data, Reader, Xlsx};
use chrono::{NaiveTime, Utc};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use server::store::AuditFilter;
use support::http::{call, staff, start, Running};
use support::{center_agent, TestDb};

on_both_backends!(a_month_is_reported_issued_frozen_and_corrected);

/// Registers a request on the 2nd of `month` at 10:00 China time, by `user`.
async fn registered_in(run: &Running, month: ReportMonth, user: &app::api::auth::StaffUser, kind: &str, county: &str) -> String {
    let day = month.period().from().succ_opt().unwrap();
    let at = day.and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap()).and_local_timezone(cst()).single().unwrap().with_timezone(&Utc);
    let draft: RequestDraft = serde_json::from_value(json!({
        "channel": "phone", "type": kind, "title": "供暖温度不达标", "content": "家里暖气不热，室温只有十二度。",
        "location": {"county": county}, "requester": {"name": "张三", "phone": "13812345678"}
    }))
    .unwrap();
    run.service.register_request_at(user, draft, at).await.unwrap().number
}

pub(crate) async fn xlsx(c: &Client, url: &str) -> (StatusCode, Option<Xlsx<std::io::Cursor<Vec<u8>>>>) {
    let res = c.get(url).send().await.unwrap();
    let status = res.status();
    if status != StatusCode::OK {
        return (status, None);
    }
    assert_eq!(res.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    let bytes = res.bytes().await.unwrap().to_vec();
    (status, Some(calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap()))
}

pub(crate) fn rows(book: &mut Xlsx<std::io::Cursor<Vec<u8>>>, sheet: &str) -> Vec<Vec<Data>> {
    book.worksheet_range(sheet).unwrap().rows().map(|r| r.to_vec()).collect()
}

/// The value beside `key` in a two-column sheet.
fn beside(rows: &[Vec<Data>], key: &str) -> Data {
    rows.iter().find(|r| r[0] == Data::String(key.into())).map(|r| r[1].clone()).unwrap_or(Data::Empty)
}

fn registered(v: &Value) -> u64 {
    v["content"]["registered"].as_u64().unwrap()
}

async fn a_month_is_reported_issued_frozen_and_corrected(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let month = ReportMonth::of(cst_date(Utc::now())).unwrap().previous();
    let agent = center_agent();
    let first = registered_in(&run, month, &agent, "complaint", "伊宁市").await;
    registered_in(&run, month, &agent, "complaint", "伊宁市").await;
    registered_in(&run, month, &agent, "help", "霍城县").await;

    let reviewer = staff(base, "reviewer").await;
    let (status, page) = call(&reviewer, base, "reports", json!({"month": ""})).await;
    assert_eq!(status, StatusCode::OK, "{name}: {page}");
    assert_eq!(page["month"], month.code(), "{name}: last month by default");
    assert_eq!(page["versions"], json!([]));
    let huocheng = page["counties"].as_array().unwrap().iter().find(|c| c["office"] == "霍城县人民政府热线办").cloned().unwrap();
    assert_eq!((huocheng["state"].as_str(), huocheng["sent"].as_bool()), (Some("未报送"), Some(false)), "{name}: {page}");

    // Only the office's reviewers write; the analyst reads; a unit has no reports.
    let (status, v) = call(&staff(base, "agent").await, base, "start_report", json!({"month": month.code()})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{name}: {v}");
    let analyst = staff(base, "analyst").await;
    let (status, _) = call(&analyst, base, "reports", json!({"month": month.code()})).await;
    assert_eq!(status, StatusCode::OK, "{name}");
    let (status, v) = call(&staff(base, "yining-handler").await, base, "reports", json!({"month": ""})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{name}: {v}");
    let (status, v) = call(&reviewer, base, "start_report", json!({"month": "2026-13"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: {v}");
    assert!(v.to_string().contains("请选择报告月份"), "{name}: {v}");

    let (status, id) = call(&reviewer, base, "start_report", json!({"month": month.code()})).await;
    assert_eq!(status, StatusCode::OK, "{name}: {id}");
    let id = id.as_i64().unwrap();
    let (status, v) = call(&reviewer, base, "start_report", json!({"month": month.code()})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}: one first draft a month: {v}");
    assert!(v.to_string().contains("已经起草"), "{name}: {v}");

    // The narrative: a bad case line is named and nothing is stored.
    let save = |cases: String| json!({"id": id, "briefing": "本月受理诉求总体平稳，供暖类诉求集中。", "special": "", "cases": cases});
    let (status, v) = call(&reviewer, base, "save_report", save("12345 不是编号".into())).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: {v}");
    assert!(v.to_string().contains("典型案例第1行"), "{name}: {v}");
    let (status, v) = call(&reviewer, base, "report", json!({"id": id})).await;
    assert_eq!((status, v["briefing"].as_str()), (StatusCode::OK, Some("")), "{name}: {v}");
    let (status, v) = call(&reviewer, base, "save_report", save(format!("{first} 供暖不达标，集中反映"))).await;
    assert_eq!(status, StatusCode::OK, "{name}: {v}");
    assert_eq!((v["issued"].as_bool(), v["may_edit"].as_bool(), registered(&v)), (Some(false), Some(true), 3), "{name}: {v}");
    assert_eq!(v["content"]["cases"][0]["number"], first.as_str());
    assert_eq!(v["content"]["cases"][0]["category"], "未分类");

    let (status, v) = call(&reviewer, base, "issue_report", json!({"id": id})).await;
    assert_eq!(status, StatusCode::OK, "{name}: {v}");
    assert_eq!((v["issued"].as_bool(), v["may_edit"].as_bool(), v["may_correct"].as_bool()), (Some(true), Some(false), Some(true)), "{name}: {v}");
    let (status, v) = call(&reviewer, base, "issue_report", json!({"id": id})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}: issued twice: {v}");
    assert!(v.to_string().contains("已印发"), "{name}: {v}");
    let (status, v) = call(&reviewer, base, "save_report", save(String::new())).await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}: an issued version is not edited: {v}");

    let url = format!("{base}/staff/reports/{id}/report.xlsx");
    let (status, book) = xlsx(&analyst, &url).await;
    assert_eq!(status, StatusCode::OK, "{name}");
    let mut book = book.unwrap();
    assert_eq!(
        book.sheet_names(),
        ["概况", "指标", "按类型", "按渠道", "按县市", "类别前十", "热点", "单位排名", "典型案例", "简报"].map(String::from).to_vec()
    );
    assert_eq!(beside(&rows(&mut book, "概况"), "受理量"), Data::Float(3.0), "{name}");
    let indicators = rows(&mut book, "指标");
    assert_eq!(indicators[0][..4], [Data::String("指标".into()), Data::String("分子".into()), Data::String("分母".into()), Data::String("本月".into())]);
    assert_eq!(indicators.len(), 12, "{name}: a header and the 11 indicators");
    assert_eq!(beside(&rows(&mut book, "按类型"), "投诉举报"), Data::Float(2.0), "{name}");
    assert_eq!(beside(&rows(&mut book, "按县市"), "霍城县"), Data::Float(1.0), "{name}");
    assert_eq!(rows(&mut book, "典型案例")[1][0], Data::String(first.clone()), "{name}");
    assert!(beside(&rows(&mut book, "简报"), "工作简报").to_string().contains("供暖类诉求集中"), "{name}");

    // A later registration in that month changes the data, not the issued version.
    registered_in(&run, month, &agent, "complaint", "伊宁市").await;
    let (_, v) = call(&reviewer, base, "report", json!({"id": id})).await;
    assert_eq!(registered(&v), 3, "{name}: frozen");
    let (_, book) = xlsx(&reviewer, &url).await;
    assert_eq!(beside(&rows(&mut book.unwrap(), "概况"), "受理量"), Data::Float(3.0), "{name}: the download too");

    let (status, v) = call(&reviewer, base, "correct_report", json!({"id": id, "reason": " "})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: a correction says why: {v}");
    let (status, second) = call(&reviewer, base, "correct_report", json!({"id": id, "reason": "补录月末来电一件"})).await;
    assert_eq!(status, StatusCode::OK, "{name}: {second}");
    let second = second.as_i64().unwrap();
    let (status, v) = call(&reviewer, base, "correct_report", json!({"id": id, "reason": "再次更正"})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}: one correction at a time: {v}");
    let (_, v) = call(&reviewer, base, "report", json!({"id": second})).await;
    assert_eq!((v["number"].as_u64(), registered(&v), v["correction"].as_str()), (Some(2), 4, Some("补录月末来电一件")), "{name}: {v}");
    assert_eq!(v["cases_text"].as_str().unwrap(), format!("{first} 供暖不达标，集中反映"), "{name}: the narrative carried over");
    let (status, v) = call(&reviewer, base, "issue_report", json!({"id": second})).await;
    assert_eq!((status, registered(&v), v["versions"].as_array().map(Vec::len)), (StatusCode::OK, 4, Some(2)), "{name}: {v}");
    let (_, v) = call(&reviewer, base, "report", json!({"id": id})).await;
    assert_eq!((registered(&v), v["may_correct"].as_bool()), (3, Some(false)), "{name}: the first version stays as issued");

    // A county office: its own report of its own requests; not the center's.
    let county = staff(base, "huocheng-reviewer").await;
    let (status, v) = call(&county, base, "report", json!({"id": id})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{name}: {v}");
    let (status, v) = xlsx(&county, &url).await;
    assert_eq!((status, v.is_none()), (StatusCode::NOT_FOUND, true), "{name}");
    let (_, own) = call(&county, base, "start_report", json!({"month": month.code()})).await;
    let own = own.as_i64().unwrap_or_else(|| panic!("{name}: {own}"));
    let (status, v) = call(&county, base, "save_report", json!({"id": own, "briefing": "", "special": "", "cases": format!("{first} 不是本县的")})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: {v}");
    assert!(v.to_string().contains("不是本办受理的诉求"), "{name}: {v}");
    let huocheng_agent = app::api::auth::StaffUser { username: "huocheng-agent".into(), unit_id: "huocheng".into(), ..center_agent() };
    let theirs = registered_in(&run, month, &huocheng_agent, "help", "霍城县").await;
    let (status, v) = call(&county, base, "save_report", json!({"id": own, "briefing": "", "special": "", "cases": format!("{theirs} 本县典型")})).await;
    assert_eq!(status, StatusCode::OK, "{name}: {v}");
    assert_eq!((v["author"].as_str(), registered(&v)), (Some("霍城县人民政府热线办"), 1), "{name}: {v}");
    let (status, v) = call(&county, base, "issue_report", json!({"id": own})).await;
    assert_eq!(status, StatusCode::OK, "{name}: {v}");
    let (_, page) = call(&reviewer, base, "reports", json!({"month": month.code()})).await;
    let huocheng = page["counties"].as_array().unwrap().iter().find(|c| c["office"] == "霍城县人民政府热线办").cloned().unwrap();
    assert_eq!((huocheng["sent"].as_bool(), huocheng["report"].as_i64()), (Some(true), Some(own)), "{name}: {page}");
    assert!(huocheng["state"].as_str().unwrap().starts_with("已报送（第1版"), "{name}: {page}");
    let (status, v) = call(&reviewer, base, "report", json!({"id": own})).await;
    assert_eq!((status, v["may_edit"].as_bool(), v["may_correct"].as_bool()), (StatusCode::OK, Some(false), Some(false)), "{name}: the center reads, not writes: {v}");

    // This month is not over: drafted, never issued.
    let (_, now_id) = call(&reviewer, base, "start_report", json!({"month": month.next().code()})).await;
    let (status, v) = call(&reviewer, base, "issue_report", json!({"id": now_id})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}: {v}");
    assert!(v.to_string().contains("尚未结束"), "{name}: {v}");

    // An ad-hoc workbook: any period, the viewer's scope, one breakdown.
    let (status, book) = xlsx(&analyst, &format!("{base}/staff/stats.xlsx?period={}&by=type", month.code())).await;
    assert_eq!(status, StatusCode::OK, "{name}");
    let by_type = rows(&mut book.unwrap(), "指标");
    assert_eq!(by_type[0][0], Data::String("诉求类型".into()));
    let complaints = by_type.iter().find(|r| r[0] == Data::String("投诉举报".into())).unwrap_or_else(|| panic!("{name}: {by_type:?}"));
    assert_eq!(by_type[0].len(), complaints.len());
    for (query, expected) in [("period=2026-13&by=type", StatusCode::BAD_REQUEST), ("period=2026-11&by=colour", StatusCode::BAD_REQUEST)] {
        let (status, _) = xlsx(&analyst, &format!("{base}/staff/stats.xlsx?{query}")).await;
        assert_eq!(status, expected, "{name}: {query}");
    }
    let (status, _) = xlsx(&support::http::client(), &format!("{base}/staff/stats.xlsx?period=2026")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{name}");

    let audited = |action: &str| {
        let filter = AuditFilter { action: app::domain::types::AuditAction::parse(action).ok(), ..Default::default() };
        let store = run.db.store.clone();
        async move { store.audit_entries(&filter, 100, 0).await.unwrap() }
    };
    assert_eq!(audited("issue_report").await.len(), 3, "{name}");
    assert_eq!(audited("correct_report").await.len(), 1, "{name}");
    assert!(audited("download_report").await.len() >= 3, "{name}");
}
