//! The monthly reports (Art. 10): the center reports to the prefecture and
//! the region, each county's hotline office to the center. The office's
//! reviewers draft a month's report (the narrative and the notable cases,
//! the numbers shown as they stand), issue it once the month is over — its
//! numbers are then frozen in the stored version — and correct it as a new
//! version with a reason. The center reads every office's reports and sees
//! which have sent theirs; a county office reads its own. Every step and
//! every download is audited.

mod content;
mod downloads;
pub(in crate::service) mod xlsx;

use super::china_time::minute;
use super::{internal, Service, World};
use crate::store::{AuditEntry, ReportRow};
use app::api::auth::StaffUser;
use app::api::reports::{CountyLine, ReportBackend, ReportView, ReportsPage, VersionLine};
use app::api::AppError;
use app::domain::deadline::cst_date;
use app::domain::report::{self, Narrative, Origin, ReportAuthor, ReportError, ReportMonth, ReportVersion, VersionState};
use app::domain::types::{AuditAction, Note};
use app::domain::unit::UnitId;
use chrono::Utc;

/// The office whose reports a staff member works or reads: the center's
/// staff the center's (and they read every office's), a county office's
/// agents and reviewers their office's; nobody else has reports.
fn author_of(user: &StaffUser, world: &World) -> Option<ReportAuthor> {
    use super::world::OfficeQueues;
    match world.office_queues(&user.unit_id, user.role) {
        OfficeQueues::Center => Some(ReportAuthor::Center),
        OfficeQueues::County { .. } => UnitId::parse(&user.unit_id).ok().map(ReportAuthor::County),
        OfficeQueues::None => None,
    }
}

fn office_name(author: &ReportAuthor, world: &World) -> String {
    match author {
        ReportAuthor::Center => world.units.root().map(|u| u.name.to_string()).unwrap_or_else(|| "热线管理中心".into()),
        ReportAuthor::County(unit) => format!("{}热线办", world.units.name_of(unit)),
    }
}

/// A refusal of the domain beside its field.
fn refused(e: ReportError) -> AppError {
    match e {
        ReportError::AlreadyIssued | ReportError::NotIssued | ReportError::MonthNotOver(_) => AppError::refused(Some(e.field()), e.message()),
        _ => AppError::on_field(e.field(), e.message()),
    }
}

fn audit(user: &StaffUser, action: AuditAction, reason: Option<String>, detail: String) -> AuditEntry {
    AuditEntry { at: Utc::now(), username: user.username.clone(), action, request_number: None, reason, detail: Some(detail) }
}

fn parse_version(row: &ReportRow) -> Result<ReportVersion, AppError> {
    serde_json::from_str(&row.snapshot).map_err(internal)
}

fn version_line(row: &ReportRow, version: &ReportVersion, world: &World) -> VersionLine {
    let name = |u: &str| world.staff_name(u);
    let kind = match version.origin {
        Origin::First => "",
        Origin::Correction { .. } => "（更正版）",
    };
    let state = match &version.state {
        VersionState::Issued { by, at, .. } => format!("已印发 {} {}", minute(*at), name(by)),
        VersionState::Draft => format!("草稿，{} {} 最后修改", minute(version.drafted_at), name(&version.drafted_by)),
    };
    VersionLine { id: row.id, number: version.number(), issued: version.is_issued(), summary: format!("第{}版{kind} · {state}", version.number()) }
}

impl Service {
    fn report_author(&self, user: &StaffUser) -> Result<ReportAuthor, AppError> {
        author_of(user, &self.world()).ok_or_else(|| AppError::Forbidden("月报由热线管理中心和县（市）热线办编写".into()))
    }

    /// A stored version the viewer may read, with whether they may write it.
    async fn readable_report(&self, user: &StaffUser, id: i64) -> Result<(ReportRow, ReportVersion, bool), AppError> {
        let mine = self.report_author(user)?;
        let row = self.store.report(id).await.map_err(internal)?.ok_or_else(|| AppError::NotFound("报告".into()))?;
        let version = parse_version(&row)?;
        if mine != ReportAuthor::Center && mine != version.author {
            return Err(AppError::NotFound("报告".into()));
        }
        let writes = mine == version.author && report::may_write(user.role);
        Ok((row, version, writes))
    }

    async fn writable_report(&self, user: &StaffUser, id: i64) -> Result<(ReportRow, ReportVersion), AppError> {
        let (row, version, writes) = self.readable_report(user, id).await?;
        if !writes {
            return Err(AppError::Forbidden("只有本办审核员可以编写、印发和更正月报".into()));
        }
        Ok((row, version))
    }

    async fn report_view(&self, row: &ReportRow, version: &ReportVersion, writes: bool) -> Result<ReportView, AppError> {
        let world = self.world();
        let rows = self.store.reports_of_month(&row.month, Some(&row.author)).await.map_err(internal)?;
        let mut versions = Vec::with_capacity(rows.len());
        for r in &rows {
            versions.push(version_line(r, &parse_version(r)?, &world));
        }
        let latest = rows.iter().map(|r| r.version).max() == Some(row.version);
        let content = match version.issued_content() {
            Some(c) => c.clone(),
            None => self.report_content(&version.author, version.month, &version.narrative.cases).await?,
        };
        let status = versions.iter().find(|v| v.id == row.id).map(|v| v.summary.clone()).unwrap_or_default();
        Ok(ReportView {
            id: row.id,
            author: office_name(&version.author, &world),
            addressees: version.author.addressees().into(),
            month: version.month.code(),
            month_name: version.month.name(),
            number: version.number(),
            issued: version.is_issued(),
            status,
            correction: match &version.origin {
                Origin::Correction { reason, .. } => Some(reason.as_str().into()),
                Origin::First => None,
            },
            briefing: version.narrative.briefing.as_ref().map(|c| c.as_str().to_string()).unwrap_or_default(),
            special: version.narrative.special.as_ref().map(|c| c.as_str().to_string()).unwrap_or_default(),
            cases_text: version.narrative.cases_text(),
            content,
            may_edit: writes && !version.is_issued(),
            may_correct: writes && version.is_issued() && latest,
            versions,
            xlsx: format!("/staff/reports/{}/report.xlsx", row.id),
        })
    }

    /// The county offices' reports of a month, as the center follows them.
    async fn county_lines(&self, month: ReportMonth, world: &World) -> Result<Vec<CountyLine>, AppError> {
        let rows = self.store.reports_of_month(&month.code(), None).await.map_err(internal)?;
        let root = world.units.root().map(|u| u.id.clone());
        let mut lines = Vec::new();
        for unit in world.units.iter().filter(|u| u.active && u.dispatches_subtree && u.parent.is_some() && u.parent == root) {
            let code = ReportAuthor::County(unit.id.clone()).code();
            let mine: Vec<&ReportRow> = rows.iter().filter(|r| r.author == code).collect();
            let issued = mine.iter().rev().find(|r| r.state == "issued");
            let (state, report) = match (issued, mine.is_empty()) {
                (Some(r), _) => (format!("已报送（第{}版，{}）", r.version, minute(r.updated_at)), Some(r.id)),
                (None, false) => ("起草中".to_string(), None),
                (None, true) => ("未报送".to_string(), None),
            };
            lines.push(CountyLine { office: format!("{}热线办", unit.name), sent: report.is_some(), state, report });
        }
        Ok(lines)
    }

    /// The month a reports page opens on: the one named, or last month.
    fn report_month(month: &str) -> Result<ReportMonth, AppError> {
        match month.trim() {
            "" => ReportMonth::last_before(cst_date(Utc::now())),
            code => ReportMonth::parse(code),
        }
        .map_err(refused)
    }
}

#[async_trait::async_trait]
impl ReportBackend for Service {
    async fn reports(&self, user: &StaffUser, month: &str) -> Result<ReportsPage, AppError> {
        let author = self.report_author(user)?;
        let month = Service::report_month(month)?;
        let world = self.world();
        let mut versions = Vec::new();
        for row in self.store.reports_of_month(&month.code(), Some(&author.code())).await.map_err(internal)? {
            versions.push(version_line(&row, &parse_version(&row)?, &world));
        }
        let counties = match author {
            ReportAuthor::Center => self.county_lines(month, &world).await?,
            ReportAuthor::County(_) => Vec::new(),
        };
        Ok(ReportsPage {
            month: month.code(),
            month_name: month.name(),
            previous: month.previous().code(),
            next: month.next().code(),
            author: office_name(&author, &world),
            addressees: author.addressees().into(),
            may_write: report::may_write(user.role),
            versions,
            counties,
        })
    }

    async fn report(&self, user: &StaffUser, id: i64) -> Result<ReportView, AppError> {
        let (row, version, writes) = self.readable_report(user, id).await?;
        self.report_view(&row, &version, writes).await
    }

    async fn start_report(&self, user: &StaffUser, month: &str) -> Result<i64, AppError> {
        let author = self.report_author(user)?;
        if !report::may_write(user.role) {
            return Err(AppError::Forbidden("只有本办审核员可以编写月报".into()));
        }
        let month = ReportMonth::parse(month).map_err(refused)?;
        let now = Utc::now();
        let version = ReportVersion::first(author.clone(), month, &user.username, now);
        let snapshot = serde_json::to_string(&version).map_err(internal)?;
        let entry = audit(user, AuditAction::DraftReport, None, format!("{} {} v1", author.code(), month.code()));
        self.store
            .insert_report(&author.code(), &month.code(), 1, &snapshot, now, entry)
            .await
            .map_err(internal)?
            .ok_or_else(|| AppError::refused(Some("month"), format!("{}的月报已经起草，请在下方打开", month.name())))
    }

    async fn save_report(&self, user: &StaffUser, id: i64, briefing: &str, special: &str, cases: &str) -> Result<ReportView, AppError> {
        let (row, mut version) = self.writable_report(user, id).await?;
        let narrative = Narrative::parse(briefing, special, cases).map_err(refused)?;
        // Every case must be the office's own request before anything is stored.
        self.case_lines(&version.author, &narrative.cases, &self.world()).await?;
        version.edit(narrative, &user.username, Utc::now()).map_err(refused)?;
        let snapshot = serde_json::to_string(&version).map_err(internal)?;
        let entry = audit(user, AuditAction::DraftReport, None, format!("report {id} v{}", version.number()));
        if !self.store.update_report(id, row.row_version, "draft", &snapshot, Utc::now(), &[entry]).await.map_err(internal)? {
            return Err(AppError::Conflict);
        }
        self.report(user, id).await
    }

    async fn issue_report(&self, user: &StaffUser, id: i64) -> Result<ReportView, AppError> {
        let (row, mut version) = self.writable_report(user, id).await?;
        if version.is_issued() {
            return Err(refused(ReportError::AlreadyIssued));
        }
        let now = Utc::now();
        let content = self.report_content(&version.author, version.month, &version.narrative.cases).await?;
        version.issue(content, &user.username, now, cst_date(now)).map_err(refused)?;
        let snapshot = serde_json::to_string(&version).map_err(internal)?;
        let entry = audit(user, AuditAction::IssueReport, None, format!("report {id}: {} {} v{}", version.author.code(), version.month.code(), version.number()));
        if !self.store.update_report(id, row.row_version, "issued", &snapshot, now, &[entry]).await.map_err(internal)? {
            // Issued by someone else meanwhile, or changed: say which.
            let (_, again) = self.writable_report(user, id).await?;
            return Err(if again.is_issued() { refused(ReportError::AlreadyIssued) } else { AppError::Conflict });
        }
        self.report(user, id).await
    }

    async fn correct_report(&self, user: &StaffUser, id: i64, reason: &str) -> Result<i64, AppError> {
        let (row, version) = self.writable_report(user, id).await?;
        let reason: Note = reason.parse().map_err(|_| AppError::on_field("reason", "请写明更正原因（1000字以内）"))?;
        let correction = version.correction(reason.clone(), &user.username, Utc::now()).map_err(refused)?;
        let next = i64::from(correction.number());
        let snapshot = serde_json::to_string(&correction).map_err(internal)?;
        let entry = audit(user, AuditAction::CorrectReport, Some(reason.as_str().into()), format!("report {id} v{} → v{next}", row.version));
        self.store
            .insert_report(&row.author, &row.month, next, &snapshot, Utc::now(), entry)
            .await
            .map_err(internal)?
            .ok_or_else(|| AppError::refused(Some("reason"), format!("已有第{next}版，请在第{next}版上修改")))
    }
}
