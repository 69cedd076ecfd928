//! Server functions and the data they exchange with the pages.

pub mod admin;
pub mod appeals;
pub mod assessment;
pub mod auth;
#[cfg(feature = "ssr")]
pub mod backend;
#[cfg(feature = "ssr")]
pub mod cookies;
pub mod citizen;
pub mod citizen_views;
#[cfg(feature = "ssr")]
pub mod client_address;
pub mod dashboard;
pub mod data_rights;
pub mod error;
pub mod front_desk;
pub mod hot_spots;
pub mod inbox;
pub mod intake;
pub mod knowledge;
pub mod misuse;
pub mod notices;
pub mod outbox;
pub mod oversight;
pub mod public_cases;
pub mod releases;
pub mod reports;
pub mod requests;
pub mod search;
pub mod supervisions;
pub mod snippet;

pub use error::AppError;
