//! From the domain request to what is stored (indexed rows) and what is
//! shown (views, masked for the viewer).

use app::domain::types::AssignmentStatusCode;
use super::world::World;
use crate::store::{AssignmentRow, EventRow, RequestRow};
use app::api::requests::{AssignmentView, ClockView, EventView, RequestView};
use app::domain::deadline::cst;
use app::domain::machine::Event;
use app::domain::request::Request;

/// The indexed projection of a request, with its JSON snapshot.
pub fn request_row(req: &Request, world: &World) -> anyhow::Result<RequestRow> {
    Ok(RequestRow {
        number: req.number().to_string(),
        request_type: req.request_type().code().to_string(),
        emergency: req.is_emergency(),
        channel: req.channel().code().to_string(),
        category: req.category().map(|c| c.as_str().to_string()),
        state: req.state_code().to_string(),
        title: req.title().as_str().to_string(),
        county: req.location().map(|l| l.county().as_str().to_string()),
        requester_phone: req.requester().phone.reveal().to_string(),
        registered_at: req.registered_at(),
        due_at: req.work_due().map(|d| d.due_at()),
        center_queue: req.center_wait(),
        snapshot: serde_json::to_string(req)?,
        office_path: world.path(req.office().as_str()),
    })
}

/// One row per assignment: the queue of the unit that acts on it (the
/// sub-unit when forwarded, which lies inside the responsible unit's subtree).
pub fn assignment_rows(req: &Request, world: &World) -> Vec<AssignmentRow> {
    let open_request = req.is_open();
    req.assignments()
        .iter()
        .map(|a| {
            let acting = a.forwarded_to().unwrap_or(a.unit());
            AssignmentRow {
                unit_id: a.unit().as_str().to_string(),
                unit_path: world.path(acting.as_str()),
                role: a.role().code().to_string(),
                status: a.status_code().code().to_string(),
                // In the open queues while the request is open: being handled,
                // or waiting for a decision on what the unit sent.
                open: open_request && a.is_active() && a.status_code() != AssignmentStatusCode::Done,
                due_at: req.work_due().map(|d| d.due_at()),
            }
        })
        .collect()
}

pub fn event_rows(events: &[Event]) -> anyhow::Result<Vec<EventRow>> {
    events
        .iter()
        .map(|e| {
            Ok(EventRow {
                seq: 0,
                at: e.at,
                kind: e.kind_code().to_string(),
                actor_user: Some(e.actor.user.clone()),
                actor_role: e.actor.role.code().to_string(),
                actor_unit: e.actor.unit.as_ref().map(|u| u.as_str().to_string()),
                public_text: e.public_text.clone(),
                internal_note: e.internal_note.clone(),
                payload: serde_json::to_string(&e.kind)?,
            })
        })
        .collect()
}

/// How much of the requester a viewer sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequesterVisibility {
    /// Masked (`138****5678`, `张*`).
    Masked,
    /// Hidden altogether: the requester asked to stay anonymous toward the unit.
    Hidden,
}

/// What the viewer may do and choose from on the page.
pub struct ViewerChoices {
    pub allowed: Vec<app::domain::machine::CommandCode>,
    pub dispatch_targets: Vec<app::api::requests::UnitOption>,
    pub own_units: Vec<app::api::requests::UnitOption>,
    pub result_units: Vec<app::api::requests::UnitOption>,
    /// The viewer's unit, when it is not the center (which sees all).
    pub scope: Option<app::domain::unit::UnitId>,
}

pub fn request_view(
    req: &Request,
    events: &[EventRow],
    world: &World,
    requester: RequesterVisibility,
    viewer: ViewerChoices,
) -> anyhow::Result<RequestView> {
    let (name, phone) = match requester {
        RequesterVisibility::Masked => (req.requester().masked_name(), req.requester().phone.masked()),
        RequesterVisibility::Hidden => ("（匿名）".to_string(), "（匿名）".to_string()),
    };
    let now = chrono::Utc::now();
    let pending = super::pending::pending_matters(req, world, &viewer.allowed);
    let mut snapshot = serde_json::to_value(req)?;
    // The snapshot carries personal data in full; views never do.
    if let Some(obj) = snapshot.as_object_mut() {
        obj.remove("requester");
    }
    Ok(RequestView {
        number: req.number().to_string(),
        state: req.state_code().to_string(),
        request_type: req.request_type().code().to_string(),
        emergency: req.is_emergency(),
        tags: req.tags().iter().map(|t| t.label().to_string()).collect(),
        title: req.title().as_str().to_string(),
        content: req.content().as_str().to_string(),
        requester_name: name,
        requester_phone: phone,
        due: req.work_due().map(|d| d.last_day.to_string()),
        assignments: req
            .assignments()
            .iter()
            .map(|a| AssignmentView {
                unit_id: a.unit().as_str().to_string(),
                unit_name: world.units.name_of(a.unit()),
                role: a.role().code().to_string(),
                status: a.status_code().code().to_string(),
            })
            .collect(),
        events: events
            .iter()
            .map(|e| EventView {
                seq: e.seq,
                at: e.at.with_timezone(&cst()).to_rfc3339(),
                kind: e.kind.clone(),
                actor: actor_label(e, world),
                summary: event_summary(e, world),
                public_text: e.public_text.clone(),
                internal_note: e.internal_note.clone(),
            })
            .collect(),
        allowed: viewer.allowed,
        clocks: req
            .clocks(now, &world.ctx())
            .iter()
            .map(|c| ClockView {
                key: c.key(),
                label: c.name.label().to_string(),
                // As staff read it: 第十九条, not Art. 19.
                article: app::domain::machine::article_cn(c.name.article()).unwrap_or_else(|| c.name.article().to_string()),
                unit_name: c.unit.as_ref().map(|u| world.units.name_of(u)),
                last_day: c.last_day.map(|d| d.to_string()),
                due_at: c.due_at.with_timezone(&cst()).to_rfc3339(),
                warning: format!("{:?}", c.warning).to_lowercase(),
                assumed_years: c.assumed_years.iter().copied().collect(),
                explanation: c.explanation(&world.ctx()),
                counted: c.last_day.map(|d| app::domain::countdown::countdown(&world.calendar, d, now)),
            })
            .collect(),
        dispatch_targets: viewer.dispatch_targets,
        own_units: viewer.own_units,
        result_units: viewer.result_units,
        open_supervisions: req
            .supervisions()
            .iter()
            .filter(|s| s.is_running() && viewer.scope.as_ref().is_none_or(|scope| world.units.is_within(&s.unit, scope)))
            .map(|s| app::api::requests::SupervisionOption {
                id: s.id,
                unit_name: world.units.name_of(&s.unit),
                instruction: s.instruction.as_str().to_string(),
                due: s.due.last_day.to_string(),
                answered: !s.is_open(),
            })
            .collect(),
        redo_round: req.round() == app::domain::request::Round::Redo,
        pending,
        attachments: req
            .attachments()
            .iter()
            .chain(req.additions().iter().flat_map(|a| a.attachments.iter()))
            .map(|a| a.to_string())
            .collect(),
        regional_days: world.regional_days(),
        version: 0,
        snapshot,
    })
}

/// The event in the staff's words; its stored data names the units, shown by name.
fn event_summary(e: &EventRow, world: &World) -> String {
    match serde_json::from_str::<app::domain::machine::EventKind>(&e.payload) {
        Ok(kind) => kind.staff_words(&|u| world.units.name_of(u)),
        Err(err) => {
            tracing::warn!(kind = %e.kind, %err, "an event's payload no longer parses");
            e.public_text.clone().unwrap_or_else(|| "（记录无法显示）".into())
        }
    }
}

fn actor_label(e: &EventRow, world: &World) -> String {
    let unit = e
        .actor_unit
        .as_deref()
        .and_then(|u| app::domain::unit::UnitId::parse(u).ok())
        .map(|u| world.units.name_of(&u));
    // The requester is "诉求人", the automatic jobs "系统"; staff by the names colleagues know.
    if e.actor_role == app::domain::types::Role::Citizen.code() {
        return app::domain::types::Role::Citizen.label().to_string();
    }
    let person = e.actor_user.as_ref().map(|u| match world.staff_names.get(u) {
        Some(name) => name.clone(),
        None if u == "system" => "系统".to_string(),
        None => u.clone(),
    });
    match (unit, person) {
        (Some(unit), Some(user)) => format!("{unit} {user}"),
        (None, Some(user)) => user,
        (Some(unit), None) => unit,
        (None, None) => app::domain::types::Role::parse(&e.actor_role).map(|r| r.label().to_string()).unwrap_or_else(|_| "系统".into()),
    }
}
