//! The knowledge base's server functions (Art. 14(1), 28, 36) and what
//! they send to the pages: the intake desk's search, the writers' and
//! reviewers' list, an entry with its versions, a new version, the steps of
//! its review.

use super::error::AppError;
use super::snippet::TextPart;
#[cfg(feature = "ssr")]
use std::sync::Arc;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// A knowledge-base entry found for the intake desk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnowledgeHit {
    pub code: String,
    pub question: String,
    pub answer: String,
    pub basis: String,
    /// The passage that matched, its matched words marked.
    #[serde(default)]
    pub snippet: Vec<TextPart>,
}

/// Which knowledge-base entries a list shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct KnowledgeQuery {
    /// `review` (awaiting the center), `stale`, a status code, or empty for all.
    pub show: String,
    pub page: i64,
}

/// One entry in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnowledgeItem {
    pub code: String,
    pub question: String,
    /// Of the latest version, in Chinese.
    pub status: String,
    pub status_code: String,
    pub unit_name: String,
    /// `YYYY-MM-DD` of the last change.
    pub updated: String,
    /// Read today (published and in force).
    pub live: bool,
    /// Not reviewed for longer than the set time: its unit should look again.
    pub stale: bool,
}

/// A unit's part in keeping the knowledge base (Art. 36).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnowledgeActivity {
    pub unit_name: String,
    pub entries: i64,
    /// Versions written in the last 30 days.
    pub updates: i64,
    pub stale: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnowledgeList {
    pub items: Vec<KnowledgeItem>,
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
    /// After how many days without review an entry is stale.
    pub stale_days: i64,
    /// Per unit, for the center only.
    pub activity: Vec<KnowledgeActivity>,
    /// Whether the viewer may start a new entry.
    pub may_write: bool,
}

/// One version in an entry's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnowledgeVersionView {
    pub version: i64,
    pub status: String,
    pub question: String,
    pub written_by: String,
    pub written_unit: String,
    /// `YYYY-MM-DD HH:MM` China time.
    pub written_at: String,
    pub decided: Option<String>,
    pub note: Option<String>,
}

/// An entry as its writers and reviewers see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnowledgeDetail {
    pub code: String,
    /// The latest version's content, to revise.
    pub form: crate::domain::knowledge::EntryForm,
    pub status: String,
    pub status_code: String,
    pub unit_id: String,
    pub unit_name: String,
    pub live: bool,
    /// The version that is read, if any.
    pub live_version: Option<i64>,
    pub stale: bool,
    /// (code, label) of what the viewer may do now.
    pub actions: Vec<(String, String)>,
    pub versions: Vec<KnowledgeVersionView>,
}

/// An entry written or revised: `code` empty for a new one, owned by `unit` (default: the writer's).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct KnowledgeEdit {
    pub code: String,
    pub unit: String,
    pub form: crate::domain::knowledge::EntryForm,
}

/// The knowledge base's side of the backend (`service/knowledge/mod.rs`).
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait KnowledgeBackend: Send + Sync + 'static {
    /// Entries holding the words (staff).
    async fn knowledge(&self, user: &super::auth::StaffUser, words: &str) -> Result<Vec<KnowledgeHit>, AppError>;
    /// Entries: a unit its subtree's, the center all, with the units' activity.
    async fn knowledge_list(&self, user: &super::auth::StaffUser, query: KnowledgeQuery) -> Result<KnowledgeList, AppError>;
    async fn knowledge_detail(&self, user: &super::auth::StaffUser, code: &str) -> Result<KnowledgeDetail, AppError>;
    /// A new entry or a new version (a draft) by its unit or the center.
    async fn save_knowledge(&self, user: &super::auth::StaffUser, edit: KnowledgeEdit) -> Result<KnowledgeDetail, AppError>;
    /// submit, publish, send_back or expire.
    async fn knowledge_action(&self, user: &super::auth::StaffUser, code: &str, action: &str, note: &str) -> Result<KnowledgeDetail, AppError>;
}

/// Knowledge-base entries for the words (a plain search; Art. 14(1)).
#[server(name = SearchKnowledge, prefix = "/api", endpoint = "knowledge")]
pub async fn knowledge(words: String) -> Result<Vec<KnowledgeHit>, AppError> {
    super::auth::as_staff(|backend: Arc<dyn KnowledgeBackend>, user| async move { backend.knowledge(&user, &words).await }).await
}

/// Knowledge-base entries for their writers and reviewers.
#[server(name = GetKnowledgeList, prefix = "/api", endpoint = "knowledge_list", input = Json)]
pub async fn knowledge_list(query: KnowledgeQuery) -> Result<KnowledgeList, AppError> {
    super::auth::as_staff(|backend: Arc<dyn KnowledgeBackend>, user| async move { backend.knowledge_list(&user, query).await }).await
}

/// One entry with its versions and what the viewer may do.
#[server(name = GetKnowledgeDetail, prefix = "/api", endpoint = "knowledge_detail")]
pub async fn knowledge_detail(code: String) -> Result<KnowledgeDetail, AppError> {
    super::auth::as_staff(|backend: Arc<dyn KnowledgeBackend>, user| async move { backend.knowledge_detail(&user, &code).await }).await
}

/// Writes a new entry or a new version of one (a draft).
#[server(name = SaveKnowledge, prefix = "/api", endpoint = "save_knowledge", input = Json)]
pub async fn save_knowledge(edit: KnowledgeEdit) -> Result<KnowledgeDetail, AppError> {
    super::auth::as_staff(|backend: Arc<dyn KnowledgeBackend>, user| async move { backend.save_knowledge(&user, edit).await }).await
}

/// Submits, publishes, sends back (with a note) or withdraws an entry.
#[server(name = KnowledgeActionCall, prefix = "/api", endpoint = "knowledge_action")]
pub async fn knowledge_action(code: String, action: String, note: String) -> Result<KnowledgeDetail, AppError> {
    super::auth::as_staff(|backend: Arc<dyn KnowledgeBackend>, user| async move { backend.knowledge_action(&user, &code, &action, &note).await }).await
}
