//! `hotline serve` as separate processes of a test's store (several
//! instances, crashes), and a stand-in SMS gateway that counts what it gets.

use std::time::Duration as StdDuration;

/// A `hotline serve` process of the test's store; killed when dropped.
pub struct Instance {
    pub base: String,
    pub child: tokio::process::Child,
}

pub async fn serve_process(url: &str, dir: &std::path::Path, n: usize, gateway: &str) -> Instance {
    serve_process_with(url, dir, n, gateway, &[]).await
}

/// The same, with more settings.
pub async fn serve_process_with(url: &str, dir: &std::path::Path, n: usize, gateway: &str, settings: &[(&str, &str)]) -> Instance {
    let port = free_port();
    let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_hotline"))
        .arg("serve")
        .env("DATABASE_URL", url)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("HOTLINE_INDEX_DIR", dir.join(format!("index-{n}")))
        .env("HOTLINE_UPLOAD_DIR", dir.join("uploads"))
        .env("HOTLINE_SMS_WEBHOOK_URL", gateway)
        .env("RUST_LOG", "warn")
        // Built by cargo, not cargo-leptos: the site's name is not compiled in.
        .env("LEPTOS_OUTPUT_NAME", "hotline")
        .env("HOTLINE_TRUSTED_PROXIES", "127.0.0.1")
        // A killed instance's claimed messages are taken over within the test's patience.
        .env("HOTLINE_OUTBOX_LEASE_SECONDS", "3")
        .envs(settings.iter().copied())
        .kill_on_drop(true)
        .spawn()
        .expect("start hotline serve");
    Instance { base: format!("http://127.0.0.1:{port}"), child }
}

/// A port for a server process, below the kernel's ephemeral range (32768
/// and up here). A port found free by binding port 0 is one of that range:
/// let go before the child binds it, the kernel may hand it out again — to
/// another test's server (which then answered this test's requests) or to
/// an outgoing connection. Below the range only this counter hands ports
/// out; a port something else on the machine holds is skipped.
fn free_port() -> u16 {
    use std::sync::atomic::{AtomicU16, Ordering};
    const SPAN: u16 = 1000;
    static NEXT: AtomicU16 = AtomicU16::new(0);
    // Test runs side by side on one machine start in different thousands.
    // (Up to 29999: the browser tests' servers take theirs from 30000.)
    let first = 20_000 + (std::process::id() % 10) as u16 * SPAN;
    loop {
        let port = first + NEXT.fetch_add(1, Ordering::Relaxed) % SPAN;
        if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

pub async fn wait_ready(base: &str) {
    let client = super::http::client();
    for _ in 0..600 {
        if let Ok(res) = client.get(format!("{base}/readyz")).send().await {
            if res.status().is_success() {
                return;
            }
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    panic!("{base} never became ready");
}

/// Polls `check` every 100 ms for up to 20 s.
pub async fn eventually<F: std::future::Future<Output = bool>>(what: &str, mut check: impl FnMut() -> F) {
    for _ in 0..200 {
        if check().await {
            return;
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    panic!("never: {what}");
}

/// A stand-in SMS gateway: the outbox ids it received, in order.
pub async fn gateway() -> (String, std::sync::Arc<std::sync::Mutex<Vec<i64>>>) {
    use axum::{routing::post, Json, Router};
    let got = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let keep = got.clone();
    let app = Router::new().route(
        "/sms",
        post(move |Json(body): Json<serde_json::Value>| {
            let keep = keep.clone();
            async move {
                keep.lock().unwrap().push(body["id"].as_i64().unwrap_or(-1));
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/sms", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, got)
}

