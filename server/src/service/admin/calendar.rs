//! The working-day calendar for administrators: a year's holidays and
//! adjusted working days (national and regional) with the working days per
//! month; importing the State Council's notice for a new year; declaring a
//! regional holiday or make-up working day. Changes are audited and take
//! effect at once (the world is reloaded).

use crate::service::{internal, Service};
use app::api::admin::{CalendarBackend, CalendarChange, CalendarDayView, CalendarYear};
use app::api::auth::StaffUser;
use app::api::AppError;
use app::domain::calendar::{DeclaredDay, HolidayNotice, Layer};
use app::domain::types::{AuditAction, Role};
use app::domain::deadline::cst_date;
use chrono::{Datelike, NaiveDate, Utc};

#[async_trait::async_trait]
impl CalendarBackend for Service {
    async fn calendar_year(&self, _user: &StaffUser, year: i32) -> Result<CalendarYear, AppError> {
        if !(2000..=2200).contains(&year) {
            return Err(AppError::Invalid("年份超出范围".into()));
        }
        let world = self.world();
        let cal = &world.calendar;
        let days = cal
            .declared_in(year)
            .into_iter()
            .map(|(layer, d)| CalendarDayView { date: d.date.to_string(), name: d.name, off: d.off, layer: layer.code().to_string() })
            .collect();
        let working_days = (1..=12)
            .map(|month| {
                let first = NaiveDate::from_ymd_opt(year, month, 1);
                let next = if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, month + 1, 1) };
                match (first, next) {
                    (Some(f), Some(n)) => f.iter_days().take_while(|d| *d < n).filter(|d| cal.is_working_day(*d).unwrap_or(d.weekday().number_from_monday() <= 5)).count() as u32,
                    _ => 0,
                }
            })
            .collect();
        Ok(CalendarYear { year, covered: cal.covers(year), days, working_days })
    }

    async fn change_calendar(&self, user: &StaffUser, change: CalendarChange) -> Result<(), AppError> {
        if user.role != Role::Admin {
            return Err(AppError::Forbidden("只有系统管理员可以修改节假日安排".into()));
        }
        let (notice, layer, detail) = match change {
            CalendarChange::Import { layer, json } => {
                let layer = Layer::parse(layer.trim()).ok_or_else(|| AppError::Invalid("请选择全国或本地区".into()))?;
                let notice = HolidayNotice::parse(&json)
                    .map_err(|e| AppError::Invalid(format!("无法读取节假日安排（应为 holiday-cn 格式的 JSON）：{e}")))?;
                let detail = format!(
                    "导入{}年{}节假日安排，共 {} 天",
                    notice.year,
                    if layer == Layer::National { "国务院" } else { "自治区" },
                    notice.days.len()
                );
                (notice, layer, detail)
            }
            CalendarChange::Regional { date, name, off } => {
                let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
                    .map_err(|_| AppError::Invalid("日期应为 年-月-日，例如 2026-06-01".into()))?;
                let name = name.trim().to_string();
                if name.is_empty() || name.chars().count() > 40 {
                    return Err(AppError::Invalid("请填写名称（40 字以内）".into()));
                }
                let detail = format!("自治区 {date} {name}：{}", if off { "放假" } else { "调休上班" });
                let notice = HolidayNotice { year: date.year(), papers: Vec::new(), days: vec![DeclaredDay { date, name, off }] };
                (notice, Layer::Regional, detail)
            }
        };
        self.store.import_notice(&notice, layer, &format!("admin:{}", user.username)).await.map_err(internal)?;
        self.audit_change(user, AuditAction::CalendarChange, detail).await?;
        self.reload_world().await
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
}
