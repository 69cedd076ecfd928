//! `hotline replay FILE`: the state machine checked from outside. One JSON
//! line per step: the events and the state after it, or the refusal.

use super::{usage_error, EXIT_OK};

pub fn run(file: &std::path::Path) -> i32 {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => return usage_error(format!("cannot read {}: {e}", file.display())),
    };
    match app::domain::replay::run(&text) {
        Ok(lines) => {
            for line in lines {
                super::emit(line);
            }
            EXIT_OK
        }
        Err(e) => usage_error(format!("{}: {e}", file.display())),
    }
}
