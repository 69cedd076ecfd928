//! Misuse of the hotline (Art. 41): a hotline office flags a caller who
//! knowingly reports false matters, attacks, harasses or ties up the lines.
//! A flag is a warning to the people taking calls, never a sanction: it
//! deletes and hides nothing, every call is still registered. It names its
//! reason and the requests that show it, who decided, and when it lapses; a
//! second person reviews it (upholds it with a new end, or lifts it); and it
//! can be referred to the police ("交由公安机关处理"), which is recorded.

use super::machine::Actor;
use super::types::{Label, MisuseKind, Note, Phone, RequestNumber, Role};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A flag lapses by itself: at most this long after its decision or review.
pub const MAX_FLAG_DAYS: i64 = 365;
/// The most requests a flag cites.
pub const MAX_EVIDENCE: usize = 20;

/// What a hotline office decides when it flags a caller.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagDecision {
    pub phone: Phone,
    pub kind: MisuseKind,
    pub reason: Note,
    /// The requests that show the misuse; at least one.
    pub evidence: Vec<RequestNumber>,
    /// The last day the flag is in force.
    pub until: NaiveDate,
}

/// A reviewer's answer to a flag.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ReviewOutcome {
    /// The flag stands, now until this day.
    Upheld { until: NaiveDate },
    Lifted,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagReview {
    pub by: String,
    pub at: DateTime<Utc>,
    pub outcome: ReviewOutcome,
    pub note: Note,
}

/// The record of a referral to the police.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoliceReferral {
    pub by: String,
    pub at: DateTime<Utc>,
    /// The police station or bureau it went to.
    pub station: Label,
    /// The police's own record number, when they gave one.
    #[serde(default)]
    pub record: Option<Label>,
    pub note: Note,
}

/// A flag on a caller's number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MisuseFlag {
    pub phone: Phone,
    pub kind: MisuseKind,
    pub reason: Note,
    pub evidence: Vec<RequestNumber>,
    pub decided_by: String,
    pub decided_at: DateTime<Utc>,
    pub until: NaiveDate,
    #[serde(default)]
    pub reviews: Vec<FlagReview>,
    #[serde(default)]
    pub referral: Option<PoliceReferral>,
}

/// Where a flag stands on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagStatus {
    InForce,
    Lapsed,
    Lifted,
}

impl FlagStatus {
    pub fn label(self) -> &'static str {
        match self {
            FlagStatus::InForce => "生效中",
            FlagStatus::Lapsed => "已到期",
            FlagStatus::Lifted => "已撤销",
        }
    }
}

/// Why a step on a flag is refused; `message()` is for the person.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FlagRefusal {
    #[error("Art. 41: only a hotline office's reviewer may flag or refer a caller")]
    NotReviewer,
    #[error("Art. 41: a flag is reviewed by a reviewer or a leader")]
    NotReviewerOrLeader,
    #[error("Art. 41: a flag must cite at least one request and at most {MAX_EVIDENCE}")]
    Evidence,
    #[error("Art. 41: a flag must end after today and within {MAX_FLAG_DAYS} days")]
    Until,
    #[error("Art. 41: a flag is reviewed by someone other than who decided it")]
    SameReviewer,
    #[error("Art. 41: the flag is no longer in force")]
    NotInForce,
    #[error("Art. 41: the flag was already referred to the police")]
    AlreadyReferred,
}

impl FlagRefusal {
    /// The refusal in Chinese, citing the article.
    pub fn message(&self) -> String {
        match self {
            FlagRefusal::NotReviewer => "第四十一条：只有热线管理机构的审核员可以标记来电人或移送公安机关".into(),
            FlagRefusal::NotReviewerOrLeader => "第四十一条：标记由审核员或领导复核".into(),
            FlagRefusal::Evidence => format!("第四十一条：标记须列明作为依据的诉求编号（1 至 {MAX_EVIDENCE} 件）"),
            FlagRefusal::Until => format!("第四十一条：标记的有效期须晚于今天，且不超过 {MAX_FLAG_DAYS} 天"),
            FlagRefusal::SameReviewer => "第四十一条：复核须由作出标记以外的人进行".into(),
            FlagRefusal::NotInForce => "第四十一条：该标记已到期或已撤销".into(),
            FlagRefusal::AlreadyReferred => "第四十一条：该标记已移送公安机关".into(),
        }
    }
}

fn check_until(until: NaiveDate, today: NaiveDate) -> Result<(), FlagRefusal> {
    if until <= today || until > today + Duration::days(MAX_FLAG_DAYS) {
        return Err(FlagRefusal::Until);
    }
    Ok(())
}

impl MisuseFlag {
    /// A reviewer's decision, `today` in China time.
    pub fn raise(decision: FlagDecision, by: &Actor, at: DateTime<Utc>, today: NaiveDate) -> Result<MisuseFlag, FlagRefusal> {
        if by.role != Role::Reviewer {
            return Err(FlagRefusal::NotReviewer);
        }
        let distinct: BTreeSet<_> = decision.evidence.iter().collect();
        if distinct.is_empty() || distinct.len() > MAX_EVIDENCE {
            return Err(FlagRefusal::Evidence);
        }
        check_until(decision.until, today)?;
        let evidence = distinct.into_iter().cloned().collect();
        Ok(MisuseFlag {
            phone: decision.phone,
            kind: decision.kind,
            reason: decision.reason,
            evidence,
            decided_by: by.user.clone(),
            decided_at: at,
            until: decision.until,
            reviews: Vec::new(),
            referral: None,
        })
    }

    pub fn status(&self, today: NaiveDate) -> FlagStatus {
        if self.reviews.last().is_some_and(|r| r.outcome == ReviewOutcome::Lifted) {
            FlagStatus::Lifted
        } else if today > self.until {
            FlagStatus::Lapsed
        } else {
            FlagStatus::InForce
        }
    }

    /// A second person's review: uphold with a new end, or lift.
    pub fn review(&mut self, by: &Actor, at: DateTime<Utc>, today: NaiveDate, outcome: ReviewOutcome, note: Note) -> Result<(), FlagRefusal> {
        if !matches!(by.role, Role::Reviewer | Role::Analyst) {
            return Err(FlagRefusal::NotReviewerOrLeader);
        }
        if by.user == self.decided_by {
            return Err(FlagRefusal::SameReviewer);
        }
        if self.status(today) != FlagStatus::InForce {
            return Err(FlagRefusal::NotInForce);
        }
        if let ReviewOutcome::Upheld { until } = outcome {
            check_until(until, today)?;
            self.until = until;
        }
        self.reviews.push(FlagReview { by: by.user.clone(), at, outcome, note });
        Ok(())
    }

    /// Records the referral to the police of a flag in force, once.
    pub fn refer_to_police(&mut self, by: &Actor, at: DateTime<Utc>, today: NaiveDate, station: Label, record: Option<Label>, note: Note) -> Result<(), FlagRefusal> {
        if by.role != Role::Reviewer {
            return Err(FlagRefusal::NotReviewer);
        }
        if self.referral.is_some() {
            return Err(FlagRefusal::AlreadyReferred);
        }
        if self.status(today) != FlagStatus::InForce {
            return Err(FlagRefusal::NotInForce);
        }
        self.referral = Some(PoliceReferral { by: by.user.clone(), at, station, record, note });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, 2, 0, 0).unwrap()
    }
    fn reviewer(name: &str) -> Actor {
        Actor::new(Role::Reviewer, None, name)
    }
    fn decision(evidence: &[&str], until: &str) -> FlagDecision {
        FlagDecision {
            phone: Phone::parse("13812345678").unwrap(),
            kind: MisuseKind::Harassment,
            reason: Note::parse("一天内来电四十次辱骂话务员").unwrap(),
            evidence: evidence.iter().map(|n| RequestNumber::parse(n).unwrap()).collect(),
            until: day(until),
        }
    }
    fn note(s: &str) -> Note {
        Note::parse(s).unwrap()
    }
    const TODAY: &str = "2026-11-30";
    const N1: &str = "YL2026113000001";
    const N2: &str = "YL2026112900007";

    #[test]
    fn a_reviewer_flags_with_evidence_and_an_end() {
        let flag = MisuseFlag::raise(decision(&[N1, N2, N1], "2027-05-30"), &reviewer("wang"), at(), day(TODAY)).unwrap();
        assert_eq!(flag.evidence.len(), 2, "the same request is cited once");
        assert_eq!(flag.decided_by, "wang");
        assert_eq!(flag.status(day(TODAY)), FlagStatus::InForce);
        assert_eq!(flag.status(day("2027-05-30")), FlagStatus::InForce, "in force through its last day");
        assert_eq!(flag.status(day("2027-05-31")), FlagStatus::Lapsed);
    }

    #[test]
    fn a_flag_without_evidence_or_with_a_wrong_end_is_refused() {
        let by = reviewer("wang");
        assert_eq!(MisuseFlag::raise(decision(&[], "2027-01-01"), &by, at(), day(TODAY)), Err(FlagRefusal::Evidence));
        assert_eq!(MisuseFlag::raise(decision(&[N1], TODAY), &by, at(), day(TODAY)), Err(FlagRefusal::Until));
        assert_eq!(MisuseFlag::raise(decision(&[N1], "2027-12-01"), &by, at(), day(TODAY)), Err(FlagRefusal::Until));
        assert!(MisuseFlag::raise(decision(&[N1], "2027-11-30"), &by, at(), day(TODAY)).is_ok(), "exactly a year");
        for role in [Role::Agent, Role::Handler, Role::Analyst, Role::Admin, Role::Citizen] {
            let who = Actor::new(role, None, "x");
            assert_eq!(MisuseFlag::raise(decision(&[N1], "2027-01-01"), &who, at(), day(TODAY)), Err(FlagRefusal::NotReviewer), "{role}");
        }
        let many: Vec<String> = (1..=21).map(|i| format!("YL20261130{i:05}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(MisuseFlag::raise(decision(&many, "2027-01-01"), &by, at(), day(TODAY)), Err(FlagRefusal::Evidence));
    }

    #[test]
    fn a_second_person_reviews_and_a_lifted_flag_stays_lifted() {
        let mut flag = MisuseFlag::raise(decision(&[N1], "2027-01-31"), &reviewer("wang"), at(), day(TODAY)).unwrap();
        assert_eq!(
            flag.review(&reviewer("wang"), at(), day(TODAY), ReviewOutcome::Lifted, note("撤销")),
            Err(FlagRefusal::SameReviewer)
        );
        let handler = Actor::new(Role::Handler, None, "li");
        assert_eq!(flag.review(&handler, at(), day(TODAY), ReviewOutcome::Lifted, note("撤销")), Err(FlagRefusal::NotReviewerOrLeader));
        let leader = Actor::new(Role::Analyst, None, "chen");
        flag.review(&leader, at(), day(TODAY), ReviewOutcome::Upheld { until: day("2027-03-31") }, note("仍在骚扰")).unwrap();
        assert_eq!(flag.until, day("2027-03-31"));
        assert_eq!(flag.status(day("2027-02-15")), FlagStatus::InForce, "the review moved its end");
        flag.review(&reviewer("du"), at(), day(TODAY), ReviewOutcome::Lifted, note("来电人已道歉")).unwrap();
        assert_eq!(flag.status(day(TODAY)), FlagStatus::Lifted);
        assert_eq!(flag.reviews.len(), 2, "every review is kept");
        assert_eq!(flag.review(&reviewer("du"), at(), day(TODAY), ReviewOutcome::Lifted, note("再撤")), Err(FlagRefusal::NotInForce));
        assert_eq!(flag.evidence.len(), 1, "lifting deletes nothing");
    }

    #[test]
    fn a_flag_in_force_is_referred_to_the_police_once() {
        let by = reviewer("wang");
        let mut flag = MisuseFlag::raise(decision(&[N1], "2027-01-31"), &by, at(), day(TODAY)).unwrap();
        let station = Label::parse("伊宁市公安局巴彦岱派出所").unwrap();
        flag.refer_to_police(&by, at(), day(TODAY), station.clone(), None, note("移送处理")).unwrap();
        assert_eq!(flag.referral.as_ref().map(|r| r.station.clone()), Some(station.clone()));
        assert_eq!(flag.refer_to_police(&by, at(), day(TODAY), station.clone(), None, note("再次")), Err(FlagRefusal::AlreadyReferred));
        let mut lapsed = MisuseFlag::raise(decision(&[N1], "2026-12-31"), &by, at(), day(TODAY)).unwrap();
        assert_eq!(lapsed.refer_to_police(&by, at(), day("2027-01-01"), station, None, note("晚了")), Err(FlagRefusal::NotInForce));
    }

    #[test]
    fn every_refusal_cites_article_41_in_both_languages() {
        use FlagRefusal::*;
        for r in [NotReviewer, NotReviewerOrLeader, Evidence, Until, SameReviewer, NotInForce, AlreadyReferred] {
            assert!(r.to_string().starts_with("Art. 41"), "{r}");
            assert!(r.message().starts_with("第四十一条"), "{}", r.message());
        }
    }

    #[test]
    fn a_flag_round_trips_through_its_stored_form() {
        let flag = MisuseFlag::raise(decision(&[N1], "2027-01-31"), &reviewer("wang"), at(), day(TODAY)).unwrap();
        let json = serde_json::to_string(&flag).unwrap();
        assert_eq!(serde_json::from_str::<MisuseFlag>(&json).unwrap(), flag);
    }
}
