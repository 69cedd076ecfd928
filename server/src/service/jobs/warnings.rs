//! The warning job (Art. 32): looks at the requests whose clocks may be
//! turning and sends each warning the domain calls for once, as a notice to
//! the unit or hotline office concerned (see `app::domain::warnings`).

use crate::service::{internal, live, Service};
use crate::store::StaffNoticeRow;
use app::domain::state_code::StateCode;
use app::api::AppError;
use app::domain::warnings::warnings_due;
use chrono::{DateTime, Duration, Utc};

impl Service {
    /// One pass at `now`; returns how many warnings were sent.
    pub async fn send_warnings(&self, now: DateTime<Utc>) -> Result<usize, AppError> {
        // A clock turns amber at most a working day before its end (a week
        // covers the longest holiday), and what changed lately may have a new
        // clock (an acknowledgement, a supervision, an extension decision).
        // A clock runs while the request is worked on (an open state).
        let running: Vec<StateCode> = StateCode::ALL.iter().copied().filter(|s| s.is_open()).collect();
        let numbers = self
            .store
            .warning_candidates(&running, now + Duration::days(10), now - Duration::days(30))
            .await
            .map_err(internal)?;
        let world = self.world();
        let mut sent = 0;
        for number in numbers {
            let (stored, req) = match self.load_request(None, &number).await {
                Ok(found) => found,
                Err(e) => {
                    tracing::warn!(%number, error = %e, "warnings skipped");
                    continue;
                }
            };
            let due: Vec<(String, StaffNoticeRow)> = warnings_due(&req, now, &world.ctx())
                .into_iter()
                .map(|w| {
                    let row = StaffNoticeRow { unit_id: w.notice.unit.to_string(), kind: w.notice.kind.into(), request_number: number.clone(), body: w.notice.text };
                    (w.key, row)
                })
                .collect();
            if due.is_empty() {
                continue;
            }
            // Most passes find nothing new: a read decides, so that the
            // writer is taken only for a warning not yet sent.
            let sent_before = self.store.sent_warning_keys(&number).await.map_err(internal)?;
            let due: Vec<_> = due.into_iter().filter(|(key, _)| !sent_before.contains(key)).collect();
            if due.is_empty() {
                continue;
            }
            let n = self.store.send_warnings(&number, &due, now).await.map_err(internal)?;
            if n > 0 {
                sent += n;
                self.live.publish(live::Change::of(None, &req, "warning", stored.version));
            }
        }
        Ok(sent)
    }
}
