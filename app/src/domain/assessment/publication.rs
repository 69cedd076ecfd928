//! Publication of a period's results (通报, Art. 36): the scores as they
//! stood, kept for good; each unit is told and reads its own breakdown; the
//! appeal clock (Art. 38: 3 working days, counting the day of publication)
//! starts.

use super::ScoreCard;
use crate::domain::calendar::WorkCalendar;
use crate::domain::deadline::{deadline, TimeLimit};
use crate::domain::indicators::Period;
use crate::domain::unit::UnitId;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// One unit's published result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitResult {
    pub unit: UnitId,
    pub name: String,
    pub rank: Option<u32>,
    pub card: ScoreCard,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Publication {
    pub period: Period,
    /// 1, then one more each time the period is published again after a correction.
    pub version: u32,
    /// The scheme version that scored it, in words.
    pub scheme: String,
    pub results: Vec<UnitResult>,
    pub by: String,
    pub at: DateTime<Utc>,
    /// The last day a unit may appeal.
    pub appeal_until: NaiveDate,
}

/// Why a period's results cannot be published.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PublishError {
    #[error("the period ends {0}, it is not over")]
    NotOver(NaiveDate),
}

impl PublishError {
    pub fn message(&self) -> String {
        match self {
            PublishError::NotOver(to) => format!("考核期间至{}结束，结束后方可通报", to.format("%Y年%-m月%-d日")),
        }
    }
}

impl Publication {
    /// The first publication of a period that is over on `at`'s day (China time).
    pub fn new(period: Period, scheme: String, results: Vec<UnitResult>, by: &str, at: DateTime<Utc>, cal: &WorkCalendar) -> Result<Publication, PublishError> {
        let today = crate::domain::deadline::cst_date(at);
        if today <= period.to() {
            return Err(PublishError::NotOver(period.to()));
        }
        Ok(Publication { period, version: 1, scheme, results, by: by.into(), at, appeal_until: deadline(cal, TimeLimit::Appeal, at).last_day })
    }

    /// The period published again after a correction: the results as they
    /// now stand, one version on; the appeal period stays the first one's.
    pub fn republish(&self, results: Vec<UnitResult>, by: &str, at: DateTime<Utc>) -> Publication {
        Publication { version: self.version + 1, results, by: by.into(), at, ..self.clone() }
    }

    pub fn result_of(&self, unit: &UnitId) -> Option<&UnitResult> {
        self.results.iter().find(|r| &r.unit == unit)
    }

    /// Whether a unit may still appeal on `today` (China time).
    pub fn appeal_open(&self, today: NaiveDate) -> bool {
        today <= self.appeal_until
    }
}
