//! The service: runs the domain's commands against the store for a logged-in
//! staff member. Authorization lives here and in the domain, never only in
//! the UI: every call checks the session, the role and the unit's subtree.

mod admin;
mod archive;
mod assist;
mod calendar_admin;
mod categories_admin;
mod china_time;
mod citizen;
mod documents;
mod faq;
mod finder;
mod hot_spots;
mod inbox;
mod indexer;
mod intake;
mod knowledge;
mod knowledge_admin;
pub mod jobs;
mod links;
mod data_rights;
mod misuse;
pub mod live;
mod notices;
pub mod notify;
pub mod photos;
mod rate_limit;
mod settings;
pub(crate) mod projection;
pub mod releases;
mod retention;
mod search;
mod synonyms_admin;
mod units_admin;
mod users_admin;
mod warnings;
mod world;

use crate::auth;
use crate::store::{AuditEntry, SaveError, Store, StoredRequest, UserRow, WithRequest};
use app::domain::state_code::StateCode;
use app::api::backend::{Backend, NewSession};
use app::api::views::{HotSpotDetail, HotSpotItem, HotSpotOrder, QueueCounts, RequestView, RevealedRequester, StaffUser};
use app::api::AppError;
use app::domain::deadline::{cst_date, end_of_day};
use app::domain::machine::{Actor, Command, Event};
use app::domain::request::{NewRequest, OriginalOutcome, RelationKind, Request, RequestDraft};
use app::domain::types::{RequestNumber, Role};
use app::domain::unit::UnitId;
use chrono::{DateTime, Duration, Utc};
use projection::RequesterVisibility;
use std::sync::Arc;
pub use indexer::entry_is_read;
pub use world::World;

pub struct Service {
    store: Store,
    /// Replaced whole when an administrator changes units, categories or the
    /// calendar; readers keep the version they started with.
    world: std::sync::RwLock<Arc<World>>,
    logins: rate_limit::RateLimiter,
    password_checks: tokio::sync::Semaphore,
    citizen_limits: citizen::CitizenLimits,
    links: links::LinkKey,
    live: live::Live,
    index: Arc<crate::search::SearchIndex>,
    /// This database's identity, which a complete index carries.
    store_id: String,
    /// One indexer pass at a time (a sync and a rebuild must not interleave).
    index_pass: tokio::sync::Mutex<()>,
    index_wake: tokio::sync::Notify,
    synonyms: std::sync::RwLock<Arc<crate::search::Synonyms>>,
}

/// Logs an unexpected error and hides it from the user.
fn internal(e: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "internal error");
    AppError::Internal
}

/// A form field's trimmed text, if any was given.
fn given(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// How often a command is retried when another writer got there first.
const CONFLICT_RETRIES: usize = 3;

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
        let links = links::LinkKey::new(&hex::decode(&key)?);
        Ok(Service {
            store,
            world: std::sync::RwLock::new(Arc::new(world)),
            logins: rate_limit::RateLimiter::for_logins(),
            password_checks: tokio::sync::Semaphore::new(4),
            citizen_limits: citizen::CitizenLimits::default(),
            links,
            live: live::Live::default(),
            index: Arc::new(index),
            store_id,
            index_pass: tokio::sync::Mutex::new(()),
            index_wake: tokio::sync::Notify::new(),
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
    /// The domain checks the draft first, under a stand-in number of the same
    /// day, so that a refused registration uses up no number; the accepted
    /// one is then numbered and registered for real.
    pub async fn register_at(&self, user: &StaffUser, draft: RequestDraft, at: DateTime<Utc>) -> Result<RequestView, AppError> {
        let actor = Self::actor(user)?;
        let (req, events) = self
            .register_as(&actor, draft, at, |req, events| self.side_effects(req, events))
            .await?
            .ok_or_else(|| internal("a staff registration claimed no draft, yet was not stored"))?;
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
        with: impl FnOnce(&Request, &[Event]) -> WithRequest,
    ) -> Result<Option<(Request, Vec<crate::store::EventRow>)>, AppError> {
        let world = self.world();
        let day = cst_date(at);
        let register = |number: RequestNumber| {
            Request::register(NewRequest { number, draft: draft.clone() }, actor, at, &world.ctx())
                .map_err(|r| AppError::Refused(r.message()))
        };
        let stand_in = RequestNumber::new(day, RequestNumber::MAX_SEQUENCE).map_err(internal)?;
        register(stand_in)?;
        let seq = self.store.next_number(&day.to_string()).await.map_err(internal)?;
        let number = u32::try_from(seq)
            .ok()
            .and_then(|s| RequestNumber::new(day, s).ok())
            .ok_or_else(|| AppError::Refused("今日事项编号已用完，请联系系统管理员".into()))?;
        let (req, events) = register(number)?;
        let row = projection::request_row(&req, &world).map_err(internal)?;
        let also = with(&req, &events);
        let mut events = projection::event_rows(&events).map_err(internal)?;
        let bundle = (row, projection::assignment_rows(&req, &world), events.clone());
        if !self.store.insert_request(bundle, also).await.map_err(internal)? {
            return Ok(None);
        }
        self.live.publish(live::Change::of(None, &req, "registered", 1));
        self.index_soon();
        // The new request's timeline is exactly these events, numbered from 1.
        for (i, e) in events.iter_mut().enumerate() {
            e.seq = i as i64 + 1;
        }
        Ok(Some((req, events)))
    }

    /// Applies a staff member's command at `at` and returns the request as they now see it.
    pub async fn apply_at(&self, user: &StaffUser, number: &str, command: Command, at: DateTime<Utc>) -> Result<RequestView, AppError> {
        let actor = Self::actor(user)?;
        self.apply_as(&actor, Some(user), number, command, at).await?;
        self.view_for(user, number).await
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
        self.apply_with(actor, viewer, number, command, at, WithRequest::default()).await
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
    ) -> Result<(), AppError> {
        for _ in 0..CONFLICT_RETRIES {
            let (stored, mut req) = self.load_request(viewer, number).await?;
            let before = req.clone();
            let world = self.world();
            let originals = self.original_outcomes(&req, &command).await?;
            let events = req
                .apply(command.clone(), actor, at, &world.ctx().with_originals(&originals))
                .map_err(|r| AppError::Refused(r.message()))?;
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
                    return Ok(());
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
        const WORKED_ON: [StateCode; 5] = [StateCode::Dispatched, StateCode::Handling, StateCode::ReturnRequested, StateCode::Redispatch, StateCode::Redo];
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
        let parsed = RequestNumber::parse(number.trim()).map_err(|e| AppError::Invalid(e.to_string()))?;
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

    async fn view_for(&self, user: &StaffUser, number: &str) -> Result<RequestView, AppError> {
        let (stored, req) = self.load_visible(user, number).await?;
        let events = self.store.events(stored.id).await.map_err(internal)?;
        self.present(user, &req, &events, stored.version)
    }

    /// A request and its timeline as `user` may see them.
    /// A request and its timeline as `user` may see them; `version` is the stored one.
    fn present(&self, user: &StaffUser, req: &Request, events: &[crate::store::EventRow], version: i64) -> Result<RequestView, AppError> {
        let world = self.world();
        let actor = Self::actor(user)?;
        let allowed: Vec<String> = req.allowed_commands(&actor, Utc::now(), &world.ctx()).into_iter().map(|c| c.code().to_string()).collect();
        let visibility = if req.anonymous_to_unit() && !is_center_role(user.role) {
            RequesterVisibility::Hidden
        } else {
            RequesterVisibility::Masked
        };
        let wants = |codes: &[&str]| allowed.iter().any(|c| codes.contains(&c.as_str()));
        let dispatch_targets = if wants(&["dispatch"]) { dispatch_targets(&world, &actor) } else { Vec::new() };
        let own_units = if wants(&["submit_result", "forward"]) { own_units(&world, &actor) } else { Vec::new() };
        let scope = actor.unit.clone().filter(|u| !world.is_root(u.as_str()));
        let viewer = projection::ViewerChoices { allowed, dispatch_targets, own_units, scope };
        let mut view = projection::request_view(req, events, &world, visibility, viewer).map_err(internal)?;
        view.version = version;
        Ok(view)
    }
}

/// The actor's unit first, then its active sub-units by name.
fn own_units(world: &World, actor: &Actor) -> Vec<app::api::views::UnitOption> {
    let Some(own) = actor.unit.as_ref() else { return Vec::new() };
    let option = |u: &app::domain::unit::Unit| app::api::views::UnitOption { id: u.id.as_str().to_string(), name: u.name.to_string() };
    let mut below: Vec<_> = world.units.iter().filter(|u| u.active && &u.id != own && world.units.is_within(&u.id, own)).map(option).collect();
    below.sort_by(|a, b| a.name.cmp(&b.name));
    world.units.get(own).map(option).into_iter().chain(below).collect()
}

/// The active units below the actor's dispatch scope (Art. 4), by name.
fn dispatch_targets(world: &World, actor: &Actor) -> Vec<app::api::views::UnitOption> {
    let Some(scope) = actor.unit.as_ref().and_then(|u| world.units.dispatch_scope(u)).cloned() else {
        return Vec::new();
    };
    // In tree order: a unit's sub-units follow it.
    let mut units: Vec<_> = world
        .units
        .iter()
        .filter(|u| u.active && u.id != scope && world.units.is_within(&u.id, &scope))
        .map(|u| (world.path(u.id.as_str()), app::api::views::UnitOption { id: u.id.as_str().to_string(), name: u.name.to_string() }))
        .collect();
    units.sort_by(|a, b| a.0.cmp(&b.0));
    units.into_iter().map(|(_, u)| u).collect()
}

/// Roles of the hotline center, who deal with the caller directly.
fn is_center_role(role: Role) -> bool {
    matches!(role, Role::Agent | Role::Reviewer)
}

fn staff_user(row: UserRow) -> Result<StaffUser, AppError> {
    Ok(StaffUser {
        id: row.id,
        role: Role::parse(&row.role).map_err(internal)?,
        username: row.username,
        display_name: row.display_name,
        unit_id: row.unit_id,
        unit_name: row.unit_name,
        post: row.post.as_deref().map(app::domain::types::LeaderPost::parse).transpose().map_err(internal)?,
    })
}

#[async_trait::async_trait]
impl Backend for Service {
    async fn login(&self, username: &str, password: &str, client: &str) -> Result<NewSession, AppError> {
        let key = format!("{client}/{username}");
        self.logins.attempt(&key)?;
        let user = self.store.user_by_name(username).await.map_err(internal)?;
        let hash = user.as_ref().map(|u| u.password_hash.clone()).unwrap_or_else(|| rate_limit::DUMMY_HASH.to_string());
        let password = password.to_string();
        // Argon2 is deliberately slow: keep it off the async workers. Unknown
        // users are checked against a dummy hash so timing does not tell.
        // Each check takes ~19 MiB and a core for a moment: a few at a time.
        let _permit = self.password_checks.acquire().await.map_err(internal)?;
        let ok = tokio::task::spawn_blocking(move || auth::verify_password(&password, &hash)).await.map_err(internal)?;
        let user = match (ok, user) {
            (true, Some(u)) if u.active => u,
            _ => return Err(AppError::BadLogin),
        };
        self.logins.succeeded(&key);
        let token = auth::new_token();
        let now = Utc::now();
        let expires = now + Duration::hours(auth::SESSION_HOURS);
        self.store.insert_session(&auth::token_hash(&token), user.id, now, expires).await.map_err(internal)?;
        Ok(NewSession { token, max_age_seconds: auth::SESSION_HOURS * 3600 })
    }

    async fn logout(&self, token: &str) -> Result<(), AppError> {
        self.store.delete_session(&auth::token_hash(token)).await.map_err(internal)
    }

    async fn session_user(&self, token: &str) -> Result<Option<StaffUser>, AppError> {
        if token.len() > 128 {
            return Ok(None);
        }
        match self.store.session_user(&auth::token_hash(token), Utc::now()).await.map_err(internal)? {
            Some(row) => staff_user(row).map(Some),
            None => Ok(None),
        }
    }

    async fn queue_counts(&self, user: &StaffUser) -> Result<QueueCounts, AppError> {
        let world = self.world();
        let path = world.path(&user.unit_id);
        let now = Utc::now();
        // Amber: the last day is today's working day or earlier (SPEC §4).
        let today = cst_date(now);
        let amber_end = end_of_day(world.calendar.nth_working_day(today, 1).date);
        let store = &self.store;
        let count = |statuses: &'static [&'static str]| store.count_subtree_assignments(&path, statuses);
        let overdue = store.count_subtree_due_before(&path, now).await.map_err(internal)?;
        let due_by_amber = store.count_subtree_due_before(&path, amber_end).await.map_err(internal)?;
        let office = world.office_queues(&user.unit_id, user.role);
        let registered = if office.any() {
            store.count_office_requests_in_states(office.path(), &[StateCode::Registered]).await.map_err(internal)?
        } else {
            0
        };
        let awaiting_review = if office.any() {
            store
                .count_office_requests_in_states(office.path(), &[StateCode::ReturnRequested, StateCode::CompletionReview, StateCode::Supplementary, StateCode::Callback])
                .await
                .map_err(internal)?
        } else {
            count(&["return_requested", "submitted"]).await.map_err(internal)?
        };
        Ok(QueueCounts {
            registered,
            to_acknowledge: count(&["received"]).await.map_err(internal)?,
            handling: count(&["handling"]).await.map_err(internal)?,
            awaiting_review,
            due_soon: due_by_amber - overdue,
            overdue,
        })
    }

    async fn calendar_gaps(&self) -> Result<Vec<i32>, AppError> {
        use chrono::Datelike;
        let world = self.world();
        let year = cst_date(Utc::now()).year();
        // The current year and, from November on, the next: deadlines reach into it.
        let mut years = vec![year];
        if cst_date(Utc::now()).month() >= 11 {
            years.push(year + 1);
        }
        Ok(years.into_iter().filter(|y| !world.calendar.is_known(*y)).collect())
    }

    async fn register_request(&self, user: &StaffUser, new: RequestDraft) -> Result<RequestView, AppError> {
        self.register_at(user, new, Utc::now()).await
    }

    async fn apply_command(&self, user: &StaffUser, number: &str, command: Command) -> Result<RequestView, AppError> {
        self.check_entry(&command).await?;
        self.apply_at(user, number, command, Utc::now()).await
    }

    async fn request_view(&self, user: &StaffUser, number: &str) -> Result<RequestView, AppError> {
        self.view_for(user, number).await
    }

    async fn inbox(&self, user: &StaffUser, filter: &str, page: i64) -> Result<app::api::views::Inbox, AppError> {
        self.inbox_page(user, filter, page).await
    }

    async fn admin_units(&self, user: &StaffUser) -> Result<Vec<app::api::views::AdminUnit>, AppError> {
        self.unit_tree_for(user).await
    }

    async fn change_unit(&self, user: &StaffUser, change: app::api::views::UnitChange) -> Result<Vec<app::api::views::AdminUnit>, AppError> {
        self.apply_unit_change(user, change).await
    }

    async fn calendar_year(&self, _user: &StaffUser, year: i32) -> Result<app::api::views::CalendarYear, AppError> {
        self.calendar_of(year).await
    }

    async fn change_calendar(&self, user: &StaffUser, change: app::api::views::CalendarChange) -> Result<(), AppError> {
        self.apply_calendar_change(user, change).await
    }

    async fn admin_categories(&self, _user: &StaffUser) -> Result<Vec<app::api::views::AdminCategory>, AppError> {
        self.category_list().await
    }

    async fn set_category_days(&self, user: &StaffUser, code: &str, days: Option<i64>) -> Result<Vec<app::api::views::AdminCategory>, AppError> {
        self.change_category_days(user, code, days).await
    }

    async fn admin_users(&self, user: &StaffUser) -> Result<Vec<app::api::views::AdminUser>, AppError> {
        self.user_list(user).await
    }

    async fn change_user(&self, user: &StaffUser, change: app::api::views::UserChange) -> Result<Vec<app::api::views::AdminUser>, AppError> {
        self.apply_user_change(user, change).await
    }

    async fn audit_log(&self, user: &StaffUser, query: app::api::views::AuditQuery) -> Result<Vec<app::api::views::AuditView>, AppError> {
        self.audit_page(user, query).await
    }

    async fn search(&self, user: &StaffUser, query: app::api::views::SearchQuery) -> Result<app::api::views::Inbox, AppError> {
        self.search_page(user, query).await
    }

    async fn upload_document(&self, user: &StaffUser, number: &str, file: app::api::backend::Upload) -> Result<String, AppError> {
        self.store_document(user, number, file).await
    }

    async fn knowledge(&self, user: &StaffUser, words: &str) -> Result<Vec<app::api::knowledge::KnowledgeHit>, AppError> {
        self.knowledge_hits(user, words).await
    }

    async fn knowledge_list(&self, user: &StaffUser, query: app::api::knowledge::KnowledgeQuery) -> Result<app::api::knowledge::KnowledgeList, AppError> {
        self.knowledge_page(user, query).await
    }

    async fn knowledge_detail(&self, user: &StaffUser, code: &str) -> Result<app::api::knowledge::KnowledgeDetail, AppError> {
        self.knowledge_view(user, code).await
    }

    async fn save_knowledge(&self, user: &StaffUser, edit: app::api::knowledge::KnowledgeEdit) -> Result<app::api::knowledge::KnowledgeDetail, AppError> {
        self.save_entry(user, edit).await
    }

    async fn knowledge_action(&self, user: &StaffUser, code: &str, action: &str, note: &str) -> Result<app::api::knowledge::KnowledgeDetail, AppError> {
        self.entry_action(user, code, action, note).await
    }

    async fn hot_spots(&self, user: &StaffUser) -> Result<Vec<HotSpotItem>, AppError> {
        self.hot_spot_list(user).await
    }

    async fn hot_spot(&self, user: &StaffUser, id: i64) -> Result<HotSpotDetail, AppError> {
        self.hot_spot_detail(user, id, Vec::new()).await
    }

    async fn order_hot_spot(&self, user: &StaffUser, id: i64, order: HotSpotOrder) -> Result<HotSpotDetail, AppError> {
        self.hot_spot_order(user, id, order).await
    }

    async fn synonyms(&self, user: &StaffUser) -> Result<Vec<String>, AppError> {
        self.synonym_lines(user).await
    }

    async fn set_synonyms(&self, user: &StaffUser, groups: &str) -> Result<Vec<String>, AppError> {
        self.replace_synonyms(user, groups).await
    }

    async fn assist(&self, user: &StaffUser, query: app::api::views::AssistQuery) -> Result<app::api::views::Assist, AppError> {
        self.assist_call(user, query).await
    }

    async fn caller_history(&self, user: &StaffUser, phone: &str) -> Result<Vec<app::api::views::CallerRequest>, AppError> {
        self.caller_requests(user, phone).await
    }

    async fn notices(&self, user: &StaffUser) -> Result<Vec<app::api::views::NoticeView>, AppError> {
        self.notice_list(user).await
    }

    async fn unseen_notices(&self, user: &StaffUser) -> Result<i64, AppError> {
        self.store.unseen_notices(user.id, &user.unit_id).await.map_err(internal)
    }

    async fn reveal_requester(&self, user: &StaffUser, number: &str, reason: &str) -> Result<RevealedRequester, AppError> {
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > 200 {
            return Err(AppError::Invalid("请填写查看原因（200 字以内）".into()));
        }
        let (_, req) = self.load_visible(user, number).await?;
        let allowed = is_center_role(user.role)
            || (matches!(user.role, Role::Handler | Role::UnitAdmin) && !req.anonymous_to_unit());
        if !allowed {
            return Err(AppError::Forbidden("该角色不能查看诉求人个人信息".into()));
        }
        self.store
            .audit(&AuditEntry {
                at: Utc::now(),
                username: user.username.clone(),
                action: "reveal_requester".into(),
                request_number: Some(req.number().to_string()),
                reason: Some(reason.to_string()),
                detail: None,
            })
            .await
            .map_err(internal)?;
        let r = req.requester();
        Ok(RevealedRequester {
            name: r.revealed_name(),
            phone: r.phone.reveal().to_string(),
            id_number: r.id_number.as_ref().map(|i| i.reveal().to_string()),
        })
    }
}
