//! Calendar declarations kept in the store: imported national notices for
//! new years and the regional layer. The shipped 2020–2026 data is compiled
//! in; the store adds to it.

use super::{millis, Store};
use app::domain::calendar::{DeclaredDay, HolidayNotice, Layer, WorkCalendar};
use chrono::{NaiveDate, Utc};
use sqlx::Row;

impl Store {
    /// Saves a notice into a layer (replacing earlier declarations of the same days).
    pub async fn import_notice(&self, notice: &HolidayNotice, layer: Layer, source: &str) -> anyhow::Result<()> {
        let mut tx = self.writer.begin().await?;
        for d in &notice.days {
            sqlx::query("DELETE FROM calendar_days WHERE layer = $1 AND day = $2")
                .bind(layer.code())
                .bind(d.date.to_string())
                .execute(&mut *tx)
                .await?;
            sqlx::query("INSERT INTO calendar_days (layer, day, name, off) VALUES ($1, $2, $3, $4)")
                .bind(layer.code())
                .bind(d.date.to_string())
                .bind(&d.name)
                .bind(i64::from(d.off))
                .execute(&mut *tx)
                .await?;
        }
        let years = match layer {
            Layer::National => "calendar_years",
            Layer::Regional => "calendar_regional_years",
        };
        sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {years} WHERE year = $1")))
            .bind(i64::from(notice.year))
            .execute(&mut *tx)
            .await?;
        sqlx::query(sqlx::AssertSqlSafe(format!("INSERT INTO {years} (year, source, imported_at) VALUES ($1, $2, $3)")))
            .bind(i64::from(notice.year))
            .bind(source)
            .bind(millis(Utc::now()))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The shipped calendar plus everything imported into the store.
    pub async fn calendar(&self) -> anyhow::Result<WorkCalendar> {
        let mut cal = WorkCalendar::builtin();
        for r in sqlx::query("SELECT year FROM calendar_years").fetch_all(&self.pool).await? {
            cal.cover_year(r.get::<i64, _>(0) as i32);
        }
        for r in sqlx::query("SELECT year FROM calendar_regional_years").fetch_all(&self.pool).await? {
            cal.cover_regional_year(r.get::<i64, _>(0) as i32);
        }
        for r in sqlx::query("SELECT layer, day, name, off FROM calendar_days ORDER BY layer, day")
            .fetch_all(&self.pool)
            .await?
        {
            let layer = Layer::parse(&r.get::<String, _>(0));
            let date = NaiveDate::parse_from_str(&r.get::<String, _>(1), "%Y-%m-%d");
            if let (Some(layer), Ok(date)) = (layer, date) {
                cal.declare(layer, DeclaredDay { date, name: r.get(2), off: r.get::<i64, _>(3) != 0 });
            }
        }
        Ok(cal)
    }
}
