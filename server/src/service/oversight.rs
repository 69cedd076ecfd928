//! Art. 34's leads (监督处理线索): the matters complained about at least
//! `repeats` times in the last year (chains of repeat links) and the
//! requests still worked on `overdue_days` working days or more after their
//! last day; by unit, for the prefecture's bureau (the center's staff).
//! The same leads as a workbook, for the referral.

use super::reports::xlsx::{workbook, Cell, Table};
use super::{internal, Service, WORKED_ON};
use app::api::auth::StaffUser;
use app::api::oversight::{OversightBackend, OversightPage, OversightUnit, OverdueLine, RepeatedLine};
use app::api::AppError;
use app::domain::countdown::{countdown, month_day, Countdown};
use app::domain::deadline::{cst_date, end_of_day};
use app::domain::machine::{cn_date, EventKind};
use app::domain::oversight::{repeated_matters, OversightRules, RepeatLink};
use app::domain::request::{AssignmentRole, RelationKind, Request};
use app::domain::types::{RequestNumber, Role};
use chrono::{Duration, NaiveDate, Utc};
use std::collections::BTreeMap;

/// Repeats linked within this many days count.
const LOOKBACK_DAYS: i64 = 365;
/// The most overdue requests one page reads.
const OVERDUE_READS: i64 = 1000;

/// The units that handle a request, by name (lead or separate, not co-units).
fn unit_names(req: &Request, world: &super::World) -> Vec<String> {
    req.assignments()
        .iter()
        .filter(|a| a.is_active() && a.role() != AssignmentRole::Co)
        .map(|a| world.units.name_of(a.unit()))
        .collect()
}

fn joined(names: &[String]) -> String {
    if names.is_empty() { "—".into() } else { names.join("、") }
}

/// The day `days` working days before `today` (the last day of a request
/// that is that many working days overdue today).
fn working_days_back(world: &super::World, today: NaiveDate, days: u32) -> NaiveDate {
    let mut day = today;
    let mut counted = 0;
    while counted < days {
        let Some(before) = day.pred_opt() else { break };
        day = before;
        if world.calendar.is_working_day(day).unwrap_or(true) {
            counted += 1;
        }
    }
    day
}

impl Service {
    /// Art. 34 is the prefecture bureau's: the center's reviewers, analysts and administrators.
    pub(super) fn oversight_reader(&self, user: &StaffUser) -> Result<(), AppError> {
        if self.world().is_root(&user.unit_id) && matches!(user.role, Role::Reviewer | Role::Analyst | Role::Admin) {
            Ok(())
        } else {
            Err(AppError::Forbidden("监督处理线索由热线管理中心整理报送".into()))
        }
    }

    /// The leads as they stand at `now` (tests look ahead in time).
    pub async fn oversight_at(&self, rules: OversightRules, now: chrono::DateTime<Utc>) -> Result<OversightPage, AppError> {
        let world = self.world();
        let since = now - Duration::days(LOOKBACK_DAYS);
        let mut links = Vec::new();
        for (number, payload) in self.store.links_since(since).await.map_err(internal)? {
            let (Ok(repeat), Ok(EventKind::Linked { relation })) = (RequestNumber::parse(&number), serde_json::from_str::<EventKind>(&payload)) else {
                continue;
            };
            if relation.kind == RelationKind::RepeatOf {
                links.push(RepeatLink { repeat, original: relation.original });
            }
        }
        let mut units: BTreeMap<String, OversightUnit> = BTreeMap::new();
        let mut tally = |names: &[String], f: fn(&mut OversightUnit)| {
            for name in names {
                f(units.entry(name.clone()).or_insert_with(|| OversightUnit { name: name.clone(), repeated: 0, overdue: 0 }));
            }
        };
        let mut matters = Vec::new();
        for m in repeated_matters(&links, rules.repeats) {
            let number = m.original.to_string();
            let Some(stored) = self.store.load_request(&number).await.map_err(internal)? else { continue };
            let original: Request = serde_json::from_str(&stored.row.snapshot).map_err(internal)?;
            let names = unit_names(&original, &world);
            tally(&names, |u| u.repeated += 1);
            matters.push(RepeatedLine {
                original: number,
                title: original.title().as_str().to_string(),
                units: joined(&names),
                complaints: m.complaints(),
                repeats: m.repeats.iter().map(ToString::to_string).collect(),
                state: original.state_label().to_string(),
            });
        }
        let today = cst_date(now);
        let due_by = end_of_day(working_days_back(&world, today, rules.overdue_days));
        let snapshots = self.store.snapshots_due_by(due_by, &WORKED_ON, OVERDUE_READS).await.map_err(internal)?;
        let truncated = snapshots.len() as i64 >= OVERDUE_READS;
        let mut overdue = Vec::new();
        for snapshot in &snapshots {
            let req: Request = serde_json::from_str(snapshot).map_err(internal)?;
            let Some(due) = req.work_due() else { continue };
            let Countdown::Overdue { days, last_day } = countdown(&world.calendar, due.last_day, now) else { continue };
            if days < rules.overdue_days {
                continue;
            }
            let names = unit_names(&req, &world);
            tally(&names, |u| u.overdue += 1);
            overdue.push(OverdueLine {
                number: req.number().to_string(),
                title: req.title().as_str().to_string(),
                units: joined(&names),
                last_day: month_day(last_day),
                days,
                state: req.state_label().to_string(),
            });
        }
        overdue.sort_by(|a, b| b.days.cmp(&a.days).then(a.number.cmp(&b.number)));
        let mut units: Vec<OversightUnit> = units.into_values().collect();
        units.sort_by(|a, b| (b.repeated + b.overdue).cmp(&(a.repeated + a.overdue)).then(a.name.cmp(&b.name)));
        Ok(OversightPage {
            repeats: rules.repeats,
            overdue_days: rules.overdue_days,
            since: cn_date(cst_date(since)),
            units,
            matters,
            overdue,
            truncated,
        })
    }

    /// The leads as a workbook (units, repeated matters, long overdue) for
    /// the session's user; `(file name, bytes)`.
    pub async fn oversight_xlsx(&self, session: &str, repeats: &str, overdue_days: &str) -> Result<(String, Vec<u8>), AppError> {
        use app::api::auth::SessionBackend as _;
        let user = self.session_user(session).await?.ok_or(AppError::Unauthenticated)?;
        self.oversight_reader(&user)?;
        let rules = OversightRules::parse(repeats, overdue_days).map_err(AppError::Fields)?;
        let page = self.oversight_at(rules, Utc::now()).await?;
        let mut by_unit = Table::new("单位", &["单位", "重复投诉事项", "长期未办结"]);
        for u in &page.units {
            by_unit.row(vec![Cell::text(&u.name), Cell::count(u.repeated), Cell::count(u.overdue)]);
        }
        let mut repeated = Table::new("重复投诉", &["原诉求编号", "标题", "承办单位", "投诉件数", "重复诉求编号", "状态"]);
        for m in &page.matters {
            repeated.row(vec![
                Cell::text(&m.original),
                Cell::text(&m.title),
                Cell::text(&m.units),
                Cell::count(m.complaints),
                Cell::text(m.repeats.join("、")),
                Cell::text(&m.state),
            ]);
        }
        let mut late = Table::new("长期未办结", &["诉求编号", "标题", "承办单位", "办理期限", "超期工作日", "状态"]);
        for o in &page.overdue {
            late.row(vec![Cell::text(&o.number), Cell::text(&o.title), Cell::text(&o.units), Cell::text(&o.last_day), Cell::count(o.days), Cell::text(&o.state)]);
        }
        let bytes = workbook(&[by_unit, repeated, late]).map_err(internal)?;
        Ok((format!("oversight-{}.xlsx", cst_date(Utc::now())), bytes))
    }
}

#[async_trait::async_trait]
impl OversightBackend for Service {
    async fn oversight(&self, user: &StaffUser, repeats: &str, overdue_days: &str) -> Result<OversightPage, AppError> {
        self.oversight_reader(user)?;
        let rules = OversightRules::parse(repeats, overdue_days).map_err(AppError::Fields)?;
        self.oversight_at(rules, Utc::now()).await
    }
}
