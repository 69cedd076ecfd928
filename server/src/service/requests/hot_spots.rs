//! Hot spots (Art. 10, 31(3)): the detector job looks at the last hours'
//! requests, keeps what it finds and tells the center; the center sees each
//! spot with its requests and acts on all of them at once — marks them
//! emergencies (Art. 29), supervises the units working on them, or
//! dispatches the waiting ones to one unit. Every request goes through the
//! state machine on its own: what one refuses is reported, the rest go on.

use crate::service::{internal, Service};
use crate::search::{hot_spots, HotSpotRule, RecentRequest};
use crate::store::{HotSpotRow, Recorded};
use app::api::{hot_spots::{HotSpotDetail, HotSpotItem, HotSpotMember, HotSpotOrder, HotSpotOutcome}, auth::StaffUser, requests::UnitOption};
use app::api::AppError;
use crate::service::china_time::short;
use app::domain::machine::{Actor, Command, Target};
use app::domain::request::{AssignmentRole, Request};
use app::domain::types::{AuditAction, EmergencyKind, Note, Role, SupervisionSource, Tag};
use app::domain::unit::UnitId;
use chrono::{DateTime, Duration, Utc};
use app::api::hot_spots::HotSpotBackend;

/// The most recent requests the detector reads in one pass.
const DETECTOR_READS: i64 = 20_000;
/// How many spots the list shows.
const LIST_LENGTH: i64 = 100;

/// The detector's rule: `HOTLINE_HOT_SPOT_MIN` requests (default 10) within
/// `HOTLINE_HOT_SPOT_MINUTES` (default 120).
pub fn hot_spot_rule() -> HotSpotRule {
    let default = HotSpotRule::default();
    HotSpotRule {
        min_requests: crate::service::settings::positive("HOTLINE_HOT_SPOT_MIN", default.min_requests as i64) as usize,
        window: Duration::minutes(crate::service::settings::positive("HOTLINE_HOT_SPOT_MINUTES", default.window.num_minutes())),
        ..default
    }
}

fn recent_request(req: &Request) -> Option<RecentRequest> {
    let place = req.location()?;
    Some(RecentRequest {
        number: req.number().to_string(),
        county: place.county().as_str().to_string(),
        township: place.township().map(|t| t.as_str().to_string()),
        text: format!("{} {}", req.title().as_str(), req.content().as_str()),
        at: req.registered_at(),
    })
}

fn place(county: &str, township: Option<&str>) -> String {
    format!("{county}{}", township.unwrap_or_default())
}

fn item(row: &HotSpotRow) -> HotSpotItem {
    HotSpotItem {
        id: row.id,
        place: place(&row.county, row.township.as_deref()),
        words: row.words.clone(),
        size: row.size,
        first_at: short(row.first_at),
        last_at: short(row.last_at),
        open: row.closed_at.is_none(),
    }
}

/// The units a hot-spot supervision goes to: the lead or separate units at work.
fn working_units(req: &Request) -> Vec<UnitId> {
    req.assignments()
        .iter()
        .filter(|a| a.is_active() && a.role() != AssignmentRole::Co)
        .map(|a| a.unit().clone())
        .collect()
}

impl Service {
    /// One detector pass at `now`; returns how many spots were new or reopened.
    pub async fn detect_hot_spots(&self, now: DateTime<Utc>) -> Result<usize, AppError> {
        let rule = hot_spot_rule();
        let snapshots = self.store.snapshots_registered_since(now - rule.window, DETECTOR_READS).await.map_err(internal)?;
        // Reading and grouping up to DETECTOR_READS requests is a second of
        // work: off the threads that answer requests (it held one of two and
        // intake's p99 rose to seconds while look-alike calls poured in).
        let synonyms = self.synonyms();
        let spots = tokio::task::spawn_blocking(move || {
            let recent: Vec<RecentRequest> = snapshots
                .iter()
                .filter_map(|s| serde_json::from_str::<Request>(s).ok())
                .filter_map(|r| recent_request(&r))
                .collect();
            hot_spots(&recent, rule, &synonyms, now)
        })
        .await
        .map_err(internal)?;
        let center = self.world().units.root().map(|u| u.id.to_string()).ok_or_else(|| internal("no root unit"))?;
        let mut announced = 0;
        for spot in spots {
            let what = format!("{}「{}」{}件", place(&spot.county, spot.township.as_deref()), spot.words.join(" "), spot.numbers.len());
            let text = format!("疑似热点：{what}");
            match self.store.record_hot_spot(spot, center.clone(), text, now).await.map_err(internal)? {
                Recorded::New(id) | Recorded::Reopened(id) => {
                    tracing::info!(id, %what, "hot spot announced");
                    announced += 1;
                }
                Recorded::Grew(_) => {}
            }
        }
        Ok(announced)
    }

    /// Hot spots are the center's (Art. 10): its agents, reviewers, analysts and administrators.
    fn hot_spot_reader(&self, user: &StaffUser) -> Result<(), AppError> {
        let center_role = matches!(user.role, Role::Agent | Role::Reviewer | Role::Analyst | Role::Admin);
        if center_role && self.world().is_root(&user.unit_id) {
            Ok(())
        } else {
            Err(AppError::Forbidden("热点由热线管理中心处理".into()))
        }
    }


    pub(in crate::service) async fn hot_spot_detail(&self, user: &StaffUser, id: i64, outcomes: Vec<HotSpotOutcome>) -> Result<HotSpotDetail, AppError> {
        self.hot_spot_reader(user)?;
        let (row, numbers) = self.store.hot_spot(id).await.map_err(internal)?.ok_or_else(|| AppError::NotFound(format!("热点 {id}")))?;
        let world = self.world();
        let mut members = Vec::with_capacity(numbers.len());
        for number in numbers {
            let (_, req) = self.load_request(Some(user), &number).await?;
            members.push(HotSpotMember {
                number,
                title: req.title().as_str().to_string(),
                state: req.state_label().to_string(),
                units: working_units(&req).iter().map(|u| world.unit_name(u)).collect(),
                emergency: req.is_emergency(),
                supervised: req.supervisions().iter().any(|s| s.is_running()),
            });
        }
        let may_act = matches!(user.role, Role::Agent | Role::Reviewer);
        let actor = Self::actor(user)?;
        let dispatch_targets = if may_act { crate::service::dispatch_targets(&world, &actor) } else { Vec::<UnitOption>::new() };
        Ok(HotSpotDetail { spot: item(&row), members, dispatch_targets, may_act, outcomes })
    }


    /// Tags one request of a spot a hot spot (once) and applies what the
    /// order makes of it; each command's outcome in the staff's words.
    async fn order_one(
        &self,
        user: &StaffUser,
        actor: &Actor,
        number: &str,
        make: &(dyn Fn(&Request) -> Vec<Command> + Send + Sync),
        at: DateTime<Utc>,
    ) -> Vec<HotSpotOutcome> {
        let failed = |message: String| HotSpotOutcome { number: number.into(), done: false, message };
        let req = match self.load_request(Some(user), number).await {
            Ok((_, req)) => req,
            Err(e) => return vec![failed(e.to_string())],
        };
        let commands = make(&req);
        if commands.is_empty() {
            return vec![failed("尚未派单，无单位可督办".into())];
        }
        if !req.tags().contains(&Tag::HotSpot) {
            if let Err(e) = self.apply_as(actor, Some(user), number, Command::Tag { tag: Tag::HotSpot }, at).await {
                tracing::warn!(%number, error = %e, "hot-spot tag not set");
            }
        }
        let mut outcomes = Vec::new();
        for cmd in commands {
            let what = cmd.code().label();
            outcomes.push(match self.apply_as(actor, Some(user), number, cmd, at).await {
                Ok(()) => HotSpotOutcome { number: number.into(), done: true, message: format!("已{what}") },
                Err(e) => failed(e.to_string()),
            });
        }
        outcomes
    }

    async fn audit_hot_spot(&self, user: &StaffUser, id: i64, order: &HotSpotOrder, outcomes: &[HotSpotOutcome]) -> Result<(), AppError> {
        let done = outcomes.iter().filter(|o| o.done).count();
        let what = match order {
            HotSpotOrder::MarkEmergency { .. } => "统一标记为突发事件".to_string(),
            HotSpotOrder::Supervise { days, .. } => format!("统一督办，{days} 个工作日内回复"),
            HotSpotOrder::Dispatch { unit } => format!("统一派单至 {unit}"),
            HotSpotOrder::Close => "办结热点".to_string(),
        };
        let detail = format!("热点 {id}：{what}（{done}/{} 件已处理）", outcomes.len());
        self.audit_change(user, AuditAction::HotSpotOrder, detail).await
    }
}

#[async_trait::async_trait]
impl HotSpotBackend for Service {
    async fn hot_spots(&self, user: &StaffUser) -> Result<Vec<HotSpotItem>, AppError> {
        self.hot_spot_reader(user)?;
        let rows = self.store.hot_spots(LIST_LENGTH).await.map_err(internal)?;
        Ok(rows.iter().map(item).collect())
    }

    /// Applies `order` to every request of spot `id`, each on its own.
    async fn order_hot_spot(&self, user: &StaffUser, id: i64, order: HotSpotOrder) -> Result<HotSpotDetail, AppError> {
        self.hot_spot_reader(user)?;
        if !matches!(user.role, Role::Agent | Role::Reviewer) {
            return Err(AppError::Forbidden("只有热线管理中心的话务员和审核员可以处理热点".into()));
        }
        let (_, numbers) = self.store.hot_spot(id).await.map_err(internal)?.ok_or_else(|| AppError::NotFound(format!("热点 {id}")))?;
        let actor = Self::actor(user)?;
        let now = Utc::now();
        let note = |text: &str, field: &str| Note::parse(text.trim()).map_err(|_| AppError::Invalid(format!("请填写{field}")));
        // What each request gets, made from the order once (checked before any request is touched).
        let make: Box<dyn Fn(&Request) -> Vec<Command> + Send + Sync> = match &order {
            HotSpotOrder::Close => {
                if !self.store.close_hot_spot(id, user.username.clone(), now).await.map_err(internal)? {
                    return Err(AppError::Refused("该热点已经关闭".into()));
                }
                self.audit_hot_spot(user, id, &order, &[]).await?;
                return self.hot_spot_detail(user, id, Vec::new()).await;
            }
            HotSpotOrder::MarkEmergency { reason, kind } => {
                let reason = note(reason, "突发事件的情形")?;
                let kind = EmergencyKind::parse(kind).map_err(|_| AppError::Invalid("请选择突发事项类别（第二十九条）".into()))?;
                Box::new(move |_| vec![Command::MarkEmergency { reason: reason.clone(), kind }])
            }
            HotSpotOrder::Dispatch { unit } => {
                let unit = UnitId::parse(unit.trim()).map_err(|_| AppError::Invalid("请选择承办单位".into()))?;
                let why = Note::parse("热点事项集中派单").map_err(internal)?;
                Box::new(move |_| {
                    let targets = vec![Target { unit: unit.clone(), role: AssignmentRole::Lead }];
                    vec![Command::Dispatch { targets, for_explanation: false, vertical_exception: None, note: Some(why.clone()) }]
                })
            }
            HotSpotOrder::Supervise { days, instruction } => {
                let (days, instruction) = (*days, note(instruction, "督办要求")?);
                Box::new(move |req| {
                    let supervise = |unit| Command::Supervise { source: SupervisionSource::HotSpot, unit, days, instruction: instruction.clone() };
                    working_units(req).into_iter().map(supervise).collect()
                })
            }
        };
        let mut outcomes = Vec::new();
        for number in &numbers {
            outcomes.extend(self.order_one(user, &actor, number, &*make, now).await);
        }
        self.audit_hot_spot(user, id, &order, &outcomes).await?;
        self.hot_spot_detail(user, id, outcomes).await
    }

    async fn hot_spot(&self, user: &StaffUser, id: i64) -> Result<HotSpotDetail, AppError> {
        self.hot_spot_detail(user, id, Vec::new()).await
    }
}
