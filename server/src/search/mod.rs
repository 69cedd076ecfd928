//! Chinese full-text search over requests and the knowledge base: jieba
//! words and character pairs in a tantivy index, kept in step with the
//! store by the indexer (`service::indexer`).

mod cluster;
mod index;
mod query;
pub mod text;
mod tokenizers;
mod vote;

pub use cluster::{hot_spots, HotSpot, HotSpotRule, RecentRequest};
pub use index::{DocKind, Filter, Found, Hit, IndexDoc, SearchIndex};
pub use query::{split_group, Synonyms};
pub use vote::{similarity, vote, NEIGHBOURS};

/// Where the search index lives: `HOTLINE_INDEX_DIR`, or `data/index`.
pub fn index_dir() -> std::path::PathBuf {
    std::env::var_os("HOTLINE_INDEX_DIR").map(Into::into).unwrap_or_else(|| "data/index".into())
}
