//! What a report's author writes beside the numbers: the 工作简报 (the
//! month's overview and analysis), an optional 专报 (a special report on one
//! matter) and the notable cases (典型案例) it picks, each with a note.

use super::ReportError;
use crate::domain::types::{Content, Note, RequestNumber};
use serde::{Deserialize, Serialize};

/// The most notable cases one report names.
pub const MAX_CASES: usize = 20;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Narrative {
    pub briefing: Option<Content>,
    pub special: Option<Content>,
    pub cases: Vec<CaseNote>,
}

/// A notable case: which request, and why the author names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseNote {
    pub number: RequestNumber,
    pub note: Note,
}

impl Narrative {
    /// Reads the form: two free texts (empty: none) and the cases, one per
    /// line as `诉求编号 说明`.
    pub fn parse(briefing: &str, special: &str, cases: &str) -> Result<Narrative, ReportError> {
        let text = |field: &'static str, name: &str, s: &str| -> Result<Option<Content>, ReportError> {
            if s.trim().is_empty() {
                return Ok(None);
            }
            s.parse::<Content>()
                .map(Some)
                .map_err(|_| ReportError::Text { field, problem: format!("{name}最多4000字，且不能含控制字符") })
        };
        Ok(Narrative {
            briefing: text("briefing", "工作简报", briefing)?,
            special: text("special", "专报", special)?,
            cases: CaseNote::parse_lines(cases)?,
        })
    }

    /// The cases as the form shows them again.
    pub fn cases_text(&self) -> String {
        self.cases.iter().map(|c| format!("{} {}", c.number, c.note)).collect::<Vec<_>>().join("\n")
    }
}

impl CaseNote {
    /// One case per non-empty line: the request number, then the note.
    pub fn parse_lines(text: &str) -> Result<Vec<CaseNote>, ReportError> {
        let mut cases: Vec<CaseNote> = Vec::new();
        for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let line_no = i + 1;
            let problem = |p: &str| ReportError::Case { line: line_no, problem: p.into() };
            let line = line.trim();
            let (number, note) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            let number: RequestNumber = number.parse().map_err(|_| problem("请以诉求编号开头，如 YL2026110100001"))?;
            let note: Note = note.trim().parse().map_err(|_| problem("请在编号后写明入选理由（最多1000字）"))?;
            if cases.iter().any(|c| c.number == number) {
                return Err(problem("该诉求已列入"));
            }
            cases.push(CaseNote { number, note });
            if cases.len() > MAX_CASES {
                return Err(ReportError::TooManyCases);
            }
        }
        Ok(cases)
    }
}
