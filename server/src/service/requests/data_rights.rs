//! The requester's data rights (PIPL Art. 45, 46; Measures Art. 40). A
//! requester who proved the phone with a one-time code sees, per request,
//! the personal data held and which units looked at it in full; every such
//! look is audited. A correction application waits in the register of the
//! hotline offices; a reviewer whose office covers the request corrects it
//! through the request's own `correct_requester_data` command (the answer,
//! the change and the audit entry in one transaction) or refuses it with a
//! reason the requester is sent.

use crate::service::china_time::minute;
use crate::service::citizen::{cn_time, not_found};
use crate::service::{internal, Service};
use crate::store::{AuditEntry, CorrectionRow, CorrectionUpdate, OutboxMessage, WithRequest};
use app::api::data_rights::{AccessRecord, CorrectionRegister, CorrectionView, DataRightsBackend, HeldData, MyData};
use app::api::auth::StaffUser;
use app::api::AppError;
use app::domain::data_rights::{self as rights, CorrectionApplication, CorrectionStatus, CorrectionWish, DataCorrection};
use app::domain::deadline::cst_date;
use app::domain::machine::{Command, CorrectedField};
use app::domain::request::Request;
use app::domain::types::{Address, AuditAction, Note, PersonName, Phone, RequestNumber, Role};
use chrono::{Datelike, Utc};
use std::collections::HashMap;

/// How many applications the register shows.
const REGISTER_LENGTH: i64 = 200;
/// The requests "my personal data" lists, as "my requests" does.
const MY_REQUESTS: i64 = 100;

fn audit(username: &str, action: AuditAction, number: Option<&str>, reason: Option<&str>, detail: String) -> AuditEntry {
    AuditEntry {
        at: Utc::now(),
        username: username.to_string(),
        action,
        request_number: number.map(String::from),
        reason: reason.map(String::from),
        detail: Some(detail),
    }
}

/// The requester as the audit log names them: never the whole number.
fn citizen_name(phone: &str) -> String {
    let masked = Phone::parse(phone).map(|p| p.masked()).unwrap_or_else(|_| "****".into());
    format!("citizen:{masked}")
}

fn wish_pairs(wish: &CorrectionWish) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    if let Some(name) = &wish.name {
        pairs.push((CorrectedField::Name.label().to_string(), name.reveal().to_string()));
    }
    if let Some(address) = &wish.address {
        pairs.push((CorrectedField::Address.label().to_string(), address.as_str().to_string()));
    }
    pairs
}

/// What the record holds for the fields a wish names.
fn held_pairs(req: &Request, wish: &CorrectionWish) -> Vec<(String, String)> {
    let held = |field: CorrectedField| match field {
        CorrectedField::Name => req.requester().name.as_ref().map(|n| n.reveal().to_string()).unwrap_or_else(|| "（未留姓名）".into()),
        CorrectedField::Address => req.location().and_then(|l| l.address()).map(|a| a.as_str().to_string()).unwrap_or_else(|| "（未登记）".into()),
    };
    wish.fields().into_iter().map(|f| (f.label().to_string(), held(f))).collect()
}

fn snapshot(c: &DataCorrection) -> Result<String, AppError> {
    serde_json::to_string(c).map_err(internal)
}

fn month_day(d: chrono::NaiveDate) -> String {
    format!("{}月{}日", d.month(), d.day())
}

impl Service {
    fn correction_view(&self, row: &CorrectionRow, c: &DataCorrection, held: Vec<(String, String)>, may_decide: bool) -> CorrectionView {
        let (answer, answered_at) = match &c.status {
            CorrectionStatus::Asked => (None, None),
            CorrectionStatus::Corrected { at, note, .. } => (note.as_ref().map(|n| n.as_str().to_string()), Some(minute(*at))),
            CorrectionStatus::Refused { at, reason, .. } => (Some(reason.as_str().to_string()), Some(minute(*at))),
        };
        CorrectionView {
            id: row.id,
            number: row.request_number.clone(),
            asked: wish_pairs(&c.wish),
            reason: c.reason.as_str().to_string(),
            asked_at: cn_time(c.asked_at),
            answer_by: month_day(c.answer_by),
            late: c.is_late(cst_date(Utc::now())),
            status: c.status.code().to_string(),
            status_label: c.status.label().to_string(),
            answer,
            answered_at,
            held,
            phone: c.phone.masked(),
            may_decide,
        }
    }

    async fn load_correction(&self, id: i64) -> Result<(CorrectionRow, DataCorrection), AppError> {
        let row = self.store.correction(id).await.map_err(internal)?.ok_or_else(|| AppError::NotFound("更正申请".into()))?;
        let c = serde_json::from_str(&row.snapshot).map_err(internal)?;
        Ok((row, c))
    }

    /// A reviewer of a hotline office decides; leaders read.
    fn reads_corrections(&self, user: &StaffUser) -> Result<bool, AppError> {
        let decides = user.role == Role::Reviewer && self.takes_calls(user);
        if !decides && user.role != Role::Analyst {
            return Err(AppError::Forbidden("只有热线管理机构的审核员或领导可以查看个人信息更正申请".into()));
        }
        Ok(decides)
    }

    /// Who looked at the requester's full data for a request, by unit;
    /// `units` remembers each staff member's unit across requests.
    async fn accesses(&self, number: &str, units: &mut HashMap<String, String>) -> Result<Vec<(chrono::DateTime<Utc>, AccessRecord)>, AppError> {
        let entries = self.store.audit_for_request(number).await.map_err(internal)?;
        let mut out = Vec::new();
        for e in entries.into_iter().filter(|e| e.action == AuditAction::RevealRequester) {
            if !units.contains_key(&e.username) {
                let unit = self.store.user_by_name(&e.username).await.map_err(internal)?.map_or_else(|| "热线工作人员".to_string(), |u| u.unit_name);
                units.insert(e.username.clone(), unit);
            }
            let unit = units[&e.username].clone();
            out.push((e.at, AccessRecord { at: cn_time(e.at), number: number.to_string(), unit, reason: e.reason.unwrap_or_default() }));
        }
        Ok(out)
    }
}

fn held_view(req: &Request, pending: bool) -> HeldData {
    let requester = req.requester();
    let erased = req.erased_at().is_some();
    let place = req.location().map(|l| match l.township() {
        Some(t) => format!("{} {}", l.county().as_str(), t.as_str()),
        None => l.county().as_str().to_string(),
    });
    HeldData {
        number: req.number().to_string(),
        title: req.title().as_str().to_string(),
        registered_at: cn_time(req.registered_at()),
        status: req.current_state().citizen_words().to_string(),
        name: requester.name.as_ref().map(|n| n.reveal().to_string()),
        // An erased number reads 已删除.
        phone: requester.phone.reveal().to_string(),
        id_number: requester.id_number.as_ref().map(|i| i.masked()),
        organisation: requester.organisation.as_ref().map(|o| o.name.to_string()),
        place,
        address: req.location().and_then(|l| l.address()).map(|a| a.as_str().to_string()),
        map_position: req.location().and_then(|l| l.coordinates()).is_some(),
        photos: req.attachments().len(),
        erased,
        may_correct: !erased && !pending,
        has_place: req.location().is_some(),
    }
}

#[async_trait::async_trait]
impl DataRightsBackend for Service {
    async fn my_data(&self, session: &str) -> Result<MyData, AppError> {
        let phone = self.session_phone(session).await?;
        let rows = self.store.requests_of_phone(&phone, MY_REQUESTS).await.map_err(internal)?;
        let corrections = self
            .store
            .corrections_of_phone(&phone)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|row| Ok((serde_json::from_str::<DataCorrection>(&row.snapshot).map_err(internal)?, row)))
            .collect::<Result<Vec<_>, AppError>>()?;
        let mut requests = Vec::new();
        let mut accesses = Vec::new();
        let mut units = HashMap::new();
        for (number, ..) in &rows {
            let (_, req) = self.load_request(None, number).await?;
            let pending = corrections.iter().any(|(c, row)| &row.request_number == number && c.status == CorrectionStatus::Asked);
            requests.push(held_view(&req, pending));
            accesses.extend(self.accesses(number, &mut units).await?);
        }
        accesses.sort_by(|a, b| b.0.cmp(&a.0));
        let accesses = accesses.into_iter().map(|(_, record)| record).collect();
        let corrections = corrections.iter().map(|(c, row)| self.correction_view(row, c, Vec::new(), false)).collect();
        let detail = format!("{} request(s)", requests.len());
        self.store.audit(&audit(&citizen_name(&phone), AuditAction::CitizenDataAccess, None, Some("查阅本人信息"), detail)).await.map_err(internal)?;
        let retention_years = self.world().ctx().retention_years;
        Ok(MyData { phone: Phone::parse(&phone).map(|p| p.masked()).unwrap_or_default(), requests, accesses, corrections, retention_years })
    }

    async fn ask_correction(&self, session: &str, number: &str, name: &str, address: &str, reason: &str) -> Result<(), AppError> {
        let phone = self.session_phone(session).await?;
        let number = RequestNumber::parse(number.trim()).map_err(|_| not_found())?;
        let (_, req) = self.load_request(None, &number.to_string()).await.map_err(|_| not_found())?;
        if req.requester().phone.reveal() != phone {
            return Err(not_found());
        }
        let name = crate::service::given(name).map(|n| PersonName::parse(&n)).transpose().map_err(|_| AppError::on_field("name", "姓名不能含数字，最多 50 字"))?;
        let address = crate::service::given(address).map(|a| Address::parse(&a)).transpose().map_err(|_| AppError::on_field("address", "地址最多 200 字"))?;
        let reason = Note::parse(reason).map_err(|_| AppError::on_field("reason", "请说明哪里不对、为什么要更正（1000 字以内）"))?;
        let now = Utc::now();
        let answer_by = self.world().calendar.nth_working_day(cst_date(now), rights::ANSWER_WITHIN_WORKING_DAYS).date;
        let pending = self.store.correction_pending(&number.to_string()).await.map_err(internal)?;
        let phone = Phone::parse(&phone).map_err(internal)?;
        let application = CorrectionApplication { number: number.clone(), phone, wish: CorrectionWish { name, address }, reason };
        let c = DataCorrection::ask(application, rights::HeldData::of(&req), now, answer_by, pending).map_err(|r| match r {
            rights::CorrectionRefusal::NoPlace => AppError::on_field("address", r.message()),
            other => AppError::Refused(other.message()),
        })?;
        let entry = audit(&citizen_name(c.phone.reveal()), AuditAction::AskDataCorrection, Some(&number.to_string()), Some(c.reason.as_str()), c.wish.fields_cn());
        self.store.insert_correction(&number.to_string(), c.phone.reveal(), &snapshot(&c)?, now, entry).await.map_err(internal)?;
        Ok(())
    }

    async fn correction_register(&self, user: &StaffUser) -> Result<CorrectionRegister, AppError> {
        let decides = self.reads_corrections(user)?;
        let rows = self.store.correction_register(REGISTER_LENGTH).await.map_err(internal)?;
        let mut corrections = Vec::new();
        for row in rows {
            // Only those of requests the user's office covers (Art. 4).
            let Ok((_, req)) = self.load_visible(user, &row.request_number).await else { continue };
            let c: DataCorrection = serde_json::from_str(&row.snapshot).map_err(internal)?;
            let may_decide = decides && c.status == CorrectionStatus::Asked;
            // The decider compares with the record in full: a reveal, audited.
            let held = if may_decide {
                let entry = audit(&user.username, AuditAction::RevealRequester, Some(&row.request_number), Some("个人信息更正审核"), c.wish.fields_cn());
                self.store.audit(&entry).await.map_err(internal)?;
                held_pairs(&req, &c.wish)
            } else {
                Vec::new()
            };
            corrections.push(self.correction_view(&row, &c, held, may_decide));
        }
        Ok(CorrectionRegister { corrections })
    }

    async fn decide_correction(&self, user: &StaffUser, id: i64, correct: bool, note: &str) -> Result<CorrectionView, AppError> {
        if !self.reads_corrections(user)? {
            return Err(AppError::Forbidden("个人信息保护法第四十六条：更正申请由热线管理机构的审核员处理".into()));
        }
        let (row, mut c) = self.load_correction(id).await?;
        let (_, req) = self.load_visible(user, &row.request_number).await?;
        let actor = Self::actor(user)?;
        let now = Utc::now();
        let number = row.request_number.clone();
        if correct {
            let note = crate::service::given(note).map(|n| Note::parse(&n)).transpose().map_err(|_| AppError::on_field("note", "说明不超过 1000 字"))?;
            c.corrected(&actor, now, note).map_err(|r| AppError::Refused(r.message()))?;
            let update = CorrectionUpdate { id, version: row.version, status: c.status.code().into(), snapshot: snapshot(&c)? };
            let entry = audit(&user.username, AuditAction::CorrectRequesterData, Some(&number), Some(c.reason.as_str()), c.wish.fields_cn());
            let extra = WithRequest { audit: vec![entry], correction: Some(update), ..WithRequest::default() };
            let command = Command::CorrectRequesterData { name: c.wish.name.clone(), address: c.wish.address.clone() };
            self.apply_with(&actor, Some(user), &number, command, now, extra).await?;
        } else {
            let reason = Note::parse(note).map_err(|_| AppError::on_field("note", "请写明不予更正的理由，诉求人会收到（1000 字以内）"))?;
            c.refuse(&actor, now, reason.clone()).map_err(|r| AppError::Refused(r.message()))?;
            let update = CorrectionUpdate { id, version: row.version, status: c.status.code().into(), snapshot: snapshot(&c)? };
            let entry = audit(&user.username, AuditAction::RefuseDataCorrection, Some(&number), Some(reason.as_str()), c.wish.fields_cn());
            // Text messages reach mobiles only; others hear it on their "my personal data" page.
            let notice = req.requester().phone.is_mobile().then(|| OutboxMessage {
                recipient: req.requester().phone.reveal().to_string(),
                kind: app::domain::types::MessageKind::DataCorrectionRefused.code().into(),
                body: format!("【12345热线】您对诉求{number}个人信息的更正申请未予更正，理由：{}。如有疑问请致电12345。", reason.as_str()),
                request_number: Some(number.clone()),
            });
            if !self.store.answer_correction(&update, entry, notice).await.map_err(internal)? {
                return Err(AppError::Refused("该申请刚被他人处理，请刷新后重试".into()));
            }
        }
        let (row, c) = self.load_correction(id).await?;
        Ok(self.correction_view(&row, &c, Vec::new(), false))
    }
}
