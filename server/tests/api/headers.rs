//! What a page may run and what a browser may keep (issue 19 §1.10), over
//! the real server on both stores: every page names its own inline scripts
//! by a nonce fresh to the response (and allows the WASM, no plugin, no
//! framing); private pages and every server-function answer are never
//! stored; a private link's address is sent to no other origin.

use crate::support::http::{client, staff, start};
use crate::support::TestDb;

on_both_backends!(pages_say_what_they_may_run_and_private_ones_are_not_kept);

/// The nonce a page's policy names.
fn nonce_of(policy: &str) -> String {
    let start = policy.find("'nonce-").map(|i| i + 7).unwrap_or_else(|| panic!("no nonce in {policy}"));
    policy[start..].split('\'').next().unwrap_or_default().to_string()
}

async fn pages_say_what_they_may_run_and_private_ones_are_not_kept(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let c = client();
    let header = |res: &reqwest::Response, h: &str| res.headers().get(h).map(|v| v.to_str().unwrap().to_string());

    // A citizen page: its inline script carries the nonce its policy names; it may be cached.
    let res = c.get(format!("{base}/submit")).send().await.unwrap();
    let policy = header(&res, "content-security-policy").unwrap_or_else(|| panic!("{name}: no policy"));
    assert_ne!(header(&res, "cache-control").as_deref(), Some("no-store"), "{name}: a public form");
    for part in ["default-src 'self'", "'wasm-unsafe-eval'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'"] {
        assert!(policy.contains(part), "{name}: {part} in {policy}");
    }
    let scripts = policy.split(';').map(str::trim).find(|d| d.starts_with("script-src")).unwrap_or_default();
    assert!(scripts.contains("'nonce-") && !scripts.contains("'unsafe-inline'"), "{name}: {scripts}");
    let nonce = nonce_of(&policy);
    let page = res.text().await.unwrap();
    assert!(page.contains(&format!("nonce=\"{nonce}\"")), "{name}: the portal's script carries {nonce}");
    let again = c.get(format!("{base}/submit")).send().await.unwrap();
    assert_ne!(nonce_of(&header(&again, "content-security-policy").unwrap()), nonce, "{name}: a nonce serves one response");

    // A private link: never kept, never named to another site (its forms come back by the Referer).
    let res = c.get(format!("{base}/r/NoSuchLinkKey")).send().await.unwrap();
    assert_eq!(
        (header(&res, "cache-control").as_deref(), header(&res, "referrer-policy").as_deref()),
        (Some("no-store"), Some("same-origin")),
        "{name}"
    );

    // The staff app and its answers: never kept; the hydration scripts carry the nonce.
    let agent = staff(base, "agent").await;
    let res = agent.get(format!("{base}/staff")).send().await.unwrap();
    assert_eq!(header(&res, "cache-control").as_deref(), Some("no-store"), "{name}");
    let nonce = nonce_of(&header(&res, "content-security-policy").unwrap());
    let page = res.text().await.unwrap();
    assert!(page.matches(&format!("nonce=\"{nonce}\"")).count() >= 1, "{name}: the hydration scripts");
    assert!(!page.contains("<script>") && !page.contains("<script type=\"module\">"), "{name}: no inline script without the nonce");
    let res = agent.post(format!("{base}/api/staff_home")).form(&Vec::<(String, String)>::new()).send().await.unwrap();
    assert_eq!((res.status().as_u16(), header(&res, "cache-control").as_deref()), (200, Some("no-store")), "{name}: an answer with personal data");
}
