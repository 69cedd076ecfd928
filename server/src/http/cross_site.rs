//! Requests from other sites are refused (issue 19 §1.6). SameSite cookies
//! alone let a page on a sibling subdomain — the same *site* — post to the
//! hotline with a staff member's or a citizen's session, and log a browser
//! in as someone else from anywhere; a `text/plain` body would pass as the
//! JSON a server function reads. So every state-changing request from a
//! browser must come from the hotline's own origin: `Sec-Fetch-Site` says so
//! (`same-origin`, or `none` for what the user did themself), or, from a
//! browser too old to send it, `Origin` must be ours. A request with neither
//! is not a browser's (a partner's client, curl) and no cookie of a victim
//! rides on it. No form or call of ours sends `text/plain`: it is refused.

use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};

/// What a request is, as far as its origin goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    /// From another origin (another site, or a sibling subdomain).
    CrossSite,
    /// A `text/plain` body: the one a cross-site form or beacon can send unasked.
    PlainText,
}

/// The origin the hotline is published at besides the one its `Host` names
/// (behind a proxy that rewrites `Host`): that of `HOTLINE_PUBLIC_URL`.
pub fn configured_origins() -> Vec<String> {
    origin_of(&crate::service::citizen::public_url()).into_iter().collect()
}

/// `https://12345.yili.gov.cn` of `https://12345.yili.gov.cn/portal/`.
fn origin_of(url: &str) -> Option<String> {
    let url = url.trim().to_ascii_lowercase();
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split('/').next().filter(|h| !h.is_empty())?;
    Some(format!("{scheme}://{host}"))
}

pub fn judge(method: &Method, headers: &HeaderMap, configured: &[String]) -> Verdict {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Verdict::Pass;
    }
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok()).map(|v| v.trim().to_ascii_lowercase());
    if text(header::CONTENT_TYPE).is_some_and(|t| t.starts_with("text/plain")) {
        return Verdict::PlainText;
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return if matches!(site.trim(), "same-origin" | "none") { Verdict::Pass } else { Verdict::CrossSite };
    }
    match text(header::ORIGIN) {
        None => Verdict::Pass,
        Some(origin) => {
            let host = text(header::HOST).unwrap_or_default();
            let ours = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://")).is_some_and(|h| !host.is_empty() && h == host);
            if ours || configured.iter().any(|c| *c == origin) { Verdict::Pass } else { Verdict::CrossSite }
        }
    }
}

/// The refusal a verdict other than `Pass` gets.
pub fn refusal(verdict: Verdict, path: &str) -> Response {
    match verdict {
        Verdict::Pass => StatusCode::NO_CONTENT.into_response(),
        Verdict::CrossSite => {
            tracing::warn!(path, "refused a state-changing request from another origin");
            (StatusCode::FORBIDDEN, "已拒绝来自其他网站的请求。请在本网站页面上操作。").into_response()
        }
        Verdict::PlainText => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "不支持的请求格式").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn only_our_own_origin_changes_anything() {
        let post = Method::POST;
        let none: &[String] = &[];
        let host = ("host", "hotline.example.cn");
        // What a browser sends: decisive when present.
        assert_eq!(judge(&post, &headers(&[host, ("sec-fetch-site", "same-origin")]), none), Verdict::Pass);
        assert_eq!(judge(&post, &headers(&[host, ("sec-fetch-site", "none")]), none), Verdict::Pass);
        assert_eq!(judge(&post, &headers(&[host, ("sec-fetch-site", "same-site"), ("origin", "https://hotline.example.cn")]), none), Verdict::CrossSite);
        assert_eq!(judge(&post, &headers(&[host, ("sec-fetch-site", "cross-site")]), none), Verdict::CrossSite);
        // An older browser: its Origin must name our host.
        assert_eq!(judge(&post, &headers(&[host, ("origin", "https://hotline.example.cn")]), none), Verdict::Pass);
        assert_eq!(judge(&post, &headers(&[host, ("origin", "https://evil.example.cn")]), none), Verdict::CrossSite);
        assert_eq!(judge(&post, &headers(&[host, ("origin", "null")]), none), Verdict::CrossSite);
        assert_eq!(judge(&post, &headers(&[("origin", "https://hotline.example.cn")]), none), Verdict::CrossSite, "no Host, nothing is ours");
        // Behind a proxy that rewrites Host: the configured public origin.
        let public = vec!["https://12345.yili.gov.cn".to_string()];
        let proxied = headers(&[("host", "127.0.0.1:3000"), ("origin", "https://12345.yili.gov.cn")]);
        assert_eq!((judge(&post, &proxied, none), judge(&post, &proxied, &public)), (Verdict::CrossSite, Verdict::Pass));
        // Not a browser: nothing rides on it.
        assert_eq!(judge(&post, &headers(&[host]), none), Verdict::Pass);
        // Reading is never refused; a text/plain body always is.
        assert_eq!(judge(&Method::GET, &headers(&[host, ("sec-fetch-site", "cross-site")]), none), Verdict::Pass);
        assert_eq!(judge(&post, &headers(&[host, ("sec-fetch-site", "same-origin"), ("content-type", "text/plain;charset=UTF-8")]), none), Verdict::PlainText);
        assert_eq!(judge(&Method::DELETE, &headers(&[host, ("sec-fetch-site", "same-site")]), none), Verdict::CrossSite);
        assert_eq!(origin_of("https://12345.Yili.gov.cn/portal/"), Some("https://12345.yili.gov.cn".into()));
        assert_eq!(origin_of("12345.yili.gov.cn"), None);
    }
}
