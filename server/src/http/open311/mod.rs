//! Open311 GeoReport v2 (issue 17 §1) under `/open311/v2/`: discovery, the
//! service list and each service's definition, in JSON or XML by the path's
//! extension, with the spec's error list. `jurisdiction_id` is accepted and
//! not needed: this endpoint serves one jurisdiction.

mod format;

use crate::service::Service;
use app::api::AppError;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use format::Format;
use serde_json::{json, Value};
use std::sync::Arc;

/// When the interface described by discovery last changed (ISO 8601, as the spec's example).
const CHANGESET: &str = "2026-12-01T00:00:00+08:00";

pub fn routes<S: Clone + Send + Sync + 'static>(service: Arc<Service>) -> Router<S> {
    let definitions = service.clone();
    Router::new()
        .route(
            "/open311/v2/{file}",
            get(move |Path(file): Path<String>| {
                let service = service.clone();
                async move { top(&service, &file).await }
            })
            .fallback(read_only),
        )
        .route(
            "/open311/v2/services/{file}",
            get(move |Path(file): Path<String>| {
                let service = definitions.clone();
                async move { definition(&service, &file).await }
            })
            .fallback(read_only),
        )
}

/// `discovery.{format}` and `services.{format}`.
async fn top(service: &Service, file: &str) -> Response {
    let Some((name, format)) = Format::split(file) else { return not_found(Format::Json, "格式须为 .json 或 .xml") };
    match name {
        "discovery" => format.respond(StatusCode::OK, "discovery", &discovery()),
        "services" => match service.open311_services().await {
            Ok(list) => format.respond(StatusCode::OK, "services", &json!(list)),
            Err(e) => failed(format, &e),
        },
        _ => not_found(format, "没有这个接口"),
    }
}

/// `services/{service_code}.{format}`.
async fn definition(service: &Service, file: &str) -> Response {
    let Some((code, format)) = Format::split(file) else { return not_found(Format::Json, "格式须为 .json 或 .xml") };
    match service.open311_definition(code).await {
        Ok(Some(definition)) => format.respond(StatusCode::OK, "service_definition", &json!(definition)),
        Ok(None) => not_found(format, &format!("没有服务代码为 {code} 的服务")),
        Err(e) => failed(format, &e),
    }
}

fn discovery() -> Value {
    json!({
        "changeset": CHANGESET,
        "contact": "12345 政务服务便民热线",
        "key_service": "接入密钥由热线管理员在“合作方”中登记后发放",
        "endpoints": [{
            "specification": "http://wiki.open311.org/GeoReport_v2",
            "url": format!("{}/open311/v2", crate::service::citizen::public_url()),
            "changeset": CHANGESET,
            "type": "production",
            "formats": ["application/json", "text/xml"],
        }],
    })
}

/// The spec's error list: `[{"code": 404, "description": "…"}]`.
fn errors(format: Format, status: StatusCode, description: &str) -> Response {
    format.respond(status, "errors", &json!([{ "code": status.as_u16(), "description": description }]))
}

/// Another method than GET: these documents are only read.
async fn read_only(Path(file): Path<String>) -> Response {
    let format = Format::split(&file).map_or(Format::Json, |(_, format)| format);
    errors(format, StatusCode::METHOD_NOT_ALLOWED, "此接口只能读取（GET）")
}

fn not_found(format: Format, description: &str) -> Response {
    errors(format, StatusCode::NOT_FOUND, description)
}

fn failed(format: Format, e: &AppError) -> Response {
    tracing::error!(error = %e, "open311 answer failed");
    errors(format, StatusCode::INTERNAL_SERVER_ERROR, "服务暂时不可用，请稍后再试")
}
