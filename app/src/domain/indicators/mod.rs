//! The indicators of SPEC §7 (Art. 10, 33, 36): each a ratio of two counts
//! taken from a request's stored events only, so that anyone can recompute
//! them from an event export.
//!
//! A request's events become [`Fact`]s (`facts`): one count, on one CST day,
//! for the request as a whole (`unit: None`) or for one unit's assignment
//! (lead or separate unit; co-units are never counted). Summing the facts of
//! a period and a scope into [`Counters`] gives every indicator
//! ([`Counters::tally`]). The rollups keep the same facts summed per day.

mod behind;
mod counted_event;
mod counters;
mod facts;
mod intake;
mod period;
mod reading;
#[cfg(test)]
mod tests;

pub use behind::{Behind, Side};
pub use counted_event::{CountedEvent, CountedLine};
pub use counters::{Counter, Counters, RatingPoints, Tally};
pub use facts::{facts, facts_until_next_change, Fact};
pub use intake::{IntakeHour, WEEKDAYS};
pub use period::{Period, PeriodError, Split, MAX_PERIOD_DAYS};
pub use reading::{IndicatorRow, ValueKind};

/// The indicators of SPEC §7, in the order reports list them. Serde uses `code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    /// 响应率: assignments acknowledged before their return window ended.
    ResponseRate,
    /// 按时办结率: closings whose result came in by the deadline in force.
    OnTimeRate,
    /// 满意率: deciding ratings very satisfied, satisfied or basically satisfied.
    SatisfactionRate,
    /// 满意度: the mean of the deciding ratings' points.
    SatisfactionScore,
    /// 解决率: "resolved" answers (partly counts half) of the deciding ratings.
    ResolutionRate,
    /// 直办率: consultations answered at intake from the knowledge base.
    DirectAnswerRate,
    /// 退单率: returns approved per assignment dispatched.
    ReturnRate,
    /// 延期率: extensions approved per assignment dispatched.
    ExtensionRate,
    /// 重办率: redo rounds per deciding rating.
    RedoRate,
    /// 超期数: requests overdue at any time (force majeure apart).
    Overdue,
    /// 督办数: supervisions opened.
    Supervised,
}

impl Indicator {
    pub const ALL: &'static [Indicator] = &[
        Indicator::ResponseRate,
        Indicator::OnTimeRate,
        Indicator::SatisfactionRate,
        Indicator::SatisfactionScore,
        Indicator::ResolutionRate,
        Indicator::DirectAnswerRate,
        Indicator::ReturnRate,
        Indicator::ExtensionRate,
        Indicator::RedoRate,
        Indicator::Overdue,
        Indicator::Supervised,
    ];

    /// The key in `hotline stats` and the exports (a contract, see README).
    pub fn code(self) -> &'static str {
        match self {
            Indicator::ResponseRate => "response_rate",
            Indicator::OnTimeRate => "on_time_rate",
            Indicator::SatisfactionRate => "satisfaction_rate",
            Indicator::SatisfactionScore => "satisfaction_score",
            Indicator::ResolutionRate => "resolution_rate",
            Indicator::DirectAnswerRate => "direct_answer_rate",
            Indicator::ReturnRate => "return_rate",
            Indicator::ExtensionRate => "extension_rate",
            Indicator::RedoRate => "redo_rate",
            Indicator::Overdue => "overdue",
            Indicator::Supervised => "supervised",
        }
    }

    /// The name people read.
    pub fn label(self) -> &'static str {
        match self {
            Indicator::ResponseRate => "响应率",
            Indicator::OnTimeRate => "按时办结率",
            Indicator::SatisfactionRate => "满意率",
            Indicator::SatisfactionScore => "满意度",
            Indicator::ResolutionRate => "解决率",
            Indicator::DirectAnswerRate => "直办率",
            Indicator::ReturnRate => "退单率",
            Indicator::ExtensionRate => "延期率",
            Indicator::RedoRate => "重办率",
            Indicator::Overdue => "超期数",
            Indicator::Supervised => "督办数",
        }
    }

    /// Whether more is better (rates of response, on time, satisfaction,
    /// resolution, direct answers) or less (returns, extensions, redo,
    /// overdue, supervisions): the assessment scores it that way round.
    pub fn higher_is_better(self) -> bool {
        matches!(
            self,
            Indicator::ResponseRate
                | Indicator::OnTimeRate
                | Indicator::SatisfactionRate
                | Indicator::SatisfactionScore
                | Indicator::ResolutionRate
                | Indicator::DirectAnswerRate
        )
    }

    pub fn parse(code: &str) -> Option<Indicator> {
        Indicator::ALL.iter().copied().find(|i| i.code() == code)
    }

    /// A count, not a ratio: it has no denominator.
    pub fn is_count(self) -> bool {
        matches!(self, Indicator::Overdue | Indicator::Supervised)
    }
}
