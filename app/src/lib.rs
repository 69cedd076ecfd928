//! Shared between the server and the browser: the pure domain core, the
//! server functions and the user interface.

pub mod api;
pub mod domain;
pub mod ui;

pub use ui::App;
#[cfg(feature = "ssr")]
pub use ui::shell;
