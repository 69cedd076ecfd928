//! The seam between the server functions (here, shared with the browser) and
//! the server crate that owns the store. Each area declares its side of the
//! backend as a trait beside its server functions (`SessionBackend` in
//! `auth.rs`, `RequestBackend` in `requests.rs` …), implemented in the
//! service file of that area under the same method names; the server
//! provides each as an `Arc<dyn …>` in the Leptos context. What every area
//! shares lives here, and this module names no area.

use super::error::AppError;

/// An uploaded file as received: its bytes, not yet checked.
pub struct Upload {
    pub bytes: Vec<u8>,
}

/// An area's backend from the Leptos context (`B`: `Arc<dyn …Backend>`).
pub fn context<B: Clone + Send + Sync + 'static>() -> Result<B, AppError> {
    leptos::prelude::use_context::<B>().ok_or_else(|| {
        leptos::logging::error!("server function called without its backend ({}) in context", std::any::type_name::<B>());
        AppError::Internal
    })
}

/// Sets the HTTP status that matches an error, then passes the error on.
/// A plain HTML form post keeps its redirect back to the form instead (the
/// error travels in the URL and the page shows it beside the field).
pub fn with_status(err: AppError) -> AppError {
    let form_post = leptos::prelude::use_context::<http::request::Parts>().is_some_and(|p| {
        p.headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    });
    if form_post {
        return err;
    }
    if let Some(opts) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(code) = http::StatusCode::from_u16(err.status()) {
            opts.set_status(code);
        }
    }
    err
}
