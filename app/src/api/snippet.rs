//! A passage found by a search, as the pages show it: the words that
//! matched are marked (the work lists, the knowledge base, the public FAQ).

use serde::{Deserialize, Serialize};

/// A piece of a found passage; `mark` when it is a word that matched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextPart {
    pub text: String,
    pub mark: bool,
}
