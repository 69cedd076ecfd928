//! The intake desk's knowledge-base look-up (Art. 14(1), 28): entries
//! holding every word typed, for any staff member. An answer given from an
//! entry names it, and the entry must exist.

use super::{internal, Service};
use app::api::views::{KnowledgeHit, StaffUser};
use app::api::AppError;

/// How many entries a look-up shows.
const HITS: i64 = 10;

impl Service {
    pub(super) async fn knowledge_hits(&self, _user: &StaffUser, words: &str) -> Result<Vec<KnowledgeHit>, AppError> {
        let words: Vec<String> = words.split_whitespace().take(5).map(|w| w.chars().take(20).collect()).collect();
        let rows = self.store.search_knowledge(&words, HITS).await.map_err(internal)?;
        Ok(rows
            .into_iter()
            .map(|r| KnowledgeHit { code: r.code, question: r.question, answer: r.answer, basis: r.basis })
            .collect())
    }

    /// Refuses an answer that names no entry of the knowledge base.
    pub(super) async fn check_entry(&self, command: &app::domain::machine::Command) -> Result<(), AppError> {
        if let app::domain::machine::Command::Answer { entry, .. } = command {
            if self.store.knowledge_entry(entry.as_str()).await.map_err(internal)?.is_none() {
                return Err(AppError::Invalid(format!("知识库中没有条目 {}", entry.as_str())));
            }
        }
        Ok(())
    }
}
