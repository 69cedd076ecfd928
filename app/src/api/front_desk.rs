//! Server functions of the front desk's assessment (Art. 36 受理前台服务质量):
//! a month's sample of every agent's registrations, drawn once by the
//! center, each reviewed on a checklist; the agents' scores with the
//! callers' ratings of the call service (Art. 24).

use super::error::AppError;
use crate::domain::assessment::AgentScore;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use super::auth::StaffUser;
#[cfg(feature = "ssr")]
use std::sync::Arc;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// A month of the front desk.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FrontDeskPage {
    /// `2026-10`, `2026年10月`, and the months either side (codes).
    pub month: String,
    pub name: String,
    pub previous: String,
    pub next: String,
    /// `每名话务员抽检 5 件，话务服务评价占 30%（2026年第1版考核方案）`.
    pub rules: String,
    /// `热线审核员 王强 于 2026-11-02 10:00 抽取` once drawn.
    pub drawn: Option<String>,
    /// The agents who registered requests in the month, best first.
    pub agents: Vec<AgentLine>,
    pub samples: Vec<SampleLine>,
    /// The checklist: code and what it checks.
    pub checks: Vec<(String, String)>,
    /// Whether the viewer may draw the month's sample (once the month is over) and review it.
    pub may_draw: bool,
    pub may_review: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgentLine {
    /// 1 for the best; agents with nothing to score are not ranked.
    pub rank: Option<u32>,
    pub name: String,
    /// Requests the agent registered in the month.
    pub registered: u32,
    pub score: AgentScore,
}

/// A sampled registration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SampleLine {
    pub id: i64,
    pub agent: String,
    pub number: String,
    pub title: String,
    /// `投诉 · 城乡建设`.
    pub kind: String,
    pub review: Option<ReviewLine>,
}

/// A sample's review in words.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewLine {
    pub points: f64,
    /// The checks failed, in words (empty: all passed).
    pub failed: Vec<String>,
    pub note: Option<String>,
    /// `热线审核员 王强 2026-11-03 09:12`.
    pub by: String,
}

/// A reviewer's checklist for one sampled registration.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleReviewForm {
    pub sample: i64,
    /// The codes of the checks it passed.
    pub passed: Vec<String>,
    pub note: String,
}

/// The front desk's side of the backend (`service/assessment/front_desk.rs`).
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait FrontDeskBackend: Send + Sync + 'static {
    async fn front_desk(&self, user: &StaffUser, month: &str) -> Result<FrontDeskPage, AppError>;
    async fn draw_front_desk_sample(&self, user: &StaffUser, month: &str) -> Result<(), AppError>;
    async fn review_front_desk_sample(&self, user: &StaffUser, form: SampleReviewForm) -> Result<(), AppError>;
}

/// A month of the front desk (a `YYYY-MM` code; empty: last month).
#[server(name = GetFrontDesk, prefix = "/api", endpoint = "front_desk", input = Json)]
pub async fn front_desk(month: String) -> Result<FrontDeskPage, AppError> {
    super::auth::as_staff(|backend: Arc<dyn FrontDeskBackend>, user| async move { backend.front_desk(&user, &month).await }).await
}

/// Draws the month's sample of every agent's registrations, once.
#[server(name = DrawFrontDeskSample, prefix = "/api", endpoint = "draw_front_desk_sample", input = Json)]
pub async fn draw_front_desk_sample(month: String) -> Result<(), AppError> {
    super::auth::as_staff(|backend: Arc<dyn FrontDeskBackend>, user| async move { backend.draw_front_desk_sample(&user, &month).await }).await
}

/// Records the review of one sampled registration, once.
#[server(name = ReviewFrontDeskSample, prefix = "/api", endpoint = "review_front_desk_sample", input = Json)]
pub async fn review_front_desk_sample(form: SampleReviewForm) -> Result<(), AppError> {
    super::auth::as_staff(|backend: Arc<dyn FrontDeskBackend>, user| async move { backend.review_front_desk_sample(&user, form).await }).await
}
