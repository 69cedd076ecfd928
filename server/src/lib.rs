//! The server side of the 12345 hotline: HTTP, store, jobs and the CLI.

pub mod auth;
pub mod cli;
pub mod http;
pub mod search;
pub mod seed;
pub mod service;
pub mod store;
