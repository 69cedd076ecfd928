//! The read-mostly world the state machine consults: the working-day
//! calendar, the unit tree and the statutory limits per category. Loaded from
//! the store at start-up and replaced whole when an admin changes it.

use crate::store::{RequestScope, Store};
use app::domain::calendar::{DeclaredDay, Layer, WorkCalendar};
use app::domain::machine::Context;
use app::domain::types::{CategoryCode, Label, Role};
use app::domain::unit::{Unit, UnitId, UnitTree};
use std::collections::{BTreeMap, HashMap};

pub struct World {
    pub calendar: WorkCalendar,
    pub units: UnitTree,
    /// Materialized paths (`/center/yining/`), for subtree queries.
    pub paths: HashMap<String, String>,
    pub category_limits: BTreeMap<CategoryCode, u16>,
    /// Category names by code (for suggestions).
    pub category_names: HashMap<String, String>,
    /// Staff members' names by username: a timeline names who acted as colleagues know them.
    pub staff_names: HashMap<String, String>,
    /// The archive period in days (Art. 3), read once from the settings.
    pub archive_after_days: u16,
    /// The retention of requesters' personal data in years (Art. 40).
    pub retention_years: u16,
}

impl World {
    pub async fn load(store: &Store) -> anyhow::Result<World> {
        let calendar = store.calendar().await?;
        let mut units = UnitTree::new();
        let mut paths = HashMap::new();
        for row in store.units().await? {
            let unit = Unit {
                id: UnitId::parse(&row.id)?,
                name: Label::parse(&row.name)?,
                parent: row.parent_id.as_deref().map(UnitId::parse).transpose()?,
                vertical: row.vertical,
                dispatches_subtree: row.dispatches_subtree,
                active: row.active,
            };
            units.insert(unit).map_err(|e| anyhow::anyhow!("unit {}: {e}", row.id))?;
            paths.insert(row.id, row.path);
        }
        let mut category_limits = BTreeMap::new();
        for (code, days) in store.category_limits().await? {
            category_limits.insert(CategoryCode::parse(&code)?, u16::try_from(days).unwrap_or(u16::MAX));
        }
        let category_names = store.categories().await?.into_iter().map(|(code, name, _)| (code, name)).collect();
        let staff_names = store.users().await?.into_iter().map(|u| (u.username, u.display_name)).collect();
        let archive_after_days = super::settings::archive_after_days();
        let retention_years = super::settings::retention_years();
        Ok(World { calendar, units, paths, category_limits, category_names, staff_names, archive_after_days, retention_years })
    }

    pub fn ctx(&self) -> Context<'_> {
        Context::new(&self.calendar, &self.units)
            .with_category_limits(&self.category_limits)
            .with_archive_after(self.archive_after_days)
            .with_retention(self.retention_years)
    }

    /// The subtree path of a unit; unknown units get a path that matches nothing.
    pub fn path(&self, unit: &str) -> String {
        self.paths.get(unit).cloned().unwrap_or_else(|| format!("/?{unit}/"))
    }

    /// The regional layer's declared days, for countdowns in the browser.
    pub fn regional_days(&self) -> Vec<DeclaredDay> {
        self.calendar
            .covered_years()
            .flat_map(|y| self.calendar.declared_in(y))
            .filter(|(layer, _)| *layer == Layer::Regional)
            .map(|(_, d)| d)
            .collect()
    }

    /// A staff member's display name (the username when unknown).
    pub fn staff_name(&self, username: &str) -> String {
        self.staff_names.get(username).cloned().unwrap_or_else(|| username.to_string())
    }

    /// A unit's name (its id when unknown).
    pub fn unit_name(&self, unit: &UnitId) -> String {
        self.units.get(unit).map_or_else(|| unit.to_string(), |u| u.name.to_string())
    }

    /// A unit with everything under it, in words: "伊宁市人民政府及下属单位".
    pub fn subtree_name(&self, unit: &UnitId) -> String {
        format!("{}及下属单位", self.units.name_of(unit))
    }

    pub fn is_root(&self, unit: &str) -> bool {
        self.units.root().map(|u| u.id.as_str() == unit).unwrap_or(false)
    }

    /// Whose hotline queues a staff member of `unit` in `role` works (Art. 4,
    /// last paragraph): everyone at the center works the center's, which hold
    /// every request; agents and reviewers of a county's hotline office (a
    /// unit that dispatches in its subtree) work the office's, which hold the
    /// requests it owns; the rest work only their unit's assignments.
    pub fn office_queues(&self, unit: &str, role: Role) -> OfficeQueues {
        if self.is_root(unit) {
            return OfficeQueues::Center;
        }
        let office = matches!(role, Role::Agent | Role::Reviewer)
            && UnitId::parse(unit).ok().and_then(|u| self.units.get(&u)).is_some_and(|u| u.is_hotline_office() && u.active);
        if office {
            OfficeQueues::County { path: self.path(unit) }
        } else {
            OfficeQueues::None
        }
    }

    /// A category's name, or its code when the category is unknown.
    pub fn category_name(&self, code: &str) -> String {
        self.category_names.get(code).cloned().unwrap_or_else(|| code.to_string())
    }

    /// Whose requests a staff member's lists read: their hotline office's
    /// (the center's: all), or else those assigned into their unit's subtree.
    pub fn request_scope(&self, unit: &str, role: Role) -> RequestScope {
        match self.office_queues(unit, role) {
            OfficeQueues::Center => RequestScope::Office(None),
            OfficeQueues::County { path } => RequestScope::Office(Some(path)),
            OfficeQueues::None => RequestScope::Subtree(self.path(unit)),
        }
    }
}

/// See [`World::office_queues`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OfficeQueues {
    Center,
    County { path: String },
    None,
}

impl OfficeQueues {
    /// Whether the staff member has hotline queues (to accept, returns, …).
    pub fn any(&self) -> bool {
        !matches!(self, OfficeQueues::None)
    }
    /// The office path the queues are limited to: `None` for the center's (all).
    pub fn path(&self) -> Option<&str> {
        match self {
            OfficeQueues::County { path } => Some(path),
            _ => None,
        }
    }
}
