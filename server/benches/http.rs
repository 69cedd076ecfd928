//! The HTTP benchmark: throughput and latency of the whole HTTP path (login
//! session, server function, domain, store, commit) against the real router,
//! on a store preloaded with many requests. Prints one JSON line.
//!
//!     cargo bench -p server --bench http -- --scenario register --clients 16 --seconds 10 --preload 1000000
//!     cargo bench -p server --bench http -- --database-url postgres://root@127.0.0.1:5432/hotline_bench …

mod support;

use clap::Parser;
use server::service::Service;
use server::store::Store;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Parser, Debug)]
struct Args {
    /// The store (default: a new SQLite file in the temp folder). Use an empty database.
    #[arg(long)]
    database_url: Option<String>,
    /// raw (the store's own limit: durable single-row commits, each client in a loop, no HTTP) | register (agent registers requests) | view (agent opens preloaded requests) | command (agent adds information
    /// on a request's page: the command's whole round trip) | home (a county handler's queue counts) | inbox | track
    /// | dashboard (the center's analyst reads a period's dashboard) | unit-dashboard (a county handler reads its
    /// subtree's) | report-xlsx (the center's reviewer downloads last month's draft report, generated from the data)
    #[arg(long, default_value = "register")]
    scenario: String,
    #[arg(long, default_value_t = 16)]
    clients: usize,
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Requests to put into the store before measuring.
    #[arg(long, default_value_t = 0)]
    preload: usize,
    /// Leave the search index alone (what indexing costs is the difference).
    #[arg(long)]
    no_indexer: bool,
    /// Run the background jobs as `hotline serve` does (hot-spot detector,
    /// statistics, supervision, outbox…) while the clients run; with
    /// `HOTLINE_HOT_SPOT_EVERY_SECONDS` the detector's pace.
    #[arg(long)]
    jobs: bool,
    /// In the command scenario, also ask for the request's view after each
    /// command, as the request page did before issue 13 (for comparison).
    #[arg(long)]
    reload_after_command: bool,
    /// The dashboards' period: `month` (last month) or `year` (this year).
    #[arg(long, default_value = "month")]
    period: String,
    /// Passed by `cargo bench`; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

fn main() -> anyhow::Result<()> {
    support::block_on(run(Args::parse()))
}

async fn run(args: Args) -> anyhow::Result<()> {
    let url = args.database_url.clone().unwrap_or_else(|| {
        let dir = std::env::temp_dir().join(format!("hotline-bench-{}", std::process::id()));
        format!("sqlite://{}/bench.db?mode=rwc", dir.display())
    });
    let store = Store::connect(&url).await?;
    store.migrate().await?;
    if args.scenario == "raw" {
        let latencies = raw_commits(&store, args.clients, args.seconds).await?;
        return print_summary(&args, &url, latencies, 0, serde_json::json!({}));
    }
    if store.units().await?.is_empty() {
        server::seed::seed_reference_data(&store).await?;
    }
    let service = Arc::new(Service::with_index(store.clone(), server::search::SearchIndex::in_memory()?).await?);
    let started = Instant::now();
    // A store kept from an earlier run (--database-url) is topped up, not refilled.
    let existing = store.count_requests_in_states(app::domain::state_code::StateCode::ALL).await? as usize;
    let mut numbers = server::seed::bulk::preload(&service, existing, args.preload.saturating_sub(existing)).await?;
    if numbers.is_empty() {
        numbers = store.sample_numbers(10_000).await?;
    }
    // As the hourly upkeep keeps a running store: passed deadlines' counts folded.
    store.fold_open_work(chrono::Utc::now()).await?;
    if args.scenario == "command" {
        // Information can be added only while a request is open.
        let open: Vec<_> = app::domain::state_code::StateCode::ALL.iter().copied().filter(|s| s.is_open()).collect();
        let far = chrono::Utc::now() + chrono::Duration::days(1);
        numbers = store.quiet_in_states(&open, far, 10_000).await?;
    }
    let preload_seconds = started.elapsed().as_secs_f64();
    // The dashboards and reports read the rollups: the statistics job takes the preload in first.
    let reads_rollups = matches!(args.scenario.as_str(), "dashboard" | "unit-dashboard" | "report-xlsx");
    let started = Instant::now();
    let recounted = if reads_rollups { service.catch_up_rollups(chrono::Utc::now(), usize::MAX).await? } else { 0 };
    let rollup_seconds = started.elapsed().as_secs_f64();
    let today = app::domain::deadline::cst_date(chrono::Utc::now());
    let last_month = app::domain::report::ReportMonth::of(today)?.previous();
    let period = match args.period.as_str() {
        "year" => chrono::Datelike::year(&today).to_string(),
        _ => last_month.code(),
    };
    // A draft report is generated from the data each time it is read or downloaded.
    let report = if args.scenario == "report-xlsx" {
        use app::api::reports::ReportBackend;
        let reviewer = app::api::auth::StaffUser {
            id: 0,
            username: "reviewer".into(),
            display_name: String::new(),
            role: app::domain::types::Role::Reviewer,
            unit_id: "center".into(),
            unit_name: String::new(),
            post: None,
        };
        // A store kept from an earlier run has the month's draft already.
        match service.start_report(&reviewer, &last_month.code()).await {
            Ok(id) => id,
            Err(_) => service.reports(&reviewer, &last_month.code()).await.map_err(|e| anyhow::anyhow!("{e}"))?.versions.first().map(|v| v.id).unwrap_or(0),
        }
    } else {
        0
    };
    // As in production: the search index holds the store, and the indexer
    // takes every change in while the clients run (it shares the cores).
    if !args.no_indexer {
        service.catch_up_index().await?;
        let indexer = service.clone();
        tokio::spawn(async move { indexer.run_indexer().await });
    }

    if args.jobs {
        server::service::jobs::spawn(service.clone(), std::sync::Arc::new(server::service::jobs::notify::LogSender));
    }
    let options = leptos::prelude::get_configuration(None)?.leptos_options;
    let app = server::http::router(options, service.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await });

    // The citizen's page is opened by its private link.
    if args.scenario == "track" {
        numbers = numbers
            .iter()
            .filter_map(|n| app::domain::types::RequestNumber::parse(n).ok())
            .map(|n| service.tracking_link(&n))
            .collect();
    }
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let numbers = Arc::new(numbers);
    let mut tasks = Vec::new();
    for c in 0..args.clients {
        // Queue counts are measured for a county's handler (a subtree), the rest for the center's agent.
        let user = match args.scenario.as_str() {
            "home" | "inbox" | "unit-dashboard" => "yining-handler",
            "dashboard" => "analyst",
            "report-xlsx" => "reviewer",
            _ => "agent",
        };
        let client = support::login(&base, user).await?;
        let (base, scenario, numbers, period) = (base.clone(), args.scenario.clone(), numbers.clone(), period.clone());
        let reload = args.reload_after_command;
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0usize;
            let mut i = c;
            while Instant::now() < deadline {
                let t = Instant::now();
                let ok = match scenario.as_str() {
                    // As the intake desk sends it: with the registration's own idempotency key.
                    "register" => post(&client, &base, "register_request", register_body(i, &format!("bench-{c:03}-{i:012}"))).await,
                    "view" if !numbers.is_empty() => {
                        let n = &numbers[i * 7919 % numbers.len()];
                        post(&client, &base, "request_view", serde_json::json!({"number": n})).await
                    }
                    // The request page's round trip for one command: its answer is the new view.
                    "command" if !numbers.is_empty() => {
                        let n = &numbers[i * 7919 % numbers.len()];
                        let command = serde_json::json!({"type": "add_information", "text": format!("来电补充：第{i}次补充说明现场情况。")});
                        let applied = post(&client, &base, "apply_command", serde_json::json!({"number": n, "command": command})).await;
                        applied && (!reload || post(&client, &base, "request_view", serde_json::json!({"number": n})).await)
                    }
                    // A county handler's work list, first page of everything open in its subtree.
                    "inbox" => {
                        let form = [("filter", "open"), ("page", "1")];
                        succeeded(client.post(format!("{base}/api/inbox")).form(&form).send().await).await
                    }
                    "dashboard" | "unit-dashboard" => post(&client, &base, "dashboard", serde_json::json!({"period": period})).await,
                    "report-xlsx" => get(&client, &format!("{base}/staff/reports/{report}/report.xlsx")).await,
                    "track" if !numbers.is_empty() => {
                        let token = &numbers[i * 7919 % numbers.len()];
                        get(&client, &format!("{base}/r/{token}")).await
                    }
                    _ => post(&client, &base, "staff_home", serde_json::json!({})).await,
                };
                latencies.push(t.elapsed());
                if !ok {
                    errors += 1;
                }
                i += 1;
            }
            (latencies, errors)
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (l, e) = t.await?;
        all.extend(l);
        errors += e;
    }
    let extra = serde_json::json!({
        "indexer": !args.no_indexer,
        "jobs": args.jobs,
        "reload_after_command": args.reload_after_command,
        "preloaded": args.preload,
        "preload_seconds": (preload_seconds * 10.0).round() / 10.0,
        "period": if reads_rollups { period.as_str() } else { "" },
        "rollups_recounted": recounted,
        "rollup_seconds": (rollup_seconds * 10.0).round() / 10.0,
    });
    print_summary(&args, &url, all, errors, extra)
}

/// Prints one JSON line: the run, its throughput and latency percentiles, peak memory.
fn print_summary(args: &Args, url: &str, mut all: Vec<Duration>, errors: usize, extra: serde_json::Value) -> anyhow::Result<()> {
    all.sort();
    let pct = |p: f64| all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1))).map(|d| d.as_secs_f64() * 1000.0).unwrap_or(0.0);
    let mut summary = serde_json::json!({
        "backend": if url.starts_with("postgres") { "postgres" } else { "sqlite" },
        "scenario": args.scenario,
        "clients": args.clients,
        "seconds": args.seconds,
        "requests": all.len(),
        "errors": errors,
        "per_second": (all.len() as f64 / args.seconds as f64).round(),
        "p50_ms": (pct(0.50) * 100.0).round() / 100.0,
        "p95_ms": (pct(0.95) * 100.0).round() / 100.0,
        "p99_ms": (pct(0.99) * 100.0).round() / 100.0,
        "max_rss_mb": max_rss_mb(),
    });
    if let (Some(summary), serde_json::Value::Object(extra)) = (summary.as_object_mut(), extra) {
        summary.extend(extra);
    }
    println!("{summary}");
    Ok(())
}

/// The store's raw limit, which every other figure is set beside: each
/// client commits one single-row insert after another, durably (the
/// store's own settings: SQLite WAL with `synchronous = FULL`; PostgreSQL's
/// defaults), for `seconds`. SQLite has one writer: one client is its limit.
async fn raw_commits(store: &Store, clients: usize, seconds: u64) -> anyhow::Result<Vec<Duration>> {
    sqlx::query("CREATE TABLE IF NOT EXISTS bench_raw (id BIGINT NOT NULL, v TEXT NOT NULL)").execute(store.pool()).await?;
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for c in 0..clients {
        let pool = store.pool().clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut i = 0i64;
            while Instant::now() < deadline {
                let t = Instant::now();
                let mut tx = pool.begin().await?;
                sqlx::query("INSERT INTO bench_raw (id, v) VALUES ($1, $2)").bind(c as i64 * 1_000_000_000 + i).bind("一行").execute(&mut *tx).await?;
                tx.commit().await?;
                latencies.push(t.elapsed());
                i += 1;
            }
            anyhow::Ok(latencies)
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await??);
    }
    Ok(all)
}

/// A whole server-rendered page, as a browser fetches it.
async fn get(client: &reqwest::Client, url: &str) -> bool {
    succeeded(client.get(url).send().await).await
}

/// Whether a call succeeded; its body is read to the end, as a browser would.
async fn succeeded(sent: reqwest::Result<reqwest::Response>) -> bool {
    match sent {
        Ok(res) => {
            let ok = res.status().is_success();
            let _ = res.bytes().await;
            ok
        }
        Err(_) => false,
    }
}

async fn post(client: &reqwest::Client, base: &str, endpoint: &str, body: serde_json::Value) -> bool {
    let req = if endpoint == "staff_home" {
        client.post(format!("{base}/api/{endpoint}"))
    } else {
        client.post(format!("{base}/api/{endpoint}")).json(&body)
    };
    succeeded(req.send().await).await
}

fn register_body(i: usize, key: &str) -> serde_json::Value {
    let kind = ["complaint", "help", "suggestion", "consultation"][i % 4];
    serde_json::json!({"new": support::registration(i, kind), "key": key})
}

/// The process's peak resident memory, from /proc (Linux).
fn max_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        .map(|kb| (kb / 1024.0).round())
        .unwrap_or(0.0)
}
