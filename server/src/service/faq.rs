//! The public FAQ on the citizen portal (Art. 28): the knowledge base's
//! entries that are read today — published and in force — found by words
//! (the same Chinese search as staff use, best first, with the matched
//! passage) or listed by category. Nothing else of an entry is public.

use super::indexer::entry_is_read;
use super::knowledge::snippet_parts;
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
        let read: Vec<KnowledgeRow> = self.store.all_knowledge().await.map_err(internal)?.into_iter().filter(|e| entry_is_read(e, today)).collect();
        let names = &self.world().category_names;
        let mut categories: Vec<(String, String)> = read
            .iter()
            .filter_map(|e| e.text.category.as_ref())
            .filter_map(|c| names.get(c).map(|n| (c.clone(), n.clone())))
            .collect();
        categories.sort();
        categories.dedup();
        let items = if words.is_empty() {
            read.into_iter().filter(|e| category.is_empty() || e.text.category.as_deref() == Some(category.as_str())).take(SHOWN).map(|e| self.faq_item(e, Vec::new())).collect()
        } else {
            let filter = Filter {
                kind: Some(DocKind::Entry),
                open: Some(true),
                category: Some(category.clone()).filter(|c| !c.is_empty()),
                ..Filter::default()
            };
            let found = self.find(&words, filter, SHOWN, 0, true).await?;
            found
                .hits
                .iter()
                .filter_map(|h| {
                    let e = read.iter().find(|e| e.code == h.key)?.clone();
                    Some(self.faq_item(e, snippet_parts(&h.snippet)))
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
