//! The public FAQ on the citizen portal (Art. 28): the knowledge base's
//! entries that are read today — published and in force — found by words
//! (the same Chinese search as staff use, best first, with the matched
//! passage) or listed by category. Nothing else of an entry is public.

use super::indexer::entry_is_read;
use super::finder::snippet_parts;
use super::{internal, Service};
use crate::search::{DocKind, Filter};
use crate::store::KnowledgeRow;
use app::api::citizen_views::{FaqItem, FaqPage};
use app::api::AppError;
use app::domain::deadline::cst_date;
use chrono::Utc;

/// Entries a page shows.
const SHOWN: usize = 30;

impl Service {
    fn faq_item(&self, e: KnowledgeRow, snippet: Vec<app::api::views::TextPart>) -> FaqItem {
        let t = e.text;
        let category = t.category.as_ref().and_then(|c| self.world().category_names.get(c).cloned()).unwrap_or_default();
        FaqItem { code: e.code, question: t.question, answer: t.answer, basis: t.basis, category, snippet }
    }

    pub(super) async fn faq_page(&self, words: &str, category: &str) -> Result<FaqPage, AppError> {
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
            let filter = Filter {
                kind: Some(DocKind::Entry),
                open: Some(true),
                category: Some(category.clone()).filter(|c| !c.is_empty()),
                ..Filter::default()
            };
            let found = self.find(&words, filter, SHOWN, 0, true).await?;
            let codes: Vec<String> = found.hits.iter().map(|h| h.key.clone()).collect();
            let mut entries = self.store.knowledge_entries(&codes).await.map_err(internal)?;
            // Best first, as found; the index may lag a withdrawal by a moment, the store does not.
            found
                .hits
                .iter()
                .filter_map(|h| {
                    let at = entries.iter().position(|e| e.code == h.key && entry_is_read(e, today))?;
                    Some(self.faq_item(entries.swap_remove(at), snippet_parts(&h.snippet)))
                })
                .collect()
        };
        Ok(FaqPage { words, category, categories, items })
    }

    pub(super) async fn faq_one(&self, code: &str) -> Result<FaqItem, AppError> {
        let today = cst_date(Utc::now());
        match self.store.knowledge_entry(code).await.map_err(internal)? {
            Some(e) if entry_is_read(&e, today) => Ok(self.faq_item(e, Vec::new())),
            _ => Err(AppError::NotFound("没有找到这个问题".into())),
        }
    }
}
