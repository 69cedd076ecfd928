//! A requester's rights over the personal data the hotline holds (Measures
//! Art. 40; PIPL Art. 45 查阅、复制 and Art. 46 更正、补充). Seeing the data
//! needs no decision: the requester proves the phone with a one-time code
//! and the page shows what is held (each look audited). A correction is a
//! request of its own: the requester says what is wrong and why; a hotline
//! office's reviewer corrects it (through the request's state machine, so
//! the timeline says so) or refuses it with a reason, within
//! `ANSWER_WITHIN_WORKING_DAYS`.

use super::machine::{Actor, CorrectedField};
use super::request::Request;
use super::types::{Address, Note, PersonName, Phone, RequestNumber, Role};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The answer is due on the 15th working day counting the day asked (含本数):
/// the PIPL asks for a timely answer; GB/T 35273-2020 §8.7 allows at most 30
/// days, which 15 working days never exceed.
pub const ANSWER_WITHIN_WORKING_DAYS: u32 = 15;

/// What the requester wants the record to say instead; at least one field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrectionWish {
    #[serde(default)]
    pub name: Option<PersonName>,
    #[serde(default)]
    pub address: Option<Address>,
}

/// What the request holds now, to compare the wish with.
#[derive(Clone, Copy, Debug)]
pub struct HeldData<'a> {
    pub name: Option<&'a PersonName>,
    /// `None` when the request has no place at all (an address cannot be added).
    pub address: Option<Option<&'a Address>>,
    pub erased: bool,
}

impl<'a> HeldData<'a> {
    /// What `req` holds now.
    pub fn of(req: &'a Request) -> HeldData<'a> {
        HeldData {
            name: req.requester().name.as_ref(),
            address: req.location().map(|l| l.address()),
            erased: req.erased_at().is_some(),
        }
    }
}

impl CorrectionWish {
    /// Only what differs from the record, so that an unchanged field is no wish.
    pub fn against(self, held: HeldData<'_>) -> Result<CorrectionWish, CorrectionRefusal> {
        if held.erased {
            return Err(CorrectionRefusal::Erased);
        }
        let name = self.name.filter(|n| Some(n) != held.name);
        let address = match (self.address, held.address) {
            (Some(_), None) => return Err(CorrectionRefusal::NoPlace),
            (Some(a), Some(now)) if Some(&a) != now => Some(a),
            _ => None,
        };
        if name.is_none() && address.is_none() {
            return Err(CorrectionRefusal::NothingChanged);
        }
        Ok(CorrectionWish { name, address })
    }

    /// The fields asked for, in order.
    pub fn fields(&self) -> Vec<CorrectedField> {
        let mut fields = Vec::new();
        if self.name.is_some() {
            fields.push(CorrectedField::Name);
        }
        if self.address.is_some() {
            fields.push(CorrectedField::Address);
        }
        fields
    }

    /// The fields asked for, in Chinese: 姓名、地址.
    pub fn fields_cn(&self) -> String {
        self.fields().iter().map(|f| f.label()).collect::<Vec<_>>().join("、")
    }
}

/// Where a correction stands; a decided one names who decided and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum CorrectionStatus {
    Asked,
    Corrected {
        by: String,
        at: DateTime<Utc>,
        #[serde(default)]
        note: Option<Note>,
    },
    Refused {
        by: String,
        at: DateTime<Utc>,
        reason: Note,
    },
}

impl CorrectionStatus {
    pub fn code(&self) -> &'static str {
        match self {
            CorrectionStatus::Asked => "asked",
            CorrectionStatus::Corrected { .. } => "corrected",
            CorrectionStatus::Refused { .. } => "refused",
        }
    }
    pub fn label(&self) -> &'static str {
        match self {
            CorrectionStatus::Asked => "待处理",
            CorrectionStatus::Corrected { .. } => "已更正",
            CorrectionStatus::Refused { .. } => "不予更正",
        }
    }
}

/// A requester's request to correct the personal data of one of their requests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataCorrection {
    pub number: RequestNumber,
    /// The phone the requester proved with a one-time code.
    pub phone: Phone,
    pub wish: CorrectionWish,
    pub reason: Note,
    pub asked_at: DateTime<Utc>,
    /// The last day of the answer (China time).
    pub answer_by: NaiveDate,
    pub status: CorrectionStatus,
}

/// Why a step on a correction is refused; `message()` is for the person.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CorrectionRefusal {
    #[error("PIPL Art. 46: the correction changes nothing the record holds")]
    NothingChanged,
    #[error("PIPL Art. 46: the request holds no place, so there is no address to correct")]
    NoPlace,
    #[error("Art. 40: the requester's personal data was erased at the end of its retention")]
    Erased,
    #[error("PIPL Art. 46: a correction of this request is already waiting for an answer")]
    AlreadyAsked,
    #[error("PIPL Art. 46: only a hotline office's reviewer decides a correction")]
    NotReviewer,
    #[error("PIPL Art. 46: the correction was already answered")]
    AlreadyDecided,
}

impl CorrectionRefusal {
    pub fn message(&self) -> String {
        match self {
            CorrectionRefusal::NothingChanged => "所填内容与现有记录相同，没有需要更正的内容".into(),
            CorrectionRefusal::NoPlace => "这件诉求没有登记地点，无法更正地址".into(),
            CorrectionRefusal::Erased => "这件诉求的个人信息已按保存期限删除".into(),
            CorrectionRefusal::AlreadyAsked => "这件诉求已有一份更正申请正在处理，请等待答复".into(),
            CorrectionRefusal::NotReviewer => "个人信息保护法第四十六条：更正申请由热线管理机构的审核员处理".into(),
            CorrectionRefusal::AlreadyDecided => "该更正申请已经答复".into(),
        }
    }
}

/// What the requester sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorrectionApplication {
    pub number: RequestNumber,
    pub phone: Phone,
    pub wish: CorrectionWish,
    pub reason: Note,
}

impl DataCorrection {
    /// A requester's application against what is `held`; `pending` says
    /// whether one for the same request is still unanswered.
    pub fn ask(
        application: CorrectionApplication,
        held: HeldData<'_>,
        at: DateTime<Utc>,
        answer_by: NaiveDate,
        pending: bool,
    ) -> Result<DataCorrection, CorrectionRefusal> {
        let CorrectionApplication { number, phone, wish, reason } = application;
        let wish = wish.against(held)?;
        if pending {
            return Err(CorrectionRefusal::AlreadyAsked);
        }
        Ok(DataCorrection { number, phone, wish, reason, asked_at: at, answer_by, status: CorrectionStatus::Asked })
    }

    fn decide(&mut self, by: &Actor, status: CorrectionStatus) -> Result<(), CorrectionRefusal> {
        if by.role != Role::Reviewer {
            return Err(CorrectionRefusal::NotReviewer);
        }
        if self.status != CorrectionStatus::Asked {
            return Err(CorrectionRefusal::AlreadyDecided);
        }
        self.status = status;
        Ok(())
    }

    /// The record was corrected as asked (the request's machine did it).
    pub fn corrected(&mut self, by: &Actor, at: DateTime<Utc>, note: Option<Note>) -> Result<(), CorrectionRefusal> {
        self.decide(by, CorrectionStatus::Corrected { by: by.user.clone(), at, note })
    }

    /// Not corrected, for a reason the requester is told.
    pub fn refuse(&mut self, by: &Actor, at: DateTime<Utc>, reason: Note) -> Result<(), CorrectionRefusal> {
        self.decide(by, CorrectionStatus::Refused { by: by.user.clone(), at, reason })
    }

    /// Whether the answer is late on `today` (China time).
    pub fn is_late(&self, today: NaiveDate) -> bool {
        self.status == CorrectionStatus::Asked && today > self.answer_by
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, 2, 0, 0).unwrap()
    }
    fn name(s: &str) -> PersonName {
        PersonName::parse(s).unwrap()
    }
    fn address(s: &str) -> Address {
        Address::parse(s).unwrap()
    }
    fn wish(n: Option<&str>, a: Option<&str>) -> CorrectionWish {
        CorrectionWish { name: n.map(name), address: a.map(address) }
    }
    fn ask(w: CorrectionWish, held: HeldData<'_>, pending: bool) -> Result<DataCorrection, CorrectionRefusal> {
        let application = CorrectionApplication {
            number: RequestNumber::parse("YL2026113000001").unwrap(),
            phone: Phone::parse("13812345678").unwrap(),
            wish: w,
            reason: Note::parse("登记时姓名写错了").unwrap(),
        };
        DataCorrection::ask(application, held, at(), "2026-12-18".parse().unwrap(), pending)
    }

    #[test]
    fn only_what_differs_is_asked_and_something_must_differ() {
        let (n, a) = (name("张三"), address("伊宁市解放路 1 号"));
        let held = HeldData { name: Some(&n), address: Some(Some(&a)), erased: false };
        let c = ask(wish(Some("张叁"), Some("伊宁市解放路 1 号")), held, false).unwrap();
        assert_eq!(c.wish, wish(Some("张叁"), None), "the unchanged address is no wish");
        assert_eq!(c.wish.fields_cn(), "姓名");
        assert_eq!(c.status, CorrectionStatus::Asked);
        assert_eq!(ask(wish(Some("张三"), Some("伊宁市解放路 1 号")), held, false), Err(CorrectionRefusal::NothingChanged));
        assert_eq!(ask(wish(None, None), held, false), Err(CorrectionRefusal::NothingChanged));
        assert_eq!(ask(wish(Some("张叁"), None), held, true), Err(CorrectionRefusal::AlreadyAsked));
    }

    #[test]
    fn a_missing_name_may_be_added_but_an_address_needs_a_place() {
        let anonymous = HeldData { name: None, address: None, erased: false };
        assert_eq!(ask(wish(Some("李四"), None), anonymous, false).unwrap().wish.fields_cn(), "姓名");
        assert_eq!(ask(wish(None, Some("霍城县清水河镇")), anonymous, false), Err(CorrectionRefusal::NoPlace));
        let place_without_street = HeldData { name: None, address: Some(None), erased: false };
        assert_eq!(ask(wish(None, Some("霍城县清水河镇")), place_without_street, false).unwrap().wish.fields_cn(), "地址");
        let erased = HeldData { name: None, address: Some(None), erased: true };
        assert_eq!(ask(wish(Some("李四"), None), erased, false), Err(CorrectionRefusal::Erased));
    }

    #[test]
    fn a_reviewer_answers_once() {
        let n = name("张三");
        let held = HeldData { name: Some(&n), address: None, erased: false };
        let mut c = ask(wish(Some("张叁"), None), held, false).unwrap();
        for role in [Role::Agent, Role::Handler, Role::Analyst, Role::Admin, Role::Citizen] {
            assert_eq!(c.corrected(&Actor::new(role, None, "x"), at(), None), Err(CorrectionRefusal::NotReviewer), "{role}");
        }
        let reviewer = Actor::new(Role::Reviewer, None, "wang");
        assert!(!c.is_late("2026-12-18".parse().unwrap()));
        assert!(c.is_late("2026-12-19".parse().unwrap()), "late after the last day");
        c.refuse(&reviewer, at(), Note::parse("户籍信息核实无误").unwrap()).unwrap();
        assert_eq!(c.status.code(), "refused");
        assert!(!c.is_late("2027-01-01".parse().unwrap()), "an answered correction is never late");
        assert_eq!(c.corrected(&reviewer, at(), None), Err(CorrectionRefusal::AlreadyDecided));
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<DataCorrection>(&json).unwrap(), c, "round-trips through its stored form");
    }

    #[test]
    fn every_refusal_has_a_chinese_message() {
        use CorrectionRefusal::*;
        for r in [NothingChanged, NoPlace, Erased, AlreadyAsked, NotReviewer, AlreadyDecided] {
            assert!(r.message().chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{r}");
            assert!(!r.message().chars().any(|c| c.is_ascii_alphabetic()), "{}", r.message());
        }
    }
}
