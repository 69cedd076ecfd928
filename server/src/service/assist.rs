//! The intake desk's assist while the caller is on the line (Art. 7): the
//! likely category and handling unit, voted by the most similar past
//! requests that a unit took on and kept, and open requests of the same
//! place saying nearly the same (a repeat, Art. 12(7), 14(5), or one to
//! merge into). Suggestions only: the agent decides.

use super::{internal, is_center_role, Service};
use crate::search::{similarity, vote, DocKind, Filter, NEIGHBOURS};
use app::api::views::{Assist, AssistQuery, DuplicateCandidate, StaffUser, Suggestion};
use app::api::AppError;
use app::domain::request::state_label;
use app::domain::unit::UnitId;
use chrono::{Duration, Utc};

/// Suggestions shown per kind.
const SHOWN: usize = 3;
/// How far back an open request counts as a possible original (`HOTLINE_DUPLICATE_DAYS`, default 30).
pub(super) fn duplicate_window_days() -> i64 {
    super::settings::positive("HOTLINE_DUPLICATE_DAYS", 30)
}
/// The share of the call's words an open request must share to be shown.
const DUPLICATE_SIMILARITY: f32 = 0.5;
const DUPLICATES_SHOWN: usize = 5;

fn percent(share: f32) -> u8 {
    (share * 100.0).round().clamp(0.0, 100.0) as u8
}

impl Service {
    pub(super) async fn assist_call(&self, user: &StaffUser, q: AssistQuery) -> Result<Assist, AppError> {
        if !is_center_role(user.role) {
            return Err(AppError::Forbidden("只有热线中心可以使用来电辅助".into()));
        }
        let words: String = q.text.chars().take(500).collect();
        if words.trim().is_empty() {
            return Ok(Assist::default());
        }
        let world = self.world();
        let taught = Filter { kind: Some(DocKind::Request), taught: Some(true), ..Filter::default() };
        let neighbours = self.find(&words, taught, NEIGHBOURS, 0, false).await?.hits;
        let categories = vote(&neighbours, |h| h.category.as_deref())
            .into_iter()
            .take(SHOWN)
            .map(|(code, share)| Suggestion { name: world.category_names.get(&code).cloned().unwrap_or_else(|| code.clone()), code, confidence: percent(share) })
            .collect();
        let units = vote(&neighbours, |h| h.final_unit.as_deref())
            .into_iter()
            .filter_map(|(code, share)| {
                let id = UnitId::parse(&code).ok()?;
                // A unit since deactivated or removed is no suggestion.
                world.units.get(&id).filter(|u| u.active)?;
                Some(Suggestion { name: world.units.name_of(&id), code, confidence: percent(share) })
            })
            .take(SHOWN)
            .collect();
        let place = Filter {
            kind: Some(DocKind::Request),
            open: Some(true),
            county: Some(q.county.trim().to_string()).filter(|c| !c.is_empty()),
            township: Some(q.township.trim().to_string()).filter(|t| !t.is_empty()),
            from: Some(Utc::now() - Duration::days(duplicate_window_days())),
            ..Filter::default()
        };
        let duplicates = self
            .find(&words, place, DUPLICATES_SHOWN * 2, 0, false)
            .await?
            .hits
            .into_iter()
            .filter_map(|h| {
                let share = similarity(&words, &format!("{} {}", h.title, h.body));
                (share >= DUPLICATE_SIMILARITY).then_some((h, share))
            })
            .take(DUPLICATES_SHOWN)
            .collect::<Vec<_>>();
        let states = self.store.request_states(&duplicates.iter().map(|(h, _)| h.key.clone()).collect::<Vec<_>>()).await.map_err(internal)?;
        let duplicates = duplicates
            .into_iter()
            .map(|(h, share)| DuplicateCandidate {
                state: states.get(&h.key).map(|s| state_label(s).to_string()).unwrap_or_default(),
                registered: super::china_time::day(h.at),
                number: h.key,
                title: h.title,
                similarity: percent(share),
            })
            .collect();
        Ok(Assist { categories, units, duplicates })
    }
}
