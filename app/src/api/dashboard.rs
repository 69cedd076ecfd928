//! Server functions of the dashboard (Art. 33): every indicator of SPEC §7
//! for a period, against the period before and the same period a year
//! earlier, and what the requests were — within the viewer's scope.

use super::error::AppError;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use super::auth::StaffUser;
#[cfg(feature = "ssr")]
use std::sync::Arc;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

pub use crate::domain::indicators::{IndicatorRow, ValueKind};

/// The dashboard of one period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DashboardView {
    /// Whose numbers, in words: 全州, 霍城县热线办受理的诉求, 伊宁市人民政府及下属单位.
    pub scope: String,
    pub period: PeriodView,
    /// Today in China, `YYYY-MM-DD`.
    pub today: String,
    pub indicators: Vec<IndicatorRow>,
    /// What the volume counts: 受理量 (requests registered) or 派单量 (a unit's assignments).
    pub volume: String,
    /// Its counter's code (`registered`, `dispatched`).
    #[serde(default)]
    pub volume_code: String,
    pub by_type: Vec<Bar>,
    pub by_channel: Vec<Bar>,
    pub by_county: Vec<Bar>,
    /// The categories with the most volume, at most [`TOP_CATEGORIES`].
    #[serde(default)]
    pub by_category: Vec<Bar>,
    /// The units just below the scope, each with its subtree's numbers.
    pub units: Vec<UnitLine>,
    /// Each day of the period: the volume and the closings.
    pub trend: Vec<TrendDay>,
    /// Registrations per hour of the week (`IntakeHour::index` order,
    /// Monday 0时 first); empty for a unit, which registers nothing.
    pub intake_hours: Vec<u64>,
}

/// How many categories the dashboard names (the rest are in the reports).
pub const TOP_CATEGORIES: usize = 10;

/// One day of the trend.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendDay {
    /// `YYYY-MM-DD`.
    pub day: String,
    pub volume: u64,
    pub closed: u64,
}

/// The period shown and its neighbours, by code (`2026-11`, `2026-Q4`, `2026`, `a..b`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodView {
    pub code: String,
    /// The first and last day, `YYYY-MM-DD`.
    pub from: String,
    pub to: String,
    pub name: String,
    pub previous: String,
    pub next: String,
    pub previous_name: String,
    pub last_year_name: String,
}

impl PeriodView {
    pub fn of(period: crate::domain::indicators::Period) -> PeriodView {
        PeriodView {
            code: period.code(),
            from: period.from().to_string(),
            to: period.to().to_string(),
            name: period.name(),
            previous: period.previous().code(),
            next: period.next().code(),
            previous_name: period.previous().name(),
            last_year_name: period.a_year_before().name(),
        }
    }
}

/// One bar of a chart: what it is and how many.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bar {
    pub label: String,
    pub value: u64,
    /// Its value of the breakdown, as counted (`environment.noise`; empty: none given).
    pub key: String,
}

/// What a number of the dashboard counts and where: the address query of
/// the page that lists the requests behind it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountedQuery {
    pub period: String,
    /// `Behind::code`: `on_time_rate:numerator`, `dispatched`.
    pub what: String,
    /// A unit below the viewer's scope (a row of the unit table); empty: the viewer's scope.
    #[serde(default)]
    pub unit: String,
    /// A breakdown (`county`, `category`, `type`, `channel`, `intake`) and its key.
    #[serde(default)]
    pub by: String,
    #[serde(default)]
    pub key: String,
    /// One day of the period (`YYYY-MM-DD`, a day of the trend), or empty.
    #[serde(default)]
    pub day: String,
    /// From 1.
    #[serde(default)]
    pub page: u32,
}

/// The requests behind a number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountedPage {
    /// `2026年11月 · 全州 · 按时办结率的分母：办结 · 类别：噪声污染`.
    pub title: String,
    /// The number as the dashboard shows it (the facts' sum).
    pub total: u64,
    /// How many facts make it up (a request counted twice, twice).
    pub count: u64,
    pub lines: Vec<CountedRequest>,
    pub page: u32,
    pub pages: u32,
    /// The dashboard of the period, to go back to.
    pub period: String,
}

/// One request behind a number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountedRequest {
    pub number: String,
    pub title: String,
    /// Its state now, in words.
    pub state: String,
    /// What was counted and when: `按时办结 · 11月3日`.
    pub counted: String,
    /// The unit it was counted for; empty for the request's own facts.
    pub unit: String,
}

/// The requests behind each page of a counted list.
pub const COUNTED_PAGE: u32 = 50;

/// A unit's subtree in the period: its assignments as lead or separate unit and three rates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitLine {
    pub id: String,
    pub name: String,
    pub dispatched: u64,
    pub response_rate: Option<f64>,
    pub on_time_rate: Option<f64>,
    pub satisfaction_rate: Option<f64>,
    pub overdue: u64,
}

/// The dashboard's side of the backend (`service/dashboard.rs`).
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait DashboardBackend: Send + Sync + 'static {
    async fn dashboard(&self, user: &StaffUser, period: String) -> Result<DashboardView, AppError>;
    async fn dashboard_today(&self, user: &StaffUser) -> Result<TodayView, AppError>;
    async fn counted(&self, user: &StaffUser, query: CountedQuery) -> Result<CountedPage, AppError>;
}

/// Today, beyond the open work: the emergencies (Art. 29) — today's, and
/// older ones still open — with their 30-minute notice, and the Art. 32
/// warnings sent since midnight, in the viewer's scope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodayView {
    pub emergencies: Vec<EmergencyLine>,
    pub warnings: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmergencyLine {
    pub number: String,
    pub title: String,
    /// `12月1日 08:12`.
    pub registered: String,
    /// `08:31 通知承办单位（登记后 19 分钟）`, `超过 30 分钟未通知（应于 08:42 前）`, `待通知（08:42 前）`.
    pub notice: String,
    /// Met, missed, or still within the 30 minutes.
    pub notice_state: String,
    pub state: String,
}

/// The dashboard of `period` (a code; empty: this month) for the viewer's scope.
#[server(name = GetDashboard, prefix = "/api", endpoint = "dashboard", input = Json)]
pub async fn dashboard(period: String) -> Result<DashboardView, AppError> {
    super::auth::as_staff(|backend: Arc<dyn DashboardBackend>, user| async move { backend.dashboard(&user, period).await }).await
}

/// Today's emergencies and warnings in the viewer's scope.
#[server(name = GetDashboardToday, prefix = "/api", endpoint = "dashboard_today", input = Json)]
pub async fn dashboard_today() -> Result<TodayView, AppError> {
    super::auth::as_staff(|backend: Arc<dyn DashboardBackend>, user| async move { backend.dashboard_today(&user).await }).await
}

/// The requests behind one number of the dashboard, a page at a time.
#[server(name = GetCounted, prefix = "/api", endpoint = "counted", input = Json)]
pub async fn counted(query: CountedQuery) -> Result<CountedPage, AppError> {
    super::auth::as_staff(|backend: Arc<dyn DashboardBackend>, user| async move { backend.counted(&user, query).await }).await
}
