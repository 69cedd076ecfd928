//! Server functions of the center's hot spots (Art. 10, 31(3)).

use super::error::AppError;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use super::auth::StaffUser;
#[cfg(feature = "ssr")]
use std::sync::Arc;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// A hot spot (Art. 10, 31(3)): many similar requests from one place in a short time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HotSpotItem {
    pub id: i64,
    /// County and township.
    pub place: String,
    /// The words most of its requests share.
    pub words: Vec<String>,
    pub size: i64,
    /// China time, `11-27 09:05`.
    pub first_at: String,
    pub last_at: String,
    pub open: bool,
}

/// A request of a hot spot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HotSpotMember {
    pub number: String,
    pub title: String,
    pub state: String,
    /// The units working on it, by name.
    pub units: Vec<String>,
    pub emergency: bool,
    pub supervised: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HotSpotDetail {
    pub spot: HotSpotItem,
    pub members: Vec<HotSpotMember>,
    /// Units the viewer may dispatch the whole spot to.
    pub dispatch_targets: Vec<super::requests::UnitOption>,
    /// Whether the viewer may act on the spot (the center's agents and reviewers).
    pub may_act: bool,
    /// What the last action did to each request.
    pub outcomes: Vec<HotSpotOutcome>,
}

/// What the center does with a whole hot spot at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum HotSpotOrder {
    /// Art. 29: every request becomes an emergency.
    MarkEmergency {
        reason: String,
        /// One of Art. 29's four kinds (its code); a hot spot is most often an outage.
        #[serde(default)]
        kind: String,
    },
    /// Art. 31(3): a supervision of each request's working units.
    Supervise { days: u16, instruction: String },
    /// Art. 14: every request still waiting goes to one lead unit.
    Dispatch { unit: String },
    /// Dealt with: off the list of open spots.
    Close,
}

/// One request's result of a hot-spot order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HotSpotOutcome {
    pub number: String,
    pub done: bool,
    pub message: String,
}

/// The hot spots' side of the backend (`service/requests/hot_spots.rs`).
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait HotSpotBackend: Send + Sync + 'static {
    /// Hot spots (the center).
    async fn hot_spots(&self, user: &StaffUser) -> Result<Vec<HotSpotItem>, AppError>;
    async fn hot_spot(&self, user: &StaffUser, id: i64) -> Result<HotSpotDetail, AppError>;
    /// One order for every request of a hot spot (the center's agents and reviewers).
    async fn order_hot_spot(&self, user: &StaffUser, id: i64, order: HotSpotOrder) -> Result<HotSpotDetail, AppError>;
}

/// Open hot spots first, then the newest closed ones.
#[server(name = GetHotSpots, prefix = "/api", endpoint = "hot_spots")]
pub async fn hot_spots() -> Result<Vec<HotSpotItem>, AppError> {
    super::auth::as_staff(|backend: Arc<dyn HotSpotBackend>, user| async move { backend.hot_spots(&user).await }).await
}

/// One hot spot with its requests.
#[server(name = GetHotSpot, prefix = "/api", endpoint = "hot_spot")]
pub async fn hot_spot(id: i64) -> Result<HotSpotDetail, AppError> {
    super::auth::as_staff(|backend: Arc<dyn HotSpotBackend>, user| async move { backend.hot_spot(&user, id).await }).await
}

/// Applies one order to every request of the spot; each request's outcome comes back.
#[server(name = OrderHotSpot, prefix = "/api", endpoint = "order_hot_spot", input = Json)]
pub async fn order_hot_spot(id: i64, order: HotSpotOrder) -> Result<HotSpotDetail, AppError> {
    super::auth::as_staff(|backend: Arc<dyn HotSpotBackend>, user| async move { backend.order_hot_spot(&user, id, order).await }).await
}
