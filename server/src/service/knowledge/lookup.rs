//! The knowledge base as staff read it (Art. 14(1), 28): entries found by
//! full-text search, best first, with the matched passage. An answer given
//! from an entry names it, and the entry must exist.

use crate::service::finder::snippet_parts;
use crate::service::jobs::indexer::entry_is_read;
use crate::service::{internal, Service};
use crate::search::{DocKind, Filter};
use crate::store::KnowledgeRow;
use app::api::snippet::TextPart;
use app::api::AppError;

impl Service {
    /// The entries read today that hold `words` (in `category`, if given),
    /// best first, each with its matched passage. The index finds them; the
    /// store, which may be a moment ahead (a withdrawal), has the last word.
    pub(in crate::service) async fn entries_found(&self, words: &str, category: Option<String>, limit: usize) -> Result<Vec<(KnowledgeRow, Vec<TextPart>)>, AppError> {
        let filter = Filter { kind: Some(DocKind::Entry), open: Some(true), category, ..Filter::default() };
        let found = self.find(words, filter, limit, 0, true).await?;
        let codes: Vec<String> = found.hits.iter().map(|h| h.key.clone()).collect();
        let mut entries = self.store.knowledge_entries(&codes).await.map_err(internal)?;
        let today = app::domain::deadline::cst_date(chrono::Utc::now());
        Ok(found
            .hits
            .iter()
            .filter_map(|h| {
                let at = entries.iter().position(|e| e.code == h.key && entry_is_read(e, today))?;
                Some((entries.swap_remove(at), snippet_parts(&h.snippet)))
            })
            .collect())
    }


    /// Refuses an answer that names no entry of the knowledge base.
    pub(in crate::service) async fn check_entry(&self, command: &app::domain::machine::Command) -> Result<(), AppError> {
        if let app::domain::machine::Command::Answer { entry, .. } = command {
            let today = app::domain::deadline::cst_date(chrono::Utc::now());
            let read = self.store.knowledge_entry(entry.as_str()).await.map_err(internal)?.is_some_and(|e| entry_is_read(&e, today));
            if !read {
                return Err(AppError::Invalid(format!("知识库中没有在用的条目 {}", entry.as_str())));
            }
        }
        Ok(())
    }
}
