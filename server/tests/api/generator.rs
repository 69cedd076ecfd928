//! The bulk generator (issue 16 §2) writes what the commands would have:
//! each generated request's stored row and assignments are the domain's
//! projection of its own snapshot, its events name it and its units, the
//! kept queue counts agree (checked by `drop_db`), and an open one takes the
//! next command like any other. Both stores.

use crate::support::{center_agent, TestDb};
use app::api::requests::RequestBackend;
use app::domain::machine::Command;
use app::domain::request::Request;
use app::domain::state_code::StateCode;
use server::service::projection::{assignment_rows, request_row};
use server::service::Service;
use server::store::AssignmentRow;
use sqlx::Row;

async fn stored_assignments(db: &TestDb, id: i64) -> Vec<AssignmentRow> {
    sqlx::query("SELECT unit_id, unit_path, role, status, open, due_at FROM assignments WHERE request_id = $1 ORDER BY seq")
        .bind(id)
        .fetch_all(db.store.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| AssignmentRow {
            unit_id: r.get(0),
            unit_path: r.get(1),
            role: r.get(2),
            status: r.get(3),
            open: r.get::<i64, _>(4) != 0,
            due_at: r.get::<Option<i64>, _>(5).map(server::store::from_millis),
        })
        .collect()
}

#[tokio::test]
async fn generated_requests_are_what_the_domain_would_have_stored() {
    for db in TestDb::both().await {
        server::seed::seed_demo(&db.url, 0).await.unwrap();
        let service = Service::new(db.store.clone()).await.unwrap();
        let demo = db.store.count_requests_in_states(StateCode::ALL).await.unwrap() as usize;
        // Two calls: the second follows the first, further back, without a number twice.
        let mut numbers = server::seed::bulk::preload(&service, demo, 1_300).await.unwrap();
        numbers.extend(server::seed::bulk::preload(&service, demo + 1_300, 700).await.unwrap());
        let stored = db.store.count_requests_in_states(StateCode::ALL).await.unwrap() as usize;
        assert_eq!(stored, demo + 2_000, "{}", db.name);
        let unique: std::collections::BTreeSet<_> = numbers.iter().collect();
        assert_eq!(unique.len(), 2_000, "{}", db.name);
        let open: Vec<StateCode> = StateCode::ALL.iter().copied().filter(|s| s.is_open()).collect();
        let open_now = db.store.count_requests_in_states(&open).await.unwrap() as usize;
        assert!(open_now >= 2_000 / 33, "{}: about 3 % open, {open_now}", db.name);

        let world = service.world();
        let mut phones = std::collections::BTreeSet::new();
        let mut units = std::collections::BTreeSet::new();
        for number in numbers.iter().step_by(37) {
            let s = db.store.load_request(number).await.unwrap().unwrap();
            let req: Request = serde_json::from_str(&s.row.snapshot).unwrap();
            assert_eq!(req.number().to_string(), *number, "{}", db.name);
            let projected = request_row(&req, &world).unwrap();
            // The snapshot is compared as a value: its text is the template's with words replaced.
            let value = |t: &str| serde_json::from_str::<serde_json::Value>(t).unwrap();
            assert_eq!(value(&projected.snapshot), value(&s.row.snapshot), "{} {number}", db.name);
            let mut row = s.row.clone();
            row.snapshot = projected.snapshot.clone();
            // The office's path is stored but not loaded with the row.
            row.office_path = sqlx::query("SELECT office_path FROM requests WHERE id = $1").bind(s.id).fetch_one(db.store.pool()).await.unwrap().get(0);
            assert_eq!(row, projected, "{} {number}: the stored row is the snapshot's projection", db.name);
            assert_eq!(stored_assignments(&db, s.id).await, assignment_rows(&req, &world), "{} {number}", db.name);
            let events = db.store.events(s.id).await.unwrap();
            assert!(events.len() >= 3, "{} {number}", db.name);
            assert!(events.iter().all(|e| !e.payload.contains("99999")), "{} {number}: no template number in {events:?}", db.name);
            let unit = &row_unit(&stored_assignments(&db, s.id).await);
            let named: Vec<_> = events.iter().filter_map(|e| e.actor_unit.as_deref()).filter(|u| *u != "center").collect();
            assert!(named.iter().all(|u| u == unit), "{} {number}: events by {named:?}, assigned to {unit}", db.name);
            phones.insert(s.row.requester_phone.clone());
            units.insert(unit.clone());
        }
        assert!(phones.len() > 50 && units.len() > 3, "{}: phones and units vary", db.name);

        // An open generated request takes the next command.
        let mut open_one = None;
        for n in &numbers {
            let state = db.store.load_request(n).await.unwrap().unwrap().row.state;
            if open.iter().any(|s| s.code() == state) {
                open_one = Some(n.clone());
                break;
            }
        }
        let open_one = &open_one.unwrap();
        let command = Command::AddInformation { text: app::domain::types::Content::parse("补充：现场仍有噪声。").unwrap(), attachments: vec![] };
        let view = service.apply_command(&center_agent(), open_one, command).await.unwrap();
        assert!(view.events.iter().any(|e| e.kind == "information_added"), "{}: {:?}", db.name, view.events.iter().map(|e| &e.kind).collect::<Vec<_>>());
        db.drop_db().await;
    }
}

/// The unit a generated request was given (its lead assignment's).
fn row_unit(assignments: &[AssignmentRow]) -> String {
    assignments.first().map(|a| a.unit_id.clone()).unwrap_or_default()
}
