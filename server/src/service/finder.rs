//! One way into the search index for every page that searches: the words,
//! widened by the administrators' current synonym groups, off the async
//! threads; and the found passage as the pages show it.

use super::{internal, Service};
use crate::search::{Filter, Found, Synonyms};
use app::api::snippet::TextPart;
use app::api::AppError;
use std::sync::Arc;

/// A hit's snippet as view parts.
pub(super) fn snippet_parts(parts: &[(String, bool)]) -> Vec<TextPart> {
    parts.iter().map(|(text, mark)| TextPart { text: text.clone(), mark: *mark }).collect()
}

impl Service {
    /// Searches the index with the current synonyms.
    pub(super) async fn find(&self, words: &str, filter: Filter, limit: usize, offset: usize, snippets: bool) -> Result<Found, AppError> {
        let synonyms = self.synonyms();
        let words = words.to_string();
        self.index_blocking(move |index| index.search(&words, &synonyms, &filter, limit, offset, snippets)).await.map_err(internal)
    }

    pub(super) fn synonyms(&self) -> Arc<Synonyms> {
        self.synonyms.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }
}
