//! The assessment of handling units (Art. 36–37, SPEC §7): a yearly scheme
//! set by the center — indicators of SPEC §7 with weights summing to 100,
//! each scored linearly between a floor (0 points) and a target (its whole
//! weight); bonus points for completing ahead of time and for a fall in
//! similar requests against the same period last year, up to a cap; points
//! deducted per supervision and per case exposed by the media; points for
//! keeping the knowledge base (Art. 36: entries added and revised, off for
//! entries left stale). A scheme is
//! versioned: a period is scored with the version in force on its first day.
//! The same scheme sets how the center's front desk is assessed (Art. 36):
//! a monthly sample of each agent's registrations and the call-service ratings.

mod appeal;
mod front_desk;
mod publication;
mod scheme;
mod score;
#[cfg(test)]
mod tests;

pub use appeal::{Appeal, AppealRefusal, AppealState, AppealSubject, CorrectionKind, Lodging, APPEAL_FILES_MAX};
pub use front_desk::{agent_score, checklist_points, AgentMonth, AgentScore, FrontDeskRules};
pub use publication::{Publication, PublishError, UnitResult};
pub use scheme::{Bonuses, Deductions, KnowledgeRules, Scheme, SchemeForm, SchemeItem, SchemeItemForm, SchemeVersion};
pub use score::{ranks, score, Adjustment, Exclusion, ItemScore, KnowledgeUpkeep, Recount, ScoreCard, UnitPeriod};
