//! Public cases (Art. 35): the center's agents and reviewers propose a case
//! or a hot topic from an ended request, rewritten in their own words (the
//! text is refused while it holds a number, the requester's name or their
//! street address); the place goes public no closer than the township and
//! the time as the month. A reviewer or administrator other than the
//! proposer publishes it or sends it back with a reason, and may take a
//! published one down. Each step is audited; the public page reads the
//! published ones.

use super::{internal, Service, World};
use crate::store::{AuditEntry, NewPublicCase, PublicCaseRow};
use app::api::auth::StaffUser;
use app::api::public_cases::{CaseDraft, CaseForm, PublicCaseBackend, PublicCaseView, PublicCasesPage};
use app::api::AppError;
use app::domain::deadline::cst;
use app::domain::public_case::{check_case, PrivateFacts};
use app::domain::request::{Request, State};
use app::domain::types::{AuditAction, PublicCaseKind, PublicCaseState, RequestType, Role};
use chrono::Utc;

/// The most cases a list shows.
const LIST_LIMIT: i64 = 200;

/// `城乡建设 · 伊宁市墩买里街道 · 2026年11月`.
fn meta(category: Option<&str>, county: &str, township: Option<&str>, month: &str) -> String {
    let place = format!("{county}{}", township.unwrap_or_default());
    let when = match month.split_once('-') {
        Some((y, m)) => format!("{y}年{}月", m.trim_start_matches('0')),
        None => month.to_string(),
    };
    category.into_iter().map(str::to_string).chain([place, when]).collect::<Vec<_>>().join(" · ")
}

/// A case for the public (`world` None) or for staff, who also read where it came from and who acted.
fn view_of(r: PublicCaseRow, world: Option<&World>) -> PublicCaseView {
    let staff = world.is_some();
    let kind = PublicCaseKind::parse(&r.kind).ok();
    let state = PublicCaseState::parse(&r.state).ok();
    let name = |u: &str| world.map(|w| w.staff_name(u)).unwrap_or_default();
    let when = super::china_time::minute;
    let history = match (&r.reviewed_by, r.reviewed_at) {
        (Some(by), Some(at)) => format!("{} 推荐；{} 于 {} {}", name(&r.proposed_by), name(by), when(at), state.map_or("", |s| s.label())),
        _ => format!("{} 于 {} 推荐", name(&r.proposed_by), when(r.proposed_at)),
    };
    PublicCaseView {
        id: r.id,
        kind_label: kind.map_or("", |k| k.label()).to_string(),
        kind: r.kind,
        meta: meta(r.category.as_deref(), &r.county, r.township.as_deref(), &r.month),
        title: r.title,
        summary: r.summary,
        outcome: r.outcome,
        request_number: if staff { r.request_number } else { String::new() },
        state: if staff { r.state } else { String::new() },
        state_label: if staff { state.map_or("", |s| s.label()).to_string() } else { String::new() },
        history: if staff { history } else { String::new() },
        proposed_by: if staff { r.proposed_by } else { String::new() },
        review_note: if staff { r.review_note } else { None },
    }
}

/// What the requester got: the approved result, else the instant answer.
fn outcome_of(req: &Request) -> String {
    match (req.submissions().last(), req.state()) {
        (Some(s), _) => s.result.fields().result.to_string(),
        (None, State::Answered { answer, .. }) => answer.to_string(),
        _ => String::new(),
    }
}

impl Service {
    fn case_proposer(&self, user: &StaffUser) -> bool {
        self.world().is_root(&user.unit_id) && matches!(user.role, Role::Agent | Role::Reviewer)
    }

    fn case_reviewer(&self, user: &StaffUser) -> bool {
        self.world().is_root(&user.unit_id) && matches!(user.role, Role::Reviewer | Role::Admin)
    }

    /// An ended, not rejected request the proposer may see.
    async fn case_source(&self, user: &StaffUser, number: &str) -> Result<Request, AppError> {
        if !self.case_proposer(user) {
            return Err(AppError::Forbidden("公开案例由热线管理中心的话务员、审核员推荐".into()));
        }
        let (_, req) = self.load_request(Some(user), number).await?;
        if !req.has_ended() || matches!(req.state(), State::Rejected { .. }) {
            return Err(AppError::refused(Some("number"), "第三十五条：只公开已办结的事项".into()));
        }
        Ok(req)
    }

    fn audit_case(user: &StaffUser, action: AuditAction, number: &str, detail: &str) -> AuditEntry {
        AuditEntry {
            at: Utc::now(),
            username: user.username.clone(),
            action,
            request_number: Some(number.to_string()),
            reason: None,
            detail: Some(detail.to_string()),
        }
    }

    /// Moves a case a reviewer acts on from `from` to `to`.
    async fn move_case(&self, user: &StaffUser, id: i64, from: PublicCaseState, to: PublicCaseState, note: Option<&str>, action: AuditAction) -> Result<(), AppError> {
        if !self.case_reviewer(user) {
            return Err(AppError::Forbidden("公开案例由热线管理中心的审核员审核".into()));
        }
        let row = self.store.public_case(id).await.map_err(internal)?.ok_or_else(|| AppError::NotFound(format!("案例 {id}")))?;
        if row.state != from.code() {
            return Err(AppError::Refused(format!("该案例{}，不能再{}", PublicCaseState::parse(&row.state).map_or("", |s| s.label()), action.label())));
        }
        if from == PublicCaseState::Proposed && row.proposed_by == user.username {
            return Err(AppError::Forbidden("不能审核自己推荐的案例，请由另一名审核员审核".into()));
        }
        let audit = Self::audit_case(user, action, &row.request_number, &format!("{}：{}", to.label(), row.title));
        let moved = self.store.move_public_case(id, from.code(), to.code(), &user.username, Utc::now(), note, audit).await.map_err(internal)?;
        if moved { Ok(()) } else { Err(AppError::Conflict) }
    }
}

fn required_note(note: &str, message: &str) -> Result<String, AppError> {
    match note.trim() {
        "" => Err(AppError::on_field("note", message)),
        n if n.chars().count() > 500 => Err(AppError::on_field("note", "理由不超过 500 个字")),
        n => Ok(n.to_string()),
    }
}

#[async_trait::async_trait]
impl PublicCaseBackend for Service {
    async fn public_cases_staff(&self, user: &StaffUser) -> Result<PublicCasesPage, AppError> {
        let (may_propose, may_review) = (self.case_proposer(user), self.case_reviewer(user));
        if !may_propose && !may_review && !(self.world().is_root(&user.unit_id) && user.role == Role::Analyst) {
            return Err(AppError::Forbidden("公开案例由热线管理中心推荐和审核".into()));
        }
        let rows = self.store.public_cases(&[], None, LIST_LIMIT).await.map_err(internal)?;
        let world = self.world();
        Ok(PublicCasesPage { cases: rows.into_iter().map(|r| view_of(r, Some(&world))).collect(), may_propose, may_review, me: user.username.clone() })
    }

    async fn case_draft(&self, user: &StaffUser, number: &str) -> Result<CaseDraft, AppError> {
        let req = self.case_source(user, number).await?;
        let setting = CaseSetting::of(&req, &self.world());
        let kind = if req.request_type() == RequestType::Consultation { PublicCaseKind::HotTopic } else { PublicCaseKind::Case };
        Ok(CaseDraft {
            number: req.number().to_string(),
            kind: kind.code().to_string(),
            title: req.title().as_str().to_string(),
            summary: req.content().as_str().to_string(),
            outcome: outcome_of(&req),
            meta: meta(setting.category.as_deref(), &setting.county, setting.township.as_deref(), &setting.month),
        })
    }

    async fn propose_case(&self, user: &StaffUser, form: CaseForm) -> Result<i64, AppError> {
        let req = self.case_source(user, &form.number).await?;
        let kind = PublicCaseKind::parse(form.kind.trim()).map_err(|_| AppError::on_field("kind", "请选择公开为投诉举报案例还是咨询热点"))?;
        let private = PrivateFacts {
            name: req.requester().name.as_ref().map(|n| n.reveal().to_string()),
            address: req.location().and_then(|l| l.address()).map(|a| a.as_str().to_string()),
        };
        let text = check_case(&form.title, &form.summary, &form.outcome, &private).map_err(AppError::Fields)?;
        let setting = CaseSetting::of(&req, &self.world());
        let number = req.number().to_string();
        let new = NewPublicCase {
            request_number: &number,
            kind: kind.code(),
            title: &text.title,
            summary: &text.summary,
            outcome: &text.outcome,
            category: setting.category.as_deref(),
            county: &setting.county,
            township: setting.township.as_deref(),
            month: &setting.month,
            by: &user.username,
        };
        let audit = Self::audit_case(user, AuditAction::ProposePublicCase, &number, &text.title);
        self.store
            .insert_public_case(new, Utc::now(), audit)
            .await
            .map_err(internal)?
            .ok_or_else(|| AppError::refused(Some("number"), "该事项已有待审核或已公开的案例".into()))
    }

    async fn review_case(&self, user: &StaffUser, id: i64, approve: bool, note: &str) -> Result<(), AppError> {
        let (to, note) = if approve {
            (PublicCaseState::Published, None)
        } else {
            (PublicCaseState::Returned, Some(required_note(note, "退回时请说明理由")?))
        };
        self.move_case(user, id, PublicCaseState::Proposed, to, note.as_deref(), AuditAction::ReviewPublicCase).await
    }

    async fn withdraw_case(&self, user: &StaffUser, id: i64, note: &str) -> Result<(), AppError> {
        let note = required_note(note, "撤下时请说明理由")?;
        self.move_case(user, id, PublicCaseState::Published, PublicCaseState::Withdrawn, Some(&note), AuditAction::WithdrawPublicCase).await
    }

    async fn published_cases(&self, kind: &str) -> Result<Vec<PublicCaseView>, AppError> {
        let kind = match kind.trim() {
            "" => None,
            k => Some(PublicCaseKind::parse(k).map_err(|_| AppError::Invalid(format!("未知的类别：{k}")))?),
        };
        let rows = self.store.public_cases(&[PublicCaseState::Published.code()], kind.map(|k| k.code()), LIST_LIMIT).await.map_err(internal)?;
        Ok(rows.into_iter().map(|r| view_of(r, None)).collect())
    }
}

/// What a case says of its request beside its text: the category's name,
/// the county and township it happened in (never closer) and the month.
struct CaseSetting {
    category: Option<String>,
    county: String,
    township: Option<String>,
    month: String,
}

impl CaseSetting {
    fn of(req: &Request, world: &World) -> Self {
        let (county, township) = match req.location() {
            Some(l) => (l.county().as_str().to_string(), l.township().map(|t| t.as_str().to_string())),
            None => ("全州".to_string(), None),
        };
        CaseSetting {
            category: req.category().map(|c| world.category_name(c.as_str())),
            county,
            township,
            month: req.registered_at().with_timezone(&cst()).format("%Y-%m").to_string(),
        }
    }
}
