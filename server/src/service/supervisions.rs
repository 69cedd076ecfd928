//! The supervision list (Art. 31): every running supervision in the
//! viewer's scope — a hotline office's requests (the center's: all), or
//! what a unit's subtree is supervised on — overdue first, then by the last
//! day to respond. Read from the snapshots of the requests under supervision.

use super::{internal, Service};
use app::api::auth::StaffUser;
use app::api::supervisions::{SupervisionBackend, SupervisionLine, SupervisionList};
use app::api::AppError;
use app::domain::countdown::{countdown, month_day, Countdown};
use app::domain::deadline::cst_date;
use app::domain::machine::article_words;
use app::domain::request::Request;
use app::domain::types::{Role, SupervisionStage};
use app::domain::unit::UnitId;
use chrono::Utc;

/// The most requests under supervision one list reads.
const READ_LIMIT: i64 = 2000;

/// The list's filters, in tab order.
const FILTERS: [(&str, &str); 3] = [("running", "全部在办督办"), ("overdue", "逾期未反馈"), ("awaiting_verdict", "反馈待审核")];

/// Time left to respond, in working days as the Measures count them.
fn left_words(c: &Countdown) -> String {
    match c {
        Countdown::Days { left, .. } => format!("还剩 {left} 个工作日"),
        Countdown::LastDay { .. } => "今天是最后一天".into(),
        Countdown::NextWorkingDay { .. } => "还剩 1 个工作日".into(),
        Countdown::Overdue { days, .. } => format!("已逾期 {days} 个工作日"),
    }
}

#[async_trait::async_trait]
impl SupervisionBackend for Service {
    async fn supervisions(&self, user: &StaffUser, filter: &str) -> Result<SupervisionList, AppError> {
        let filter = match filter.trim() {
            "" => "running",
            f if FILTERS.iter().any(|(code, _)| *code == f) => f,
            f => return Err(AppError::Invalid(format!("未知的筛选条件：{f}"))),
        };
        let world = self.world();
        let office = world.office_queues(&user.unit_id, user.role);
        let own = UnitId::parse(&user.unit_id).map_err(|_| AppError::Forbidden("未知的单位".into()))?;
        let snapshots = self.store.supervised_snapshots(&world.request_scope(&user.unit_id, user.role), READ_LIMIT).await.map_err(internal)?;
        let truncated = snapshots.len() as i64 >= READ_LIMIT;
        let now = Utc::now();
        let mut lines: Vec<(SupervisionLine, chrono::NaiveDate)> = Vec::new();
        for snapshot in &snapshots {
            let req: Request = serde_json::from_str(snapshot).map_err(internal)?;
            for s in req.supervisions().iter().filter(|s| s.is_running()) {
                if !office.any() && !world.units.is_within(&s.unit, &own) {
                    continue;
                }
                let stage = s.stage();
                let clock = countdown(&world.calendar, s.due.last_day, now);
                let waiting = stage == SupervisionStage::AwaitingResponse;
                let line = SupervisionLine {
                    number: req.number().to_string(),
                    title: req.title().as_str().to_string(),
                    unit: world.units.name_of(&s.unit),
                    source: format!("{}（{}）", s.source.text(), article_words(&s.source.article())),
                    opened: month_day(cst_date(s.opened_at)),
                    due: format!("截止{}", month_day(s.due.last_day)),
                    left: if waiting { left_words(&clock) } else { String::new() },
                    stage: stage.code().to_string(),
                    stage_label: stage.label().to_string(),
                    overdue: waiting && clock.is_overdue(),
                    found_wanting: s.found_wanting.len() as u32,
                };
                lines.push((line, s.due.last_day));
            }
        }
        let count = |code: &str| lines.iter().filter(|(l, _)| keeps(code, l)).count() as u32;
        let filters = FILTERS.iter().map(|(code, label)| (code.to_string(), label.to_string(), count(code))).collect();
        lines.retain(|(l, _)| keeps(filter, l));
        lines.sort_by(|(a, a_due), (b, b_due)| b.overdue.cmp(&a.overdue).then(a_due.cmp(b_due)).then(a.number.cmp(&b.number)));
        Ok(SupervisionList {
            filter: filter.to_string(),
            filters,
            lines: lines.into_iter().map(|(l, _)| l).collect(),
            judges: office.any() && user.role == Role::Reviewer,
            truncated,
            oversight: self.oversight_reader(user).is_ok(),
        })
    }
}

/// Whether `filter` shows the line.
fn keeps(filter: &str, line: &SupervisionLine) -> bool {
    match filter {
        "overdue" => line.overdue,
        "awaiting_verdict" => line.stage == SupervisionStage::AwaitingVerdict.code(),
        _ => true,
    }
}
