//! The `hotline` command line. Commands that check the domain from outside
//! (`deadline`, `replay`, `calendar`) print JSON or plain lines and use exit
//! code 2 for bad input, 1 for a refusal or failure.

mod calendar;
mod deadline;
mod replay;
mod stats;
mod user;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(name = "hotline", version, about = "12345 政务服务便民热线 — server and tools")]
pub struct Cli {
    /// The database: sqlite:… (default: an SQLite file in data/) or postgres://…
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the web app (the default).
    Serve,
    /// Apply the database migrations.
    Migrate,
    /// Load demo units, categories, staff and requests (only into an empty database).
    SeedDemo {
        /// Also generate this many requests in bulk on the days before
        /// yesterday, 1,000 a day (a store of a prefecture's years).
        #[arg(long, default_value_t = 0)]
        requests: usize,
    },
    /// Manage staff accounts.
    User {
        #[command(subcommand)]
        command: user::UserCommand,
    },
    /// Compute a deadline in working days and print it as JSON.
    Deadline(deadline::DeadlineArgs),
    /// Show or import the working-day calendar.
    Calendar {
        #[command(subcommand)]
        command: calendar::CalendarCommand,
    },
    /// Rebuild the full-text search index from the store (HOTLINE_INDEX_DIR, default data/index).
    Reindex,
    /// Archive the requests that ended and stayed quiet for HOTLINE_ARCHIVE_AFTER_DAYS (default 90)
    /// days, as the server's hourly job does (Art. 3).
    Archive {
        /// Run the pass as of this instant (RFC 3339) instead of now: for trials and tests.
        #[arg(long)]
        at: Option<chrono::DateTime<chrono::Utc>>,
    },
    /// Print every indicator of SPEC §7 for a period as one JSON object (full recount).
    Stats(stats::StatsArgs),
    /// Export data for the region's platform and independent checkers.
    Export {
        #[command(subcommand)]
        command: stats::ExportCommand,
    },
    /// Write a consistent copy of the SQLite store to FILE while the server runs
    /// (PostgreSQL: use pg_dump).
    Backup {
        file: std::path::PathBuf,
    },
    /// Put the backup FILE where the SQLite store of DATABASE_URL is to be
    /// (only where no store is: stop the server and move the old one aside).
    Restore {
        file: std::path::PathBuf,
    },
    /// Run a scripted sequence of commands through the domain core (no database).
    Replay {
        /// The script (JSON); see docs/replay.md.
        file: std::path::PathBuf,
    },
}

/// Exit codes.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FAILED: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

/// Runs a command and returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let url = cli.database_url.unwrap_or_else(|| crate::store::DEFAULT_DATABASE_URL.to_string());
    match cli.command.unwrap_or(Command::Serve) {
        Command::Deadline(args) => deadline::run(&args, &url),
        Command::Replay { file } => replay::run(&file),
        Command::Calendar { command } => calendar::run(command, &url),
        Command::User { command } => user::run(command, &url),
        Command::Stats(args) => stats::run_stats(&args, &url),
        Command::Export { command } => stats::run_export(&command, &url),
        Command::Serve => block_on(crate::http::serve(&url)),
        Command::Migrate => block_on(async {
            let store = crate::store::Store::connect(&url).await?;
            store.migrate().await?;
            emit(format_args!("migrations applied to {}", crate::store::redact(&url)));
            Ok(())
        }),
        Command::Backup { file } => block_on(async {
            let store = crate::store::Store::connect(&url).await?;
            let bytes = store.backup_to(&file).await?;
            emit(format_args!("backup of {} written to {} ({bytes} bytes)", crate::store::redact(&url), file.display()));
            Ok(())
        }),
        Command::Restore { file } => block_on(async {
            let bytes = crate::store::backup::restore(&file, &url).await?;
            emit(format_args!("{} restored to {} ({bytes} bytes); `hotline migrate` brings it up to this version", file.display(), crate::store::redact(&url)));
            Ok(())
        }),
        Command::SeedDemo { requests } => block_on(async {
            emit(crate::seed::seed_demo(&url, requests).await?);
            Ok(())
        }),
        Command::Archive { at } => block_on(async {
            let service = service_for_cli(&url).await?;
            let at = at.unwrap_or_else(chrono::Utc::now);
            let n = service.archive_ended(at).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            emit(format_args!("{n} ended requests archived as of {at}"));
            Ok(())
        }),
        Command::Reindex => block_on(async {
            let store = crate::store::Store::connect(&url).await?;
            store.migrate().await?;
            let dir = crate::search::index_dir();
            let index = crate::search::SearchIndex::open(&dir)?;
            let service = crate::service::Service::with_index(store, index).await?;
            let started = std::time::Instant::now();
            let n = service.rebuild_index().await?;
            emit(format_args!("search index rebuilt in {}: {n} documents in {:.1} s", dir.display(), started.elapsed().as_secs_f64()));
            Ok(())
        }),
    }
}

/// The service over the migrated store, with an empty search index (for
/// commands that do not search).
async fn service_for_cli(url: &str) -> anyhow::Result<crate::service::Service> {
    let store = crate::store::Store::connect(url).await?;
    store.migrate().await?;
    crate::service::Service::with_index(store, crate::search::SearchIndex::in_memory()?).await
}

/// Runs an async computation on a fresh runtime.
pub fn block_on_value<T>(fut: impl std::future::Future<Output = anyhow::Result<T>>) -> anyhow::Result<T> {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(fut)
}

/// Runs an async command; an error prints one line and gives exit code 1.
pub fn block_on(fut: impl std::future::Future<Output = anyhow::Result<()>>) -> i32 {
    match block_on_value(fut) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("error: {e:#}");
            EXIT_FAILED
        }
    }
}

/// Prints one line to stdout; a closed pipe (`| head`) ends the program quietly.
pub fn emit(line: impl std::fmt::Display) {
    use std::io::Write;
    if writeln!(std::io::stdout().lock(), "{line}").is_err() {
        std::process::exit(EXIT_OK);
    }
}

/// Prints one line to stderr and returns the usage exit code.
pub fn usage_error(msg: impl std::fmt::Display) -> i32 {
    eprintln!("error: {msg}");
    EXIT_USAGE
}
