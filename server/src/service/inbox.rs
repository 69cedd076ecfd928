//! Work lists for staff: a unit sees the open assignments of its subtree,
//! the center everything dispatched and what awaits acceptance; filtered by
//! step and deadline (SPEC §4 warnings), earliest deadline first, paged.

use super::{internal, Service};
use crate::store::{InboxQuery, InboxRow};
use app::api::views::{Inbox, InboxItem, StaffUser};
use app::api::AppError;
use app::domain::deadline::{cst, cst_date, end_of_day};
use app::domain::types::RequestType;
use app::domain::unit::UnitId;
use chrono::{DateTime, Utc};

pub const PAGE_SIZE: i64 = 50;

/// The filters a work list offers.
pub const FILTERS: [&str; 7] = ["to_acknowledge", "handling", "awaiting_review", "due_soon", "overdue", "open", "registered"];

fn state_label(state: &str) -> &'static str {
    match state {
        "registered" => "待受理",
        "rejected" => "不予受理",
        "answered" => "已答复",
        "dispatched" => "待签收",
        "handling" => "办理中",
        "return_requested" => "申请退回",
        "redispatch" => "待重新派单",
        "completion_review" => "办结审核",
        "closed" => "已办结待评价",
        "supplementary" => "补充答复",
        "redo" => "重新办理",
        "callback" => "待回访",
        "finished" => "已办结",
        _ => "其他",
    }
}

fn status_label(status: &str) -> &'static str {
    match status {
        "received" => "待签收",
        "handling" => "办理中",
        "return_requested" => "申请退回中",
        "returned" => "已退回",
        "submitted" => "已提交结果",
        "done" => "已完成",
        _ => "其他",
    }
}

impl Service {
    pub async fn inbox_page(&self, user: &StaffUser, filter: &str, page: i64) -> Result<Inbox, AppError> {
        if !FILTERS.contains(&filter) {
            return Err(AppError::Invalid(format!("未知的筛选条件：{filter}")));
        }
        let page = page.clamp(1, 100_000);
        let offset = (page - 1) * PAGE_SIZE;
        let world = self.world();
        let now = Utc::now();
        // Amber: due by the end of the next working day's count (today included, SPEC §4).
        let amber_end = end_of_day(world.calendar.nth_working_day(cst_date(now), 1).date);
        let (rows, total) = if filter == "registered" {
            if !world.is_root(&user.unit_id) {
                return Err(AppError::Forbidden("只有热线中心受理登记事项".into()));
            }
            self.store.registered_inbox(PAGE_SIZE, offset).await.map_err(internal)?
        } else {
            let q = match filter {
                "to_acknowledge" => InboxQuery { statuses: &["received"], ..Default::default() },
                "handling" => InboxQuery { statuses: &["handling"], ..Default::default() },
                "awaiting_review" => InboxQuery { statuses: &["return_requested", "submitted"], ..Default::default() },
                "due_soon" => InboxQuery { due_from: Some(now), due_before: Some(amber_end), ..Default::default() },
                "overdue" => InboxQuery { due_before: Some(now), ..Default::default() },
                _ => InboxQuery::default(),
            };
            self.store.subtree_inbox(&world.path(&user.unit_id), &q, PAGE_SIZE, offset).await.map_err(internal)?
        };
        let warning = |due: Option<DateTime<Utc>>| match due {
            Some(d) if d <= now => "red",
            Some(d) if d <= amber_end => "amber",
            _ => "normal",
        };
        let items = rows
            .into_iter()
            .map(|r: InboxRow| InboxItem {
                request_type: RequestType::parse(&r.request_type).map(|t| t.label().to_string()).unwrap_or(r.request_type),
                state: state_label(&r.state).to_string(),
                emergency: r.emergency,
                unit_name: r.unit_id.as_deref().and_then(|u| UnitId::parse(u).ok()).map(|u| world.units.name_of(&u)),
                status: r.status.as_deref().map(|s| status_label(s).to_string()),
                due: r.due_at.map(|d| d.with_timezone(&cst()).format("%m-%d %H:%M").to_string()),
                warning: warning(r.due_at).to_string(),
                number: r.number,
                title: r.title,
            })
            .collect();
        Ok(Inbox { filter: filter.to_string(), items, total, page, page_size: PAGE_SIZE })
    }
}
