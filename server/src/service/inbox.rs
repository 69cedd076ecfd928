//! Work lists for staff: a unit sees the open assignments of its subtree,
//! the center everything dispatched and its own queues (acceptance, return
//! and extension requests, completion reviews, objections, callbacks,
//! re-dispatch, supervision); filtered by step and deadline (SPEC §4
//! warnings), earliest deadline first, paged.

use super::{internal, Service};
use crate::store::{CenterQueue, InboxQuery, InboxRow};
use app::api::views::{Inbox, InboxItem, StaffUser};
use app::api::AppError;
use app::domain::deadline::{cst_date, end_of_day};
use app::domain::request::{state_label, status_label};
use app::domain::types::RequestType;
use app::domain::unit::UnitId;
use chrono::{DateTime, Utc};

pub const PAGE_SIZE: i64 = 50;

/// The filters every work list offers.
pub const FILTERS: [&str; 8] = ["to_acknowledge", "handling", "awaiting_review", "due_soon", "overdue", "redo", "supervised", "open"];

/// The center's own queues (Art. 15, 17, 21, 23, 22(2), 27, 31) and the
/// requests they hold.
pub const CENTER_QUEUES: [(&str, CenterQueue<'static>); 8] = [
    ("registered", CenterQueue::States(&["registered"])),
    ("returns", CenterQueue::States(&["return_requested"])),
    ("redispatch", CenterQueue::States(&["redispatch"])),
    ("extensions", CenterQueue::Waiting("extension")),
    ("completions", CenterQueue::States(&["completion_review"])),
    ("objections", CenterQueue::States(&["supplementary"])),
    ("callbacks", CenterQueue::States(&["callback"])),
    // Art. 14(1), 25: instant answers rated dissatisfied.
    ("answer_reviews", CenterQueue::Waiting("answer_review")),
];

impl Service {
    pub async fn inbox_page(&self, user: &StaffUser, filter: &str, page: i64) -> Result<Inbox, AppError> {
        let center_queue = CENTER_QUEUES.iter().find(|(code, _)| *code == filter).map(|(_, q)| *q);
        if !FILTERS.contains(&filter) && center_queue.is_none() {
            return Err(AppError::Invalid(format!("未知的筛选条件：{filter}")));
        }
        let page = page.clamp(1, 100_000);
        let offset = (page - 1) * PAGE_SIZE;
        let world = self.world();
        let now = Utc::now();
        // Amber: due by the end of the next working day's count (today included, SPEC §4).
        let amber_end = end_of_day(world.calendar.nth_working_day(cst_date(now), 1).date);
        // The center's queues hold every request; a county office's those it owns (Art. 4).
        let office = world.office_queues(&user.unit_id, user.role);
        let center = office.any();
        let (rows, total) = if let Some(queue) = center_queue {
            if !center {
                return Err(AppError::Forbidden("这是热线中心（或县市热线工作机构）的工作队列".into()));
            }
            self.store.center_inbox(queue, office.path(), PAGE_SIZE, offset).await.map_err(internal)?
        } else if filter == "supervised" && center {
            let supervised = CenterQueue::Waiting("supervision");
            self.store.center_inbox(supervised, office.path(), PAGE_SIZE, offset).await.map_err(internal)?
        } else {
            let q = match filter {
                "to_acknowledge" => InboxQuery { statuses: &["received"], ..Default::default() },
                "handling" => InboxQuery { statuses: &["handling"], ..Default::default() },
                "awaiting_review" => InboxQuery { statuses: &["return_requested", "submitted"], ..Default::default() },
                "due_soon" => InboxQuery { due_from: Some(now), due_before: Some(amber_end), ..Default::default() },
                "overdue" => InboxQuery { due_before: Some(now), ..Default::default() },
                "redo" => InboxQuery { request_states: &["redo"], ..Default::default() },
                "supervised" => InboxQuery { center_queue: Some("supervision"), ..Default::default() },
                _ => InboxQuery::default(),
            };
            self.store.subtree_inbox(&world.path(&user.unit_id), &q, PAGE_SIZE, offset).await.map_err(internal)?
        };
        let items = self.inbox_items(rows, now);
        Ok(Inbox { filter: filter.to_string(), items, total, page, page_size: PAGE_SIZE, center })
    }

    /// Work-list lines for the rows, with their SPEC §4 warnings at `now`.
    pub(super) fn inbox_items(&self, rows: Vec<InboxRow>, now: DateTime<Utc>) -> Vec<InboxItem> {
        let world = self.world();
        // Amber: due by the end of the next working day's count (today included, SPEC §4).
        let amber_end = end_of_day(world.calendar.nth_working_day(cst_date(now), 1).date);
        let warning = |due: Option<DateTime<Utc>>| match due {
            Some(d) if d <= now => "red",
            Some(d) if d <= amber_end => "amber",
            _ => "normal",
        };
        rows.into_iter()
            .map(|r: InboxRow| InboxItem {
                request_type: RequestType::parse(&r.request_type).map(|t| t.label().to_string()).unwrap_or(r.request_type),
                state: state_label(&r.state).to_string(),
                emergency: r.emergency,
                unit_name: r.unit_id.as_deref().and_then(|u| UnitId::parse(u).ok()).map(|u| world.units.name_of(&u)),
                status: r.status.as_deref().map(|s| status_label(s).unwrap_or("其他").to_string()),
                due: r.due_at.map(super::china_time::short),
                warning: warning(r.due_at).to_string(),
                number: r.number,
                title: r.title,
                snippet: Vec::new(),
            })
            .collect()
    }
}
