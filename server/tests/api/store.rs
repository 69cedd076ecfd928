//! The store suite: every test runs on SQLite and on PostgreSQL.

use crate::support;

use app::domain::state_code::StateCode;
use app::domain::calendar::{HolidayNotice, Layer};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use server::store::{AssignmentRow, AuditEntry, EventRow, RequestRow, Store};
use support::TestDb;

async fn tree(store: &Store) {
    store.insert_unit("center", "热线管理中心", None, false, true).await.unwrap();
    store.insert_unit("yining", "伊宁市人民政府", Some("center"), false, true).await.unwrap();
    store.insert_unit("yining-town", "墩买里街道", Some("yining"), false, false).await.unwrap();
    store.insert_unit("yining-x", "另一单位", Some("center"), false, false).await.unwrap();
}

fn row(number: &str, state: &str, due_days: i64) -> RequestRow {
    let at = Utc.with_ymd_and_hms(2024, 9, 23, 1, 0, 0).unwrap();
    RequestRow {
        number: number.into(),
        request_type: "complaint".into(),
        emergency: false,
        channel: "phone".into(),
        category: None,
        state: state.into(),
        title: "噪音扰民".into(),
        county: Some("yining".into()),
        requester_phone: "13800138000".into(),
        registered_at: at,
        due_at: Some(at + Duration::days(due_days)),
        center_queue: None,
        snapshot: "{}".into(),
        office_path: "/center/".into(),
    }
}

fn event(kind: &str) -> EventRow {
    EventRow {
        seq: 0,
        at: Utc::now(),
        kind: kind.into(),
        actor_user: Some("agent".into()),
        actor_role: "agent".into(),
        actor_unit: Some("center".into()),
        public_text: Some("已受理".into()),
        internal_note: None,
        payload: "{}".into(),
    }
}

fn assignment(unit: &str, path: &str, status: &str, due: chrono::DateTime<Utc>) -> AssignmentRow {
    AssignmentRow {
        unit_id: unit.into(),
        unit_path: path.into(),
        role: "lead".into(),
        status: status.into(),
        open: true,
        due_at: Some(due),
    }
}

#[tokio::test]
async fn units_form_a_tree_with_paths() {
    for db in TestDb::both().await {
        tree(&db.store).await;
        let units = db.store.units().await.unwrap();
        assert_eq!(units.len(), 4, "{}", db.name);
        let town = db.store.unit("yining-town").await.unwrap().unwrap();
        assert_eq!(town.path, "/center/yining/yining-town/", "{}", db.name);
        assert!(db.store.insert_unit("orphan", "x", Some("nope"), false, false).await.is_err());
        assert!(db.store.insert_unit("yining", "dup", Some("center"), false, false).await.is_err(), "{}", db.name);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn sessions_expire_and_log_out() {
    for db in TestDb::both().await {
        tree(&db.store).await;
        let now = Utc::now();
        let id = db.store.insert_user("agent", "话务员", "hash", "agent", "center", now).await.unwrap();
        db.store.insert_session("live", id, now, now + Duration::hours(1)).await.unwrap();
        db.store.insert_session("old", id, now - Duration::hours(2), now - Duration::hours(1)).await.unwrap();
        let user = db.store.session_user("live", now).await.unwrap().expect("live session");
        assert_eq!((user.username.as_str(), user.unit_name.as_str()), ("agent", "热线管理中心"), "{}", db.name);
        assert!(db.store.session_user("old", now).await.unwrap().is_none(), "{}", db.name);
        assert_eq!(db.store.purge_sessions(now).await.unwrap(), 1, "{}", db.name);
        db.store.delete_session("live").await.unwrap();
        assert!(db.store.session_user("live", now).await.unwrap().is_none(), "{}", db.name);
        assert!(db.store.insert_user("agent", "again", "h", "agent", "center", now).await.is_err());
        db.drop_db().await;
    }
}

#[tokio::test]
async fn imported_calendar_years_and_regional_days_come_back() {
    for db in TestDb::both().await {
        let notice = HolidayNotice::parse(
            r#"{"year":2027,"papers":[],"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]}"#,
        )
        .unwrap();
        db.store.import_notice(&notice, Layer::National, "test").await.unwrap();
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // Xinjiang needs the year's regional notice too before 2027 is known.
        let cal = db.store.calendar().await.unwrap();
        assert!(cal.covers(2027) && !cal.is_known(2027), "{}", db.name);
        let regional = HolidayNotice::parse(
            r#"{"year":2027,"papers":[],"days":[{"name":"古尔邦节","date":"2027-05-17","isOffDay":true}]}"#,
        )
        .unwrap();
        db.store.import_notice(&regional, Layer::Regional, "test").await.unwrap();
        // Importing again replaces, it does not duplicate.
        db.store.import_notice(&notice, Layer::National, "again").await.unwrap();
        db.store.import_notice(&regional, Layer::Regional, "again").await.unwrap();
        let cal = db.store.calendar().await.unwrap();
        assert!(cal.covers(2027) && cal.is_known(2027), "{}", db.name);
        assert_eq!(cal.is_working_day(d("2027-01-01")), Ok(false));
        assert_eq!(cal.is_working_day(d("2027-01-04")), Ok(true));
        assert_eq!(cal.is_working_day(d("2027-05-17")), Ok(false), "{}", db.name);
        assert!(!cal.covers(2028));
        db.drop_db().await;
    }
}

#[tokio::test]
async fn the_audit_log_is_append_only() {
    for db in TestDb::both().await {
        let entry = AuditEntry {
            at: Utc::now(),
            username: "agent".into(),
            action: app::domain::types::AuditAction::RevealRequester,
            request_number: Some("YL2024092300001".into()),
            reason: Some("回电核实".into()),
            detail: None,
        };
        db.store.audit(&entry).await.unwrap();
        let got = db.store.audit_for_request("YL2024092300001").await.unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].reason.as_deref(), Some("回电核实"));
        let tampered = sqlx::query("UPDATE audit_log SET username = 'x'").execute(db.store.pool()).await;
        assert!(tampered.is_err(), "{}: audit rows must not change", db.name);
        let deleted = sqlx::query("DELETE FROM audit_log").execute(db.store.pool()).await;
        assert!(deleted.is_err(), "{}: audit rows must not be deleted", db.name);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn requests_numbers_versions_events_and_queues() {
    for db in TestDb::both().await {
        tree(&db.store).await;
        let due = Utc.with_ymd_and_hms(2024, 10, 16, 16, 0, 0).unwrap();
        // Two requests on one day get consecutive sequence numbers.
        for expected in 1..=2 {
            let seq = db.store.next_number("2024-09-23").await.unwrap();
            assert_eq!(seq, expected, "{}", db.name);
            let bundle = (
                row(&format!("YL20240923{seq:05}"), "dispatched", 20),
                vec![assignment("yining-town", "/center/yining/yining-town/", "received", due)],
                vec![event("registered"), event("dispatched")],
            );
            assert!(db.store.insert_request(bundle, Default::default()).await.unwrap());
        }
        // A second request with a number already taken is refused whole.
        let dup = (row("YL2024092300002", "registered", 1), vec![], vec![event("registered")]);
        assert!(db.store.insert_request(dup, Default::default()).await.is_err(), "{}", db.name);
        assert_eq!(db.store.count_requests_in_states(&[StateCode::Registered]).await.unwrap(), 0, "{}", db.name);

        let loaded = db.store.load_request("YL2024092300001").await.unwrap().unwrap();
        assert_eq!(loaded.version, 1);
        let mut next = loaded.row.clone();
        next.state = "handling".into();
        db.store
            .save_request(
                &loaded,
                &next,
                &[assignment("yining-town", "/center/yining/yining-town/", "handling", due)],
                &[event("acknowledged")],
                Default::default(),
            )
            .await
            .unwrap();
        // A second writer holding the old version loses, and nothing of its change lands.
        let stale = db.store.save_request(&loaded, &next, &[], &[event("late")], Default::default()).await;
        assert!(matches!(stale, Err(server::store::SaveError::Conflict)), "{}", db.name);
        let events = db.store.events(loaded.id).await.unwrap();
        let kinds: Vec<_> = events.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds, ["registered", "dispatched", "acknowledged"], "{}", db.name);
        assert_eq!(events.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 2, 3]);
        assert!(sqlx::query("DELETE FROM events").execute(db.store.pool()).await.is_err(), "{}", db.name);

        // Queues by subtree: the county sees its township's work; a sibling with a
        // similar id does not.
        use app::domain::types::AssignmentStatusCode::{Handling, Received};
        assert_eq!(db.store.count_subtree_assignments("/center/yining/", &[Handling]).await.unwrap(), 1);
        assert_eq!(db.store.count_subtree_assignments("/center/yining/", &[Received]).await.unwrap(), 1);
        assert_eq!(db.store.count_subtree_assignments("/center/yining-x/", &[Handling, Received]).await.unwrap(), 0);
        assert_eq!(db.store.count_subtree_due_before("/center/", due + Duration::seconds(1)).await.unwrap(), 2);
        assert_eq!(db.store.count_subtree_due_before("/center/", due).await.unwrap(), 0);
        assert!(db.store.request_in_subtree(loaded.id, "/center/yining/").await.unwrap());
        assert!(!db.store.request_in_subtree(loaded.id, "/center/yining-x/").await.unwrap());
        assert_eq!(db.store.count_requests_in_states(&[StateCode::Handling, StateCode::Dispatched]).await.unwrap(), 2);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn concurrent_registrations_get_distinct_numbers_and_a_failed_write_leaves_no_trace() {
    for db in TestDb::both().await {
        tree(&db.store).await;
        let mut tasks = Vec::new();
        for i in 0..50 {
            let store = db.store.clone();
            tasks.push(tokio::spawn(async move {
                let seq = store.next_number("2024-09-24").await.unwrap();
                // Every fifth write breaks a constraint (a number taken twice) and must roll back alone.
                let number = if i % 5 == 0 { "YL2024092400001".to_string() } else { format!("YL20240924{seq:05}") };
                store.insert_request((row(&number, "registered", 15), vec![], vec![event("registered")]), Default::default()).await
            }));
        }
        let mut failed = 0;
        for t in tasks {
            if t.await.unwrap().is_err() {
                failed += 1;
            }
        }
        // Ten writes reuse number 1; at most one of them (if it ran first) succeeds.
        let stored = db.store.count_requests_in_states(&[StateCode::Registered]).await.unwrap();
        assert_eq!(stored + failed, 50, "{}", db.name);
        assert!((9..=10).contains(&failed), "{}: {failed}", db.name);
        // The events of failed writes were rolled back with them.
        let events: i64 = sqlx::Row::get(&sqlx::query("SELECT COUNT(*) FROM events").fetch_one(db.store.pool()).await.unwrap(), 0);
        assert_eq!(events, stored, "{}", db.name);
        db.drop_db().await;
    }
}

/// A subtree's work list in deadline order is merged from its units' queues
/// (issue 16 §2): every page, with every filter, before and after the
/// upkeep folds passed deadlines, is what sorting all the open work gives.
#[tokio::test]
async fn merged_work_list_pages_match_sorting_everything() {
    use app::domain::types::AssignmentStatusCode::{self, Handling, Received, Submitted};
    use server::store::InboxQuery;
    let units = [("yining", "/center/yining/"), ("yining-town", "/center/yining/yining-town/"), ("yining-x", "/center/yining-x/")];
    let statuses = ["received", "handling", "submitted"];
    let base = Utc.with_ymd_and_hms(2024, 10, 16, 16, 0, 0).unwrap();
    for db in TestDb::both().await {
        tree(&db.store).await;
        // (number, unit path, status, due) of every open assignment.
        let mut open: Vec<(String, &str, &str, Option<chrono::DateTime<Utc>>)> = Vec::new();
        let mut seed = 7u64;
        let mut next = move |n: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for i in 0..90 {
            let number = format!("YL20240923{:05}", i + 1);
            let mut assignments = Vec::new();
            for _ in 0..=next(2) {
                let (unit, path) = units[next(3) as usize];
                let status = statuses[next(3) as usize];
                // Few distinct deadlines (ties), some none, some closed.
                let due = match next(6) {
                    0 => None,
                    d => Some(base + Duration::days(d as i64 * 3)),
                };
                let mut a = assignment(unit, path, status, base);
                a.due_at = due;
                a.open = next(5) != 0;
                if a.open {
                    open.push((number.clone(), path, status, due));
                }
                assignments.push(a);
            }
            assert!(db.store.insert_request((row(&number, "dispatched", 20), assignments, vec![event("registered")]), Default::default()).await.unwrap());
        }
        type Filter = (&'static [AssignmentStatusCode], Option<chrono::DateTime<Utc>>, Option<chrono::DateTime<Utc>>);
        let day = |d: i64| Some(base + Duration::days(d));
        let check = |stage: &'static str, windows: [Filter; 2]| {
            let db = &db;
            let open = open.clone();
            async move {
                let mut filters: Vec<Filter> = vec![(&[], None, None), (&[Received], None, None), (&[Handling, Submitted], None, None)];
                filters.extend(windows);
                for path in ["/center/", "/center/yining/", "/center/yining-x/"] {
                    for &(st, from, before) in &filters {
                        let codes: Vec<&str> = st.iter().map(|s| s.code()).collect();
                        // Sorted by deadline (undated last), then the request; stable for a request's own lines.
                        let mut expected: Vec<_> = open
                            .iter()
                            .filter(|(_, p, s, due)| {
                                p.starts_with(path)
                                    && (codes.is_empty() || codes.contains(s))
                                    && from.is_none_or(|f| due.is_some_and(|d| d >= f))
                                    && before.is_none_or(|b| due.is_some_and(|d| d < b))
                            })
                            .map(|(n, p, s, due)| (due.map(|d| d.timestamp_millis()).unwrap_or(i64::MAX), n.clone(), p.to_string(), s.to_string()))
                            .collect();
                        expected.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
                        let q = InboxQuery { statuses: st, due_from: from, due_before: before, ..Default::default() };
                        let mut got = Vec::new();
                        for page in 0..20 {
                            let (rows, total) = db.store.subtree_inbox(path, &q, 7, page * 7).await.unwrap();
                            assert_eq!(total as usize, expected.len(), "{} {stage} {path} {codes:?}: total", db.name);
                            if rows.is_empty() {
                                break;
                            }
                            got.extend(rows.into_iter().map(|r| (r.due_at.map(|d| d.timestamp_millis()).unwrap_or(i64::MAX), r.number, r.status.unwrap_or_default())));
                        }
                        let want: Vec<_> = expected.iter().map(|(d, n, _, s)| (*d, n.clone(), s.clone())).collect();
                        // A request's two lines of one deadline may come in either order of their statuses.
                        let key = |v: &Vec<(i64, String, String)>| v.iter().map(|(d, n, _)| (*d, n.clone())).collect::<Vec<_>>();
                        assert_eq!(key(&got), key(&want), "{} {stage} {path} {codes:?} {from:?} {before:?}", db.name);
                        let mut g = got.clone();
                        let mut w = want.clone();
                        g.sort();
                        w.sort();
                        assert_eq!(g, w, "{} {stage} {path} {codes:?}: the same lines", db.name);
                    }
                }
            }
        };
        check("as written", [(&[], day(6), day(13)), (&[], None, day(10))]).await;
        // Folded counts answer for windows from now on (the work lists' own:
        // overdue, due soon), not for windows among long-passed deadlines.
        let now = Utc::now();
        assert!(db.store.fold_open_work(now).await.unwrap() > 0, "{}", db.name);
        check("folded", [(&[], None, Some(now)), (&[], Some(now), Some(now + Duration::days(3)))]).await;
        db.drop_db().await;
    }
}
