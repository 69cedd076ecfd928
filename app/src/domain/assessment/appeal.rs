//! Appeals against published results (Art. 38): within 3 working days of
//! publication, an assessed unit's administrator appeals a data point (a
//! request counted against the unit in an indicator) or the result as a
//! whole, with reasons; the center answers once, upholding or dismissing it
//! with its own reasons. An upheld appeal on a data point is a correction:
//! that request leaves that indicator for that unit, or counts again as
//! meeting it, and the period is published again. Later, by someone else, or about another unit's data:
//! refused with the article.

use super::Publication;
use crate::domain::indicators::{Indicator, Period};
use crate::domain::types::{Note, Reference, RequestNumber, Role};
use crate::domain::unit::UnitId;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// What is appealed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "on", rename_all = "snake_case")]
pub enum AppealSubject {
    /// A request counted against the unit in an indicator.
    DataPoint { number: RequestNumber, indicator: Indicator },
    /// The result as a whole.
    Result,
}

impl AppealSubject {
    /// What makes two appeals of a unit in a period the same: a data point, or the result.
    pub fn key(&self) -> String {
        match self {
            AppealSubject::DataPoint { number, indicator } => format!("{number}:{}", indicator.code()),
            AppealSubject::Result => "result".into(),
        }
    }

    /// `诉求 YL2026091500001 的按时办结率` or `考核结果`.
    pub fn describe(&self) -> String {
        match self {
            AppealSubject::DataPoint { number, indicator } => format!("诉求 {number} 计入的{}", indicator.label()),
            AppealSubject::Result => "本单位考核结果".into(),
        }
    }
}

/// What an upheld appeal on a data point does to it: the request leaves the
/// indicator (不计入), or counts again as meeting it (按达标重新计算, where
/// the indicator has such a recount: [`Indicator::can_recount`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CorrectionKind {
    #[default]
    Exclude,
    Recount,
}

impl CorrectionKind {
    pub fn parse(code: &str) -> Option<CorrectionKind> {
        match code.trim() {
            "" | "exclude" => Some(CorrectionKind::Exclude),
            "recount" => Some(CorrectionKind::Recount),
            _ => None,
        }
    }

    /// `不计入该项指标` / `按达标重新计算`.
    pub fn label(self) -> &'static str {
        match self {
            CorrectionKind::Exclude => "不计入该项指标",
            CorrectionKind::Recount => "按达标重新计算",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum AppealState {
    Lodged,
    Upheld {
        by: String,
        at: DateTime<Utc>,
        answer: Note,
        /// Upheld before recounts existed: an exclusion.
        #[serde(default)]
        correction: CorrectionKind,
    },
    Dismissed { by: String, at: DateTime<Utc>, answer: Note },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appeal {
    /// The assessment period appealed against.
    pub period: Period,
    pub unit: UnitId,
    pub subject: AppealSubject,
    pub reasons: Note,
    /// The files the unit sent with its reasons (scans, PDFs), by attachment id.
    #[serde(default)]
    pub files: Vec<Reference>,
    pub by: String,
    pub at: DateTime<Utc>,
    pub state: AppealState,
}

/// The most files one appeal carries.
pub const APPEAL_FILES_MAX: usize = 5;

/// Why an appeal is refused; `message` cites Art. 38 where it applies.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AppealRefusal {
    #[error("Art. 38: the appeal period ended on {until}")]
    Late { until: NaiveDate },
    #[error("only an assessed unit's administrator appeals")]
    NotAdministrator,
    #[error("a unit appeals only its own result")]
    OtherUnit,
    #[error("the request did not count for the unit in that indicator")]
    NotCounted,
    #[error("the unit has no result in this publication")]
    NotAssessed,
    #[error("the appeal is answered already")]
    AlreadyAnswered,
    #[error("the same data point or result is appealed already")]
    Duplicate,
    #[error("only a data point of a rate with a single meaning of meeting it is recounted")]
    NotRecountable,
    #[error("more files than an appeal carries")]
    TooManyFiles,
}

impl AppealRefusal {
    pub fn message(&self) -> String {
        match self {
            AppealRefusal::Late { until } => format!("第三十八条：申诉须自通报之日起3个工作日内提出，本次申诉期已于{}届满", until.format("%Y年%-m月%-d日")),
            AppealRefusal::NotAdministrator => "第三十八条：申诉由被考核单位的管理员提出".into(),
            AppealRefusal::OtherUnit => "第三十八条：单位只能对本单位的考核结果申诉".into(),
            AppealRefusal::NotCounted => "该诉求未计入本单位该项指标，不能就此申诉".into(),
            AppealRefusal::NotAssessed => "本次通报中没有本单位的考核结果".into(),
            AppealRefusal::AlreadyAnswered => "该申诉已答复".into(),
            AppealRefusal::Duplicate => "本单位已就此提出过申诉，同一事项只申诉一次".into(),
            AppealRefusal::TooManyFiles => format!("一次申诉最多附 {APPEAL_FILES_MAX} 个文件"),
            AppealRefusal::NotRecountable => "只有对响应率、按时办结率、退单率、延期率、重办率中某件诉求的申诉才能按达标重新计算，其他情形请选择不计入".into(),
        }
    }
}

/// Who appeals, about what, and what the store says of the data point.
#[derive(Clone, Debug)]
pub struct Lodging {
    pub role: Role,
    pub username: String,
    /// The assessed unit the appellant belongs to.
    pub appellant_unit: Option<UnitId>,
    /// The unit whose result is appealed.
    pub unit: UnitId,
    pub subject: AppealSubject,
    pub reasons: Note,
    pub files: Vec<Reference>,
    /// Whether the request counted for the unit in the indicator (a data point only).
    pub counted: bool,
    pub at: DateTime<Utc>,
}

impl Appeal {
    /// A new appeal against `publication`, if Art. 38 allows it; `earlier`:
    /// the appeals already lodged against the same period.
    pub fn lodge(publication: &Publication, l: Lodging, earlier: &[Appeal]) -> Result<Appeal, AppealRefusal> {
        if l.role != Role::UnitAdmin {
            return Err(AppealRefusal::NotAdministrator);
        }
        if l.appellant_unit.as_ref() != Some(&l.unit) {
            return Err(AppealRefusal::OtherUnit);
        }
        if publication.result_of(&l.unit).is_none() {
            return Err(AppealRefusal::NotAssessed);
        }
        if !publication.appeal_open(crate::domain::deadline::cst_date(l.at)) {
            return Err(AppealRefusal::Late { until: publication.appeal_until });
        }
        if matches!(l.subject, AppealSubject::DataPoint { .. }) && !l.counted {
            return Err(AppealRefusal::NotCounted);
        }
        if earlier.iter().any(|a| a.unit == l.unit && a.subject.key() == l.subject.key()) {
            return Err(AppealRefusal::Duplicate);
        }
        if l.files.len() > APPEAL_FILES_MAX {
            return Err(AppealRefusal::TooManyFiles);
        }
        Ok(Appeal {
            period: publication.period,
            unit: l.unit,
            subject: l.subject,
            reasons: l.reasons,
            files: l.files,
            by: l.username,
            at: l.at,
            state: AppealState::Lodged,
        })
    }

    /// The center's answer, once; an upheld data point is corrected as
    /// `correction` says (a recount only where the indicator has one).
    pub fn answer(&mut self, upheld: bool, correction: CorrectionKind, answer: Note, by: &str, at: DateTime<Utc>) -> Result<(), AppealRefusal> {
        if self.state != AppealState::Lodged {
            return Err(AppealRefusal::AlreadyAnswered);
        }
        let recountable = matches!(self.subject, AppealSubject::DataPoint { indicator, .. } if indicator.can_recount());
        if upheld && correction == CorrectionKind::Recount && !recountable {
            return Err(AppealRefusal::NotRecountable);
        }
        self.state = if upheld {
            AppealState::Upheld { by: by.into(), at, answer, correction }
        } else {
            AppealState::Dismissed { by: by.into(), at, answer }
        };
        Ok(())
    }

    pub fn is_open(&self) -> bool {
        self.state == AppealState::Lodged
    }

    /// The correction an upheld appeal on a data point makes: this request
    /// leaves this indicator for this unit, or counts again as meeting it.
    pub fn correction(&self) -> Option<(&UnitId, RequestNumber, Indicator, CorrectionKind)> {
        match (&self.state, &self.subject) {
            (AppealState::Upheld { correction, .. }, AppealSubject::DataPoint { number, indicator }) => Some((&self.unit, *number, *indicator, *correction)),
            _ => None,
        }
    }
}
