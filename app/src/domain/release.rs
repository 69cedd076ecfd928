//! Releasing the hotline's records to another body (Art. 42). The center
//! keeps what it holds confidential; a court, procuratorate, discipline
//! commission or administrative organ, or a law firm or arbitration
//! commission, gets records only by bringing its official letter and two of
//! its officials with their credentials, and only once the right leader has
//! approved: the head of the 政务信息中心 for the first group, the head of the
//! 州政务服务管理局 for the second. What is handed over is itself recorded.
//!
//! The states are a type: nothing can be released that was not approved.

use super::machine::Actor;
use super::types::{Label, LeaderPost, Note, Reference, RequestNumber, RequestingBody, Role};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The most requests one application asks for.
pub const MAX_RECORDS: usize = 200;

/// One of the two officials who come for the records, with their credential.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Official {
    pub name: Label,
    /// The number of their work credential (工作证件).
    pub credential: Label,
}

/// What the requesting body brings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseApplication {
    pub body: RequestingBody,
    /// The body's name, as on its letter.
    pub body_name: Label,
    /// The letter's reference number (公函文号).
    pub letter_number: Label,
    /// The scanned letter, as stored.
    pub letter: Reference,
    pub officials: [Official; 2],
    /// The requests asked for.
    pub records: Vec<RequestNumber>,
    /// Whether the requesters' personal data is asked for too.
    pub personal_data: bool,
    /// What the records are for, as the letter says.
    pub purpose: Note,
}

/// The leader's decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseDecision {
    pub by: String,
    pub post: LeaderPost,
    pub at: DateTime<Utc>,
    pub note: Note,
}

/// The package handed over: a generated archive with its manifest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleasePackage {
    pub by: String,
    pub at: DateTime<Utc>,
    /// The stored archive.
    pub archive: Reference,
    /// SHA-256 of the archive, hex.
    pub sha256: String,
    /// How many requests it holds.
    pub requests: usize,
}

/// Where an application stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ReleaseState {
    Applied,
    Approved { approval: ReleaseDecision },
    Refused { refusal: ReleaseDecision },
    Released { approval: ReleaseDecision, package: ReleasePackage },
}

impl ReleaseState {
    pub fn code(&self) -> &'static str {
        match self {
            ReleaseState::Applied => "applied",
            ReleaseState::Approved { .. } => "approved",
            ReleaseState::Refused { .. } => "refused",
            ReleaseState::Released { .. } => "released",
        }
    }
    pub fn label(&self) -> &'static str {
        match self {
            ReleaseState::Applied => "待审批",
            ReleaseState::Approved { .. } => "已批准，待调取",
            ReleaseState::Refused { .. } => "不予批准",
            ReleaseState::Released { .. } => "已调取",
        }
    }
}

/// An application and its course.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordsRelease {
    pub application: ReleaseApplication,
    pub registered_by: String,
    pub registered_at: DateTime<Utc>,
    pub state: ReleaseState,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReleaseRefusal {
    #[error("Art. 42: the center's reviewers and administrators register an application")]
    NotRegistrar,
    #[error("Art. 42: two different officials, each with a credential number")]
    Officials,
    #[error("Art. 42: the application names between 1 and {MAX_RECORDS} requests")]
    Records,
    #[error("Art. 42: approved by the {0:?}")]
    WrongApprover(LeaderPost),
    #[error("Art. 42: the application was already decided")]
    AlreadyDecided,
    #[error("Art. 42: nothing is released without approval")]
    NotApproved,
}

impl ReleaseRefusal {
    pub fn message(&self) -> String {
        match self {
            ReleaseRefusal::NotRegistrar => "第四十二条：调取申请由热线管理中心的审核员或系统管理员登记".into(),
            ReleaseRefusal::Officials => "第四十二条：须由两名工作人员持工作证件办理，请填写两人的姓名和不同的证件号码".into(),
            ReleaseRefusal::Records => format!("第四十二条：请列明要调取的诉求编号（1 至 {MAX_RECORDS} 件）"),
            ReleaseRefusal::WrongApprover(post) => format!("第四十二条：此类机构调取资料须经{}批准", post.label()),
            ReleaseRefusal::AlreadyDecided => "第四十二条：该申请已审批".into(),
            ReleaseRefusal::NotApproved => "第四十二条：未经批准不得调取资料".into(),
        }
    }
}

impl RecordsRelease {
    /// Registers an application as the center receives it.
    pub fn apply(application: ReleaseApplication, by: &Actor, at: DateTime<Utc>) -> Result<RecordsRelease, ReleaseRefusal> {
        if !matches!(by.role, Role::Reviewer | Role::Admin) {
            return Err(ReleaseRefusal::NotRegistrar);
        }
        let [a, b] = &application.officials;
        if a.credential == b.credential || a.name == b.name {
            return Err(ReleaseRefusal::Officials);
        }
        let distinct: BTreeSet<_> = application.records.iter().cloned().collect();
        if distinct.is_empty() || distinct.len() > MAX_RECORDS {
            return Err(ReleaseRefusal::Records);
        }
        let application = ReleaseApplication { records: distinct.into_iter().collect(), ..application };
        Ok(RecordsRelease { application, registered_by: by.user.clone(), registered_at: at, state: ReleaseState::Applied })
    }

    /// The leader's approval or refusal; `post` is the post the decider holds.
    pub fn decide(&mut self, by: &Actor, post: Option<LeaderPost>, at: DateTime<Utc>, approve: bool, note: Note) -> Result<(), ReleaseRefusal> {
        let needed = self.application.body.approver();
        if post != Some(needed) {
            return Err(ReleaseRefusal::WrongApprover(needed));
        }
        if self.state != ReleaseState::Applied {
            return Err(ReleaseRefusal::AlreadyDecided);
        }
        let decision = ReleaseDecision { by: by.user.clone(), post: needed, at, note };
        self.state = match approve {
            true => ReleaseState::Approved { approval: decision },
            false => ReleaseState::Refused { refusal: decision },
        };
        Ok(())
    }

    /// Records the package handed over; only an approved application, once.
    pub fn release(&mut self, package: ReleasePackage) -> Result<(), ReleaseRefusal> {
        match &self.state {
            ReleaseState::Approved { approval } => {
                self.state = ReleaseState::Released { approval: approval.clone(), package };
                Ok(())
            }
            _ => Err(ReleaseRefusal::NotApproved),
        }
    }

    /// Whether the package may be generated and handed over now.
    pub fn may_release(&self) -> bool {
        matches!(self.state, ReleaseState::Approved { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, 3, 0, 0).unwrap()
    }
    fn label(s: &str) -> Label {
        Label::parse(s).unwrap()
    }
    fn official(name: &str, credential: &str) -> Official {
        Official { name: label(name), credential: label(credential) }
    }
    fn application(body: RequestingBody, records: &[&str]) -> ReleaseApplication {
        ReleaseApplication {
            body,
            body_name: label("伊宁市人民法院"),
            letter_number: label("（2026）伊法函字第 18 号"),
            letter: Reference::parse("pletter").unwrap(),
            officials: [official("张法官", "法官证 650001"), official("李书记员", "工作证 650002")],
            records: records.iter().map(|n| RequestNumber::parse(n).unwrap()).collect(),
            personal_data: true,
            purpose: Note::parse("审理（2026）新4002民初 123 号案件").unwrap(),
        }
    }
    fn reviewer() -> Actor {
        Actor::new(Role::Reviewer, None, "wang")
    }
    fn leader(name: &str) -> Actor {
        Actor::new(Role::Analyst, None, name)
    }
    fn note() -> Note {
        Note::parse("同意").unwrap()
    }
    fn package() -> ReleasePackage {
        ReleasePackage { by: "wang".into(), at: at(), archive: Reference::parse("parchive").unwrap(), sha256: "ab".repeat(32), requests: 1 }
    }
    const N1: &str = "YL2026113000001";

    #[test]
    fn each_body_has_its_approver() {
        use RequestingBody::*;
        for body in [Court, Procuratorate, PublicSecurity, Discipline, Administrative] {
            assert_eq!(body.approver(), LeaderPost::InfoCenterHead, "{body}");
        }
        for body in [LawFirm, Arbitration, OtherInstitution] {
            assert_eq!(body.approver(), LeaderPost::BureauHead, "{body}");
        }
    }

    #[test]
    fn only_the_right_leader_approves_and_only_an_approval_releases() {
        for body in RequestingBody::ALL.iter().copied() {
            let mut release = RecordsRelease::apply(application(body, &[N1, N1]), &reviewer(), at()).unwrap();
            assert_eq!(release.application.records.len(), 1, "asked twice, listed once");
            assert_eq!(release.release(package()), Err(ReleaseRefusal::NotApproved), "{body}: not before approval");
            let wrong = match body.approver() {
                LeaderPost::InfoCenterHead => LeaderPost::BureauHead,
                LeaderPost::BureauHead => LeaderPost::InfoCenterHead,
            };
            assert_eq!(release.decide(&leader("x"), Some(wrong), at(), true, note()), Err(ReleaseRefusal::WrongApprover(body.approver())));
            assert_eq!(release.decide(&leader("x"), None, at(), true, note()), Err(ReleaseRefusal::WrongApprover(body.approver())));
            release.decide(&leader("head"), Some(body.approver()), at(), true, note()).unwrap();
            assert!(release.may_release());
            assert_eq!(release.decide(&leader("head"), Some(body.approver()), at(), false, note()), Err(ReleaseRefusal::AlreadyDecided));
            release.release(package()).unwrap();
            assert_eq!(release.state.code(), "released");
            assert_eq!(release.release(package()), Err(ReleaseRefusal::NotApproved), "{body}: once");
        }
    }

    #[test]
    fn a_refused_application_is_never_released() {
        let mut release = RecordsRelease::apply(application(RequestingBody::LawFirm, &[N1]), &reviewer(), at()).unwrap();
        release.decide(&leader("bureau"), Some(LeaderPost::BureauHead), at(), false, Note::parse("与本案无关").unwrap()).unwrap();
        assert_eq!(release.state.code(), "refused");
        assert!(!release.may_release());
        assert_eq!(release.release(package()), Err(ReleaseRefusal::NotApproved));
    }

    #[test]
    fn an_application_needs_two_officials_records_and_a_registrar() {
        let mut same = application(RequestingBody::Court, &[N1]);
        same.officials[1].credential = same.officials[0].credential.clone();
        assert_eq!(RecordsRelease::apply(same, &reviewer(), at()), Err(ReleaseRefusal::Officials));
        assert_eq!(RecordsRelease::apply(application(RequestingBody::Court, &[]), &reviewer(), at()), Err(ReleaseRefusal::Records));
        for role in [Role::Agent, Role::Handler, Role::UnitAdmin, Role::Analyst, Role::Citizen] {
            let by = Actor::new(role, None, "x");
            assert_eq!(RecordsRelease::apply(application(RequestingBody::Court, &[N1]), &by, at()), Err(ReleaseRefusal::NotRegistrar), "{role}");
        }
        let admin = Actor::new(Role::Admin, None, "zhao");
        assert!(RecordsRelease::apply(application(RequestingBody::Court, &[N1]), &admin, at()).is_ok());
    }

    #[test]
    fn every_refusal_cites_article_42_in_both_languages() {
        use ReleaseRefusal::*;
        for r in [NotRegistrar, Officials, Records, WrongApprover(LeaderPost::BureauHead), AlreadyDecided, NotApproved] {
            assert!(r.to_string().starts_with("Art. 42"), "{r}");
            assert!(r.message().starts_with("第四十二条"), "{}", r.message());
        }
    }

    #[test]
    fn a_release_round_trips_through_its_stored_form() {
        let mut release = RecordsRelease::apply(application(RequestingBody::Court, &[N1]), &reviewer(), at()).unwrap();
        release.decide(&leader("head"), Some(LeaderPost::InfoCenterHead), at(), true, note()).unwrap();
        release.release(package()).unwrap();
        let json = serde_json::to_string(&release).unwrap();
        assert_eq!(serde_json::from_str::<RecordsRelease>(&json).unwrap(), release);
    }
}
