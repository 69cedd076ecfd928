//! Server function of Art. 34's page (监督处理线索): the matters complained
//! about again and again and the requests long past their deadline, by
//! unit, for the bureau to refer with the discipline commission.

use super::error::AppError;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use super::auth::StaffUser;
#[cfg(feature = "ssr")]
use std::sync::Arc;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OversightPage {
    /// The thresholds in force (as read, or the defaults).
    pub repeats: u32,
    pub overdue_days: u32,
    /// `2025年12月1日`: repeats linked since then count.
    pub since: String,
    /// Every unit with a lead, most leads first.
    pub units: Vec<OversightUnit>,
    pub matters: Vec<RepeatedLine>,
    pub overdue: Vec<OverdueLine>,
    /// More open requests were overdue than one page reads.
    pub truncated: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OversightUnit {
    pub name: String,
    /// Matters complained about repeatedly that the unit handles or handled.
    pub repeated: u32,
    /// Its requests long past their deadline.
    pub overdue: u32,
}

/// A matter complained about repeatedly.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RepeatedLine {
    pub original: String,
    pub title: String,
    /// The units that handled the original, by name.
    pub units: String,
    /// Complaints in all, the original counted.
    pub complaints: u32,
    /// The later requests' numbers, oldest first.
    pub repeats: Vec<String>,
    /// The original's state in words.
    pub state: String,
}

/// A request long past its deadline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OverdueLine {
    pub number: String,
    pub title: String,
    pub units: String,
    /// `11月6日`.
    pub last_day: String,
    /// Working days past the last day.
    pub days: u32,
    pub state: String,
}

/// Art. 34's side of the backend (`service/oversight.rs`).
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait OversightBackend: Send + Sync + 'static {
    async fn oversight(&self, user: &StaffUser, repeats: &str, overdue_days: &str) -> Result<OversightPage, AppError>;
}

/// The leads under the thresholds given (empty: the defaults, 3 complaints and 10 working days).
#[server(name = GetOversight, prefix = "/api", endpoint = "oversight", input = Json)]
pub async fn oversight(repeats: String, overdue_days: String) -> Result<OversightPage, AppError> {
    super::auth::as_staff(|backend: Arc<dyn OversightBackend>, user| async move { backend.oversight(&user, &repeats, &overdue_days).await }).await
}
