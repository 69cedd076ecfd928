//! Server functions of the center's hot spots (Art. 10, 31(3)).

use super::error::AppError;
use super::views::{HotSpotDetail, HotSpotItem, HotSpotOrder};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Open hot spots first, then the newest closed ones.
#[server(name = GetHotSpots, prefix = "/api", endpoint = "hot_spots")]
pub async fn hot_spots() -> Result<Vec<HotSpotItem>, AppError> {
    use super::backend::{staff_user, with_status};
    let (backend, user) = staff_user().await.map_err(with_status)?;
    backend.hot_spots(&user).await.map_err(with_status)
}

/// One hot spot with its requests.
#[server(name = GetHotSpot, prefix = "/api", endpoint = "hot_spot")]
pub async fn hot_spot(id: i64) -> Result<HotSpotDetail, AppError> {
    use super::backend::{staff_user, with_status};
    let (backend, user) = staff_user().await.map_err(with_status)?;
    backend.hot_spot(&user, id).await.map_err(with_status)
}

/// Applies one order to every request of the spot; each request's outcome comes back.
#[server(name = OrderHotSpot, prefix = "/api", endpoint = "order_hot_spot", input = Json)]
pub async fn order_hot_spot(id: i64, order: HotSpotOrder) -> Result<HotSpotDetail, AppError> {
    use super::backend::{staff_user, with_status};
    let (backend, user) = staff_user().await.map_err(with_status)?;
    backend.order_hot_spot(&user, id, order).await.map_err(with_status)
}
