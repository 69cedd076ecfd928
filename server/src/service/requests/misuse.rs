//! Misuse flags (Art. 41) for the hotline offices: a reviewer flags a
//! number citing the caller's own requests; another reviewer or a leader
//! reviews it; a reviewer records its referral to the police. Agents see a
//! number's flags at the intake desk. Every look-up and every change is
//! audited; a flag never touches the requests it cites.

use crate::service::china_time::minute;
use crate::service::{given, internal, Service};
use crate::store::{AuditEntry, FlagColumns, FlagRow};
use app::api::misuse::{FlagList, FlagReviewView, FlagStep, FlagView, MisuseBackend, NewFlag, ReferralView};
use app::api::auth::StaffUser;
use app::api::AppError;
use app::domain::deadline::cst_date;
use app::domain::misuse::{FlagDecision, FlagStatus, MisuseFlag, ReviewOutcome};
use app::domain::types::{AuditAction, Label, MisuseKind, Note, Phone, RequestNumber, Role};
use chrono::{NaiveDate, Utc};

/// How many flags the office's list shows.
const LIST_LENGTH: i64 = 200;

fn bad_phone() -> AppError {
    AppError::on_field("phone", "请输入来电号码：手机、固定电话（如 0999-8021234）或境外号码（+…）")
}

fn day_field(field: &'static str, s: &str) -> Result<NaiveDate, AppError> {
    s.trim().parse().map_err(|_| AppError::on_field(field, "请选择日期"))
}

fn columns(flag: &MisuseFlag) -> Result<FlagColumns<'_>, AppError> {
    Ok(FlagColumns {
        phone: flag.phone.reveal(),
        until_day: flag.until.to_string(),
        lifted: flag.reviews.last().is_some_and(|r| r.outcome == ReviewOutcome::Lifted),
        snapshot: serde_json::to_string(flag).map_err(internal)?,
    })
}

impl Service {
    /// Whether the user takes calls or runs a hotline office (Art. 4).
    pub(in crate::service) fn takes_calls(&self, user: &StaffUser) -> bool {
        self.world().office_queues(&user.unit_id, user.role).any()
    }

    fn flag_view(&self, user: &StaffUser, row: &FlagRow) -> Result<FlagView, AppError> {
        let flag: MisuseFlag = serde_json::from_str(&row.snapshot).map_err(internal)?;
        let today = cst_date(Utc::now());
        let status = flag.status(today);
        let in_force = status == FlagStatus::InForce;
        let reviewer = user.role == Role::Reviewer && self.takes_calls(user);
        Ok(FlagView {
            id: row.id,
            phone: flag.phone.masked(),
            kind: flag.kind.label().into(),
            reason: flag.reason.as_str().into(),
            evidence: flag.evidence.iter().map(ToString::to_string).collect(),
            decided_by: flag.decided_by.clone(),
            decided_at: minute(flag.decided_at),
            until: flag.until.to_string(),
            status: status.label().into(),
            in_force,
            reviews: flag
                .reviews
                .iter()
                .map(|r| FlagReviewView {
                    by: r.by.clone(),
                    at: minute(r.at),
                    outcome: match r.outcome {
                        ReviewOutcome::Upheld { until } => format!("维持，至 {until}"),
                        ReviewOutcome::Lifted => "撤销".into(),
                    },
                    note: r.note.as_str().into(),
                })
                .collect(),
            referral: flag.referral.as_ref().map(|r| ReferralView {
                by: r.by.clone(),
                at: minute(r.at),
                station: r.station.as_str().into(),
                record: r.record.as_ref().map(|l| l.as_str().to_string()),
                note: r.note.as_str().into(),
            }),
            may_review: in_force && (reviewer || user.role == Role::Analyst) && user.username != flag.decided_by,
            may_refer: in_force && reviewer && flag.referral.is_none(),
        })
    }

    /// A flag and the version it was read at.
    async fn load_flag(&self, id: i64) -> Result<(FlagRow, MisuseFlag), AppError> {
        let row = self.store.flag(id).await.map_err(internal)?.ok_or_else(|| AppError::NotFound("标记".into()))?;
        let flag = serde_json::from_str(&row.snapshot).map_err(internal)?;
        Ok((row, flag))
    }

    /// The cited requests, each one the caller's and visible to the user.
    async fn evidence(&self, user: &StaffUser, phone: &Phone, typed: &str) -> Result<Vec<RequestNumber>, AppError> {
        let numbers = Self::typed_numbers("evidence", typed)?;
        for number in &numbers {
            let (_, req) = self.load_visible(user, &number.to_string()).await.map_err(|_| AppError::on_field("evidence", format!("找不到诉求 {number}")))?;
            if &req.requester().phone != phone {
                return Err(AppError::on_field("evidence", format!("第四十一条：诉求 {number} 不是该号码提出的")));
            }
        }
        Ok(numbers)
    }
}

fn entry(user: &StaffUser, action: AuditAction, reason: Option<&str>, detail: String) -> AuditEntry {
    AuditEntry {
        at: Utc::now(),
        username: user.username.clone(),
        action,
        request_number: None,
        reason: reason.map(String::from),
        detail: Some(detail),
    }
}

#[async_trait::async_trait]
impl MisuseBackend for Service {
    async fn caller_flags(&self, user: &StaffUser, phone: &str) -> Result<Vec<FlagView>, AppError> {
        if !self.takes_calls(user) && !matches!(user.role, Role::Analyst | Role::Admin) {
            return Err(AppError::Forbidden("只有热线管理机构可以查看来电人标记".into()));
        }
        let phone = Phone::parse(phone).map_err(|_| bad_phone())?;
        self.store.audit(&entry(user, AuditAction::CallerFlags, Some("来电登记"), phone.masked())).await.map_err(internal)?;
        let rows = self.store.flags_of_phone(phone.reveal()).await.map_err(internal)?;
        rows.iter().map(|r| self.flag_view(user, r)).collect()
    }

    async fn misuse_flags(&self, user: &StaffUser) -> Result<FlagList, AppError> {
        if !self.takes_calls(user) && !matches!(user.role, Role::Analyst | Role::Admin) {
            return Err(AppError::Forbidden("只有热线管理机构可以查看来电人标记".into()));
        }
        let today = cst_date(Utc::now()).to_string();
        let rows = self.store.recent_flags(&today, LIST_LENGTH).await.map_err(internal)?;
        let flags = rows.iter().map(|r| self.flag_view(user, r)).collect::<Result<_, _>>()?;
        Ok(FlagList { flags, may_flag: user.role == Role::Reviewer && self.takes_calls(user) })
    }

    async fn flag_caller(&self, user: &StaffUser, new: NewFlag) -> Result<FlagView, AppError> {
        if !self.takes_calls(user) {
            return Err(AppError::Forbidden("第四十一条：只有热线管理机构的审核员可以标记来电人".into()));
        }
        let phone = Phone::parse(&new.phone).map_err(|_| bad_phone())?;
        let kind = MisuseKind::parse(&new.kind).map_err(|_| AppError::on_field("kind", "请选择情形"))?;
        let reason = Note::parse(&new.reason).map_err(|_| AppError::on_field("reason", "请写明标记的理由（1000 字以内）"))?;
        let until = day_field("until", &new.until)?;
        let evidence = self.evidence(user, &phone, &new.evidence).await?;
        let now = Utc::now();
        let decision = FlagDecision { phone, kind, reason, evidence, until };
        let flag = MisuseFlag::raise(decision, &Self::actor(user)?, now, cst_date(now)).map_err(|r| AppError::Refused(r.message()))?;
        let detail = format!("{} {} 至 {}; 依据 {}", flag.phone.masked(), flag.kind.label(), flag.until, flag.evidence.iter().map(ToString::to_string).collect::<Vec<_>>().join(" "));
        let audit = entry(user, AuditAction::FlagCaller, Some(flag.reason.as_str()), detail);
        let id = self.store.insert_flag(columns(&flag)?, now, audit).await.map_err(internal)?;
        let (row, _) = self.load_flag(id).await?;
        self.flag_view(user, &row)
    }

    async fn flag_step(&self, user: &StaffUser, id: i64, step: FlagStep) -> Result<FlagView, AppError> {
        if !self.takes_calls(user) && user.role != Role::Analyst {
            return Err(AppError::Forbidden("只有热线管理机构或领导可以复核标记".into()));
        }
        let (row, mut flag) = self.load_flag(id).await?;
        let now = Utc::now();
        let today = cst_date(now);
        let actor = Self::actor(user)?;
        let note = |s: &str| Note::parse(s).map_err(|_| AppError::on_field("note", "请填写说明（1000 字以内）"));
        let audit = match step {
            FlagStep::Review { lift, until, note: text } => {
                let outcome = match lift {
                    true => ReviewOutcome::Lifted,
                    false => ReviewOutcome::Upheld { until: day_field("until", &until)? },
                };
                let note = note(&text)?;
                flag.review(&actor, now, today, outcome.clone(), note.clone()).map_err(|r| AppError::Refused(r.message()))?;
                let what = match outcome {
                    ReviewOutcome::Lifted => "撤销".to_string(),
                    ReviewOutcome::Upheld { until } => format!("维持至 {until}"),
                };
                entry(user, AuditAction::ReviewFlag, Some(note.as_str()), format!("flag {id} {} {what}", flag.phone.masked()))
            }
            FlagStep::ReferToPolice { station, record, note: text } => {
                let station = Label::parse(&station).map_err(|_| AppError::on_field("station", "请填写接收的公安机关（50 字以内）"))?;
                let record = given(&record).map(|r| Label::parse(&r)).transpose().map_err(|_| AppError::on_field("record", "接警或受案编号不超过 50 字"))?;
                let note = note(&text)?;
                flag.refer_to_police(&actor, now, today, station.clone(), record, note.clone()).map_err(|r| AppError::Refused(r.message()))?;
                entry(user, AuditAction::ReferFlagToPolice, Some(note.as_str()), format!("flag {id} {} → {}", flag.phone.masked(), station.as_str()))
            }
        };
        if !self.store.update_flag(id, row.version, columns(&flag)?, now, audit).await.map_err(internal)? {
            return Err(AppError::Refused("该标记刚被他人处理，请刷新后重试".into()));
        }
        let (row, _) = self.load_flag(id).await?;
        self.flag_view(user, &row)
    }
}
