//! Rate limits beyond one address (issue 19 §1.3), over HTTP with the
//! clients' addresses forwarded by a trusted proxy: guesses of a request's
//! last four spread over many addresses stop at the number's own limit;
//! password guesses spread over many addresses pause the account (audited),
//! its right password included, while other accounts log in; an address
//! the proxy did not forward is the proxy's own. The guesses alternate
//! between two instances serving one database (issue 16 §1): the limits
//! are kept in the store, not in a process.

use crate::support::http::{client, register_call, staff, start, start_another};
use crate::support::TestDb;
use app::domain::types::AuditAction;
use reqwest::StatusCode;
use server::store::AuditFilter;

on_both_backends!(limits_hold_across_addresses);

async fn limits_hold_across_addresses(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let another = start_another(&run.db).await;
    let via = |i: usize| if i % 2 == 0 { base } else { another.base.as_str() };
    let agent = staff(base, "agent").await;
    let number = register_call(&agent, base, serde_json::json!({"requester": {"name": "张三", "phone": "13812345678"}})).await;

    // Look-ups of one number from twelve addresses: wrong guesses stop at five, whoever sends them.
    let find_from = |i: usize, from: String, last4: &'static str| {
        let number = number.clone();
        let base = via(i);
        async move {
            let res = client()
                .post(format!("{base}/api/citizen/find"))
                .header("x-forwarded-for", from)
                .form(&[("number", number.as_str()), ("last4", last4)])
                .send()
                .await
                .unwrap();
            res.status()
        }
    };
    let mut statuses = Vec::new();
    for i in 0..12 {
        statuses.push(find_from(i, format!("203.0.113.{i}"), "0000").await);
    }
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count(), 7, "{name}: {statuses:?}");
    assert_eq!(find_from(1, "198.51.100.1".into(), "5678").await, StatusCode::TOO_MANY_REQUESTS, "{name}: the number is paused for everyone");

    // Password guesses on one account from twelve addresses: the tenth pauses it.
    let login_from = |i: usize, from: String, username: &'static str, password: &'static str| {
        let base = via(i);
        async move {
        let res = client()
            .post(format!("{base}/api/login"))
            .header("x-forwarded-for", from)
            .form(&[("username", username), ("password", password)])
            .send()
            .await
            .unwrap();
        res.status()
        }
    };
    let mut statuses = Vec::new();
    for i in 0..11 {
        statuses.push(login_from(i, format!("2001:db8:{i}::1"), "reviewer", "guess").await);
    }
    let refused = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!((refused, statuses[9] != StatusCode::TOO_MANY_REQUESTS), (1, true), "{name}: {statuses:?}");
    assert_eq!(login_from(0, "2001:db8:99::1".into(), "reviewer", server::seed::DEMO_PASSWORD).await, StatusCode::TOO_MANY_REQUESTS, "{name}: paused");
    let other = login_from(1, "2001:db8:99::1".into(), "analyst", server::seed::DEMO_PASSWORD).await;
    assert!(other.is_success() || other.is_redirection(), "{name}: another account logs in: {other}");
    let paused = run.db.store.audit_entries(&AuditFilter { action: Some(AuditAction::LoginPaused), ..Default::default() }, 10, 0).await.unwrap();
    assert_eq!(paused.len(), 1, "{name}: {paused:?}");
    assert_eq!(paused[0].username, "reviewer", "{name}");
    assert!(paused[0].detail.as_deref().unwrap_or_default().ends_with("the last from 2001:db8:9::/64"), "{name}: {:?}", paused[0].detail);

    // An IPv6 client counts by its /64: five guesses from five addresses of one line lock that line out.
    let mut line = Vec::new();
    for i in 1..=6 {
        line.push(login_from(i, format!("2001:db8:aaaa:1::{i}"), "huocheng-handler", "guess").await);
    }
    assert_eq!(line.last(), Some(&StatusCode::TOO_MANY_REQUESTS), "{name}: {line:?}");
    run.db.drop_db().await;
}
