//! Server functions of the assessment (Art. 36–37): the year's scheme as
//! the center sets it, and the units' scores of a period under the scheme in
//! force, each drillable to what made it.

use super::dashboard::PeriodView;
use super::error::AppError;
use crate::domain::assessment::{Adjustment, SchemeForm};
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use super::auth::StaffUser;
#[cfg(feature = "ssr")]
use std::sync::Arc;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// A year's scheme: its versions and the form of the latest (or a standard one to start from).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchemePage {
    pub year: i32,
    /// `第2版，2026-07-01 起施行（热线审核员 王强 2026-06-20 10:00）`.
    pub versions: Vec<String>,
    pub form: SchemeForm,
    /// The indicators a scheme may weigh: code, name and how its values are entered.
    pub indicators: Vec<(String, String, String)>,
    pub may_write: bool,
}

/// The units' scores of a period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoresPage {
    pub period: PeriodView,
    /// The scheme version that scores the period, in words; none: no scheme for that year.
    pub scheme: Option<String>,
    pub rows: Vec<ScoreRow>,
    /// The period's publication, once published.
    pub published: Option<i64>,
    /// Whether the viewer may publish the period's results (the center's reviewers and administrators).
    pub may_publish: bool,
}

/// A publication as lists show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicationLine {
    pub id: i64,
    /// `2026年10月（第1版，2026-11-02 10:00 通报）`.
    pub summary: String,
    /// The viewer's unit's line: `得分 86.50，第 3 名`.
    pub own: Option<String>,
}

/// A publication: every unit's result for the center, its own for a unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicationView {
    pub id: i64,
    pub summary: String,
    /// `可于2026年11月4日前（含）申诉` or `申诉期已于…届满`.
    pub appeal: String,
    /// `2026年11月4日`: the last day to appeal.
    pub appeal_until: String,
    pub rows: Vec<ScoreRow>,
    /// The viewer's unit's breakdown.
    pub own: Option<ScoreDetail>,
    /// The period's newest version, when this one has been superseded.
    pub superseded_by: Option<i64>,
    /// Whether the viewer may appeal its unit's result now (its administrator, within the period).
    pub may_appeal: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreRow {
    /// 1 for the best; units with nothing to rate are not ranked.
    pub rank: Option<u32>,
    pub unit: String,
    pub name: String,
    pub total: Option<f64>,
    pub base: Option<f64>,
    pub bonus: f64,
    pub deduction: f64,
}

/// One unit's score, with every number that made it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreDetail {
    pub unit: String,
    pub name: String,
    pub period: PeriodView,
    pub scheme: String,
    pub items: Vec<ItemLine>,
    pub base: Option<f64>,
    pub bonuses: Vec<Adjustment>,
    pub bonus: f64,
    pub deductions: Vec<Adjustment>,
    pub deduction: f64,
    pub total: Option<f64>,
}

/// An item of the scheme as the unit scored on it, in words.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemLine {
    pub code: String,
    pub label: String,
    pub weight: u32,
    pub target: String,
    pub floor: String,
    /// `93.3%（28 / 30）`, or `无数据`.
    pub value: String,
    pub points: Option<f64>,
    /// `不计 1 件（申诉成立）` when upheld appeals took requests out of it.
    pub excluded: Option<String>,
}

/// The assessment's side of the backend (`service/assessment.rs`).
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait AssessmentBackend: Send + Sync + 'static {
    async fn assessment_scheme(&self, user: &StaffUser, year: &str) -> Result<SchemePage, AppError>;
    async fn save_scheme(&self, user: &StaffUser, form: SchemeForm) -> Result<SchemePage, AppError>;
    async fn assessment_scores(&self, user: &StaffUser, period: &str) -> Result<ScoresPage, AppError>;
    async fn assessment_detail(&self, user: &StaffUser, period: &str, unit: &str) -> Result<ScoreDetail, AppError>;
    async fn publish_assessment(&self, user: &StaffUser, period: &str) -> Result<i64, AppError>;
    async fn assessment_publications(&self, user: &StaffUser) -> Result<Vec<PublicationLine>, AppError>;
    async fn assessment_publication(&self, user: &StaffUser, id: i64) -> Result<PublicationView, AppError>;
}

/// A year's scheme (empty: this year's).
#[server(name = GetAssessmentScheme, prefix = "/api", endpoint = "assessment_scheme", input = Json)]
pub async fn assessment_scheme(year: String) -> Result<SchemePage, AppError> {
    super::auth::as_staff(|backend: Arc<dyn AssessmentBackend>, user| async move { backend.assessment_scheme(&user, &year).await }).await
}

/// A new version of the form's year's scheme.
#[server(name = SaveScheme, prefix = "/api", endpoint = "save_scheme", input = Json)]
pub async fn save_scheme(form: SchemeForm) -> Result<SchemePage, AppError> {
    super::auth::as_staff(|backend: Arc<dyn AssessmentBackend>, user| async move { backend.save_scheme(&user, form).await }).await
}

/// The units' scores of a period (a code; empty: last month).
#[server(name = GetAssessmentScores, prefix = "/api", endpoint = "assessment_scores", input = Json)]
pub async fn assessment_scores(period: String) -> Result<ScoresPage, AppError> {
    super::auth::as_staff(|backend: Arc<dyn AssessmentBackend>, user| async move { backend.assessment_scores(&user, &period).await }).await
}

#[server(name = GetAssessmentDetail, prefix = "/api", endpoint = "assessment_detail", input = Json)]
pub async fn assessment_detail(period: String, unit: String) -> Result<ScoreDetail, AppError> {
    super::auth::as_staff(|backend: Arc<dyn AssessmentBackend>, user| async move { backend.assessment_detail(&user, &period, &unit).await }).await
}

/// Publishes a period's results (通报): frozen, each unit told; the appeal clock starts.
#[server(name = PublishAssessment, prefix = "/api", endpoint = "publish_assessment", input = Json)]
pub async fn publish_assessment(period: String) -> Result<i64, AppError> {
    super::auth::as_staff(|backend: Arc<dyn AssessmentBackend>, user| async move { backend.publish_assessment(&user, &period).await }).await
}

#[server(name = GetAssessmentPublications, prefix = "/api", endpoint = "assessment_publications", input = Json)]
pub async fn assessment_publications() -> Result<Vec<PublicationLine>, AppError> {
    super::auth::as_staff(|backend: Arc<dyn AssessmentBackend>, user| async move { backend.assessment_publications(&user).await }).await
}

#[server(name = GetAssessmentPublication, prefix = "/api", endpoint = "assessment_publication", input = Json)]
pub async fn assessment_publication(id: i64) -> Result<PublicationView, AppError> {
    super::auth::as_staff(|backend: Arc<dyn AssessmentBackend>, user| async move { backend.assessment_publication(&user, id).await }).await
}
