//! The server side of the 12345 hotline: HTTP, store, jobs and the CLI.

// Release builds without Leptos's erased components (plain `cargo bench`)
// nest the intake desk's view types deeper than the default limit.
#![recursion_limit = "256"]

pub mod auth;
pub mod cli;
pub mod http;
pub mod request_id;
pub mod search;
pub mod seed;
pub mod service;
pub mod store;
pub mod telemetry;
