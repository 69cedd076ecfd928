//! What the citizen's pages receive: only what the requester may see — the
//! public timeline, never internal notes or staff names.

use crate::domain::calendar::DeclaredDay;
use crate::domain::citizen_form::{FieldError, SubmitForm};
use serde::{Deserialize, Serialize};

/// A submit form between "check" and "confirm".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftView {
    pub form: SubmitForm,
    pub errors: Vec<FieldError>,
    pub photos: Vec<PhotoView>,
    /// Labels for the check page: type, category, county names.
    pub type_label: String,
    pub category_label: String,
    /// Confirmed already: the rest is left empty (a confirmed draft is not read back).
    pub submitted: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoView {
    pub id: String,
    pub media_type: String,
    pub bytes: i64,
}

/// One line of the citizen's timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicEvent {
    /// `11月27日 09:30` (China time).
    pub at: String,
    pub text: String,
}

/// The running deadline the citizen is waiting on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueView {
    /// The last working day, `YYYY-MM-DD`.
    pub last_day: String,
    /// What is due: 答复 (the answer), 补充答复, 重新办理 …
    pub what: String,
    /// Years counted as plain weeks for lack of a holiday notice (SPEC §4).
    #[serde(default)]
    pub assumed_years: Vec<i32>,
}

/// What the requester may do now.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitizenActions {
    pub add_information: bool,
    pub rate: bool,
    /// Art. 24: the call service may be rated (an agent took the call).
    #[serde(default)]
    pub rate_call_service: bool,
    pub object: bool,
    pub ask_callback: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitizenRequestView {
    /// How the page's forms refer to the request: the link token, or the
    /// number when the citizen came through "my requests".
    pub access: String,
    pub number: String,
    pub type_label: String,
    pub title: String,
    pub content: String,
    /// Plain words: 已受理, 办理中, 已答复 …
    pub status: String,
    pub registered_at: String,
    pub due: Option<DueView>,
    pub timeline: Vec<PublicEvent>,
    pub actions: CitizenActions,
    /// 1 for the first rating, 2 for the final one after a redo (Art. 27).
    pub rating_round: u8,
    /// The reply the citizen is asked to rate, if any.
    pub reply: Option<String>,
    /// A sentence about what happens next (redo, callback), if any.
    pub next_step: Option<String>,
    /// Regional working-day changes, so the browser's countdown counts as the server does.
    pub regional_days: Vec<DeclaredDay>,
    pub photos: usize,
}

/// One of the phone's requests in "my requests".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitizenSummary {
    pub number: String,
    pub title: String,
    pub status: String,
    pub registered_at: String,
}

/// An entry of the category list on the submit form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryOption {
    pub code: String,
    pub name: String,
}

/// What the submit form offers to choose from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmitChoices {
    pub categories: Vec<CategoryOption>,
    pub counties: Vec<String>,
}

/// The public FAQ: knowledge-base entries that are read, found by words
/// and by category (Art. 28).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaqPage {
    pub words: String,
    pub category: String,
    /// (code, name) of the categories with entries.
    pub categories: Vec<(String, String)>,
    pub items: Vec<FaqItem>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaqItem {
    pub code: String,
    pub question: String,
    pub answer: String,
    pub basis: String,
    pub category: String,
    /// The matched passage when searched by words.
    pub snippet: Vec<super::snippet::TextPart>,
}
