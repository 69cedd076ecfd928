//! Pages and answers that carry personal data are never kept by a browser
//! or a proxy (`Cache-Control: no-store`): a citizen's private link and
//! "my requests", the submit form's check page, the staff app and every
//! server-function answer (issue 19 §1.10).
//!
//! A private link's address never leaves the site in a `Referer`: the
//! site-wide `Referrer-Policy: same-origin` sends none to any other origin.
//! Not `no-referrer`: the no-script forms on the link's page (rating,
//! objection, adding information) come back to that page by the `Referer`
//! their answer redirects to, which `no-referrer` would take away.

use axum::http::{header, HeaderValue};
use axum::response::Response;

/// Addresses whose answers are private: each a path or the start of a path's segments.
const PRIVATE: [&str; 6] = ["/r", "/mine", "/submit/check", "/track", "/staff", "/api"];

pub fn is_private(path: &str) -> bool {
    PRIVATE.iter().any(|p| path == *p || path.strip_prefix(p).is_some_and(|rest| rest.starts_with('/')))
}

pub async fn private_pages(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let path = req.uri().path().to_string();
    let mut res = next.run(req).await;
    if is_private(&path) {
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::is_private;

    #[test]
    fn private_addresses_are_whole_segments() {
        for path in ["/r/Ab3x", "/mine", "/mine/data", "/submit/check", "/track", "/staff", "/staff/requests/YL1", "/api/login"] {
            assert!(is_private(path), "{path}");
        }
        for path in ["/", "/submit", "/faq", "/pkg/hotline.js", "/staffing", "/rss", "/healthz"] {
            assert!(!is_private(path), "{path}");
        }
    }
}
