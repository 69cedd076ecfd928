//! Shared between the server and the browser: the pure domain core, the
//! server functions and the user interface.

// Leptos views are nested types; the intake desk's form is deep enough to
// pass the default limit when built without `erase_components` (release).
#![recursion_limit = "256"]

pub mod api;
pub mod domain;
pub mod ui;

pub use ui::App;
#[cfg(feature = "ssr")]
pub use ui::shell;
