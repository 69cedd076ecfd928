//! The knowledge base as staff read it (Art. 14(1), 28): entries found by
//! full-text search, best first, with the matched passage. An answer given
//! from an entry names it, and the entry must exist.

use super::finder::snippet_parts;
use super::{internal, Service};
use crate::search::{DocKind, Filter};
use app::api::views::{KnowledgeHit, StaffUser};
use app::api::AppError;

/// How many entries a look-up shows.
const HITS: usize = 10;

impl Service {
    pub(super) async fn knowledge_hits(&self, _user: &StaffUser, words: &str) -> Result<Vec<KnowledgeHit>, AppError> {
        // Only what is read today: published and in force.
        let found = self.find(words, Filter { kind: Some(DocKind::Entry), open: Some(true), ..Filter::default() }, HITS, 0, true).await?;
        let codes: Vec<String> = found.hits.iter().map(|h| h.key.clone()).collect();
        let rows = self.store.knowledge_entries(&codes).await.map_err(internal)?;
        Ok(found
            .hits
            .iter()
            .filter_map(|h| {
                let r = rows.iter().find(|r| r.code == h.key)?.clone();
                Some(KnowledgeHit { code: r.code, question: r.text.question, answer: r.text.answer, basis: r.text.basis, snippet: snippet_parts(&h.snippet) })
            })
            .collect())
    }

    /// Refuses an answer that names no entry of the knowledge base.
    pub(super) async fn check_entry(&self, command: &app::domain::machine::Command) -> Result<(), AppError> {
        if let app::domain::machine::Command::Answer { entry, .. } = command {
            let today = app::domain::deadline::cst_date(chrono::Utc::now());
            let read = self.store.knowledge_entry(entry.as_str()).await.map_err(internal)?.is_some_and(|e| super::indexer::entry_is_read(&e, today));
            if !read {
                return Err(AppError::Invalid(format!("知识库中没有在用的条目 {}", entry.as_str())));
            }
        }
        Ok(())
    }
}
