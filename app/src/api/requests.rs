//! Server functions over requests. Inputs are JSON so that machine clients
//! (and the integration tests) can send the typed commands as they are.

use super::error::AppError;
use super::views::{Assist, AssistQuery, CallerRequest, Inbox, RequestView, RevealedRequester, SearchQuery};
use crate::domain::machine::Command;
use crate::domain::request::RequestDraft;
use leptos::prelude::*;
use leptos::server_fn::codec::{Json, MultipartData, MultipartFormData};

/// Registers a request taken by the center (phone or another channel).
#[server(prefix = "/api", endpoint = "register_request", input = Json)]
pub async fn register_request(new: RequestDraft) -> Result<RequestView, AppError> {
    super::backend::as_staff(|backend, user| async move { backend.register_request(&user, new).await }).await
}

/// Issues one command of the state machine on a request.
#[server(prefix = "/api", endpoint = "apply_command", input = Json)]
pub async fn apply_command(number: String, command: Command) -> Result<RequestView, AppError> {
    super::backend::as_staff(|backend, user| async move { backend.apply_command(&user, &number, command).await }).await
}

/// A request with its timeline, as the viewer may see it.
#[server(name = GetRequestView, prefix = "/api", endpoint = "request_view", input = Json)]
pub async fn request_view(number: String) -> Result<RequestView, AppError> {
    super::backend::as_staff(|backend, user| async move { backend.request_view(&user, &number).await }).await
}

/// Reveals the requester's personal data; the reason goes into the audit log.
#[server(prefix = "/api", endpoint = "reveal_requester", input = Json)]
pub async fn reveal_requester(number: String, reason: String) -> Result<RevealedRequester, AppError> {
    super::backend::as_staff(|backend, user| async move { backend.reveal_requester(&user, &number, &reason).await }).await
}

/// A page of the user's work list.
#[server(name = GetInbox, prefix = "/api", endpoint = "inbox")]
pub async fn inbox(filter: String, page: Option<i64>) -> Result<Inbox, AppError> {
    super::backend::as_staff(|backend, user| async move { backend.inbox(&user, &filter, page.unwrap_or(1)).await }).await
}

/// The caller's earlier requests (intake desk: repeats, Art. 12(7), 14(5)).
/// Looking a phone number up is written to the audit log.
#[server(name = GetCallerHistory, prefix = "/api", endpoint = "caller_history")]
pub async fn caller_history(phone: String) -> Result<Vec<CallerRequest>, AppError> {
    super::backend::as_staff(|backend, user| async move { backend.caller_history(&user, &phone).await }).await
}

/// Searches the requests in the user's scope (a phone number search is audited).
#[server(name = SearchRequests, prefix = "/api", endpoint = "search", input = Json)]
pub async fn search_requests(query: SearchQuery) -> Result<Inbox, AppError> {
    super::backend::as_staff(|backend, user| async move { backend.search(&user, query).await }).await
}

/// Uploads a document for a request the user handles (the signed
/// duty-performance statement of Art. 26(3), a case-filing decision): a
/// scanned image or a PDF. Returns its id, to name in the command.
#[server(prefix = "/api", endpoint = "document", input = MultipartFormData)]
pub async fn upload_document(data: MultipartData) -> Result<String, AppError> {
    super::backend::as_staff(|backend, user| async move {
        let received = super::citizen::received::read(data).await?;
        let number = received.first("number").unwrap_or_default();
        let file = received.files.into_iter().next().ok_or_else(|| AppError::Invalid("请选择要上传的文件".into()))?;
        backend.upload_document(&user, &number, file).await
    })
    .await
}

/// Suggestions for the call being typed at the intake desk: category,
/// handling unit and open requests it may repeat (center roles).
#[server(name = GetAssist, prefix = "/api", endpoint = "assist", input = Json)]
pub async fn assist(query: AssistQuery) -> Result<Assist, AppError> {
    super::backend::as_staff(|backend, user| async move { backend.assist(&user, query).await }).await
}
