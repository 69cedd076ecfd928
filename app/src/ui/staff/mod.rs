//! The staff app's pages, in folders that follow their URLs under
//! `/staff`: the home, the work lists, the intake desk, search, a request's
//! page with its command forms, and the administrators' screens.

pub mod admin;
pub mod appeals;
pub mod assessment;
pub mod bar;
pub mod bulk;
pub mod callers;
pub mod cases;
pub mod chart;
pub mod corrections;
pub mod counted;
pub mod dashboard;
pub mod front_desk;
pub mod heat_map;
pub mod home;
pub mod hot_spots;
pub mod inbox;
pub mod intake;
pub mod knowledge;
pub mod live;
pub mod login;
pub mod lookup;
pub mod notices;
pub mod outbox;
pub mod oversight;
pub mod preview;
pub mod releases;
pub mod request;
pub mod reports;
pub mod search;
pub mod supervisions;
pub mod shortcuts;
pub mod trend_chart;

use leptos::prelude::*;

/// What a staff page shows when its data did not load: the login page
/// when the session is gone, else the message.
pub fn load_failure(e: crate::api::AppError) -> AnyView {
    match e {
        crate::api::AppError::Unauthenticated => view! { <leptos_router::components::Redirect path="/staff/login"/> }.into_any(),
        e => view! { <p class="error-summary" role="alert">{e.to_string()}</p> }.into_any(),
    }
}
