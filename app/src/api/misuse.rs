//! Server functions of the misuse flags (Art. 41): the intake desk's warning
//! for a number, the hotline office's list, flagging, review and referral.

use super::error::AppError;
#[cfg(feature = "ssr")]
use std::sync::Arc;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// A flag as staff see it: the number masked, labels in Chinese.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagView {
    pub id: i64,
    pub phone: String,
    pub kind: String,
    pub reason: String,
    pub evidence: Vec<String>,
    pub decided_by: String,
    pub decided_at: String,
    /// The last day in force, `YYYY-MM-DD`.
    pub until: String,
    pub status: String,
    pub in_force: bool,
    pub reviews: Vec<FlagReviewView>,
    pub referral: Option<ReferralView>,
    pub may_review: bool,
    pub may_refer: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagReviewView {
    pub by: String,
    pub at: String,
    pub outcome: String,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralView {
    pub by: String,
    pub at: String,
    pub station: String,
    pub record: Option<String>,
    pub note: String,
}

/// The office's list, and whether the viewer may flag a caller.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagList {
    pub flags: Vec<FlagView>,
    pub may_flag: bool,
}

/// A new flag as typed: the evidence is request numbers separated by spaces or commas.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewFlag {
    pub phone: String,
    pub kind: String,
    pub reason: String,
    pub evidence: String,
    /// The last day in force, `YYYY-MM-DD`.
    pub until: String,
}

/// A step on an existing flag.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FlagStep {
    /// `lift: false` upholds it until `until`.
    Review { lift: bool, until: String, note: String },
    ReferToPolice { station: String, record: String, note: String },
}

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait MisuseBackend: Send + Sync + 'static {
    /// The flags on a number (every staff member who takes calls; audited).
    async fn caller_flags(&self, user: &super::auth::StaffUser, phone: &str) -> Result<Vec<FlagView>, AppError>;
    /// The newest flags, those in force first (hotline offices, leaders, administrators).
    async fn misuse_flags(&self, user: &super::auth::StaffUser) -> Result<FlagList, AppError>;
    async fn flag_caller(&self, user: &super::auth::StaffUser, flag: NewFlag) -> Result<FlagView, AppError>;
    async fn flag_step(&self, user: &super::auth::StaffUser, id: i64, step: FlagStep) -> Result<FlagView, AppError>;
}

/// The flags on the number being typed at the intake desk.
#[server(name = GetCallerFlags, prefix = "/api", endpoint = "caller_flags")]
pub async fn caller_flags(phone: String) -> Result<Vec<FlagView>, AppError> {
    super::auth::as_staff(|backend: Arc<dyn MisuseBackend>, user| async move { backend.caller_flags(&user, &phone).await }).await
}

#[server(name = GetMisuseFlags, prefix = "/api", endpoint = "misuse_flags")]
pub async fn misuse_flags() -> Result<FlagList, AppError> {
    super::auth::as_staff(|backend: Arc<dyn MisuseBackend>, user| async move { backend.misuse_flags(&user).await }).await
}

#[server(name = FlagCaller, prefix = "/api", endpoint = "flag_caller", input = Json)]
pub async fn flag_caller(flag: NewFlag) -> Result<FlagView, AppError> {
    super::auth::as_staff(|backend: Arc<dyn MisuseBackend>, user| async move { backend.flag_caller(&user, flag).await }).await
}

#[server(name = StepFlag, prefix = "/api", endpoint = "flag_step", input = Json)]
pub async fn flag_step(id: i64, step: FlagStep) -> Result<FlagView, AppError> {
    super::auth::as_staff(|backend: Arc<dyn MisuseBackend>, user| async move { backend.flag_step(&user, id, step).await }).await
}
