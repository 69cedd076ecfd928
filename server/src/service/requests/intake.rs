//! The intake desk while the caller is on the line (Art. 7).
//!
//! The caller's earlier requests by phone number, so that repeats are seen
//! (Art. 12(7), 14(5)): only the center's roles may look a number up, and
//! every look-up is audited.
//!
//! The assist: the likely category and handling unit, voted by the most
//! similar past requests that a unit took on and kept, and open requests of
//! the same place saying nearly the same (a repeat, Art. 12(7), 14(5), or
//! one to merge into). Suggestions only: the agent decides.

use app::api::AppError;
use app::api::auth::StaffUser;
use app::api::intake::{Assist, AssistQuery, CallerRequest, DuplicateCandidate, Suggestion};
use app::domain::request::{is_open_state, state_label};
use app::domain::types::{AuditAction, Phone};
use app::domain::unit::UnitId;
use chrono::{Duration, Utc};
use crate::search::{similarity, vote, DocKind, Filter, NEIGHBOURS};
use crate::store::AuditEntry;
use crate::service::{internal, is_center_role, Service};
use app::api::intake::IntakeBackend;

/// Suggestions shown per kind.
const SHOWN: usize = 3;
/// How far back an open request counts as a possible original (`HOTLINE_DUPLICATE_DAYS`, default 30).
pub(in crate::service) fn duplicate_window_days() -> i64 {
    crate::service::settings::positive("HOTLINE_DUPLICATE_DAYS", 30)
}
/// The share of the call's words an open request must share to be shown.
const DUPLICATE_SIMILARITY: f32 = 0.5;
const DUPLICATES_SHOWN: usize = 5;

fn percent(share: f32) -> u8 {
    (share * 100.0).round().clamp(0.0, 100.0) as u8
}

/// How many agreeing neighbours count as much as the doubt we start with: a
/// suggestion's confidence is its share of the vote times `n / (n + PRIOR)`,
/// so three of three neighbours say 38 %, twenty of twenty 80 %, never 100 %.
const PRIOR_NEIGHBOURS: f32 = 5.0;

/// The confidence of a `share` of the vote cast by `voters` neighbours.
fn confidence(share: f32, voters: usize) -> u8 {
    let n = voters as f32;
    percent(share * n / (n + PRIOR_NEIGHBOURS))
}

/// How much a unit's vote counts for a call from `county` (Art. 4: each
/// county's office handles its own): fully for a unit of that county or of
/// the prefecture (which serves every county), a fifth for another county's.
fn place_weight(world: &crate::service::world::World, unit: &UnitId, county: &str) -> f32 {
    let county = county.trim();
    let scope = world.units.dispatch_scope(unit).and_then(|s| world.units.get(s));
    match scope {
        Some(office) if office.parent.is_some() && !county.is_empty() && !office.name.as_str().starts_with(county) => 0.2,
        _ => 1.0,
    }
}


/// How many earlier requests the desk shows.
const HISTORY_LENGTH: i64 = 20;

#[async_trait::async_trait]
impl IntakeBackend for Service {
    async fn assist(&self, user: &StaffUser, q: AssistQuery) -> Result<Assist, AppError> {
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
        let voters = |value: fn(&crate::search::Hit) -> Option<&str>| neighbours.iter().filter(|h| value(h).is_some()).count();
        let category_voters = voters(|h| h.category.as_deref());
        let categories = vote(&neighbours, |h| h.category.as_deref())
            .into_iter()
            .take(SHOWN)
            .map(|(code, share)| Suggestion {
                name: world.category_name(&code),
                code,
                confidence: confidence(share, category_voters),
            })
            .collect();
        let unit_voters = voters(|h| h.final_unit.as_deref());
        let mut units: Vec<(Suggestion, f32)> = vote(&neighbours, |h| h.final_unit.as_deref())
            .into_iter()
            .filter_map(|(code, share)| {
                let id = UnitId::parse(&code).ok()?;
                // A unit since deactivated or removed is no suggestion.
                world.units.get(&id).filter(|u| u.active)?;
                let share = share * place_weight(&world, &id, &q.county);
                Some((Suggestion { name: world.units.name_of(&id), code, confidence: confidence(share, unit_voters) }, share))
            })
            .collect();
        // The place weighs in: another county's unit falls behind.
        units.sort_by(|a, b| b.1.total_cmp(&a.1));
        let units = units.into_iter().map(|(s, _)| s).take(SHOWN).collect();
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
                registered: crate::service::china_time::day(h.at),
                number: h.key,
                title: h.title,
                similarity: percent(share),
            })
            .collect();
        Ok(Assist { categories, units, duplicates })
    }

    async fn caller_history(&self, user: &StaffUser, phone: &str) -> Result<Vec<CallerRequest>, AppError> {
        if !is_center_role(user.role) {
            return Err(AppError::Forbidden("只有热线中心可以按来电号码查询".into()));
        }
        let phone = Phone::parse(phone).map_err(|_| AppError::Invalid("请输入来电号码：手机、固定电话（如 0999-8021234）或境外号码（+…）".into()))?;
        self.store
            .audit(&AuditEntry {
                at: Utc::now(),
                username: user.username.clone(),
                action: AuditAction::CallerHistory,
                request_number: None,
                reason: Some("来电登记".into()),
                detail: Some(phone.masked()),
            })
            .await
            .map_err(internal)?;
        let since = chrono::Utc::now() - chrono::Duration::days(duplicate_window_days());
        // A county's office sees the caller's requests of its own subtree (Art. 4).
        let office = self.world().office_queues(&user.unit_id, user.role);
        let rows = self.store.requests_of_phone_in(phone.reveal(), office.path(), HISTORY_LENGTH).await.map_err(internal)?;
        Ok(rows
            .into_iter()
            .map(|(number, title, state, registered_at)| {
                let registered = crate::store::from_millis(registered_at);
                CallerRequest {
                    number,
                    title,
                    repeat_candidate: is_open_state(&state) && registered >= since,
                    state: state_label(&state).to_string(),
                    registered: crate::service::china_time::day(registered),
                }
            })
            .collect())
    }
}
