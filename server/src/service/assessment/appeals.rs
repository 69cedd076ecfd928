//! Appeals against published results (Art. 38): the assessed unit's
//! administrator lodges one within the publication's appeal period — on its
//! result, or on a request the rollups counted for its subtree in the
//! period in one indicator — and the center is told; the center's reviewer
//! or administrator answers once. Upheld, the data point leaves that
//! indicator for that unit in every score read from then on, and the period
//! is published again as a new version, every unit told. All audited.

use super::{notices_to_units, own_line, Correction};
use crate::service::china_time::minute;
use crate::service::{internal, Service};
use crate::service::citizen::photos;
use crate::store::{AppealAnswer, AppealInsert, AuditEntry, NewAppeal, NewPublication, StaffNoticeRow};
use app::api::backend::Upload;
use app::api::appeals::{AppealBackend, AppealForm, AppealLine, AppealView};
use app::api::auth::StaffUser;
use app::api::AppError;
use app::domain::assessment::{Appeal, AppealRefusal, AppealState, AppealSubject, CorrectionKind, Lodging, Publication};
use app::domain::indicators::{Indicator, Period};
use app::domain::types::{AuditAction, Note, Reference, RequestNumber, Role};
use app::domain::unit::UnitId;
use chrono::{Datelike, Utc};

/// The notice kind of an appeal; its `request_number` holds the appeal's id.
pub const APPEAL_NOTICE: &str = "appeal";
/// A file named in the form that its appellant did not upload, or that an appeal holds already.
const FILE_GONE: &str = "附件已失效，请重新上传";
/// How many appeals the list shows.
const APPEALS_LISTED: i64 = 200;

/// The form field a refusal is told beside.
fn refusal_field(r: &AppealRefusal) -> Option<&'static str> {
    match r {
        AppealRefusal::NotCounted => Some("number"),
        AppealRefusal::TooManyFiles => Some("files"),
        _ => None,
    }
}

fn state_text(s: &AppealState) -> &'static str {
    match s {
        AppealState::Lodged => "待答复",
        AppealState::Upheld { .. } => "申诉成立，已更正",
        AppealState::Dismissed { .. } => "申诉不成立，维持原结果",
    }
}

/// `申诉材料 1（PDF，120 KB）`.
fn file_label(i: usize, media_type: &str, bytes: i64) -> String {
    let kind = if media_type == "application/pdf" { "PDF" } else { "扫描件" };
    format!("申诉材料 {}（{kind}，{} KB）", i + 1, (bytes + 999) / 1000)
}

fn state_code(s: &AppealState) -> &'static str {
    match s {
        AppealState::Lodged => "lodged",
        AppealState::Upheld { .. } => "upheld",
        AppealState::Dismissed { .. } => "dismissed",
    }
}

impl Service {
    /// A period's appeals, oldest first.
    async fn appeals_of(&self, period: Period) -> Result<Vec<(i64, Appeal)>, AppError> {
        let mut out = Vec::new();
        for row in self.store.appeals_of_period(&period.code()).await.map_err(internal)? {
            out.push((row.id, serde_json::from_str(&row.snapshot).map_err(internal)?));
        }
        Ok(out)
    }

    /// What upheld appeals take out of the period's scores, with `also` (an
    /// appeal being upheld now).
    pub(super) async fn corrections(&self, period: Period, also: Option<&Appeal>) -> Result<Vec<Correction>, AppError> {
        let appeals = self.appeals_of(period).await?;
        Ok(appeals
            .iter()
            .map(|(_, a)| a)
            .chain(also)
            .filter_map(|a| a.correction().map(|(u, n, i, k)| (u.clone(), n, i, k)))
            .collect())
    }

    fn appeal_line(&self, id: i64, a: &Appeal) -> AppealLine {
        AppealLine {
            id,
            unit: self.world().unit_name(&a.unit),
            period: a.period.name(),
            subject: a.subject.describe(),
            lodged: format!("{} {}", minute(a.at), self.world().staff_name(&a.by)),
            state: state_text(&a.state).into(),
            open: a.is_open(),
        }
    }

    /// The appeal, if the viewer may read it: the center every one, a unit its own.
    pub(crate) async fn readable_appeal(&self, user: &StaffUser, id: i64) -> Result<Appeal, AppError> {
        let row = self.store.appeal(id).await.map_err(internal)?.ok_or_else(|| AppError::NotFound("申诉".into()))?;
        let a: Appeal = serde_json::from_str(&row.snapshot).map_err(internal)?;
        if self.assessment_reader(user).is_err() && self.assessed_of(user).as_ref() != Some(&a.unit) {
            return Err(AppError::NotFound("申诉".into()));
        }
        Ok(a)
    }

    async fn appeal_view(&self, user: &StaffUser, id: i64, a: &Appeal) -> Result<AppealView, AppError> {
        let answer = match &a.state {
            AppealState::Lodged => None,
            AppealState::Upheld { by, at, answer, correction: CorrectionKind::Recount } => {
                Some(format!("{} {}：{}（{}）", self.world().staff_name(by), minute(*at), answer.as_str(), CorrectionKind::Recount.label()))
            }
            AppealState::Upheld { by, at, answer, .. } | AppealState::Dismissed { by, at, answer } => {
                Some(format!("{} {}：{}", self.world().staff_name(by), minute(*at), answer.as_str()))
            }
        };
        let (request, counted) = match &a.subject {
            AppealSubject::DataPoint { number, indicator } => {
                let counters = self.counted_in(&a.unit, a.period, number, *indicator).await?;
                let shown: Vec<String> = indicator
                    .counters()
                    .into_iter()
                    .filter(|c| counters.get(*c) > 0 || !c.is_rating())
                    .map(|c| format!("{} {} 件", c.label(), counters.get(c)))
                    .collect();
                (Some(number.to_string()), Some(shown.join("，")))
            }
            AppealSubject::Result => (None, None),
        };
        let files = self.store.appeal_files(id).await.map_err(internal)?;
        Ok(AppealView {
            line: self.appeal_line(id, a),
            reasons: a.reasons.as_str().to_string(),
            files: files.iter().enumerate().map(|(i, f)| (file_label(i, &f.media_type, f.bytes), format!("/staff/photos/{}", f.id))).collect(),
            request,
            counted,
            answer,
            publication: self.store.publication_of(&a.period.code()).await.map_err(internal)?.map(|p| p.id),
            may_answer: a.is_open() && self.scheme_writer(user),
            may_recount: matches!(a.subject, AppealSubject::DataPoint { indicator, .. } if indicator.can_recount()),
        })
    }

    /// The form read into an appeal's subject, each mistake beside its field.
    fn appeal_subject(form: &AppealForm) -> Result<AppealSubject, AppError> {
        match form.on.as_str() {
            "result" => Ok(AppealSubject::Result),
            "data_point" => {
                let number: RequestNumber = form.number.trim().parse().map_err(|_| AppError::on_field("number", "请填写被计入的诉求编号，如 YL2026101500001"))?;
                let indicator = Indicator::parse(&form.indicator).ok_or_else(|| AppError::on_field("indicator", "请选择该诉求被计入的指标"))?;
                Ok(AppealSubject::DataPoint { number, indicator })
            }
            _ => Err(AppError::on_field("on", "请选择申诉事项：整体结果或某件诉求的数据")),
        }
    }

    /// The period published again with every correction, each unit told.
    async fn republished(&self, latest: &Publication, upheld: &Appeal, by: &str) -> Result<(Publication, Vec<StaffNoticeRow>), AppError> {
        let scheme = self
            .scheme_for(latest.period)
            .await?
            .ok_or_else(|| AppError::refused(None, format!("{}年的考核方案已不存在，无法重新计分", latest.period.from().year())))?;
        let corrections = self.corrections(latest.period, Some(upheld)).await?;
        let results = self.unit_results(latest.period, &scheme, &corrections).await?;
        let next = latest.republish(results, by, Utc::now());
        let notices = notices_to_units(&next, |r| format!("{}考核结果经申诉更正后重新通报（第{}版）：{}。", next.period.name(), next.version, own_line(r)));
        Ok((next, notices))
    }
}

#[async_trait::async_trait]
impl AppealBackend for Service {
    async fn upload_appeal_file(&self, user: &StaffUser, file: Upload) -> Result<String, AppError> {
        if user.role != Role::UnitAdmin || self.assessed_of(user).is_none() {
            return Err(AppError::Forbidden(AppealRefusal::NotAdministrator.message()));
        }
        let row = photos::store_upload(&file, photos::clean_document).await?;
        self.store.insert_appeal_file(&row, &user.username).await.map_err(internal)?;
        Ok(row.id)
    }

    async fn lodge_appeal(&self, user: &StaffUser, form: AppealForm) -> Result<i64, AppError> {
        let subject = Service::appeal_subject(&form)?;
        let reasons = Note::parse(form.reasons.trim()).map_err(|_| AppError::on_field("reasons", "请写明申诉理由（1000 字以内）"))?;
        let mut files: Vec<Reference> = Vec::new();
        for id in &form.files {
            let file = Reference::parse(id.trim()).map_err(|_| AppError::on_field("files", FILE_GONE))?;
            if !files.contains(&file) {
                files.push(file);
            }
        }
        let row = self.store.publication(form.publication).await.map_err(internal)?.ok_or_else(|| AppError::NotFound("考核通报".into()))?;
        let publication: Publication = serde_json::from_str(&row.snapshot).map_err(internal)?;
        // The appeal is on the appellant's own unit's result; Art. 38 refuses anyone else.
        let unit = self.assessed_of(user).ok_or_else(|| AppError::refused(None, AppealRefusal::NotAssessed.message()))?;
        let counted = match &subject {
            AppealSubject::DataPoint { number, indicator } => {
                self.rollups_caught_up().await?;
                !self.counted_in(&unit, publication.period, number, *indicator).await?.is_empty()
            }
            AppealSubject::Result => false,
        };
        let now = Utc::now();
        let lodging = Lodging {
            role: user.role,
            username: user.username.clone(),
            appellant_unit: UnitId::parse(&user.unit_id).ok(),
            unit: unit.clone(),
            subject,
            reasons,
            files,
            counted,
            at: now,
        };
        let earlier: Vec<Appeal> = self.appeals_of(publication.period).await?.into_iter().map(|(_, a)| a).collect();
        let appeal = Appeal::lodge(&publication, lodging, &earlier).map_err(|r| AppError::refused(refusal_field(&r), r.message()))?;
        let file_ids: Vec<String> = appeal.files.iter().map(|f| f.as_str().to_string()).collect();
        let root = self.world().units.root().map(|u| u.id.to_string()).ok_or_else(|| internal("no hotline center unit"))?;
        let notice = StaffNoticeRow {
            unit_id: root,
            kind: APPEAL_NOTICE.into(),
            request_number: String::new(),
            body: format!("{}对{}考核结果提出申诉：{}，请核查答复。", self.world().unit_name(&unit), publication.period.name(), appeal.subject.describe()),
        };
        let key = appeal.subject.key();
        let entry = AuditEntry {
            at: now,
            username: user.username.clone(),
            action: AuditAction::LodgeAppeal,
            request_number: match &appeal.subject {
                AppealSubject::DataPoint { number, .. } => Some(number.to_string()),
                AppealSubject::Result => None,
            },
            reason: Some(appeal.reasons.as_str().to_string()),
            detail: Some(format!("appeal on assessment {} by {unit}: {key}", publication.period.code())),
        };
        let snapshot = serde_json::to_string(&appeal).map_err(internal)?;
        let new = NewAppeal {
            period: &publication.period.code(),
            unit_id: unit.as_str(),
            subject: &key,
            snapshot: &snapshot,
            files: &file_ids,
            by: &user.username,
        };
        match self.store.insert_appeal(new, now, &[notice], entry).await.map_err(internal)? {
            AppealInsert::Lodged(id) => Ok(id),
            AppealInsert::Duplicate => Err(AppError::refused(None, AppealRefusal::Duplicate.message())),
            AppealInsert::FileGone => Err(AppError::refused(Some("files"), FILE_GONE.into())),
        }
    }

    async fn answer_appeal(&self, user: &StaffUser, id: i64, upheld: bool, correction: &str, answer: &str) -> Result<AppealView, AppError> {
        if !self.scheme_writer(user) {
            return Err(AppError::Forbidden("申诉由热线管理中心审核员或管理员答复".into()));
        }
        let correction = CorrectionKind::parse(correction).ok_or_else(|| AppError::on_field("correction", "请选择更正方式：不计入，或按达标重新计算"))?;
        let answer = Note::parse(answer.trim()).map_err(|_| AppError::on_field("answer", "请写明答复理由（1000 字以内）"))?;
        let mut appeal = self.readable_appeal(user, id).await?;
        let now = Utc::now();
        appeal.answer(upheld, correction, answer, &user.username, now).map_err(|r| match r {
            AppealRefusal::NotRecountable => AppError::on_field("correction", r.message()),
            r => AppError::refused(None, r.message()),
        })?;
        let period = appeal.period;
        let code = period.code();
        let mut audit = vec![AuditEntry {
            at: now,
            username: user.username.clone(),
            action: AuditAction::AnswerAppeal,
            request_number: None,
            reason: None,
            detail: Some(format!("appeal {id} on assessment {code} {}", state_code(&appeal.state))),
        }];
        let verdict = if upheld { "申诉成立，已更正数据并重新通报" } else { "申诉不成立，维持原结果" };
        let told = StaffNoticeRow {
            unit_id: appeal.unit.to_string(),
            kind: APPEAL_NOTICE.into(),
            request_number: id.to_string(),
            body: format!("本单位对{}考核结果的申诉（{}）已答复：{verdict}。", period.name(), appeal.subject.describe()),
        };
        let snapshot = serde_json::to_string(&appeal).map_err(internal)?;
        let (republication, notices) = if upheld {
            let latest = self.store.publication_of(&code).await.map_err(internal)?.ok_or_else(|| internal("an appeal without its publication"))?;
            let latest: Publication = serde_json::from_str(&latest.snapshot).map_err(internal)?;
            let (next, notices) = self.republished(&latest, &appeal, &user.username).await?;
            audit.push(AuditEntry {
                at: now,
                username: user.username.clone(),
                action: AuditAction::PublishAssessment,
                request_number: None,
                reason: None,
                detail: Some(format!("assessment {code} v{} after appeal {id}, {} units", next.version, next.results.len())),
            });
            (Some(next), notices)
        } else {
            (None, Vec::new())
        };
        let next_snapshot = republication.as_ref().map(serde_json::to_string).transpose().map_err(internal)?;
        let answer = AppealAnswer {
            id,
            state: state_code(&appeal.state),
            snapshot: &snapshot,
            republication: republication.as_ref().zip(next_snapshot.as_deref()).map(|(p, s)| NewPublication {
                period: &code,
                version: i64::from(p.version),
                snapshot: s,
                notices: &notices,
            }),
        };
        self.store.answer_appeal(answer, now, &[told], &audit).await.map_err(internal)?.ok_or(AppError::Conflict)?;
        self.appeal_view(user, id, &appeal).await
    }

    async fn appeals(&self, user: &StaffUser) -> Result<Vec<AppealLine>, AppError> {
        let unit = match self.assessment_reader(user) {
            Ok(()) => None,
            Err(e) => Some(self.assessed_of(user).ok_or(e)?),
        };
        let mut lines = Vec::new();
        for row in self.store.appeals(unit.as_ref().map(|u| u.as_str()), APPEALS_LISTED).await.map_err(internal)? {
            lines.push(self.appeal_line(row.id, &serde_json::from_str(&row.snapshot).map_err(internal)?));
        }
        Ok(lines)
    }

    async fn appeal(&self, user: &StaffUser, id: i64) -> Result<AppealView, AppError> {
        let a = self.readable_appeal(user, id).await?;
        self.appeal_view(user, id, &a).await
    }
}
