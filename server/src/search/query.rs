//! From the words a person typed to a ranked query. Every word may match
//! (more matched words rank higher, by BM25), a word in the title counts
//! more than one in the body, and the character pairs of the text match
//! too, weakly, so that a mistyped or oddly segmented query still finds
//! its documents. Synonyms (暖气/供暖) widen a query to the words of the
//! same group.

use super::text::{self, Folded};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

/// Weights of the three ways to match.
const TITLE: f32 = 3.0;
const BODY: f32 = 1.5;
const GRAMS: f32 = 0.5;
/// A synonym counts a little less than the word typed.
const SYNONYM: f32 = 0.8;
/// Queries are cut here: people type sentences, not essays.
const MAX_CHARS: usize = 200;

/// Groups of words that mean the same, as administrators set them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Synonyms {
    /// Each group folded (simplified, lower case), without duplicates.
    groups: Vec<Vec<String>>,
}

impl Synonyms {
    /// Groups from lines of words separated by spaces, commas or slashes;
    /// a group of fewer than two words means nothing and is skipped.
    pub fn new<S: AsRef<str>>(groups: impl IntoIterator<Item = S>) -> Synonyms {
        let groups = groups
            .into_iter()
            .map(|g| {
                let mut words: Vec<String> = split_group(g.as_ref()).into_iter().map(|w| Folded::new(&w).text).collect();
                words.dedup();
                words
            })
            .filter(|g| g.len() >= 2)
            .collect();
        Synonyms { groups }
    }

    /// The word that stands for `word`'s group (the group's first), or `word` itself.
    pub fn canonical<'a>(&'a self, word: &'a str) -> &'a str {
        self.groups.iter().find(|g| g.iter().any(|w| w == word)).map_or(word, |g| g[0].as_str())
    }

    /// The words of every group one of whose words the text contains, minus those it contains.
    pub fn widen(&self, folded: &str) -> Vec<String> {
        let mut out = Vec::new();
        for group in &self.groups {
            if group.iter().any(|w| folded.contains(w.as_str())) {
                out.extend(group.iter().filter(|w| !folded.contains(w.as_str())).cloned());
            }
        }
        out
    }
}

/// The words of one synonym group as an administrator wrote them.
pub fn split_group(line: &str) -> Vec<String> {
    line.split(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、' | '/' | '／' | ';' | '；'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The query for `typed`, or `None` when it holds nothing to search for.
pub fn matching(typed: &str, synonyms: &Synonyms, title: Field, body: Field, grams: Field) -> Option<Box<dyn Query>> {
    let typed: String = typed.chars().take(MAX_CHARS).collect();
    let folded = Folded::new(&typed).text;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut add = |field: Field, word: &str, weight: f32| {
        if seen.insert((field, word.to_string())) {
            let q = TermQuery::new(Term::from_field_text(field, word), IndexRecordOption::WithFreqs);
            clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), weight))));
        }
    };
    let wider = synonyms.widen(&folded);
    let sources = std::iter::once((typed.as_str(), 1.0)).chain(wider.iter().map(|w| (w.as_str(), SYNONYM)));
    for (source, weight) in sources {
        for w in text::words(source) {
            add(title, &w.text, TITLE * weight);
            add(body, &w.text, BODY * weight);
        }
        for g in text::grams(source) {
            add(grams, &g.text, GRAMS * weight);
        }
    }
    if clauses.is_empty() {
        None
    } else {
        Some(Box::new(BooleanQuery::new(clauses)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_widens_a_text_holding_one_of_its_words() {
        let s = Synonyms::new(["暖气 供暖 采暖", "噪音，噪声"]);
        assert_eq!(s.widen("家里暖气不热"), vec!["供暖".to_string(), "采暖".to_string()]);
        assert_eq!(s.widen("楼下噪声大"), vec!["噪音".to_string()]);
        assert!(s.widen("社保卡补办").is_empty());
    }

    #[test]
    fn groups_are_folded_and_lonely_words_dropped() {
        let s = Synonyms::new(["暖氣/供暖", "孤单", ""]);
        assert_eq!(s.widen("暖气"), vec!["供暖".to_string()]);
        assert_eq!(s, Synonyms::new(["暖气 供暖"]));
    }

    #[test]
    fn nothing_to_search_gives_no_query() {
        let (t, b, g) = (Field::from_field_id(0), Field::from_field_id(1), Field::from_field_id(2));
        assert!(matching("，。 ！", &Synonyms::default(), t, b, g).is_none());
        assert!(matching("停水", &Synonyms::default(), t, b, g).is_some());
    }
}
