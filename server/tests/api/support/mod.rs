//! Test databases: a fresh SQLite file and a fresh PostgreSQL database per
//! test, so the same test runs against both backends.
#![allow(dead_code)]

pub mod http;
pub mod processes;

/// Runs a scenario `async fn(TestDb)` as two tests, `<name>_on_sqlite` and
/// `<name>_on_postgres`.
#[macro_export]
macro_rules! on_both_backends {
    ($($scenario:ident),+ $(,)?) => {
        $(
            paste::paste! {
                #[tokio::test]
                async fn [<$scenario _on_sqlite>]() {
                    $scenario($crate::support::TestDb::sqlite().await).await;
                }

                #[tokio::test]
                async fn [<$scenario _on_postgres>]() {
                    $scenario($crate::support::TestDb::postgres().await).await;
                }
            }
        )+
    };
}

use server::store::Store;

/// The demo agent of the hotline center, for calling the service directly.
pub fn center_agent() -> app::api::auth::StaffUser {
    app::api::auth::StaffUser {
        id: 0,
        username: "agent".into(),
        display_name: "agent".into(),
        role: app::domain::types::Role::Agent,
        unit_id: "center".into(),
        unit_name: String::new(),
        post: None,
    }
}

pub struct TestDb {
    pub name: &'static str,
    pub url: String,
    pub store: Store,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(tempfile::TempDir),
    Postgres { admin_url: String, database: String },
}

/// The PostgreSQL the tests use; `make test` makes sure it runs.
pub fn pg_admin_url() -> String {
    std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| "postgres://root@127.0.0.1:5432/test".to_string())
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}/hotline.db?mode=rwc", dir.path().display());
        let store = Store::connect(&url).await.expect("open sqlite");
        store.migrate().await.expect("migrate sqlite");
        TestDb { name: "sqlite", url, store, cleanup: Cleanup::Sqlite(dir) }
    }

    /// A new database on the test server. Fails loudly when PostgreSQL is unreachable:
    /// the store must pass on both backends, never silently on one.
    pub async fn postgres() -> TestDb {
        use sqlx::Executor;
        sqlx::any::install_default_drivers();
        let admin_url = pg_admin_url();
        let admin = sqlx::AnyPool::connect(&admin_url)
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL at {admin_url} is required for the store tests: {e}"));
        let database = format!("hotline_t_{}_{}", std::process::id(), rand_suffix());
        admin
            .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {database}")))
            .await
            .expect("create test database");
        admin.close().await;
        let url = replace_database(&admin_url, &database);
        let store = Store::connect(&url).await.expect("open postgres");
        store.migrate().await.expect("migrate postgres");
        TestDb { name: "postgres", url, store, cleanup: Cleanup::Postgres { admin_url, database } }
    }

    pub async fn both() -> Vec<TestDb> {
        vec![TestDb::sqlite().await, TestDb::postgres().await]
    }

    /// Ends the test's database, checking first that the open-work counts
    /// kept beside the assignments agree with them (issue 16 §2): every
    /// test that writes through the server checks it on its way out.
    pub async fn drop_db(self) {
        // Every deadline lies before the last instant, folded or not.
        let differences = self.store.open_work_differences(chrono::DateTime::<chrono::Utc>::MAX_UTC).await.expect("read the open-work counts");
        assert_eq!(differences, vec![], "{}: the open-work counts disagree with the assignments", self.name);
        self.store.close().await;
        if let Cleanup::Postgres { admin_url, database } = self.cleanup {
            use sqlx::Executor;
            if let Ok(admin) = sqlx::AnyPool::connect(&admin_url).await {
                let _ = admin.execute(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"))).await;
                admin.close().await;
            }
        }
    }
}

fn rand_suffix() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let t = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    format!("{t:x}{n}")
}

fn replace_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let head = match base.rfind('/') {
        Some(i) if i > base.find("://").map(|s| s + 2).unwrap_or(0) => &base[..i],
        _ => base,
    };
    match query {
        Some(q) => format!("{head}/{database}?{q}"),
        None => format!("{head}/{database}"),
    }
}

/// One upload folder for the whole test binary; `http::start` asks for it
/// before any server starts.
pub fn upload_dir() -> std::path::PathBuf {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    // Set once, as the first test asks: the tests share one process.
    let dir = DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        std::env::set_var("HOTLINE_UPLOAD_DIR", dir.path());
        dir
    });
    dir.path().to_path_buf()
}
