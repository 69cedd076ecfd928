//! The hotline's monthly report (Art. 10, 33): the center reports each month
//! to the prefecture and the region, each county's hotline office reports its
//! month to the center. A report is the month's numbers (generated from the
//! data) with what its author writes beside them: the 工作简报, an optional
//! 专报 and the notable cases it picks.
//!
//! Issuing freezes a version: its numbers are stored as they stood, and later
//! corrections of the data never change it. A correction is a new version,
//! drafted from the issued one with its reason; the issued one stays.
//! The states are a type: only an issued version has frozen numbers, only a
//! draft can be edited, and a version after the first always says why.

mod content;
mod narrative;
#[cfg(test)]
mod tests;

pub use content::{CaseLine, CountLine, HotSpotLine, ReportContent, UnitRank, RANKING_RULE};
pub use narrative::{CaseNote, Narrative, MAX_CASES};

use super::indicators::Period;
use super::types::{Note, Role};
use super::unit::UnitId;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Who writes a report: the center, or a county's hotline office (Art. 4).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "by", content = "unit", rename_all = "snake_case")]
pub enum ReportAuthor {
    Center,
    County(UnitId),
}

impl ReportAuthor {
    /// The key reports are stored under: `center` or `county:<unit id>`.
    pub fn code(&self) -> String {
        match self {
            ReportAuthor::Center => "center".into(),
            ReportAuthor::County(unit) => format!("county:{unit}"),
        }
    }

    pub fn parse(code: &str) -> Option<ReportAuthor> {
        match code.split_once(':') {
            None if code == "center" => Some(ReportAuthor::Center),
            Some(("county", unit)) => UnitId::parse(unit).ok().map(ReportAuthor::County),
            _ => None,
        }
    }

    /// To whom the report goes, in words.
    pub fn addressees(&self) -> &'static str {
        match self {
            ReportAuthor::Center => "报州人民政府、自治区12345热线",
            ReportAuthor::County(_) => "报州12345热线管理中心",
        }
    }
}

/// Who may draft, issue and correct a report: the office's reviewers.
pub fn may_write(role: Role) -> bool {
    role == Role::Reviewer
}

/// The calendar month a report covers: a period known to be one whole month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ReportMonth(Period);

impl ReportMonth {
    /// Reads `YYYY-MM` (years 2000–2100).
    pub fn parse(code: &str) -> Result<ReportMonth, ReportError> {
        let code = code.trim();
        let bad = || ReportError::NotAMonth(code.to_string());
        let well_formed = code.is_ascii()
            && code.len() == 7
            && code.as_bytes()[4] == b'-'
            && code[5..].bytes().all(|b| b.is_ascii_digit())
            && code[..4].parse::<i32>().is_ok_and(|y| (2000..=2100).contains(&y));
        if !well_formed {
            return Err(bad());
        }
        let period = Period::parse_code(code).map_err(|_| bad())?;
        if period.code() != code {
            return Err(bad());
        }
        Ok(ReportMonth(period))
    }

    /// The month a day falls in.
    pub fn of(day: NaiveDate) -> Result<ReportMonth, ReportError> {
        ReportMonth::parse(&day.format("%Y-%m").to_string())
    }

    /// The last month over on `today`: the one before today's.
    pub fn last_before(today: NaiveDate) -> Result<ReportMonth, ReportError> {
        ReportMonth::of(today).map(|m| m.previous())
    }

    pub fn code(&self) -> String {
        self.0.code()
    }

    /// `2026年11月`.
    pub fn name(&self) -> String {
        format!("{}年{}月", self.0.from().year(), self.0.from().month())
    }

    pub fn period(&self) -> Period {
        self.0
    }

    /// A month's neighbours are months (`Period::previous` keeps the kind).
    pub fn previous(&self) -> ReportMonth {
        ReportMonth(self.0.previous())
    }

    pub fn next(&self) -> ReportMonth {
        ReportMonth(self.0.next())
    }

    /// Whether the month is over on `today` (China time): only then is it reported.
    pub fn is_over(&self, today: NaiveDate) -> bool {
        today > self.0.to()
    }
}

impl TryFrom<String> for ReportMonth {
    type Error = ReportError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        ReportMonth::parse(&s)
    }
}

impl From<ReportMonth> for String {
    fn from(m: ReportMonth) -> String {
        m.code()
    }
}

/// How a version came to be: the month's first, or the correction of an issued one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "origin", rename_all = "snake_case")]
pub enum Origin {
    First,
    Correction { of: u32, reason: Note },
}

/// Where a version stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum VersionState {
    Draft,
    /// Issued: the numbers as they stood then, for good.
    Issued { by: String, at: DateTime<Utc>, content: Box<ReportContent> },
}

/// One version of an office's report of a month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportVersion {
    pub author: ReportAuthor,
    pub month: ReportMonth,
    pub origin: Origin,
    pub narrative: Narrative,
    pub drafted_by: String,
    pub drafted_at: DateTime<Utc>,
    pub state: VersionState,
}

/// Why a step on a report was refused; `message` says it in Chinese.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    #[error("{0:?} is not a month (YYYY-MM)")]
    NotAMonth(String),
    #[error("the version is issued already")]
    AlreadyIssued,
    #[error("the version is a draft, not issued")]
    NotIssued,
    #[error("the month {0} is not over")]
    MonthNotOver(String),
    #[error("line {line} of the cases: {problem}")]
    Case { line: usize, problem: String },
    #[error("more than {MAX_CASES} cases")]
    TooManyCases,
    #[error("{field}: {problem}")]
    Text { field: &'static str, problem: String },
}

impl ReportError {
    /// The form field the message belongs beside.
    pub fn field(&self) -> &'static str {
        match self {
            ReportError::NotAMonth(_) | ReportError::MonthNotOver(_) => "month",
            ReportError::AlreadyIssued | ReportError::NotIssued => "report",
            ReportError::Case { .. } | ReportError::TooManyCases => "cases",
            ReportError::Text { field, .. } => field,
        }
    }

    pub fn message(&self) -> String {
        match self {
            ReportError::NotAMonth(_) => "请选择报告月份（年-月）".into(),
            ReportError::AlreadyIssued => "本版报告已印发，不能再次印发或修改；如需更正，请填写更正原因，另出更正版".into(),
            ReportError::NotIssued => "草稿尚未印发，直接修改草稿即可，无需更正".into(),
            ReportError::MonthNotOver(month) => format!("{month}尚未结束，月报须在月末之后印发"),
            ReportError::Case { line, problem } => format!("典型案例第{line}行：{problem}"),
            ReportError::TooManyCases => format!("典型案例最多{MAX_CASES}件"),
            ReportError::Text { problem, .. } => problem.clone(),
        }
    }
}

impl ReportVersion {
    /// The first draft of an office's month.
    pub fn first(author: ReportAuthor, month: ReportMonth, by: &str, at: DateTime<Utc>) -> ReportVersion {
        ReportVersion {
            author,
            month,
            origin: Origin::First,
            narrative: Narrative::default(),
            drafted_by: by.into(),
            drafted_at: at,
            state: VersionState::Draft,
        }
    }

    /// The version's number: 1, then one more per correction.
    pub fn number(&self) -> u32 {
        match &self.origin {
            Origin::First => 1,
            Origin::Correction { of, .. } => of + 1,
        }
    }

    pub fn is_issued(&self) -> bool {
        matches!(self.state, VersionState::Issued { .. })
    }

    /// The frozen numbers of an issued version.
    pub fn issued_content(&self) -> Option<&ReportContent> {
        match &self.state {
            VersionState::Issued { content, .. } => Some(content),
            VersionState::Draft => None,
        }
    }

    /// The draft's narrative rewritten.
    pub fn edit(&mut self, narrative: Narrative, by: &str, at: DateTime<Utc>) -> Result<(), ReportError> {
        if self.is_issued() {
            return Err(ReportError::AlreadyIssued);
        }
        self.narrative = narrative;
        self.drafted_by = by.into();
        self.drafted_at = at;
        Ok(())
    }

    /// Issues the draft with the month's numbers as they stand now; only a
    /// month that is over on `today` is reported.
    pub fn issue(&mut self, content: ReportContent, by: &str, at: DateTime<Utc>, today: NaiveDate) -> Result<(), ReportError> {
        if self.is_issued() {
            return Err(ReportError::AlreadyIssued);
        }
        if !self.month.is_over(today) {
            return Err(ReportError::MonthNotOver(self.month.name()));
        }
        self.state = VersionState::Issued { by: by.into(), at, content: Box::new(content) };
        Ok(())
    }

    /// The draft of the next version, correcting this issued one: its
    /// narrative to start from, its numbers generated again when issued.
    pub fn correction(&self, reason: Note, by: &str, at: DateTime<Utc>) -> Result<ReportVersion, ReportError> {
        if !self.is_issued() {
            return Err(ReportError::NotIssued);
        }
        Ok(ReportVersion {
            author: self.author.clone(),
            month: self.month,
            origin: Origin::Correction { of: self.number(), reason },
            narrative: self.narrative.clone(),
            drafted_by: by.into(),
            drafted_at: at,
            state: VersionState::Draft,
        })
    }
}
