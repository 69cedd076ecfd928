//! Keeps this instance's search index in step with the store. Writes queue
//! the keys of what they changed in their own transaction; the indexer
//! reads the queue on from its index's position, writes the records'
//! searchable copies and commits the index with its new position — so a
//! crash at any point leaves the keys to be read again, never a change
//! missed, and every instance serving the store keeps its own index in step
//! (issue 16 §1). An index that never finished a rebuild (new, or of
//! another schema), or whose position was purged from the queue, is rebuilt
//! from the whole store.

use crate::service::world::World;
use crate::service::Service;
use crate::search::{DocKind, IndexDoc, SearchIndex};
use crate::store::{Backend, KnowledgeRow, QueuedKey, QUEUE_ENTRY, QUEUE_REQUEST};
use app::domain::knowledge::in_force;
use app::domain::request::{AssignmentRole, AssignmentStatus, Request};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Queued keys read at a time.
const BATCH: i64 = 2000;
/// At most this many queued keys go into one index commit.
const PER_COMMIT: usize = 20_000;
/// How long the indexer gathers changes before a commit. Every commit
/// writes a new segment, and a segment's fixed cost (a term dictionary per
/// field, later a merge) is what indexing costs under load, not the
/// documents: fewer, bigger commits leave the cores to the requests.
const GATHER: Duration = Duration::from_secs(1);
/// Without any wake-up (changes by another process), it looks this often.
const INDEX_EVERY: Duration = Duration::from_secs(1);
/// Requests read per step of a rebuild.
const REBUILD_BATCH: i64 = 2000;
/// How long a missing queue position is waited for before it is taken for a
/// rolled-back change: on PostgreSQL a later position may become visible
/// before an earlier one's transaction commits.
const SETTLE: Duration = Duration::from_secs(10);
/// A rebuild reads the store as its transactions have committed; changes
/// queued this close before it started are read again after it (one still
/// committing may hold an earlier position than the last one seen).
const IN_FLIGHT: i64 = 1000;

/// The searchable copy of a request.
pub fn request_doc(req: &Request, world: &World) -> IndexDoc {
    let location = req.location();
    let mut body = req.content().as_str().to_string();
    if let Some(address) = location.and_then(|l| l.address()) {
        body.push('\n');
        body.push_str(address.as_str());
    }
    IndexDoc {
        kind: DocKind::Request,
        key: req.number().to_string(),
        title: req.title().as_str().to_string(),
        body,
        category: req.category().map(|c| c.as_str().to_string()),
        request_type: Some(req.request_type().code().to_string()),
        state: req.state_code().to_string(),
        open: req.is_open(),
        // The units that work on it, and the hotline office that owns it (a
        // county's office finds what it registered before any dispatch).
        units: req
            .assignments()
            .iter()
            .map(|a| world.path(a.forwarded_to().unwrap_or(a.unit()).as_str()))
            .chain([world.path(req.office().as_str())])
            .collect(),
        final_unit: final_unit(req),
        county: location.map(|l| l.county().as_str().to_string()),
        township: location.and_then(|l| l.township()).map(|t| t.as_str().to_string()),
        at: req.registered_at(),
    }
}

/// The unit that took the request on and kept it: the last lead or separate
/// unit that acknowledged it and did not give it back. What a dispatch
/// suggestion learns from.
fn final_unit(req: &Request) -> Option<String> {
    req.assignments()
        .iter()
        .rev()
        .find(|a| {
            matches!(a.role(), AssignmentRole::Lead | AssignmentRole::Separate)
                && matches!(a.status(), AssignmentStatus::Handling { .. } | AssignmentStatus::Submitted { .. } | AssignmentStatus::Done { .. })
        })
        .map(|a| a.unit().as_str().to_string())
}

/// Whether an entry's content is read today: a published version, in force.
pub fn entry_is_read(e: &KnowledgeRow, today: chrono::NaiveDate) -> bool {
    let day = |d: &Option<String>| d.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    e.live_version.is_some() && e.status != "expired" && in_force(day(&e.text.valid_from), day(&e.text.valid_until), today)
}

/// The searchable copy of a knowledge entry: `open` when it is read today
/// (the FAQ and the intake desk find only those; staff lists find all).
pub fn entry_doc(e: &KnowledgeRow, world: &World) -> IndexDoc {
    IndexDoc {
        kind: DocKind::Entry,
        key: e.code.clone(),
        title: e.text.question.clone(),
        body: format!("{}\n{}\n{}", e.text.answer, e.text.basis, e.text.tags),
        category: e.text.category.clone(),
        request_type: None,
        state: e.status.clone(),
        open: entry_is_read(e, app::domain::deadline::cst_date(chrono::Utc::now())),
        units: e.unit_id.iter().map(|u| world.path(u)).collect(),
        final_unit: None,
        county: None,
        township: None,
        at: e.updated_at,
    }
}

fn parse_snapshot(snapshot: &str) -> Option<Request> {
    match serde_json::from_str(snapshot) {
        Ok(req) => Some(req),
        Err(e) => {
            tracing::error!(error = %e, "a stored request does not parse; left out of the index");
            None
        }
    }
}

impl Service {
    /// Rebuilds the index when it is not complete or missed changes purged
    /// from the queue meanwhile, then takes in the queue.
    pub async fn catch_up_index(&self) -> anyhow::Result<()> {
        let first = self.store.first_queued().await?;
        let whole = self.index.completed_at(&self.store_id).is_some_and(|at| first == 0 || at >= first - 1);
        if !whole {
            let n = self.rebuild_index().await?;
            tracing::info!(documents = n, "search index rebuilt");
        }
        self.sync_index().await?;
        Ok(())
    }

    /// The queue position this instance's index holds every change up to.
    pub fn index_position(&self) -> i64 {
        self.index.completed_at(&self.store_id).unwrap_or(0)
    }

    /// Where the index holds every change up to, having also read `seqs`
    /// (in order): each next position in line moves it on; a missing one
    /// holds it until `SETTLE` has passed since it was first seen (then it
    /// was rolled back). Every gap among what was read is noted at once, so
    /// that gaps seen together settle together. SQLite commits one writer's
    /// changes in position order: a gap there never fills, and is passed.
    fn settle(&self, position: i64, seqs: &[i64]) -> i64 {
        let wait = if self.store.backend() == Backend::Sqlite { Duration::ZERO } else { SETTLE };
        let mut gaps = self.index_gaps.lock().unwrap_or_else(|p| p.into_inner());
        settled_position(position, seqs, &mut gaps, Instant::now(), wait)
    }

    /// Takes every change queued when it starts into the index (what comes
    /// meanwhile waits for the next pass, else a busy server would commit
    /// without pause); returns how many keys it read.
    pub async fn sync_index(&self) -> anyhow::Result<usize> {
        let _pass = self.index_pass.lock().await;
        let until = self.store.last_queued().await?;
        let mut position = self.index_position();
        let mut taken = 0;
        loop {
            // Up to PER_COMMIT keys, read a batch at a time, then one commit.
            // Always from the position, so that every gap after it is seen
            // (keys past a missing one are read again: putting a document
            // twice leaves one).
            let held = position;
            let mut after = position;
            let mut seqs: Vec<i64> = Vec::new();
            while seqs.len() < PER_COMMIT {
                let queued = self.store.queued_for_index_between(after, until, BATCH).await?;
                if queued.is_empty() {
                    break;
                }
                let (docs, gone) = self.docs_for(&queued).await?;
                self.index_blocking(move |index| index.put(&docs, &gone)).await?;
                seqs.extend(queued.iter().map(|q| q.seq));
                after = queued.last().map_or(after, |q| q.seq);
            }
            if seqs.is_empty() {
                return Ok(taken);
            }
            let (read, all) = (seqs.len(), seqs.len() < PER_COMMIT);
            position = self.settle(position, &seqs);
            let store_id = self.store_id.clone();
            self.index_blocking(move |index| index.commit(&store_id, false, position)).await?;
            taken += read;
            // Everything read, or held behind a gap: the next pass goes on.
            if all || position == held {
                return Ok(taken);
            }
        }
    }

    /// Empties the index and fills it from the whole store; returns the number of documents.
    pub async fn rebuild_index(&self) -> anyhow::Result<u64> {
        let _pass = self.index_pass.lock().await;
        let world = self.world();
        // Changes queued after this point (and a margin before) are taken in by the next sync.
        let queued_until = self.store.last_queued().await?;
        self.index_blocking(|index| index.clear()).await?;
        let mut after = 0;
        loop {
            let batch = self.store.request_snapshots_after(after, REBUILD_BATCH).await?;
            let Some(&(last, _)) = batch.last() else { break };
            after = last;
            let world = world.clone();
            self.index_blocking(move |index| {
                let docs: Vec<IndexDoc> = batch.iter().filter_map(|(_, s)| parse_snapshot(s)).map(|r| request_doc(&r, &world)).collect();
                index.put(&docs, &[])
            })
            .await?;
        }
        let entries: Vec<IndexDoc> = self.store.all_knowledge().await?.iter().map(|e| entry_doc(e, &world)).collect();
        let store_id = self.store_id.clone();
        self.index_blocking(move |index| {
            index.put(&entries, &[])?;
            index.commit(&store_id, true, (queued_until - IN_FLIGHT).max(0))
        })
        .await?;
        Ok(self.index.len())
    }

    /// Runs index work off the async threads (tantivy blocks on disk and CPU).
    pub(in crate::service) async fn index_blocking<T: Send + 'static>(&self, work: impl FnOnce(&SearchIndex) -> anyhow::Result<T> + Send + 'static) -> anyhow::Result<T> {
        let index = self.index.clone();
        tokio::task::spawn_blocking(move || work(&index)).await?
    }

    /// The documents for queued keys, and the keys whose records are gone.
    async fn docs_for(&self, queued: &[QueuedKey]) -> anyhow::Result<(Vec<IndexDoc>, Vec<String>)> {
        let world = self.world();
        let keys = |kind: &str| {
            let mut keys: Vec<String> = queued.iter().filter(|q| q.kind == kind).map(|q| q.key.clone()).collect();
            keys.sort();
            keys.dedup();
            keys
        };
        let (numbers, codes) = (keys(QUEUE_REQUEST), keys(QUEUE_ENTRY));
        let mut docs: Vec<IndexDoc> = self
            .store
            .request_snapshots(&numbers)
            .await?
            .iter()
            .filter_map(|s| parse_snapshot(s))
            .map(|r| request_doc(&r, &world))
            .collect();
        docs.extend(self.store.knowledge_entries(&codes).await?.iter().map(|e| entry_doc(e, &world)));
        let gone = numbers.into_iter().chain(codes).filter(|k| !docs.iter().any(|d| &d.key == k)).collect();
        Ok((docs, gone))
    }

    /// Wakes the indexer: something was queued.
    pub(in crate::service) fn index_soon(&self) {
        self.index_wake.notify_one();
    }

    /// The indexer: brings the index up to date, then takes in changes as
    /// they come. A change wakes it, but it gathers for `GATHER` first: one
    /// index commit per batch of changes, not per change (a commit writes
    /// and syncs a new segment; at thousands of registrations a second,
    /// commits per change would eat the cores the requests need).
    pub async fn run_indexer(&self) {
        if let Err(e) = self.catch_up_index().await {
            tracing::error!(error = %e, "search index catch-up failed; will keep taking in changes");
        }
        loop {
            let _ = tokio::time::timeout(INDEX_EVERY, self.index_wake.notified()).await;
            tokio::time::sleep(GATHER).await;
            if let Err(e) = self.sync_index().await {
                tracing::warn!(error = %e, "search indexing failed; will retry");
            }
        }
    }

    pub fn search_index(&self) -> &Arc<SearchIndex> {
        &self.index
    }
}

/// The rule of `Service::settle`, over the gaps noted so far (the first
/// missing position of each run, and when it was first seen).
fn settled_position(mut position: i64, seqs: &[i64], gaps: &mut BTreeMap<i64, Instant>, now: Instant, wait: Duration) -> i64 {
    let mut previous = position;
    for &seq in seqs {
        if seq > previous + 1 {
            gaps.entry(previous + 1).or_insert(now);
        }
        previous = previous.max(seq);
    }
    for &seq in seqs {
        if seq <= position {
            continue;
        }
        let passable = seq == position + 1 || gaps.get(&(position + 1)).is_some_and(|seen| now.duration_since(*seen) >= wait);
        if !passable {
            break;
        }
        position = seq;
    }
    gaps.retain(|&first_missing, _| first_missing > position);
    position
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_position_waits_behind_a_gap_until_it_settles_and_gaps_seen_together_settle_together() {
        let wait = Duration::from_secs(10);
        let t0 = Instant::now();
        let mut gaps = BTreeMap::new();
        // In line: moves on.
        assert_eq!(settled_position(4, &[5, 6, 7], &mut gaps, t0, wait), 7);
        // 8 and 11 missing: held at 7.
        assert_eq!(settled_position(7, &[9, 10, 12], &mut gaps, t0, wait), 7);
        assert_eq!(gaps.keys().copied().collect::<Vec<_>>(), [8, 11]);
        // 8 comes late (another transaction committed): on to 10, held before 11.
        assert_eq!(settled_position(7, &[8, 9, 10, 12], &mut gaps, t0 + Duration::from_secs(3), wait), 10);
        // 11 never comes: once settled, both the rest go together.
        assert_eq!(settled_position(10, &[12, 14], &mut gaps, t0 + Duration::from_secs(9), wait), 10);
        assert_eq!(settled_position(10, &[12, 14], &mut gaps, t0 + Duration::from_secs(10), wait), 12, "13 was first seen later");
        assert_eq!(settled_position(12, &[14], &mut gaps, t0 + Duration::from_secs(18), wait), 12);
        assert_eq!(settled_position(12, &[14], &mut gaps, t0 + Duration::from_secs(19), wait), 14);
        assert!(gaps.is_empty());
        // Without a wait (SQLite) a gap is passed at once; nothing read, nothing moves.
        assert_eq!(settled_position(14, &[16, 18], &mut gaps, t0, Duration::ZERO), 18);
        assert_eq!(settled_position(18, &[], &mut gaps, t0, Duration::ZERO), 18);
    }
}
