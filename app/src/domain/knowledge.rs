//! The knowledge base's entries (Art. 28, 36): written by the units that own
//! them, reviewed by the center. Every change is a new version of the entry;
//! the latest version is a draft, awaits review, is published, or has
//! expired. What citizens and the intake desk read is the last published
//! version, as long as it is in force (its valid-from/until days) — a
//! revision under review does not take it offline. An entry not reviewed
//! for a set time is stale, and its unit is told to look at it again.

use super::citizen_form::FieldError;
use super::types::CategoryCode;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Where the latest version of an entry stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryStatus {
    /// Being written or revised by its unit (or sent back by the center).
    Draft,
    /// Submitted; the center decides.
    Review,
    /// Approved by the center: this version is what is read.
    Published,
    /// Withdrawn or past its validity: no longer read.
    Expired,
}

impl EntryStatus {
    pub const ALL: [EntryStatus; 4] = [EntryStatus::Draft, EntryStatus::Review, EntryStatus::Published, EntryStatus::Expired];

    pub fn code(self) -> &'static str {
        match self {
            EntryStatus::Draft => "draft",
            EntryStatus::Review => "review",
            EntryStatus::Published => "published",
            EntryStatus::Expired => "expired",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            EntryStatus::Draft => "草稿",
            EntryStatus::Review => "待审核",
            EntryStatus::Published => "已发布",
            EntryStatus::Expired => "已失效",
        }
    }

    pub fn parse(code: &str) -> Option<EntryStatus> {
        EntryStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// What may be done to an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryAction {
    /// Write a new version (a draft).
    Edit,
    /// Send the latest draft to the center.
    Submit,
    /// Approve the version under review: it becomes what is read.
    Publish,
    /// Return the version under review to its unit, with a note.
    SendBack,
    /// Withdraw the entry: nothing of it is read any more.
    Expire,
}

impl EntryAction {
    pub const ALL: [EntryAction; 5] = [EntryAction::Edit, EntryAction::Submit, EntryAction::Publish, EntryAction::SendBack, EntryAction::Expire];

    pub fn code(self) -> &'static str {
        match self {
            EntryAction::Edit => "edit",
            EntryAction::Submit => "submit",
            EntryAction::Publish => "publish",
            EntryAction::SendBack => "send_back",
            EntryAction::Expire => "expire",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            EntryAction::Edit => "修改",
            EntryAction::Submit => "提交审核",
            EntryAction::Publish => "审核发布",
            EntryAction::SendBack => "退回修改",
            EntryAction::Expire => "设为失效",
        }
    }

    pub fn parse(code: &str) -> Option<EntryAction> {
        EntryAction::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// Who acts on an entry: the center's reviewers and administrators review;
/// the owning unit's staff (and the center) write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EntryActor {
    /// A reviewer or an administrator of the center.
    pub reviews: bool,
    /// Staff of the unit that owns the entry, or of the center.
    pub writes: bool,
}

/// The status after `action` on an entry whose latest version is `status`,
/// or why it may not be done (in Chinese, for the person who tried).
pub fn next_status(status: EntryStatus, action: EntryAction, actor: EntryActor) -> Result<EntryStatus, String> {
    use EntryAction as A;
    use EntryStatus as S;
    let allowed_by = match action {
        A::Edit | A::Submit => actor.writes,
        A::Publish | A::SendBack => actor.reviews,
        A::Expire => actor.writes || actor.reviews,
    };
    if !allowed_by {
        return Err(match action {
            A::Publish | A::SendBack => "只有热线中心审核员可以审核知识库条目".into(),
            _ => "只有条目所属单位或热线中心可以修改该条目".into(),
        });
    }
    match (action, status) {
        // A review in progress is decided first: the version under review must not change beneath the reviewer.
        (A::Edit, S::Review) => Err("该条目正在审核，审核后才能修改".into()),
        (A::Edit, _) => Ok(S::Draft),
        (A::Submit, S::Draft) => Ok(S::Review),
        (A::Submit, _) => Err("只有草稿可以提交审核".into()),
        (A::Publish, S::Review) => Ok(S::Published),
        (A::SendBack, S::Review) => Ok(S::Draft),
        (A::Publish | A::SendBack, _) => Err("该条目没有待审核的版本".into()),
        (A::Expire, S::Expired) => Err("该条目已失效".into()),
        (A::Expire, _) => Ok(S::Expired),
    }
}

/// The actions `actor` may take now, for offering them.
pub fn allowed_actions(status: EntryStatus, actor: EntryActor) -> Vec<EntryAction> {
    EntryAction::ALL.into_iter().filter(|a| next_status(status, *a, actor).is_ok()).collect()
}

/// Whether a published version is read on `day`: within its validity days (both included).
pub fn in_force(valid_from: Option<NaiveDate>, valid_until: Option<NaiveDate>, day: NaiveDate) -> bool {
    valid_from.is_none_or(|f| f <= day) && valid_until.is_none_or(|u| day <= u)
}

/// Whether an entry last reviewed at `reviewed_at` is due for another look at `now`.
pub fn is_stale(reviewed_at: Option<DateTime<Utc>>, now: DateTime<Utc>, stale_after_days: i64) -> bool {
    reviewed_at.is_none_or(|r| now - r > Duration::days(stale_after_days))
}

/// An entry as its writer typed it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EntryForm {
    pub question: String,
    pub answer: String,
    pub basis: String,
    pub category: String,
    /// Words separated by spaces or commas.
    pub tags: String,
    /// `YYYY-MM-DD`, or empty.
    pub valid_from: String,
    pub valid_until: String,
}

/// An entry's content, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryContent {
    pub question: String,
    pub answer: String,
    /// The legal or policy basis: an answer without one is an opinion.
    pub basis: String,
    pub category: Option<CategoryCode>,
    pub tags: Vec<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
}

const QUESTION_CHARS: usize = 200;
const ANSWER_CHARS: usize = 4000;
const BASIS_CHARS: usize = 500;
const MAX_TAGS: usize = 10;
const TAG_CHARS: usize = 20;

impl EntryForm {
    /// The content, or every field's problem at once.
    pub fn parse(&self) -> Result<EntryContent, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut text = |field: &str, value: &str, max: usize, what: &str| {
            let t = value.trim();
            if t.is_empty() {
                errors.push(FieldError::new(field, format!("请填写{what}")));
            } else if t.chars().count() > max {
                errors.push(FieldError::new(field, format!("{what}最多 {max} 个字")));
            } else if t.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
                errors.push(FieldError::new(field, format!("{what}含有不可见的控制字符")));
            }
            t.to_string()
        };
        let question = text("question", &self.question, QUESTION_CHARS, "问题");
        let answer = text("answer", &self.answer, ANSWER_CHARS, "答复内容");
        let basis = text("basis", &self.basis, BASIS_CHARS, "政策法规依据");
        let category = match self.category.trim() {
            "" => None,
            c => match CategoryCode::parse(c) {
                Ok(c) => Some(c),
                Err(_) => {
                    errors.push(FieldError::new("category", "未知的分类"));
                    None
                }
            },
        };
        let tags: Vec<String> = crate::domain::knowledge::words(&self.tags);
        if tags.len() > MAX_TAGS || tags.iter().any(|t| t.chars().count() > TAG_CHARS) {
            errors.push(FieldError::new("tags", format!("标签最多 {MAX_TAGS} 个，每个最多 {TAG_CHARS} 个字")));
        }
        let mut day = |field: &str, value: &str| match value.trim() {
            "" => None,
            d => match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    errors.push(FieldError::new(field, "日期应为 年-月-日，例如 2026-12-31"));
                    None
                }
            },
        };
        let valid_from = day("valid_from", &self.valid_from);
        let valid_until = day("valid_until", &self.valid_until);
        if let (Some(f), Some(u)) = (valid_from, valid_until) {
            if u < f {
                errors.push(FieldError::new("valid_until", "失效日期不能早于生效日期"));
            }
        }
        if errors.is_empty() {
            Ok(EntryContent { question, answer, basis, category, tags, valid_from, valid_until })
        } else {
            Err(errors)
        }
    }
}

/// Words separated by spaces or (Chinese) commas, without duplicates.
pub fn words(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in s.split(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、' | ';' | '；')) {
        if !w.is_empty() && !out.iter().any(|o| o == w) {
            out.push(w.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const UNIT: EntryActor = EntryActor { reviews: false, writes: true };
    const REVIEWER: EntryActor = EntryActor { reviews: true, writes: true };
    const OTHER_UNIT: EntryActor = EntryActor { reviews: false, writes: false };

    #[test]
    fn the_review_path() {
        let s = next_status(EntryStatus::Draft, EntryAction::Submit, UNIT).unwrap();
        assert_eq!(s, EntryStatus::Review);
        assert!(next_status(s, EntryAction::Publish, UNIT).is_err(), "a unit does not approve its own entry");
        assert!(next_status(s, EntryAction::Edit, UNIT).is_err(), "not while under review");
        assert_eq!(next_status(s, EntryAction::SendBack, REVIEWER), Ok(EntryStatus::Draft));
        assert_eq!(next_status(s, EntryAction::Publish, REVIEWER), Ok(EntryStatus::Published));
        assert_eq!(next_status(EntryStatus::Published, EntryAction::Edit, UNIT), Ok(EntryStatus::Draft));
        assert_eq!(next_status(EntryStatus::Published, EntryAction::Expire, UNIT), Ok(EntryStatus::Expired));
        assert!(next_status(EntryStatus::Expired, EntryAction::Expire, REVIEWER).is_err());
        assert_eq!(next_status(EntryStatus::Expired, EntryAction::Edit, UNIT), Ok(EntryStatus::Draft), "revived by a new version");
    }

    #[test]
    fn another_unit_may_do_nothing() {
        for s in EntryStatus::ALL {
            assert!(allowed_actions(s, OTHER_UNIT).is_empty(), "{s:?}");
        }
    }

    proptest! {
        /// Whatever happens, only a reviewer's decision publishes, and a
        /// refused action leaves the status as it was (the caller keeps it).
        #[test]
        fn only_review_publishes(actions in proptest::collection::vec((0usize..5, any::<bool>(), any::<bool>()), 0..40)) {
            let mut status = EntryStatus::Draft;
            for (a, reviews, writes) in actions {
                let action = EntryAction::ALL[a];
                let actor = EntryActor { reviews, writes };
                if let Ok(next) = next_status(status, action, actor) {
                    if next == EntryStatus::Published {
                        prop_assert!(reviews && status == EntryStatus::Review);
                    }
                    prop_assert!(allowed_actions(status, actor).contains(&action));
                    status = next;
                } else {
                    prop_assert!(!allowed_actions(status, actor).contains(&action));
                }
            }
        }
    }

    #[test]
    fn validity_days_include_both_ends() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(in_force(None, None, d("2026-11-27")));
        assert!(in_force(Some(d("2026-11-27")), Some(d("2026-11-27")), d("2026-11-27")));
        assert!(!in_force(Some(d("2026-11-28")), None, d("2026-11-27")));
        assert!(!in_force(None, Some(d("2026-11-26")), d("2026-11-27")));
    }

    #[test]
    fn staleness_counts_from_the_last_review() {
        let now = Utc::now();
        assert!(is_stale(None, now, 180));
        assert!(!is_stale(Some(now - Duration::days(180)), now, 180));
        assert!(is_stale(Some(now - Duration::days(181)), now, 180));
    }

    #[test]
    fn a_form_names_every_wrong_field() {
        let f = EntryForm { question: " ".into(), answer: "a".repeat(4001), basis: String::new(), category: "nope!".into(), tags: (0..11).map(|i| format!("标签{i}")).collect::<Vec<_>>().join(" "), valid_from: "2026-12-31".into(), valid_until: "2026-01-01".into() };
        let fields: Vec<String> = f.parse().unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["question", "answer", "basis", "category", "tags", "valid_until"]);
        let ok = EntryForm { question: "供暖不热怎么办？".into(), answer: "先报修。".into(), basis: "《供热条例》".into(), tags: "供暖，暖气 供暖".into(), ..EntryForm::default() };
        let c = ok.parse().unwrap();
        assert_eq!(c.tags, ["供暖", "暖气"]);
        assert_eq!(c.category, None);
    }
}
