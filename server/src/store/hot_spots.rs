//! Hot spots as the center keeps them (migration 0007): what the detector
//! found, which requests belong, and whether the center closed it. A spot
//! found again grows; new calls to a closed spot open it again.

use super::sql::placeholders;
use super::staff_notices::{self, StaffNoticeRow};
use super::{from_millis, millis, Store};
use crate::search::HotSpot;
use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, Row};

/// The notice kind of a hot spot; its `request_number` holds the spot's id.
pub const HOT_SPOT_NOTICE: &str = "hot_spot";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HotSpotRow {
    pub id: i64,
    pub county: String,
    pub township: Option<String>,
    pub words: Vec<String>,
    pub size: i64,
    pub first_at: DateTime<Utc>,
    pub last_at: DateTime<Utc>,
    pub detected_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_by: Option<String>,
}

/// What recording a detected spot did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recorded {
    /// A new spot, announced to the center.
    New(i64),
    /// A closed spot got new calls: open again, announced again.
    Reopened(i64),
    /// An open spot took the new calls (or had them all).
    Grew(i64),
}

const HOT_SPOT_COLUMNS: &str = "id, county, township, words, size, first_at, last_at, detected_at, closed_at, closed_by";

fn hot_spot_row(r: &sqlx::any::AnyRow) -> HotSpotRow {
    let words: String = r.get(3);
    HotSpotRow {
        id: r.get(0),
        county: r.get(1),
        township: r.get(2),
        words: words.split_whitespace().map(str::to_string).collect(),
        size: r.get(4),
        first_at: from_millis(r.get(5)),
        last_at: from_millis(r.get(6)),
        detected_at: from_millis(r.get(7)),
        closed_at: r.get::<Option<i64>, _>(8).map(from_millis),
        closed_by: r.get(9),
    }
}

/// Members looked up to find the spot a group already is: its oldest,
/// which an earlier pass recorded (a spot of thousands of look-alike calls
/// is not looked up by all of them).
const KNOWN_BY: usize = 200;
/// Members added per statement.
const MEMBERS_PER_INSERT: usize = 100;

/// The spot of the same place that already holds one of the group's oldest
/// requests, newest first.
async fn known_spot(conn: &mut AnyConnection, spot: &HotSpot) -> Result<Option<(i64, bool)>, sqlx::Error> {
    let oldest = &spot.numbers[..spot.numbers.len().min(KNOWN_BY)];
    let sql = format!(
        "SELECT h.id, h.closed_at FROM hot_spots h JOIN hot_spot_members m ON m.hot_spot_id = h.id
         WHERE h.county = $1 AND COALESCE(h.township, '') = $2 AND m.number IN ({})
         ORDER BY h.id DESC LIMIT 1",
        placeholders(3, oldest.len())
    );
    let q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&spot.county).bind(spot.township.clone().unwrap_or_default());
    let row = oldest.iter().fold(q, |q, n| q.bind(n)).fetch_optional(&mut *conn).await?;
    Ok(row.map(|r| (r.get(0), r.get::<Option<i64>, _>(1).is_some())))
}

/// Adds the members `id` lacks, a hundred per statement; returns how many were new.
async fn add_members(conn: &mut AnyConnection, id: i64, numbers: &[String]) -> Result<usize, sqlx::Error> {
    let mut added = 0;
    for chunk in numbers.chunks(MEMBERS_PER_INSERT) {
        let values = (0..chunk.len()).map(|i| format!("($1, ${})", i + 2)).collect::<Vec<_>>().join(", ");
        let sql = format!("INSERT INTO hot_spot_members (hot_spot_id, number) VALUES {values} ON CONFLICT (hot_spot_id, number) DO NOTHING");
        let q = chunk.iter().fold(sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id), |q, n| q.bind(n));
        added += q.execute(&mut *conn).await?.rows_affected() as usize;
    }
    Ok(added)
}

impl Store {
    /// The snapshots of the requests registered after `since`, newest first, at most `limit`.
    pub async fn snapshots_registered_since(&self, since: DateTime<Utc>, limit: i64) -> anyhow::Result<Vec<String>> {
        let rows = sqlx::query("SELECT snapshot FROM requests WHERE registered_at > $1 ORDER BY registered_at DESC LIMIT $2")
            .bind(millis(since))
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// Records what the detector found; a new or reopened spot is announced
    /// to `center` in the same transaction (`text` is the notice's words).
    pub async fn record_hot_spot(&self, spot: HotSpot, center: String, text: String, now: DateTime<Utc>) -> anyhow::Result<Recorded> {
        anyhow::ensure!(!spot.numbers.is_empty(), "a hot spot without requests");
        self.write(move |conn| {
            Box::pin(async move {
                let words = spot.words.join(" ");
                let recorded = match known_spot(conn, &spot).await? {
                    Some((id, closed)) => {
                        let added = add_members(conn, id, &spot.numbers).await?;
                        let reopen = closed && added > 0;
                        sqlx::query(
                            "UPDATE hot_spots SET words = $1, size = size + $5,
                             last_at = CASE WHEN last_at > $3 THEN last_at ELSE $3 END,
                             closed_at = CASE WHEN $4 = 1 THEN NULL ELSE closed_at END,
                             closed_by = CASE WHEN $4 = 1 THEN NULL ELSE closed_by END
                             WHERE id = $2",
                        )
                        .bind(&words)
                        .bind(id)
                        .bind(millis(spot.last_at))
                        .bind(i64::from(reopen))
                        .bind(added as i64)
                        .execute(&mut *conn)
                        .await?;
                        if reopen { Recorded::Reopened(id) } else { Recorded::Grew(id) }
                    }
                    None => {
                        let id: i64 = sqlx::query(
                            "INSERT INTO hot_spots (county, township, words, size, first_at, last_at, detected_at)
                             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                        )
                        .bind(&spot.county)
                        .bind(&spot.township)
                        .bind(&words)
                        .bind(spot.numbers.len() as i64)
                        .bind(millis(spot.first_at))
                        .bind(millis(spot.last_at))
                        .bind(millis(now))
                        .fetch_one(&mut *conn)
                        .await?
                        .get(0);
                        add_members(conn, id, &spot.numbers).await?;
                        Recorded::New(id)
                    }
                };
                if let Recorded::New(id) | Recorded::Reopened(id) = recorded {
                    let notice = StaffNoticeRow { unit_id: center, kind: HOT_SPOT_NOTICE.into(), request_number: id.to_string(), body: text };
                    staff_notices::insert(conn, &notice, millis(now)).await?;
                }
                Ok((recorded, true))
            })
        })
        .await
    }

    /// Hot spots, open ones first, then the newest.
    pub async fn hot_spots(&self, limit: i64) -> anyhow::Result<Vec<HotSpotRow>> {
        let sql = format!(
            "SELECT {HOT_SPOT_COLUMNS} FROM hot_spots
             ORDER BY CASE WHEN closed_at IS NULL THEN 0 ELSE 1 END, last_at DESC LIMIT $1"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(limit).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(hot_spot_row).collect())
    }

    /// Hot spots with calls in `[from, to)`, the largest first.
    pub async fn hot_spots_between(&self, from: DateTime<Utc>, to: DateTime<Utc>, limit: i64) -> anyhow::Result<Vec<HotSpotRow>> {
        let sql = format!(
            "SELECT {HOT_SPOT_COLUMNS} FROM hot_spots WHERE first_at < $2 AND last_at >= $1 ORDER BY size DESC, id LIMIT $3"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(millis(from)).bind(millis(to)).bind(limit).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(hot_spot_row).collect())
    }

    /// One hot spot and its requests' numbers, oldest first.
    pub async fn hot_spot(&self, id: i64) -> anyhow::Result<Option<(HotSpotRow, Vec<String>)>> {
        let sql = format!("SELECT {HOT_SPOT_COLUMNS} FROM hot_spots WHERE id = $1");
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&self.pool).await? else {
            return Ok(None);
        };
        let members = sqlx::query(
            "SELECT m.number FROM hot_spot_members m LEFT JOIN requests r ON r.number = m.number
             WHERE m.hot_spot_id = $1 ORDER BY r.registered_at, m.number",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(Some((hot_spot_row(&row), members.iter().map(|r| r.get(0)).collect())))
    }

    /// Closes an open spot (dealt with); false when it was not open.
    pub async fn close_hot_spot(&self, id: i64, by: String, now: DateTime<Utc>) -> anyhow::Result<bool> {
        self.write(move |conn| {
            Box::pin(async move {
                let done = sqlx::query("UPDATE hot_spots SET closed_at = $1, closed_by = $2 WHERE id = $3 AND closed_at IS NULL")
                    .bind(millis(now))
                    .bind(&by)
                    .bind(id)
                    .execute(&mut *conn)
                    .await?;
                Ok((done.rows_affected() == 1, true))
            })
        })
        .await
    }
}
