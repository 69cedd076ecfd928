//! The store: one code path over SQLite (embedded default) and PostgreSQL
//! (production), through sqlx's Any driver. Times are epoch milliseconds,
//! flags 0/1 integers, so the same SQL runs on both.

mod appeals;
pub mod backup;
mod assessment;
mod audit;
pub mod bulk;
mod citizen;
mod counted_events;
mod data_corrections;
mod front_desk;
mod hot_spots;
mod inbox;
mod knowledge;
mod misuse_flags;
mod readiness;
mod releases;
mod reports;
mod outbox;
mod writer;
mod calendar;
mod requests;
mod sql;
mod search;
mod index_source;
mod search_queue;
mod stat_facts;
mod stat_rollups;
mod synonyms;
mod staff_notices;
mod emergencies;
mod scope;
mod supervisions;
mod oversight;
mod open_work;
mod queue_merge;
mod work_list_line;
mod exclusive;
mod public_cases;
mod rate_limits;
mod units;
mod users;
mod warnings;

pub use audit::{AuditEntry, AuditFilter};
pub use citizen::{AttachmentOwner, AttachmentRow, DraftClaim, DraftRow, WithRequest};
pub use data_corrections::{CorrectionRow, CorrectionUpdate};
pub use front_desk::{SampleReview, SampleRow};
pub use hot_spots::{HotSpotRow, Recorded, HOT_SPOT_NOTICE};
pub use inbox::{CenterQueue, InboxQuery, InboxRow};
pub use exclusive::Turn;
pub use scope::RequestScope;
pub use public_cases::{NewPublicCase, PublicCaseRow};
pub use knowledge::{KNOWLEDGE_NOTICE, STALE_NOTICE, KnowledgeFilter, KnowledgeRow, KnowledgeText, KnowledgeVersion};
pub use misuse_flags::{FlagColumns, FlagRow};
pub use appeals::{AppealAnswer, AppealInsert, AppealRow, NewAppeal};
pub use assessment::{NewPublication, PublicationRow};
pub use readiness::StoreReadiness;
pub use releases::ReleaseRow;
pub use reports::ReportRow;
pub use outbox::{OutboxEntry, OutboxMessage};
pub use search::SearchFilter;
pub use search_queue::{QueuedKey, QUEUE_ENTRY, QUEUE_REQUEST};
pub use sql::{from_millis, millis};
pub use requests::{AssignmentRow, Bundle, EventRow, RequestRow, SaveError, StoredRequest};
pub use counted_events::CountedTimeline;
pub use stat_facts::{CountedRow, FactQuery, FactScope};
pub use stat_rollups::{day_number, day_of_number, FactRow, StatChanges, StatKey};
pub use staff_notices::{StaffNoticeRow, StoredStaffNotice, UNSEEN_CAP};
pub use units::{UnitFlags, UnitRow};
pub use users::UserRow;

use anyhow::Context as _;
use sqlx::any::AnyPoolOptions;
use sqlx::AnyPool;
use sqlx::Executor;
use std::time::Duration;

/// The database in use when `DATABASE_URL` is not set.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/hotline.db?mode=rwc";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Store {
    /// Reads (and, on PostgreSQL, writes).
    pool: AnyPool,
    /// Writes. SQLite has one writer at a time: a single connection queues
    /// writers in-process instead of letting them spin on the file lock.
    writer: AnyPool,
    /// SQLite's group-commit queue (see `writer`).
    group: Option<writer::Writer>,
    backend: Backend,
    /// Where it is (for PostgreSQL's notifications, which need a connection of their own).
    url: String,
    /// The key of the rate limits' hashes, read from the store once.
    rate_secret: std::sync::Arc<tokio::sync::OnceCell<String>>,
}



impl Store {
    /// Connects to `url` (sqlite:… or postgres:…), creating the SQLite file and
    /// its folder on first use.
    pub async fn connect(url: &str) -> anyhow::Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            anyhow::bail!("DATABASE_URL must start with sqlite: or postgres:");
        };
        let context = || format!("cannot open the database at {}", redact(url));
        let (pool, writer) = match backend {
            Backend::Sqlite => {
                create_sqlite_folder(url)?;
                let pool = sqlite_options(8).connect(url).await.with_context(context)?;
                let writer = sqlite_options(1).connect(url).await.with_context(context)?;
                (pool, writer)
            }
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .acquire_timeout(Duration::from_secs(10))
                    .max_connections(16)
                    .connect(url)
                    .await
                    .with_context(context)?;
                (pool.clone(), pool)
            }
        };
        let group = (backend == Backend::Sqlite).then(|| writer::Writer::spawn(writer.clone()));
        Ok(Store { pool, writer, group, backend, url: url.to_string(), rate_secret: Default::default() })
    }

    /// Applies the migrations of the backend in use.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        let migrator = match self.backend {
            Backend::Sqlite => sqlx::migrate!("../migrations/sqlite"),
            Backend::Postgres => sqlx::migrate!("../migrations/postgres"),
        };
        migrator.run(&self.writer).await.context("database migration failed")?;
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The PostgreSQL database's address; `None` for SQLite.
    pub fn postgres_url(&self) -> Option<&str> {
        (self.backend == Backend::Postgres).then_some(self.url.as_str())
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub async fn close(&self) {
        self.pool.close().await;
        self.writer.close().await;
    }
}

fn sqlite_options(max_connections: u32) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .acquire_timeout(Duration::from_secs(30))
        .max_connections(max_connections)
        .after_connect(|conn, _| {
            Box::pin(async move {
                // WAL lets readers run beside the writer; FULL makes every
                // commit durable; the busy timeout covers other processes.
                conn.execute("PRAGMA journal_mode = WAL").await?;
                conn.execute("PRAGMA synchronous = FULL").await?;
                conn.execute("PRAGMA busy_timeout = 10000").await?;
                conn.execute("PRAGMA foreign_keys = ON").await?;
                Ok(())
            })
        })
}

/// The file of an SQLite store's URL; `None` for PostgreSQL or an in-memory store.
pub(crate) fn sqlite_path(url: &str) -> Option<String> {
    let path = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = path.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| path.to_string())
}

fn create_sqlite_folder(url: &str) -> anyhow::Result<()> {
    let Some(path) = sqlite_path(url) else {
        return Ok(());
    };
    if let Some(dir) = std::path::Path::new(&path).parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
    }
    Ok(())
}

/// The URL without a password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://…@{}", &url[..s], &url[at + 1..]),
        _ => url.to_string(),
    }
}
