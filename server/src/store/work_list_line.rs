//! One line of a work list, as the store reads it.

use super::from_millis;
use chrono::{DateTime, Utc};
use sqlx::Row;

/// One line of a work list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InboxRow {
    pub number: String,
    pub title: String,
    pub request_type: String,
    pub state: String,
    pub emergency: bool,
    pub unit_id: Option<String>,
    pub status: Option<String>,
    pub due_at: Option<DateTime<Utc>>,
    /// The county of the matter's place (县市).
    pub county: Option<String>,
}

pub(super) fn inbox_row(r: &sqlx::any::AnyRow) -> InboxRow {
    InboxRow {
        number: r.get(0),
        title: r.get(1),
        request_type: r.get(2),
        state: r.get(3),
        emergency: r.get::<i64, _>(4) != 0,
        unit_id: r.get(5),
        status: r.get(6),
        due_at: r.get::<Option<i64>, _>(7).map(from_millis),
        county: r.get(8),
    }
}
