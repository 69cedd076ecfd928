//! Backups (issue 16 §4): a backup of the SQLite store taken while agents
//! register holds every request acknowledged before it began; restored
//! where no store is, it opens, migrates and finds them all; a restore over
//! a store, of a file that is not a store, a backup over an existing file,
//! and a backup of a PostgreSQL store (pg_dump's job) are refused.

use crate::support::{center_agent, TestDb};
use server::service::Service;
use server::store::Store;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

fn draft(i: usize) -> app::domain::request::RequestDraft {
    serde_json::from_value(serde_json::json!({
        "channel": "phone", "type": "help", "title": "楼道灯坏了", "content": format!("第{i}号楼楼道灯坏了。"),
        "location": {"county": "伊宁市"}, "requester": {"name": "张三", "phone": "13812345678"}
    }))
    .unwrap()
}

#[tokio::test]
async fn a_backup_taken_under_load_restores_every_acknowledged_request() {
    let db = TestDb::sqlite().await;
    server::seed::seed_reference_data(&db.store).await.unwrap();
    let service = Arc::new(Service::new(db.store.clone()).await.unwrap());
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let mut agents = Vec::new();
    for a in 0..4 {
        let (service, acknowledged, stop) = (service.clone(), acknowledged.clone(), stop.clone());
        agents.push(tokio::spawn(async move {
            let mut i = a * 100_000;
            while !stop.load(Ordering::Relaxed) {
                let view = service.register_request_at(&center_agent(), draft(i), chrono::Utc::now()).await.unwrap();
                acknowledged.lock().unwrap().push(view.number);
                i += 1;
            }
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let before: Vec<String> = acknowledged.lock().unwrap().clone();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backups/hotline-backup.db");
    let bytes = db.store.backup_to(&file).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    stop.store(true, Ordering::Relaxed);
    for a in agents {
        a.await.unwrap();
    }
    let all = acknowledged.lock().unwrap().len();
    assert!(bytes > 0 && !before.is_empty() && all > before.len(), "registrations went on around the backup: {} then {all}", before.len());
    assert!(db.store.backup_to(&file).await.unwrap_err().to_string().contains("exists already"));

    let url = format!("sqlite://{}/restored/hotline.db?mode=rwc", dir.path().display());
    assert_eq!(server::store::backup::restore(&file, &url).await.unwrap(), bytes);
    let restored = Store::connect(&url).await.unwrap();
    restored.migrate().await.unwrap();
    for number in &before {
        assert!(restored.load_request(number).await.unwrap().is_some(), "{number} acknowledged before the backup");
    }
    let again = server::store::backup::restore(&file, &url).await.unwrap_err().to_string();
    assert!(again.contains("already"), "{again}");
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"not a database at all").unwrap();
    let other = format!("sqlite://{}/elsewhere/hotline.db?mode=rwc", dir.path().display());
    assert!(server::store::backup::restore(&junk, &other).await.is_err(), "not a store");
    assert!(!dir.path().join("elsewhere/hotline.db").exists(), "nothing written");
    db.drop_db().await;
}

#[tokio::test]
async fn a_postgresql_store_is_backed_up_with_its_own_tools() {
    let db = TestDb::postgres().await;
    let dir = tempfile::tempdir().unwrap();
    let refused = db.store.backup_to(&dir.path().join("b.db")).await.unwrap_err().to_string();
    assert!(refused.contains("pg_dump"), "{refused}");
    db.drop_db().await;
}
