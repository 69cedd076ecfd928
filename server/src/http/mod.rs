//! The HTTP layer: Leptos pages and server functions over the service,
//! with body limits, compression, security headers, cross-site requests
//! refused and no leaked panics.

pub mod connections;
mod cross_site;
pub mod metrics;
mod open311;
mod private_pages;
mod uploads;

use crate::service::Service;
use crate::store::Store;
use app::api;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::sync::Arc;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

/// Largest request body accepted, except on the routes that take uploads
/// (`uploads::body_cap`).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Serves the app until Ctrl-C / SIGTERM.
pub async fn serve(database_url: &str) -> anyhow::Result<()> {
    init_tracing();
    let store = Store::connect(database_url).await?;
    store.migrate().await?;
    let index = crate::search::SearchIndex::open(&crate::search::index_dir())?;
    let service = Arc::new(Service::with_index(store, index).await?);
    crate::service::live_relay::spawn(service.clone()).await?;
    let sender = crate::service::jobs::notify::sender_from_env()?;
    let conf = get_configuration(None)?;
    let addr = conf.leptos_options.site_addr;
    let app = router(conf.leptos_options, service.clone());
    let limits = connections::Limits::from_env();
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(per_address = limits.per_address, total = limits.total, header_timeout_s = limits.header_timeout.as_secs(), "serving on http://{addr}");
    crate::service::jobs::spawn(service.clone(), sender);
    connections::serve(listener, app, limits, async move {
        shutdown_signal().await;
        // Open event streams would hold the graceful shutdown forever.
        service.close_live_streams();
    })
    .await;
    Ok(())
}

/// Every area's side of the backend, where its server functions look for it.
fn provide_backends(service: &Arc<Service>) {
    provide_context::<Arc<dyn api::admin::AuditBackend>>(service.clone());
    provide_context::<Arc<dyn api::admin::UnitAdminBackend>>(service.clone());
    provide_context::<Arc<dyn api::admin::CalendarBackend>>(service.clone());
    provide_context::<Arc<dyn api::admin::CategoryAdminBackend>>(service.clone());
    provide_context::<Arc<dyn api::admin::UserAdminBackend>>(service.clone());
    provide_context::<Arc<dyn api::admin::SynonymBackend>>(service.clone());
    provide_context::<Arc<dyn api::auth::SessionBackend>>(service.clone());
    provide_context::<Arc<dyn api::citizen::CitizenBackend>>(service.clone());
    provide_context::<Arc<dyn api::citizen::FaqBackend>>(service.clone());
    provide_context::<Arc<dyn api::dashboard::DashboardBackend>>(service.clone());
    provide_context::<Arc<dyn api::data_rights::DataRightsBackend>>(service.clone());
    provide_context::<Arc<dyn api::hot_spots::HotSpotBackend>>(service.clone());
    provide_context::<Arc<dyn api::inbox::WorkListBackend>>(service.clone());
    provide_context::<Arc<dyn api::intake::IntakeBackend>>(service.clone());
    provide_context::<Arc<dyn api::knowledge::KnowledgeBackend>>(service.clone());
    provide_context::<Arc<dyn api::misuse::MisuseBackend>>(service.clone());
    provide_context::<Arc<dyn api::notices::NoticeBackend>>(service.clone());
    provide_context::<Arc<dyn api::outbox::OutboxBackend>>(service.clone());
    provide_context::<Arc<dyn api::releases::ReleaseBackend>>(service.clone());
    provide_context::<Arc<dyn api::reports::ReportBackend>>(service.clone());
    provide_context::<Arc<dyn api::assessment::AssessmentBackend>>(service.clone());
    provide_context::<Arc<dyn api::appeals::AppealBackend>>(service.clone());
    provide_context::<Arc<dyn api::front_desk::FrontDeskBackend>>(service.clone());
    provide_context::<Arc<dyn api::supervisions::SupervisionBackend>>(service.clone());
    provide_context::<Arc<dyn api::oversight::OversightBackend>>(service.clone());
    provide_context::<Arc<dyn api::public_cases::PublicCaseBackend>>(service.clone());
    provide_context::<Arc<dyn api::requests::RequestBackend>>(service.clone());
    provide_context::<Arc<dyn api::requests::DocumentBackend>>(service.clone());
    provide_context::<Arc<dyn api::search::SearchBackend>>(service.clone());
}

/// The whole application router.
pub fn router(options: LeptosOptions, service: Arc<Service>) -> Router {
    let release_files = service.clone();
    let reports = service.clone();
    let adhoc = service.clone();
    let oversight = service.clone();
    let photos = service.clone();
    let live = service.clone();
    let ready = service.clone();
    let scraped = service.clone();
    let open311 = open311::routes(service.clone());
    let backends = service;
    let routes = generate_route_list(app::App);
    let origins = std::sync::Arc::new(cross_site::configured_origins());
    let gate = Arc::new(uploads::Gate::from_env());
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route(
            "/readyz",
            get(move || {
                let service = ready.clone();
                async move { readiness(&service).await }
            }),
        )
        .route(
            "/metrics",
            get(move |req: axum::extract::Request| {
                let service = scraped.clone();
                let (peer, headers) = (metrics::peer(&req), req.headers().clone());
                async move { metrics::metrics(&service, peer, &headers).await }
            }),
        )
        .route(
            "/staff/photos/{id}",
            get(move |headers: axum::http::HeaderMap, axum::extract::Path(id): axum::extract::Path<String>| {
                let service = photos.clone();
                async move { staff_photo(&service, &headers, &id).await }
            }),
        )
        .route(
            "/staff/releases/{id}/{file}",
            get(move |headers: axum::http::HeaderMap, axum::extract::Path((id, file)): axum::extract::Path<(i64, String)>| {
                let service = release_files.clone();
                async move { release_file(&service, &headers, id, &file).await }
            }),
        )
        .route(
            "/staff/reports/{id}/report.xlsx",
            get(move |headers: axum::http::HeaderMap, axum::extract::Path(id): axum::extract::Path<i64>| {
                let service = reports.clone();
                async move { report_workbook(&service, &headers, id).await }
            }),
        )
        .route(
            "/staff/stats.xlsx",
            get(move |headers: axum::http::HeaderMap, axum::extract::Query(q): axum::extract::Query<AdHocQuery>| {
                let service = adhoc.clone();
                async move { adhoc_workbook(&service, &headers, q).await }
            }),
        )
        .route(
            "/staff/oversight.xlsx",
            get(move |headers: axum::http::HeaderMap, axum::extract::Query(q): axum::extract::Query<OversightQuery>| {
                let service = oversight.clone();
                async move {
                    let session = app::api::cookies::cookie_value(&headers, app::api::cookies::SESSION_COOKIE).unwrap_or_default();
                    file_response(service.oversight_xlsx(&session, &q.repeats, &q.overdue_days).await.map(|(name, bytes)| (XLSX.to_string(), name, bytes)))
                }
            }),
        )
        .route(
            "/staff/live",
            get(move |headers: axum::http::HeaderMap| {
                let service = live.clone();
                async move { live_stream(service, &headers).await }
            }),
        )
        .merge(open311)
        .leptos_routes_with_context(
            &options,
            routes,
            {
                let backends = backends.clone();
                move || provide_backends(&backends)
            },
            {
                let options = options.clone();
                move || app::shell(options.clone())
            },
        )
        // An address no route matches (`/staff/requests/`) still renders the
        // app's own "not found" page, whose parts may call the server functions.
        .fallback(leptos_axum::file_and_error_handler_with_context(move || provide_backends(&backends), app::shell))
        .with_state(options)
        .layer(axum::middleware::from_fn(malformed_calls_are_client_errors))
        .layer(axum::middleware::from_fn(trailing_slash_is_not_found))
        // An upload waits for its turn only once its declared size passed.
        .layer(axum::middleware::from_fn(move |req, next| uploads::admit(gate.clone(), req, next)))
        .layer(axum::middleware::from_fn(body_limit))
        .layer(axum::middleware::from_fn(private_pages::private_pages))
        .layer(axum::middleware::from_fn(move |req: axum::extract::Request, next: axum::middleware::Next| {
            let origins = origins.clone();
            async move {
                match cross_site::judge(req.method(), req.headers(), &origins) {
                    cross_site::Verdict::Pass => next.run(req).await,
                    refused => cross_site::refusal(refused, req.uri().path()),
                }
            }
        }))
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(axum::middleware::from_fn(metrics::request_context))
}

/// What a file served as itself may do, opened on its own: nothing (no
/// script, no form, no plugin, no request), whatever it really holds.
const SANDBOXED: &str = "sandbox; default-src 'none'; img-src 'self'";

/// A citizen's photo for a staff member who may see its request.
async fn staff_photo(service: &Service, headers: &axum::http::HeaderMap, id: &str) -> Response {
    let session = app::api::cookies::cookie_value(headers, app::api::cookies::SESSION_COOKIE).unwrap_or_default();
    match service.staff_photo(&session, id).await {
        Ok((media_type, bytes)) => (
            [
                (header::CONTENT_TYPE, media_type),
                (header::CONTENT_DISPOSITION, "inline; filename=\"photo\"".to_string()),
                (header::CONTENT_SECURITY_POLICY, SANDBOXED.to_string()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => error_response(e),
    }
}

/// The search index may lag this many changes and the instance still take traffic.
const READY_SEARCH_LAG: i64 = 10_000;

/// Whether this instance should get traffic (issue 16 §4): the store
/// answers, every migration this build knows is applied, and the search
/// index is not far behind. 503 otherwise; the body says which, no more.
async fn readiness(service: &Service) -> Response {
    match service.store().readiness(service.index_position()).await {
        Ok(r) => {
            let migrated = r.migrations_applied >= r.migrations_known as i64;
            let ready = migrated && r.search_queued < READY_SEARCH_LAG;
            let body = serde_json::json!({
                "ready": ready,
                "store": "ok",
                "migrations": {"applied": r.migrations_applied, "known": r.migrations_known},
                "search_queued": r.search_queued,
                "stats_queued": r.stats_queued,
            });
            let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
            (status, [(header::CACHE_CONTROL, "no-store")], axum::Json(body)).into_response()
        }
        Err(e) => {
            tracing::warn!(error = %e, "readiness: the store does not answer");
            let body = serde_json::json!({"ready": false, "store": "unreachable"});
            (StatusCode::SERVICE_UNAVAILABLE, [(header::CACHE_CONTROL, "no-store")], axum::Json(body)).into_response()
        }
    }
}

/// An application's scanned letter or its released package (Art. 42).
async fn release_file(service: &Service, headers: &axum::http::HeaderMap, id: i64, file: &str) -> Response {
    use crate::service::requests::releases::ReleaseFile;
    let which = match file {
        "letter" => ReleaseFile::Letter,
        "package" => ReleaseFile::Package,
        _ => return (StatusCode::NOT_FOUND, "未找到").into_response(),
    };
    let session = app::api::cookies::cookie_value(headers, app::api::cookies::SESSION_COOKIE).unwrap_or_default();
    file_response(service.release_file(&session, id, which).await)
}

/// A file to save: its type, name and bytes, or the error's status and words.
fn file_response(file: Result<(String, String, Vec<u8>), app::api::AppError>) -> Response {
    match file {
        Ok((media_type, name, bytes)) => (
            [
                (header::CONTENT_TYPE, media_type),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
                (header::CONTENT_SECURITY_POLICY, SANDBOXED.to_string()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => error_response(e),
    }
}

/// An error as a plain response: its status and its words.
fn error_response(e: app::api::AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, e.to_string()).into_response()
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A monthly report's workbook.
async fn report_workbook(service: &Service, headers: &axum::http::HeaderMap, id: i64) -> Response {
    let session = app::api::cookies::cookie_value(headers, app::api::cookies::SESSION_COOKIE).unwrap_or_default();
    file_response(service.report_xlsx(&session, id).await.map(|(name, bytes)| (XLSX.to_string(), name, bytes)))
}

/// The thresholds of Art. 34's workbook, as the page's form sends them.
#[derive(serde::Deserialize)]
struct OversightQuery {
    #[serde(default)]
    repeats: String,
    #[serde(default)]
    overdue_days: String,
}

/// The query of an ad-hoc report: a period code and a breakdown.
#[derive(serde::Deserialize)]
struct AdHocQuery {
    #[serde(default)]
    period: String,
    #[serde(default)]
    by: String,
}

/// An ad-hoc report's workbook (Art. 10 按需形成报告).
async fn adhoc_workbook(service: &Service, headers: &axum::http::HeaderMap, q: AdHocQuery) -> Response {
    let session = app::api::cookies::cookie_value(headers, app::api::cookies::SESSION_COOKIE).unwrap_or_default();
    file_response(service.adhoc_xlsx(&session, &q.period, &q.by).await.map(|(name, bytes)| (XLSX.to_string(), name, bytes)))
}

/// The server-sent events of a logged-in staff member (see `service::live`).
async fn live_stream(service: Arc<Service>, headers: &axum::http::HeaderMap) -> Response {
    use app::api::auth::SessionBackend as _;
    use axum::response::sse::{KeepAlive, Sse};
    let session = app::api::cookies::cookie_value(headers, app::api::cookies::SESSION_COOKIE).unwrap_or_default();
    match service.session_user(&session).await {
        Ok(Some(user)) => Sse::new(crate::service::live::changes(service, user, session))
            .keep_alive(KeepAlive::new().interval(std::time::Duration::from_secs(15)))
            .into_response(),
        Ok(None) => (StatusCode::UNAUTHORIZED, "请先登录").into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// Caps a request's body: 1 MiB, or an upload route's own cap. A declared
/// length over the cap is refused at once.
async fn body_limit(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let limit = uploads::body_cap(req.uri().path()).unwrap_or(MAX_BODY_BYTES);
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|len| len > limit) {
        return (StatusCode::PAYLOAD_TOO_LARGE, "请求内容过大").into_response();
    }
    next.run(req.map(|body| axum::body::Body::new(http_body_util::Limited::new(body, limit)))).await
}

/// Leptos answers a server-function call it cannot decode with a 500; it is
/// the caller's mistake, so it becomes a 400 (our errors say `"transport"`).
async fn malformed_calls_are_client_errors(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
    let refuse = |status: StatusCode, why: &str| (status, axum::Json(app::api::AppError::from_server_fn_error(ServerFnErrorErr::Args(why.into())))).into_response();
    // The multipart reader panics on a body without a boundary: refuse it first.
    if multipart_without_boundary(req.headers()) {
        return refuse(StatusCode::BAD_REQUEST, "multipart body without a boundary");
    }
    // An upload takes nothing but a multipart body (the reader fails on anything else).
    if uploads::body_cap(req.uri().path()).is_some() && !is_multipart(req.headers()) {
        return refuse(StatusCode::UNSUPPORTED_MEDIA_TYPE, "an upload is sent as multipart/form-data");
    }
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024).await.unwrap_or_default();
    if bytes.starts_with(br#"{"error":"transport""#) {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// No page's address ends in a slash (but the home page's): such an
/// address is "not found" rather than a page with an empty part (issue 19).
async fn trailing_slash_is_not_found(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let path = req.uri().path();
    if path.len() > 1 && path.ends_with('/') {
        return plain_page(StatusCode::NOT_FOUND, "页面不存在", "页面不存在", "请检查网址。");
    }
    next.run(req).await
}

fn is_multipart(headers: &axum::http::HeaderMap) -> bool {
    headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|k| k.to_ascii_lowercase().starts_with("multipart/form-data"))
}

fn multipart_without_boundary(headers: &axum::http::HeaderMap) -> bool {
    let Some(kind) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let kind = kind.to_ascii_lowercase();
    kind.starts_with("multipart/") && !kind.split(';').any(|p| p.trim().strip_prefix("boundary=").is_some_and(|b| !b.trim_matches('"').is_empty()))
}

/// A panic becomes a plain 500 page; the details go to the log only.
fn panic_response(err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(%detail, "request handler panicked");
    plain_page(StatusCode::INTERNAL_SERVER_ERROR, "系统错误", "系统繁忙", "请稍后再试。如问题持续，请拨打 12345。")
}

/// A page without the app (it may be what failed): a heading, a line, the way home.
fn plain_page(status: StatusCode, title: &str, heading: &str, text: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>{title}</title>\
         <h1>{heading}</h1><p>{text}</p><p><a href=\"/\">返回首页</a></p></html>"
    );
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

/// Log lines as text, or as JSON lines when `HOTLINE_LOG_FORMAT=json`
/// (each with the request id of the HTTP request it was written for).
fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = match std::env::var("HOTLINE_LOG_FORMAT").as_deref() {
        Ok("json") => logs.json().with_current_span(true).with_span_list(false).try_init(),
        _ => logs.try_init(),
    };
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
