//! Server functions of the center's hot spots (Art. 10, 31(3)).

use super::error::AppError;
use super::views::{HotSpotDetail, HotSpotItem, HotSpotOrder};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Open hot spots first, then the newest closed ones.
#[server(name = GetHotSpots, prefix = "/api", endpoint = "hot_spots")]
pub async fn hot_spots() -> Result<Vec<HotSpotItem>, AppError> {
    super::backend::as_staff(|backend, user| async move { backend.hot_spots(&user).await }).await
}

/// One hot spot with its requests.
#[server(name = GetHotSpot, prefix = "/api", endpoint = "hot_spot")]
pub async fn hot_spot(id: i64) -> Result<HotSpotDetail, AppError> {
    super::backend::as_staff(|backend, user| async move { backend.hot_spot(&user, id).await }).await
}

/// Applies one order to every request of the spot; each request's outcome comes back.
#[server(name = OrderHotSpot, prefix = "/api", endpoint = "order_hot_spot", input = Json)]
pub async fn order_hot_spot(id: i64, order: HotSpotOrder) -> Result<HotSpotDetail, AppError> {
    super::backend::as_staff(|backend, user| async move { backend.order_hot_spot(&user, id, order).await }).await
}
