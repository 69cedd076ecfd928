//! The request's cookies and caller on the server side of the server
//! functions: the session cookies' names, reading one, setting a private
//! one, and the peer's address for the rate limits.

/// The name of the citizen session cookie ("my requests").
pub const CITIZEN_COOKIE: &str = "hotline_citizen";
/// The phone a one-time code was sent to, until it is entered.
pub const CODE_PHONE_COOKIE: &str = "hotline_code_phone";
/// The submit form's draft, bound to the browser that started it (never
/// taken from a link or a form field: issue 19, draft fixation).
pub const DRAFT_COOKIE: &str = "hotline_draft";
/// A draft's cookie lasts as long as an unconfirmed draft is kept: a week.
pub const DRAFT_MAX_AGE: i64 = 7 * 24 * 3600;

/// One cookie of the current request.
pub async fn request_cookie(name: &str) -> Option<String> {
    let parts: http::request::Parts = leptos_axum::extract().await.ok()?;
    cookie_value(&parts.headers, name)
}

/// Who the request comes from, for rate limits: the peer's address, or the
/// one a trusted proxy forwarded (`client_address.rs`); an IPv6 client by
/// its /64.
pub async fn client_address() -> String {
    use axum::extract::ConnectInfo;
    let Ok(ConnectInfo(addr)) = leptos_axum::extract::<ConnectInfo<std::net::SocketAddr>>().await else {
        return "unknown".to_string();
    };
    let trusted = super::client_address::trusted_proxies();
    let forwarded = if trusted.is_empty() {
        None
    } else {
        let parts: Option<http::request::Parts> = leptos_axum::extract().await.ok();
        // Several headers count as one list, in order.
        parts.map(|p| p.headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>().join(","))
    };
    super::client_address::client_key(addr.ip(), forwarded.as_deref(), trusted)
}

/// An HttpOnly, SameSite cookie (`Secure` behind TLS, HOTLINE_SECURE_COOKIE=1);
/// `max_age` 0 deletes it.
pub fn set_private_cookie(name: &str, value: &str, max_age: i64, same_site: &str) {
    let secure = if std::env::var("HOTLINE_SECURE_COOKIE").is_ok_and(|v| v == "1") { "; Secure" } else { "" };
    set_cookie(&format!("{name}={value}; Path=/; HttpOnly; SameSite={same_site}; Max-Age={max_age}{secure}"));
}

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "hotline_session";

/// Reads one cookie from the request headers.
pub fn cookie_value(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The session token of the current request, if any.
pub async fn session_token() -> Option<String> {
    let parts: http::request::Parts = leptos_axum::extract().await.ok()?;
    cookie_value(&parts.headers, SESSION_COOKIE)
}

/// Adds a `Set-Cookie` header to the response.
pub fn set_cookie(value: &str) {
    if let (Some(opts), Ok(v)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(value),
    ) {
        opts.append_header(http::header::SET_COOKIE, v);
    }
}
