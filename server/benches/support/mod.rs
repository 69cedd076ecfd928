//! What the HTTP benchmarks share: the runtime, a signed-in client and the
//! registration an agent sends.

use serde_json::{json, Value};

/// Runs a benchmark on a multi-threaded runtime, as `hotline serve` does.
pub fn block_on(run: impl std::future::Future<Output = anyhow::Result<()>>) -> anyhow::Result<()> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build()?.block_on(run)
}

/// A client signed in as a demo user (its session cookie kept).
pub async fn login(base: &str, user: &str) -> anyhow::Result<reqwest::Client> {
    let client = reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build()?;
    let res = client
        .post(format!("{base}/api/login"))
        .form(&[("username", user), ("password", server::seed::DEMO_PASSWORD)])
        .send()
        .await?;
    anyhow::ensure!(res.status().is_success() || res.status().is_redirection(), "login as {user}: {}", res.status());
    Ok(client)
}

/// The `i`th phone call of a run, as the intake desk registers it: one
/// noise complaint told by many callers (a number and an address each).
pub fn registration(i: usize, kind: &str) -> Value {
    json!({
        "channel": "phone",
        "type": kind,
        "category": "environment.noise",
        "title": "夜间施工噪音扰民",
        "content": "小区旁工地每天夜里十一点后仍在施工，噪音很大，影响休息，请有关部门查处。",
        "location": {"county": "伊宁市", "township": "墩买里街道", "address": format!("解放路{}号", i % 500)},
        "requester": {"name": "张三", "phone": format!("138{:08}", i % 100_000_000)}
    })
}
