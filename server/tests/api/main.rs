//! The server's integration tests as one binary (one link on two cores,
//! not one per file): the store, the HTTP API, the CLI and the replay, a
//! module per capability, most on both stores (`on_both_backends!`).

#[macro_use]
mod support;

mod admin;
mod appeals;
mod assessment;
mod backup;
mod citizen_flow;
mod cli;
mod connections;
mod crash;
mod cross_site;
mod headers;
mod front_desk;
mod generator;
mod fuzz_http;
mod hot_spots;
mod http_flow;
mod instances;
mod intake;
mod knowledge;
mod limits;
mod live;
mod memory;
mod open311;
mod migrations;
mod outbox;
mod oversight;
mod public_cases;
mod queues;
mod readiness;
mod records;
mod reports;
mod scope;
mod search;
mod stats;
mod today;
mod uploads;
mod store;
