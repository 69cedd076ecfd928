//! Backups of the SQLite store (issue 16 §4): an online, consistent copy
//! taken while the server runs (`VACUUM INTO`: one read transaction, so the
//! copy is the store as of one instant, and writers go on), and a restore
//! that puts a checked copy where a store is to be — never over a live one.
//! PostgreSQL is backed up with its own tools (pg_dump/pg_restore; README).

use super::{sqlite_path, Backend, Store};
use anyhow::Context;
use sqlx::{Connection, Row};
use std::path::Path;

impl Store {
    /// Writes a consistent copy of the SQLite store to `to` (which must not exist).
    pub async fn backup_to(&self, to: &Path) -> anyhow::Result<u64> {
        anyhow::ensure!(self.backend == Backend::Sqlite, "a PostgreSQL store is backed up with pg_dump (see the README)");
        anyhow::ensure!(!to.exists(), "{} exists already; choose a new file", to.display());
        if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let target = to.to_str().context("the backup's path is not UTF-8")?;
        // A reader does it: the single writer goes on committing meanwhile.
        sqlx::query("VACUUM INTO $1").bind(target).execute(&self.pool).await.with_context(|| format!("backup to {} failed", to.display()))?;
        Ok(std::fs::metadata(to)?.len())
    }
}

/// Puts the backup `from` where the SQLite store of `url` is to be, after
/// checking that it is whole and is a hotline store. Refuses when a store
/// is there already: stop the server and move it aside first.
pub async fn restore(from: &Path, url: &str) -> anyhow::Result<u64> {
    let to = sqlite_path(url).context("restore writes an SQLite store; a PostgreSQL store is restored with pg_restore (see the README)")?;
    let to = Path::new(&to);
    anyhow::ensure!(from.is_file(), "no backup at {}", from.display());
    anyhow::ensure!(
        !to.exists(),
        "a store is at {} already: stop the server and move that file (with its -wal and -shm files) aside, then restore",
        to.display()
    );
    sqlx::any::install_default_drivers();
    let mut check = sqlx::AnyConnection::connect(&format!("sqlite://{}?mode=ro", from.display()))
        .await
        .with_context(|| format!("{} is not an SQLite file", from.display()))?;
    let whole: String = sqlx::query("PRAGMA integrity_check").fetch_one(&mut check).await.with_context(|| format!("{} is not an SQLite store", from.display()))?.get(0);
    anyhow::ensure!(whole == "ok", "{} is damaged: {whole}", from.display());
    let migrations: i64 = sqlx::query("SELECT COUNT(*) FROM _sqlx_migrations").fetch_one(&mut check).await.context("not a hotline store")?.get(0);
    anyhow::ensure!(migrations > 0, "{} is not a hotline store", from.display());
    check.close().await?;
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    // Copied under a temporary name and renamed: a crash leaves no half store.
    let part = to.with_extension("restoring");
    std::fs::copy(from, &part).with_context(|| format!("cannot write {}", part.display()))?;
    std::fs::rename(&part, to)?;
    Ok(std::fs::metadata(to)?.len())
}
