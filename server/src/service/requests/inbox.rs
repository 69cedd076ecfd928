//! Work lists for staff: a unit sees the open assignments of its subtree,
//! the center everything dispatched and its own queues (acceptance, return
//! and extension requests, completion reviews, objections, callbacks,
//! re-dispatch, supervision); filtered by step and deadline (SPEC §4
//! warnings), earliest deadline first, paged.

use crate::service::{internal, Service, World};
use crate::store::{CenterQueue, InboxQuery, InboxRow};
use app::domain::state_code::StateCode;
use app::api::auth::StaffUser;
use app::api::inbox::{Inbox, InboxItem, QueueCounts, WorkListBackend};
use app::api::AppError;
use app::domain::deadline::{cst_date, due_in_words, end_of_day};
use app::domain::request::{state_label, status_label};
use app::domain::types::{AssignmentStatusCode, CenterWait, RequestType, WorkList, WorkListOrder};
use app::domain::unit::UnitId;
use chrono::{DateTime, Utc};

pub const PAGE_SIZE: i64 = 50;

/// The end of the amber window at `now`: due by the end of the first
/// working day counting today (SPEC §4), the last day being today's working
/// day or earlier.
fn amber_end(world: &World, now: DateTime<Utc>) -> DateTime<Utc> {
    end_of_day(world.calendar.nth_working_day(cst_date(now), 1).date)
}

/// A unit's assignments that wait on the hotline office: a return asked, a result submitted.
const AWAITING_REVIEW: [AssignmentStatusCode; 2] = [AssignmentStatusCode::ReturnRequested, AssignmentStatusCode::Submitted];

/// The queue a hotline office's own list holds (Art. 15, 17, 21, 23,
/// 22(2), 27, 31), by the requests' state or their `center_queue`.
fn office_queue(list: WorkList) -> Option<CenterQueue<'static>> {
    Some(match list {
        WorkList::Registered => CenterQueue::States(&[StateCode::Registered]),
        WorkList::Returns => CenterQueue::States(&[StateCode::ReturnRequested]),
        WorkList::Redispatch => CenterQueue::States(&[StateCode::Redispatch]),
        WorkList::Extensions => CenterQueue::Waiting(CenterWait::Extension),
        WorkList::Completions => CenterQueue::States(&[StateCode::CompletionReview]),
        WorkList::Objections => CenterQueue::States(&[StateCode::Supplementary]),
        WorkList::Callbacks => CenterQueue::States(&[StateCode::Callback]),
        // Art. 14(1), 25: instant answers rated dissatisfied.
        WorkList::AnswerReviews => CenterQueue::Waiting(CenterWait::AnswerReview),
        _ => return None,
    })
}

impl Service {

    /// Work-list lines for the rows, with their SPEC §4 warnings at `now`.
    pub(in crate::service) fn inbox_items(&self, rows: Vec<InboxRow>, now: DateTime<Utc>) -> Vec<InboxItem> {
        let world = self.world();
        let amber_end = amber_end(&world, now);
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
                unit_id: r.unit_id.clone(),
                status: r.status.as_deref().map(|s| status_label(s).unwrap_or("其他").to_string()),
                due: r.due_at.map(|d| due_in_words(&world.calendar, d, now)),
                county: r.county,
                warning: warning(r.due_at).to_string(),
                number: r.number,
                title: r.title,
                snippet: Vec::new(),
            })
            .collect()
    }
}

#[async_trait::async_trait]
impl WorkListBackend for Service {
    async fn inbox(&self, user: &StaffUser, filter: &str, page: i64, order: &str) -> Result<Inbox, AppError> {
        let list = WorkList::parse(filter).map_err(|_| AppError::Invalid(format!("未知的筛选条件：{filter}")))?;
        let order = if order.trim().is_empty() {
            WorkListOrder::default()
        } else {
            WorkListOrder::parse(order).map_err(|_| AppError::Invalid(format!("未知的排序方式：{order}")))?
        };
        let page = page.clamp(1, 100_000);
        let offset = (page - 1) * PAGE_SIZE;
        let world = self.world();
        let now = Utc::now();
        let amber_end = amber_end(&world, now);
        // The center's queues hold every request; a county office's those it owns (Art. 4).
        let office = world.office_queues(&user.unit_id, user.role);
        let center = office.any();
        let (rows, total) = if let Some(queue) = office_queue(list) {
            if !center {
                return Err(AppError::Forbidden("这是热线中心（或县市热线工作机构）的工作队列".into()));
            }
            self.store.center_inbox(queue, office.path(), order, PAGE_SIZE, offset).await.map_err(internal)?
        } else if list == WorkList::Supervised && center {
            let supervised = CenterQueue::Waiting(CenterWait::Supervision);
            self.store.center_inbox(supervised, office.path(), order, PAGE_SIZE, offset).await.map_err(internal)?
        } else {
            let q = match list {
                WorkList::ToAcknowledge => InboxQuery { statuses: &[AssignmentStatusCode::Received], ..Default::default() },
                WorkList::Handling => InboxQuery { statuses: &[AssignmentStatusCode::Handling], ..Default::default() },
                WorkList::AwaitingReview => InboxQuery { statuses: &AWAITING_REVIEW, ..Default::default() },
                WorkList::DueSoon => InboxQuery { due_from: Some(now), due_before: Some(amber_end), ..Default::default() },
                WorkList::Overdue => InboxQuery { due_before: Some(now), ..Default::default() },
                WorkList::Redo => InboxQuery { request_states: &[StateCode::Redo], ..Default::default() },
                WorkList::Supervised => InboxQuery { center_queue: Some(CenterWait::Supervision), ..Default::default() },
                _ => InboxQuery::default(),
            };
            let q = InboxQuery { order, ..q };
            self.store.subtree_inbox(&world.path(&user.unit_id), &q, PAGE_SIZE, offset).await.map_err(internal)?
        };
        let items = self.inbox_items(rows, now);
        Ok(Inbox { filter: list.code().to_string(), order: order.code(), items, total, page, page_size: PAGE_SIZE, center })
    }

    async fn dispatch_units(&self, user: &StaffUser) -> Result<Vec<app::api::requests::UnitOption>, AppError> {
        let world = self.world();
        Ok(crate::service::dispatch_targets(&world, &Self::actor(user)?))
    }

    async fn queue_counts(&self, user: &StaffUser) -> Result<QueueCounts, AppError> {
        let world = self.world();
        let path = world.path(&user.unit_id);
        let now = Utc::now();
        let amber_end = amber_end(&world, now);
        let store = &self.store;
        let count = |statuses: &'static [AssignmentStatusCode]| store.count_subtree_assignments(&path, statuses);
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
            count(&AWAITING_REVIEW).await.map_err(internal)?
        };
        Ok(QueueCounts {
            registered,
            to_acknowledge: count(&[AssignmentStatusCode::Received]).await.map_err(internal)?,
            handling: count(&[AssignmentStatusCode::Handling]).await.map_err(internal)?,
            awaiting_review,
            due_soon: due_by_amber - overdue,
            overdue,
        })
    }
}
