//! Server functions over requests. Inputs are JSON so that machine clients
//! (and the integration tests) can send the typed commands as they are.

use super::error::AppError;
use super::views::{Inbox, RequestView, RevealedRequester};
use crate::domain::machine::Command;
use crate::domain::request::RequestDraft;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Registers a request taken by the center (phone or another channel).
#[server(prefix = "/api", endpoint = "register_request", input = Json)]
pub async fn register_request(new: RequestDraft) -> Result<RequestView, AppError> {
    use super::backend::{staff_user, with_status};
    let (backend, user) = staff_user().await.map_err(with_status)?;
    backend.register_request(&user, new).await.map_err(with_status)
}

/// Issues one command of the state machine on a request.
#[server(prefix = "/api", endpoint = "apply_command", input = Json)]
pub async fn apply_command(number: String, command: Command) -> Result<RequestView, AppError> {
    use super::backend::{staff_user, with_status};
    let (backend, user) = staff_user().await.map_err(with_status)?;
    backend.apply_command(&user, &number, command).await.map_err(with_status)
}

/// A request with its timeline, as the viewer may see it.
#[server(name = GetRequestView, prefix = "/api", endpoint = "request_view", input = Json)]
pub async fn request_view(number: String) -> Result<RequestView, AppError> {
    use super::backend::{staff_user, with_status};
    let (backend, user) = staff_user().await.map_err(with_status)?;
    backend.request_view(&user, &number).await.map_err(with_status)
}

/// Reveals the requester's personal data; the reason goes into the audit log.
#[server(prefix = "/api", endpoint = "reveal_requester", input = Json)]
pub async fn reveal_requester(number: String, reason: String) -> Result<RevealedRequester, AppError> {
    use super::backend::{staff_user, with_status};
    let (backend, user) = staff_user().await.map_err(with_status)?;
    backend.reveal_requester(&user, &number, &reason).await.map_err(with_status)
}

/// A page of the user's work list.
#[server(name = GetInbox, prefix = "/api", endpoint = "inbox")]
pub async fn inbox(filter: String, page: Option<i64>) -> Result<Inbox, AppError> {
    use super::backend::{staff_user, with_status};
    let (backend, user) = staff_user().await.map_err(with_status)?;
    backend.inbox(&user, &filter, page.unwrap_or(1)).await.map_err(with_status)
}
