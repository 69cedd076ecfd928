//! The service: runs the domain's commands against the store for a logged-in
//! staff member. Authorization lives here and in the domain, never only in
//! the UI: every call checks the session, the role and the unit's subtree.

pub mod admin;
mod assessment;
mod china_time;
mod counted;
mod dashboard;
mod dashboard_today;
pub mod citizen;
pub mod jobs;
pub mod knowledge;
pub mod requests;
mod finder;
mod pending;
pub mod live;
pub mod live_relay;
mod rate_limit;
pub mod settings;
mod supervisions;
mod oversight;
pub mod open311;
mod public_cases;
pub mod stats;
mod reports;
pub mod projection;
mod sessions;
mod world;

use crate::auth;
use crate::store::{SaveError, Store, StoredRequest, WithRequest};
use app::domain::state_code::StateCode;
use app::api::auth::StaffUser;
use app::api::requests::RequestView;
use app::api::AppError;
use app::domain::deadline::cst_date;
use app::domain::machine::{Actor, Command, CommandCode, Event};
use app::domain::request::{OriginalOutcome, RelationKind, Request, RequestDraft};
use app::domain::types::{RequestNumber, Role};
use app::domain::unit::UnitId;
use chrono::{DateTime, Utc};
use projection::RequesterVisibility;
use std::sync::Arc;
pub use jobs::indexer::entry_is_read;
pub use world::World;

pub struct Service {
    store: Store,
    /// Replaced whole when an administrator changes units, categories or the
    /// calendar; readers keep the version they started with.
    world: std::sync::RwLock<Arc<World>>,
    logins: rate_limit::RateLimiter,
    /// Failed logins per account, from any client.
    account_logins: rate_limit::RateLimiter,
    password_checks: tokio::sync::Semaphore,
    citizen_limits: citizen::CitizenLimits,
    links: citizen::links::LinkKey,
    live: live::Live,
    index: Arc<crate::search::SearchIndex>,
    /// This database's identity, which a complete index carries.
    store_id: String,
    /// One indexer pass at a time (a sync and a rebuild must not interleave).
    index_pass: tokio::sync::Mutex<()>,
    /// Missing queue positions the indexer waits behind (each the first of
    /// a run), and when each was first seen.
    index_gaps: std::sync::Mutex<std::collections::BTreeMap<i64, std::time::Instant>>,
    index_wake: tokio::sync::Notify,
    /// One rollup pass at a time (the job and a rebuild must not interleave).
    rollup_pass: tokio::sync::Mutex<()>,
    synonyms: std::sync::RwLock<Arc<crate::search::Synonyms>>,
}

/// A request as a command left it, stored.
pub struct Applied {
    pub request_id: i64,
    /// The version now stored.
    pub version: i64,
    pub request: Request,
}

/// Logs an unexpected error and hides it from the user.
fn internal(e: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "internal error");
    AppError::Internal
}

/// The state machine's refusal as the user reads it: units by their names,
/// tied to the command's field when it is about one.
fn refused(world: &World, r: app::domain::machine::Refusal) -> AppError {
    AppError::refused(r.field(), r.message_named(|u| world.units.name_of(u)))
}

/// A form field's trimmed text, if any was given.
fn given(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// How often a command is retried when another writer got there first.
const CONFLICT_RETRIES: usize = 3;

/// The states in which units are at work on a request (an overdue one is
/// supervised, Art. 31(5); long overdue, a lead for Art. 34).
pub(crate) const WORKED_ON: [StateCode; 5] =
    [StateCode::Dispatched, StateCode::Handling, StateCode::ReturnRequested, StateCode::Redispatch, StateCode::Redo];

impl Service {
    /// The service with a search index in memory, built from the store now
    /// (tests, seeding, small stores).
    pub async fn new(store: Store) -> anyhow::Result<Service> {
        let service = Service::with_index(store, crate::search::SearchIndex::in_memory()?).await?;
        service.catch_up_index().await?;
        Ok(service)
    }

    /// The service over a given search index, which the caller brings up to
    /// date (`catch_up_index`).
    pub async fn with_index(store: Store, index: crate::search::SearchIndex) -> anyhow::Result<Service> {
        let store_id = store.secret("store_id", auth::new_token).await?;
        let synonyms = crate::search::Synonyms::new(store.synonym_groups().await?.into_iter().map(|(_, g)| g));
        let world = World::load(&store).await?;
        let key = store.secret("link_key", auth::new_token).await?;
        let links = citizen::links::LinkKey::new(&hex::decode(&key)?);
        Ok(Service {
            store,
            world: std::sync::RwLock::new(Arc::new(world)),
            logins: rate_limit::RateLimiter::for_logins(),
            account_logins: rate_limit::RateLimiter::for_accounts(),
            password_checks: tokio::sync::Semaphore::new(4),
            citizen_limits: citizen::CitizenLimits::default(),
            links,
            live: live::Live::default(),
            index: Arc::new(index),
            store_id,
            index_pass: tokio::sync::Mutex::new(()),
            index_gaps: std::sync::Mutex::default(),
            index_wake: tokio::sync::Notify::new(),
            rollup_pass: tokio::sync::Mutex::new(()),
            synonyms: std::sync::RwLock::new(Arc::new(synonyms)),
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Ends the live streams (at shutdown).
    pub fn close_live_streams(&self) {
        self.live.close();
    }

    pub fn world(&self) -> Arc<World> {
        self.world.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    /// Reloads the world from the store after an administrator's change.
    async fn reload_world(&self) -> Result<(), AppError> {
        let world = World::load(&self.store).await.map_err(internal)?;
        *self.world.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(world);
        Ok(())
    }

    fn actor(user: &StaffUser) -> Result<Actor, AppError> {
        let unit = UnitId::parse(&user.unit_id).map_err(internal)?;
        Ok(Actor::new(user.role, Some(unit), user.username.clone()))
    }

    /// Registers a request at `at` (the seeding and the API both come here).
    /// The domain checks the draft before a number is taken, so that a
    /// refused registration uses up no number.
    pub async fn register_request_at(&self, user: &StaffUser, draft: RequestDraft, at: DateTime<Utc>) -> Result<RequestView, AppError> {
        let actor = Self::actor(user)?;
        let (req, events) = self
            .register_as(&actor, draft, at, self.side_effects_of_new())
            .await?
            .ok_or_else(|| internal("a staff registration claimed nothing, yet was not stored"))?;
        // A new request's first stored version.
        self.present(user, &req, &events, 1)
    }

    /// Registers a request for `actor`, storing with it what `with` makes of
    /// the new request and its events (messages, links, a draft's claim).
    /// `None` when `with` claimed a draft that was already registered.
    async fn register_as(
        &self,
        actor: &Actor,
        draft: RequestDraft,
        at: DateTime<Utc>,
        with: impl FnOnce(&Request, &[Event]) -> WithRequest + Send + 'static,
    ) -> Result<Option<(Request, Vec<crate::store::EventRow>)>, AppError> {
        let world = self.world();
        let day = cst_date(at);
        let checked = Request::check_registration(draft, actor, at, &world.ctx()).map_err(|r| refused(&world, r))?;
        // Numbered and made into rows where the store takes the number (in its writer on SQLite).
        let build = move |seq: i64| {
            let number = u32::try_from(seq)
                .ok()
                .and_then(|s| RequestNumber::new(day, s).ok())
                .ok_or_else(|| AppError::Refused("今日事项编号已用完，请联系系统管理员".into()))?;
            let (req, events) = checked.numbered(number).map_err(|r| refused(&world, r))?;
            let row = projection::request_row(&req, &world).map_err(internal)?;
            let also = with(&req, &events);
            let events = projection::event_rows(&events).map_err(internal)?;
            let bundle = (row, projection::assignment_rows(&req, &world), events.clone());
            Ok::<_, AppError>((bundle, also, (req, events)))
        };
        let Some((req, mut events)) = self.store.register_numbered(&day.to_string(), build).await.map_err(internal)?? else {
            return Ok(None);
        };
        self.live.publish(live::Change::of(None, &req, "registered", 1));
        self.index_soon();
        // The new request's timeline is exactly these events, numbered from 1.
        for (i, e) in events.iter_mut().enumerate() {
            e.seq = i as i64 + 1;
        }
        Ok(Some((req, events)))
    }

    /// Applies a staff member's command at `at` and returns the request as
    /// they now see it: built from the request the command changed, in
    /// memory (the page shows this answer; it does not ask again).
    pub async fn apply_command_at(&self, user: &StaffUser, number: &str, command: Command, at: DateTime<Utc>) -> Result<RequestView, AppError> {
        let actor = Self::actor(user)?;
        let applied = self.apply_with(&actor, Some(user), number, command, at, WithRequest::default()).await?;
        let events = self.store.events(applied.request_id).await.map_err(internal)?;
        self.present(user, &applied.request, &events, applied.version)
    }

    /// Applies a command for `actor`, retrying when another writer changed the
    /// request first. `viewer` is the staff member whose scope is checked;
    /// `None` for a citizen the caller has already matched to the request.
    pub async fn apply_as(
        &self,
        actor: &Actor,
        viewer: Option<&StaffUser>,
        number: &str,
        command: Command,
        at: DateTime<Utc>,
    ) -> Result<(), AppError> {
        self.apply_with(actor, viewer, number, command, at, WithRequest::default()).await.map(drop)
    }

    /// `apply_as`, writing `extra` (audit entries, an answered correction
    /// application) in the same transaction as the request's change.
    pub async fn apply_with(
        &self,
        actor: &Actor,
        viewer: Option<&StaffUser>,
        number: &str,
        command: Command,
        at: DateTime<Utc>,
        extra: WithRequest,
    ) -> Result<Applied, AppError> {
        for _ in 0..CONFLICT_RETRIES {
            let (stored, mut req) = self.load_request(viewer, number).await?;
            let before = req.clone();
            let world = self.world();
            let originals = self.original_outcomes(&req, &command).await?;
            let events = req
                .apply(command.clone(), actor, at, &world.ctx().with_originals(&originals))
                .map_err(|r| refused(&world, r))?;
            let row = projection::request_row(&req, &world).map_err(internal)?;
            let assignments = projection::assignment_rows(&req, &world);
            let mut also = self.side_effects(&req, &events);
            also.audit.extend(extra.audit.iter().cloned());
            also.correction.clone_from(&extra.correction);
            let kind = events.last().map(|e| e.kind_code()).unwrap_or("changed");
            let change = live::Change::of(Some(&before), &req, kind, stored.version + 1);
            let events = projection::event_rows(&events).map_err(internal)?;
            match self.store.save_request(&stored, &row, &assignments, &events, also).await {
                Ok(()) => {
                    self.live.publish(change);
                    self.index_soon();
                    return Ok(Applied { request_id: stored.id, version: stored.version + 1, request: req });
                }
                Err(SaveError::Conflict) => continue,
                Err(SaveError::Store(e)) => return Err(internal(e)),
            }
        }
        Err(AppError::Conflict)
    }

    /// Opens a supervision on every unfinished unit of every request that is
    /// overdue at `now` and still worked on (Art. 31(5)); each only once, as
    /// `automatic_commands` knows what is already supervised. Returns how many
    /// were opened.
    pub async fn supervise_overdue(&self, now: DateTime<Utc>) -> Result<usize, AppError> {
        let numbers = self.store.overdue_in_states(now, &WORKED_ON).await.map_err(internal)?;
        let system = self.system_actor()?;
        let mut opened = 0;
        for number in numbers {
            let req = match self.load_request(None, &number).await {
                Ok((_, req)) => req,
                Err(e) => {
                    tracing::warn!(%number, error = %e, "overdue supervision skipped");
                    continue;
                }
            };
            for command in req.automatic_commands(now) {
                match self.apply_as(&system, None, &number, command, now).await {
                    Ok(()) => opened += 1,
                    // Someone acted meanwhile (e.g. an extension): nothing to supervise.
                    Err(AppError::Refused(why)) => tracing::info!(%number, %why, "overdue supervision not needed"),
                    // One request's trouble must not hold up the others.
                    Err(e) => tracing::warn!(%number, error = %e, "overdue supervision failed"),
                }
            }
        }
        Ok(opened)
    }

    /// The actor of the automatic steps (overdue supervision, archive,
    /// retention): the center's system user.
    fn system_actor(&self) -> Result<Actor, AppError> {
        let center = self.world().units.root().map(|u| u.id.clone()).ok_or_else(|| internal("no root unit"))?;
        Ok(Actor::system(center))
    }

    /// The request numbers typed into a form field, separated by spaces,
    /// commas or semicolons (either width) or 、; each one must parse.
    fn typed_numbers(field: &str, typed: &str) -> Result<Vec<RequestNumber>, AppError> {
        typed
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、' | ';' | '；'))
            .filter(|w| !w.is_empty())
            .map(|word| RequestNumber::parse(word).map_err(|_| AppError::on_field(field, format!("{word} 不是诉求编号"))))
            .collect()
    }

    /// Loads a request the user may see; others are "not found" (no existence leak).
    async fn load_visible(&self, user: &StaffUser, number: &str) -> Result<(StoredRequest, Request), AppError> {
        self.load_request(Some(user), number).await
    }

    async fn load_request(&self, viewer: Option<&StaffUser>, number: &str) -> Result<(StoredRequest, Request), AppError> {
        let parsed = RequestNumber::parse(number.trim())
            .map_err(|_| AppError::Invalid(format!("“{}”不是诉求编号：编号形如 YL2026112700001（YL、日期和五位序号）", number.trim())))?;
        let stored = self
            .store
            .load_request(&parsed.to_string())
            .await
            .map_err(internal)?
            .ok_or_else(|| AppError::NotFound(format!("事项 {parsed}")))?;
        let req: Request = serde_json::from_str(&stored.row.snapshot).map_err(internal)?;
        let visible = match viewer {
            Some(user) => self.may_see(user, &req, stored.id).await?,
            None => true,
        };
        if !visible {
            return Err(AppError::NotFound(format!("事项 {parsed}")));
        }
        Ok((stored, req))
    }

    /// How the original of a repeat ended, for a dispatch "for explanation"
    /// (Art. 14(5)): only an original finished after a redo answered with a
    /// duty statement (Art. 26(3)) qualifies. Read whatever the viewer's scope.
    async fn original_outcomes(
        &self,
        req: &Request,
        command: &Command,
    ) -> Result<std::collections::BTreeMap<RequestNumber, OriginalOutcome>, AppError> {
        let mut out = std::collections::BTreeMap::new();
        let explaining = matches!(command, Command::Dispatch { for_explanation: true, .. });
        let original = req.related().filter(|r| r.kind == RelationKind::RepeatOf).map(|r| r.original);
        let (true, Some(original)) = (explaining, original) else { return Ok(out) };
        if let Some(stored) = self.store.load_request(&original.to_string()).await.map_err(internal)? {
            let orig: Request = serde_json::from_str(&stored.row.snapshot).map_err(internal)?;
            out.insert(original, orig.original_outcome());
        }
        Ok(out)
    }

    /// Center staff see everything; a county's hotline office sees the
    /// requests it registered (Art. 4); a unit sees the requests assigned
    /// into its subtree.
    async fn may_see(&self, user: &StaffUser, req: &Request, request_id: i64) -> Result<bool, AppError> {
        let world = self.world();
        if world.is_root(&user.unit_id) {
            return Ok(true);
        }
        let unit = UnitId::parse(&user.unit_id).map_err(internal)?;
        if world.units.is_within(req.office(), &unit) {
            return Ok(true);
        }
        self.store.request_in_subtree(request_id, &world.path(&user.unit_id)).await.map_err(internal)
    }


    /// A request and its timeline as `user` may see them.
    /// A request and its timeline as `user` may see them; `version` is the stored one.
    fn present(&self, user: &StaffUser, req: &Request, events: &[crate::store::EventRow], version: i64) -> Result<RequestView, AppError> {
        let world = self.world();
        let actor = Self::actor(user)?;
        let allowed = req.allowed_commands(&actor, Utc::now(), &world.ctx());
        let visibility = if req.anonymous_to_unit() && !is_center_role(user.role) {
            RequesterVisibility::Hidden
        } else {
            RequesterVisibility::Masked
        };
        let wants = |codes: &[CommandCode]| allowed.iter().any(|c| codes.contains(c));
        let dispatch_targets = if wants(&[CommandCode::Dispatch]) { dispatch_targets(&world, &actor) } else { Vec::new() };
        let own_units = if wants(&[CommandCode::Forward]) { own_units(&world, &actor) } else { Vec::new() };
        let result_units = match actor.unit.as_ref().filter(|_| wants(&[CommandCode::SubmitResult])) {
            Some(unit) => req
                .result_units(unit)
                .iter()
                .map(|u| app::api::requests::UnitOption { id: u.as_str().to_string(), name: world.units.name_of(u) })
                .collect(),
            None => Vec::new(),
        };
        let scope = actor.unit.clone().filter(|u| !world.is_root(u.as_str()));
        let viewer = projection::ViewerChoices { allowed, dispatch_targets, own_units, result_units, scope };
        let mut view = projection::request_view(req, events, &world, visibility, viewer).map_err(internal)?;
        view.version = version;
        Ok(view)
    }
}

/// The actor's unit first, then its active sub-units by name.
fn own_units(world: &World, actor: &Actor) -> Vec<app::api::requests::UnitOption> {
    let Some(own) = actor.unit.as_ref() else { return Vec::new() };
    let option = |u: &app::domain::unit::Unit| app::api::requests::UnitOption { id: u.id.as_str().to_string(), name: u.name.to_string() };
    let mut below: Vec<_> = world.units.iter().filter(|u| u.active && &u.id != own && world.units.is_within(&u.id, own)).map(option).collect();
    below.sort_by(|a, b| a.name.cmp(&b.name));
    world.units.get(own).map(option).into_iter().chain(below).collect()
}

/// The active units below the actor's dispatch scope (Art. 4), by name.
pub(in crate::service) fn dispatch_targets(world: &World, actor: &Actor) -> Vec<app::api::requests::UnitOption> {
    let Some(scope) = actor.unit.as_ref().and_then(|u| world.units.dispatch_scope(u)).cloned() else {
        return Vec::new();
    };
    // In tree order: a unit's sub-units follow it.
    let mut units: Vec<_> = world
        .units
        .iter()
        .filter(|u| u.active && u.id != scope && world.units.is_within(&u.id, &scope))
        .map(|u| (world.path(u.id.as_str()), app::api::requests::UnitOption { id: u.id.as_str().to_string(), name: u.name.to_string() }))
        .collect();
    units.sort_by(|a, b| a.0.cmp(&b.0));
    units.into_iter().map(|(_, u)| u).collect()
}

/// Roles of the hotline center, who deal with the caller directly.
fn is_center_role(role: Role) -> bool {
    matches!(role, Role::Agent | Role::Reviewer)
}

