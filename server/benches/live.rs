//! Live updates across instances (issue 16 §1): three instances of the
//! real router on one PostgreSQL database, each with its own store, relay
//! and event streams. An agent on instance 1 registers a complaint and
//! dispatches it; the time is measured from the dispatch's answer (the
//! commit is done) to the moment the `change` reaches the unit handler's
//! event stream held by instance 3, while other agents register on
//! instances 1 and 2 as load. Prints one JSON line.
//!
//!     cargo bench -p server --bench live -- --database-url postgres://root@127.0.0.1:5432/hotline_live

mod support;

use clap::Parser;
use serde_json::{json, Value};
use server::service::Service;
use server::store::Store;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Parser, Debug)]
struct Args {
    /// An empty PostgreSQL database.
    #[arg(long)]
    database_url: String,
    #[arg(long, default_value_t = 3)]
    instances: usize,
    /// Dispatches measured, one after another.
    #[arg(long, default_value_t = 300)]
    changes: usize,
    /// Agents registering meanwhile, spread over the other instances.
    #[arg(long, default_value_t = 8)]
    load_clients: usize,
    /// Passed by `cargo bench`; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

fn main() -> anyhow::Result<()> {
    support::block_on(run(Args::parse()))
}

async fn instance(url: &str) -> anyhow::Result<String> {
    let store = Store::connect(url).await?;
    let service = Arc::new(Service::new(store).await?);
    server::service::live_relay::spawn(service.clone()).await?;
    let options = leptos::prelude::get_configuration(None)?.leptos_options;
    let app = server::http::router(options, service);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await });
    Ok(base)
}

async fn run(args: Args) -> anyhow::Result<()> {
    anyhow::ensure!(args.database_url.starts_with("postgres"), "instances share a PostgreSQL database");
    let store = Store::connect(&args.database_url).await?;
    store.migrate().await?;
    if store.units().await?.is_empty() {
        server::seed::seed_reference_data(&store).await?;
    }
    let mut bases = Vec::new();
    for _ in 0..args.instances.max(2) {
        bases.push(instance(&args.database_url).await?);
    }
    let (first, last) = (bases[0].clone(), bases[bases.len() - 1].clone());
    let agent = support::login(&first, "agent").await?;
    let handler = support::login(&last, "yining-handler").await?;
    let mut stream = handler.get(format!("{last}/staff/live")).send().await?;
    anyhow::ensure!(stream.status().is_success(), "event stream: {}", stream.status());

    // Load: agents registering on every instance but the stream's.
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut load = Vec::new();
    for c in 0..args.load_clients {
        let base = bases[c % (bases.len() - 1)].clone();
        let client = support::login(&base, "agent").await?;
        let stop = stop.clone();
        load.push(tokio::spawn(async move {
            let mut done = 0usize;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                if post(&client, &base, "register_request", complaint(c * 1_000_000 + done)).await.is_ok() {
                    done += 1;
                }
            }
            done
        }));
    }

    let mut buf = String::new();
    let mut from_answer = Vec::with_capacity(args.changes);
    let mut from_sending = Vec::with_capacity(args.changes);
    let started = Instant::now();
    for i in 0..args.changes {
        let view = post(&agent, &first, "register_request", complaint(900_000_000 + i)).await?;
        let number = view["number"].as_str().ok_or_else(|| anyhow::anyhow!("no number: {view}"))?.to_string();
        let sent = Instant::now();
        let dispatch = json!({"type": "dispatch", "targets": [{"unit": "yining", "role": "lead"}]});
        post(&agent, &first, "apply_command", json!({"number": number, "command": dispatch})).await?;
        let answered = Instant::now();
        // The handler's stream on the last instance: wait for this request's change.
        loop {
            if let Some(end) = buf.find("\n\n") {
                let block: String = buf.drain(..end + 2).collect();
                if block.contains("event: change") && block.contains(&number) {
                    break;
                }
                continue;
            }
            let chunk = tokio::time::timeout(Duration::from_secs(10), stream.chunk()).await.map_err(|_| anyhow::anyhow!("{number}: no change within 10 s"))??;
            buf.push_str(&String::from_utf8_lossy(&chunk.ok_or_else(|| anyhow::anyhow!("the stream ended"))?));
        }
        let seen = Instant::now();
        from_answer.push(seen - answered);
        from_sending.push(seen - sent);
    }
    let seconds = started.elapsed().as_secs_f64();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut registered = 0;
    for l in load {
        registered += l.await?;
    }
    let pct = |v: &mut Vec<Duration>, p: f64| {
        v.sort();
        let d = v[((v.len() as f64 * p) as usize).min(v.len() - 1)];
        (d.as_secs_f64() * 100_000.0).round() / 100.0
    };
    println!(
        "{}",
        json!({
            "backend": "postgres",
            "scenario": "live-across-instances",
            "instances": bases.len(),
            "changes": args.changes,
            "load_clients": args.load_clients,
            "load_registrations_per_second": (registered as f64 / seconds).round(),
            "commit_to_stream_p50_ms": pct(&mut from_answer, 0.50),
            "commit_to_stream_p99_ms": pct(&mut from_answer, 0.99),
            "commit_to_stream_max_ms": pct(&mut from_answer, 1.0),
            "send_to_stream_p50_ms": pct(&mut from_sending, 0.50),
            "send_to_stream_p99_ms": pct(&mut from_sending, 0.99),
        })
    );
    Ok(())
}

fn complaint(i: usize) -> Value {
    json!({"new": support::registration(i, "complaint")})
}

async fn post(client: &reqwest::Client, base: &str, endpoint: &str, body: Value) -> anyhow::Result<Value> {
    let res = client.post(format!("{base}/api/{endpoint}")).json(&body).send().await?;
    let status = res.status();
    let body: Value = res.json().await?;
    anyhow::ensure!(status.is_success(), "{endpoint}: {status} {body}");
    Ok(body)
}
