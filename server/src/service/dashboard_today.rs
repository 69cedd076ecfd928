//! The dashboard's today beyond the open work (Art. 29, 32, 33): every
//! emergency registered today or still open, with whether its 30-minute
//! notice to the units was met, and how many Art. 32 warnings went out
//! since midnight (China time) — in the viewer's scope.

use super::china_time::hour_minute;
use super::{internal, Service};
use app::api::auth::StaffUser;
use app::api::dashboard::{EmergencyLine, TodayView};
use app::api::AppError;
use app::domain::deadline::{cst, cst_date, end_of_day};
use app::domain::request::Request;
use app::domain::state_code::StateCode;
use chrono::{DateTime, Duration, Utc};

/// The most emergencies the panel lists.
const EMERGENCY_READS: i64 = 200;

/// The 30-minute notice in words, and `met`, `missed` or `pending`.
fn notice_words(req: &Request, now: DateTime<Utc>) -> (String, &'static str) {
    let Some(e) = req.emergency_notice() else { return (String::new(), "pending") };
    let started = e.notify_by - Duration::minutes(30);
    match e.notified_at {
        Some(at) if at <= e.notify_by => (format!("{} 已通知承办单位（用时 {} 分钟）", hour_minute(at), (at - started).num_minutes().max(0)), "met"),
        Some(at) => (format!("{} 才通知承办单位（超过 30 分钟）", hour_minute(at)), "missed"),
        None if now > e.notify_by => (format!("超过 30 分钟未通知承办单位（应于 {} 前）", hour_minute(e.notify_by)), "missed"),
        None => (format!("待通知承办单位（{} 前）", hour_minute(e.notify_by)), "pending"),
    }
}

impl Service {
    pub(super) async fn today_view(&self, user: &StaffUser) -> Result<TodayView, AppError> {
        let world = self.world();
        let scope = world.request_scope(&user.unit_id, user.role);
        let now = Utc::now();
        // Midnight China time: the end of yesterday.
        let midnight = cst_date(now).pred_opt().map(end_of_day).unwrap_or(now);
        let open: Vec<&str> = StateCode::ALL.iter().filter(|s| s.is_open()).map(|s| s.code()).collect();
        let snapshots = self.store.emergency_snapshots(&scope, midnight, &open, EMERGENCY_READS).await.map_err(internal)?;
        let mut emergencies = Vec::new();
        for snapshot in &snapshots {
            let req: Request = serde_json::from_str(snapshot).map_err(internal)?;
            let (notice, notice_state) = notice_words(&req, now);
            emergencies.push(EmergencyLine {
                number: req.number().to_string(),
                title: req.title().as_str().to_string(),
                registered: req.registered_at().with_timezone(&cst()).format("%-m月%-d日 %H:%M").to_string(),
                notice,
                notice_state: notice_state.to_string(),
                state: req.state_label().to_string(),
            });
        }
        let warnings = self.store.warnings_sent_since(&scope, midnight).await.map_err(internal)?;
        Ok(TodayView { emergencies, warnings: warnings.max(0) as u64 })
    }
}
