//! `/metrics` in the Prometheus text format (issue 16 §4), and the request
//! context every HTTP request runs in: a request id (answered in
//! `X-Request-Id`, on every log line of the request, and on the audit
//! entries it writes) and its count and latency by route and status.
//!
//! Only a scraper may read the metrics: a peer in `HOTLINE_METRICS_FROM`
//! (default this machine) that did not come through a proxy, or anyone with
//! `Authorization: Bearer <HOTLINE_METRICS_TOKEN>`. Anyone else gets "not
//! found", as if there were nothing.

use crate::service::Service;
use axum::extract::{ConnectInfo, Request};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use app::api::client_address::{trusted_proxies, within};
use ipnet::IpNet;
use std::collections::HashSet;
use std::net::{IpAddr, SocketAddr};
use std::sync::OnceLock;
use std::time::Instant;
use tracing::Instrument;

/// The site's top-level address parts: anything else is `unmatched`.
const AREAS: [&str; 13] = ["", "staff", "r", "mine", "submit", "track", "cases", "faq", "pkg", "healthz", "readyz", "metrics", "api"];
const METHODS: [&str; 7] = ["GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH"];

/// The server functions' addresses, as registered.
fn server_functions() -> &'static HashSet<String> {
    static PATHS: OnceLock<HashSet<String>> = OnceLock::new();
    PATHS.get_or_init(|| leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path.to_string()).collect())
}

/// A path with its variable parts (a request number, a token, an id)
/// folded: it is safe to log (a private link's token is not kept) and to
/// count by.
fn folded(path: &str) -> String {
    path.split('/')
        .take(5)
        .map(|segment| if segment.len() > 24 || segment.bytes().any(|b| b.is_ascii_digit()) { ":id" } else { segment })
        .collect::<Vec<_>>()
        .join("/")
}

/// A route's label, from a bounded set whatever a client sends: a server
/// function's address; a page or file the app answered, folded; the area
/// of one refused before it was routed (a body too large, a cross-site
/// form); `unmatched` for everything else.
fn route_label(path: &str, status: StatusCode) -> String {
    if server_functions().contains(path) {
        return path.to_string();
    }
    let area = path.trim_start_matches('/').split('/').next().unwrap_or_default();
    if status == StatusCode::NOT_FOUND || !AREAS.contains(&area) {
        return "unmatched".into();
    }
    if area == "pkg" || status.is_client_error() || status.is_server_error() {
        return format!("/{area}");
    }
    folded(path)
}

fn method_label(method: &axum::http::Method) -> &'static str {
    METHODS.iter().find(|m| **m == method.as_str()).copied().unwrap_or("other")
}

/// Runs a request with its id and counts it.
pub async fn request_context(req: Request, next: Next) -> Response {
    let id = crate::auth::new_token().chars().take(16).collect::<String>();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let span = tracing::info_span!("request", request_id = %id, method = method_label(&method), path = %folded(&path));
    let started = Instant::now();
    let mut res = crate::request_id::scope(Some(id.clone()), next.run(req)).instrument(span.clone()).await;
    let elapsed = started.elapsed();
    let status = res.status();
    let route = route_label(&path, status);
    crate::telemetry::http_request(route, method_label(&method), status.as_u16(), elapsed);
    span.in_scope(|| tracing::debug!(status = status.as_u16(), ms = elapsed.as_millis() as u64, "answered"));
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert("x-request-id", value);
    }
    res
}

fn allowed_peers() -> &'static [IpNet] {
    static FROM: OnceLock<Vec<IpNet>> = OnceLock::new();
    FROM.get_or_init(|| match std::env::var("HOTLINE_METRICS_FROM") {
        Ok(list) if !list.trim().is_empty() => app::api::client_address::parse_proxies(&list),
        _ => ["127.0.0.0/8", "::1/128"].iter().filter_map(|n| n.parse().ok()).collect(),
    })
}

/// Whether this caller may read the metrics.
fn may_scrape(peer: Option<IpAddr>, headers: &HeaderMap) -> bool {
    if let Ok(token) = std::env::var("HOTLINE_METRICS_TOKEN") {
        let bearer = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
        if !token.is_empty() && bearer.is_some_and(|b| crate::auth::token_hash(b) == crate::auth::token_hash(&token)) {
            return true;
        }
    }
    // Through a proxy, the peer is the proxy, not the caller: only the token
    // will do — whether the proxy says whom it forwards or not.
    let proxied = headers.contains_key("x-forwarded-for") || headers.contains_key("forwarded");
    let from_proxy = peer.is_some_and(|ip| within(ip, trusted_proxies()));
    !proxied && !from_proxy && peer.is_some_and(|ip| within(ip, allowed_peers()))
}

/// The address the connection came from.
pub fn peer(req: &Request) -> Option<IpAddr> {
    req.extensions().get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(a)| a.ip())
}

/// `GET /metrics`.
pub async fn metrics(service: &Service, peer: Option<IpAddr>, headers: &HeaderMap) -> Response {
    if !may_scrape(peer, headers) {
        return StatusCode::NOT_FOUND.into_response();
    }
    if let Err(e) = record_store_gauges(service).await {
        tracing::warn!(error = %e, "metrics: the store's numbers could not be read");
    }
    let body = crate::telemetry::render();
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], body).into_response()
}

/// What the store holds now: open requests by state, the outbox's backlog,
/// how far this instance's search index and the statistics are behind.
async fn record_store_gauges(service: &Service) -> anyhow::Result<()> {
    let store = service.store();
    for (state, n) in store.open_requests_by_state().await? {
        metrics::gauge!("hotline_open_requests", "state" => state).set(n as f64);
    }
    let ready = store.readiness(service.index_position()).await?;
    metrics::gauge!("hotline_search_index_lag").set(ready.search_queued as f64);
    metrics::gauge!("hotline_stats_queue").set(ready.stats_queued as f64);
    metrics::gauge!("hotline_outbox_backlog").set(store.outbox_backlog().await? as f64);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_fold_their_variable_parts() {
        assert_eq!(route_label("/staff/requests/20261201-0042", StatusCode::OK), "/staff/requests/:id");
        assert_eq!(route_label("/r/QkxBSEJMQUhCTEFIQkxBSEJMQUg", StatusCode::OK), "/r/:id");
        assert_eq!(route_label("/pkg/hotline.wasm", StatusCode::OK), "/pkg");
        assert_eq!(route_label("/api/anything-at-all", StatusCode::NOT_FOUND), "unmatched");
        // Refused before routing, whatever the address: its area only, or nothing.
        assert_eq!(route_label("/staff/aaaa/bbbb", StatusCode::PAYLOAD_TOO_LARGE), "/staff");
        assert_eq!(route_label("/zzzz", StatusCode::FORBIDDEN), "unmatched");
        assert_eq!(method_label(&axum::http::Method::from_bytes(b"BREW").unwrap()), "other");
        assert_eq!(folded("/r/QkxBSEJMQUhCTEFIQkxBSEJMQUg/x"), "/r/:id/x", "a private link's token is not logged");
    }

    #[test]
    fn only_this_machine_or_the_token_may_scrape() {
        let local: IpAddr = "127.0.0.1".parse().unwrap();
        let remote: IpAddr = "203.0.113.9".parse().unwrap();
        let mut proxied = HeaderMap::new();
        proxied.insert("x-forwarded-for", HeaderValue::from_static("203.0.113.9"));
        assert!(may_scrape(Some(local), &HeaderMap::new()));
        assert!(!may_scrape(Some(remote), &HeaderMap::new()));
        assert!(!may_scrape(Some(local), &proxied), "a local proxy does not make its callers local");
        assert!(!may_scrape(None, &HeaderMap::new()));
        let mut with_token = proxied.clone();
        with_token.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer t0ken"));
        std::env::set_var("HOTLINE_METRICS_TOKEN", "t0ken");
        assert!(may_scrape(Some(remote), &with_token), "the token opens it from anywhere");
        std::env::remove_var("HOTLINE_METRICS_TOKEN");
    }
}
