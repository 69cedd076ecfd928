//! The public FAQ on the citizen portal (Art. 28): the knowledge base's
//! entries that are read today — published and in force — found by words
//! (the same Chinese search as staff use, best first, with the matched
//! passage) or listed by category. Nothing else of an entry is public.

use crate::service::jobs::indexer::entry_is_read;
use crate::service::{internal, Service};
use crate::store::KnowledgeRow;
use app::api::citizen_views::{FaqItem, FaqPage};
use app::api::AppError;
use app::domain::deadline::cst_date;
use chrono::Utc;
use app::api::citizen::FaqBackend;

/// Entries a page shows.
const SHOWN: usize = 30;

impl Service {
    fn faq_item(&self, e: KnowledgeRow, snippet: Vec<app::api::snippet::TextPart>) -> FaqItem {
        let t = e.text;
        let category = t.category.as_ref().and_then(|c| self.world().category_names.get(c).cloned()).unwrap_or_default();
        FaqItem { code: e.code, question: t.question, answer: t.answer, basis: t.basis, category, snippet }
    }


}

#[async_trait::async_trait]
impl FaqBackend for Service {
    async fn faq(&self, words: &str, category: &str) -> Result<FaqPage, AppError> {
        let words: String = words.trim().chars().take(50).collect();
        let category = category.trim().to_string();
        let today = cst_date(Utc::now());
        let names = &self.world().category_names;
        let categories = self
            .store
            .knowledge_categories_read_on(today)
            .await
            .map_err(internal)?
            .into_iter()
            .filter_map(|c| names.get(&c).map(|n| (c, n.clone())))
            .collect();
        let items = if words.is_empty() {
            let listed = self.store.knowledge_read_on(today, Some(&category), SHOWN as i64).await.map_err(internal)?;
            listed.into_iter().map(|e| self.faq_item(e, Vec::new())).collect()
        } else {
            let found = self.entries_found(&words, Some(category.clone()).filter(|c| !c.is_empty()), SHOWN).await?;
            found.into_iter().map(|(e, snippet)| self.faq_item(e, snippet)).collect()
        };
        Ok(FaqPage { words, category, categories, items })
    }

    async fn faq_entry(&self, code: &str) -> Result<FaqItem, AppError> {
        let today = cst_date(Utc::now());
        match self.store.knowledge_entry(code).await.map_err(internal)? {
            Some(e) if entry_is_read(&e, today) => Ok(self.faq_item(e, Vec::new())),
            _ => Err(AppError::NotFound("没有找到这个问题".into())),
        }
    }
}
