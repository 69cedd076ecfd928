//! The pure core: request types, the state machine, the working-day calendar
//! and every deadline rule of SPEC §4. No I/O, no UI; compiles for wasm32 and
//! native alike, so the browser counts down with the server's own rules.

pub mod calendar;
pub mod citizen_form;
pub mod countdown;
pub mod assessment;
pub mod data_rights;
pub mod intake_form;
pub mod knowledge;
pub mod deadline;
pub mod indicators;
#[cfg(test)]
mod deadline_props;
#[cfg(test)]
mod fuzz_props;
pub mod machine;
pub mod misuse;
pub mod notice;
pub mod oversight;
pub mod public_case;
pub mod release;
pub mod replay;
pub mod report;
pub mod request;
pub mod staff_notice;
pub mod state_code;
pub mod types;
pub mod unit;
pub mod warnings;
