//! Searching the requests in the viewer's scope.

#[cfg(feature = "ssr")]
use super::auth::StaffUser;
use super::error::AppError;
use super::inbox::Inbox;
#[cfg(feature = "ssr")]
use std::sync::Arc;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// A search over the requests in the viewer's scope; empty fields do not
/// narrow it. Dates are `YYYY-MM-DD` (China time, both included).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    pub number: String,
    /// The caller's full phone number: searching by it is audited.
    pub phone: String,
    /// Words in the title.
    pub text: String,
    pub state: String,
    pub unit: String,
    pub request_type: String,
    pub category: String,
    pub county: String,
    pub from: String,
    pub until: String,
    pub page: i64,
}

/// The search's side of the backend (`service/requests/search.rs`).
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait SearchBackend: Send + Sync + 'static {
    /// The requests in the user's scope matching `query`, newest first, a page at a time.
    async fn search(&self, user: &StaffUser, query: SearchQuery) -> Result<Inbox, AppError>;
}

/// Searches the requests in the user's scope (a phone number search is audited).
#[server(name = SearchRequests, prefix = "/api", endpoint = "search", input = Json)]
pub async fn search_requests(query: SearchQuery) -> Result<Inbox, AppError> {
    super::auth::as_staff(|backend: Arc<dyn SearchBackend>, user| async move { backend.search(&user, query).await }).await
}
