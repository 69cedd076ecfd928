//! Who acts, and the read-only world the machine consults.

use super::calendar::WorkCalendar;
use super::request::OriginalOutcome;
use super::types::{CategoryCode, RequestNumber, Role};
use super::unit::{UnitId, UnitTree};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The person issuing a command. Staff act for a unit; citizens have none
/// (the server authenticates the citizen as the request's requester).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    pub role: Role,
    #[serde(default)]
    pub unit: Option<UnitId>,
    /// The user's name or login, recorded in events; never in public texts.
    pub user: String,
}

impl Actor {
    pub fn new(role: Role, unit: Option<UnitId>, user: impl Into<String>) -> Actor {
        Actor {
            role,
            unit,
            user: user.into(),
        }
    }
    pub fn citizen(user: impl Into<String>) -> Actor {
        Actor::new(Role::Citizen, None, user)
    }
    /// The actor for automatic commands (overdue supervision, Art. 31(5)).
    pub fn system(center: UnitId) -> Actor {
        Actor::new(Role::Reviewer, Some(center), "system")
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.unit {
            Some(u) => write!(f, "{} {}@{}", self.role, self.user, u),
            None => write!(f, "{} {}", self.role, self.user),
        }
    }
}

static NO_LIMITS: BTreeMap<CategoryCode, u16> = BTreeMap::new();
static NO_ORIGINALS: BTreeMap<RequestNumber, OriginalOutcome> = BTreeMap::new();


/// The calendar, the unit tree and the stricter statutory limits per
/// category (Art. 19(3)), in working days.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    pub calendar: &'a WorkCalendar,
    pub units: &'a UnitTree,
    pub category_limits: &'a BTreeMap<CategoryCode, u16>,
    /// What is known of the originals of repeats (Art. 14(5)).
    pub originals: &'a BTreeMap<RequestNumber, OriginalOutcome>,
    /// How many days an ended request stays quiet before it is archived (Art. 3).
    pub archive_after_days: u16,
    /// How many years an archived request keeps its requester's personal data.
    pub retention_years: u16,
}

/// The retention period when none is configured.
pub const DEFAULT_RETENTION_YEARS: u16 = 5;

/// The archive period when none is configured: long past every rating,
/// objection and callback window.
pub const DEFAULT_ARCHIVE_AFTER_DAYS: u16 = 90;

impl<'a> Context<'a> {
    pub fn new(calendar: &'a WorkCalendar, units: &'a UnitTree) -> Context<'a> {
        Context {
            calendar,
            units,
            category_limits: &NO_LIMITS,
            originals: &NO_ORIGINALS,
            archive_after_days: DEFAULT_ARCHIVE_AFTER_DAYS,
            retention_years: DEFAULT_RETENTION_YEARS,
        }
    }
    pub fn with_retention(self, retention_years: u16) -> Context<'a> {
        Context { retention_years, ..self }
    }
    pub fn with_archive_after(self, archive_after_days: u16) -> Context<'a> {
        Context { archive_after_days, ..self }
    }
    pub fn with_originals(self, originals: &'a BTreeMap<RequestNumber, OriginalOutcome>) -> Context<'a> {
        Context { originals, ..self }
    }
    pub fn with_category_limits(self, category_limits: &'a BTreeMap<CategoryCode, u16>) -> Context<'a> {
        Context {
            category_limits,
            ..self
        }
    }
}
