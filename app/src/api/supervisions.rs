//! Server function of the supervision list (Art. 31): every running
//! supervision in the viewer's scope, one line each, with its deadline and
//! where it stands, overdue first.

use super::error::AppError;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use super::auth::StaffUser;
#[cfg(feature = "ssr")]
use std::sync::Arc;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The list under one filter, with how many each filter holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SupervisionList {
    /// The filter shown: `running`, `overdue` or `awaiting_verdict`.
    pub filter: String,
    /// Every filter as (code, label, count), in tab order.
    pub filters: Vec<(String, String, u32)>,
    pub lines: Vec<SupervisionLine>,
    /// Whether the viewer gives verdicts (a hotline office's reviewer).
    pub judges: bool,
    /// More requests are under supervision than one page reads.
    pub truncated: bool,
    /// Whether the viewer reads Art. 34's leads (the center's reviewers, analysts, administrators).
    pub oversight: bool,
}

/// One supervision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SupervisionLine {
    pub number: String,
    pub title: String,
    pub unit: String,
    /// `逾期未办结的事项（第三十一条第（五）项）`.
    pub source: String,
    /// `11月20日`.
    pub opened: String,
    /// `截止11月25日` — the last day to respond.
    pub due: String,
    /// `还剩 2 个工作日`, `今天是最后一天`, `已逾期 3 个工作日`; empty once answered.
    pub left: String,
    /// `awaiting_response` or `awaiting_verdict`, and its words.
    pub stage: String,
    pub stage_label: String,
    pub overdue: bool,
    /// Times the center found a response wanting (继续督办).
    pub found_wanting: u32,
}

/// The supervision list's side of the backend (`service/supervisions.rs`).
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait SupervisionBackend: Send + Sync + 'static {
    async fn supervisions(&self, user: &StaffUser, filter: &str) -> Result<SupervisionList, AppError>;
}

/// The running supervisions in the viewer's scope (empty filter: all running).
#[server(name = GetSupervisions, prefix = "/api", endpoint = "supervisions", input = Json)]
pub async fn supervisions(filter: String) -> Result<SupervisionList, AppError> {
    super::auth::as_staff(|backend: Arc<dyn SupervisionBackend>, user| async move { backend.supervisions(&user, &filter).await }).await
}
