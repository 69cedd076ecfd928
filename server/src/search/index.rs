//! The full-text index: one tantivy index holding requests and knowledge
//! entries, each document the searchable copy of one record of the store.
//! The store is the truth; the index can always be rebuilt from it
//! (`hotline reindex`), and a commit that finished a rebuild says so in
//! its payload, so an index left half-built by a crash is rebuilt again.

use super::query::{self, Synonyms};
use super::tokenizers::{GramsTokenizer, WordsTokenizer, GRAMS, WORDS};
use chrono::{DateTime, Utc};
use std::ops::Bound;
use std::path::Path;
use std::sync::Mutex;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// What a document is the copy of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocKind {
    Request,
    Entry,
}

impl DocKind {
    fn code(self) -> &'static str {
        match self {
            DocKind::Request => "request",
            DocKind::Entry => "entry",
        }
    }
}

/// The searchable copy of a request or a knowledge entry.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexDoc {
    pub kind: DocKind,
    /// The request number or the entry code.
    pub key: String,
    /// The title, or the entry's question.
    pub title: String,
    /// The citizen's words, or the entry's answer and basis.
    pub body: String,
    pub category: Option<String>,
    pub request_type: Option<String>,
    /// The request's state code, or the entry's review status.
    pub state: String,
    /// Still being worked on (a request) or in force (an entry).
    pub open: bool,
    /// Unit paths the document belongs to: a request's assigned units, an entry's owner.
    pub units: Vec<String>,
    /// The unit that finally handled a request (not one that returned it).
    pub final_unit: Option<String>,
    pub county: Option<String>,
    pub township: Option<String>,
    /// Registration, or the entry's last change.
    pub at: DateTime<Utc>,
}

/// What narrows a search besides its words; empty fields do not narrow it.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub kind: Option<DocKind>,
    /// Only documents with a unit inside this subtree path.
    pub scope: Option<String>,
    /// And inside this one (a chosen unit).
    pub unit: Option<String>,
    pub category: Option<String>,
    pub request_type: Option<String>,
    pub state: Option<String>,
    pub county: Option<String>,
    pub township: Option<String>,
    pub open: Option<bool>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    pub not_key: Option<String>,
    /// Only requests with (or without) a final handling unit to learn from.
    pub taught: Option<bool>,
}

/// One found document.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub key: String,
    pub score: f32,
    pub title: String,
    pub body: String,
    pub category: Option<String>,
    pub final_unit: Option<String>,
    pub township: Option<String>,
    pub at: DateTime<Utc>,
    /// The best passage, in parts: (text, is a matched word).
    pub snippet: Vec<(String, bool)>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Found {
    pub total: usize,
    pub hits: Vec<Hit>,
}

#[derive(Clone, Copy)]
struct Fields {
    kind: Field,
    key: Field,
    title: Field,
    body: Field,
    grams: Field,
    category: Field,
    request_type: Field,
    state: Field,
    open: Field,
    units: Field,
    final_unit: Field,
    taught: Field,
    county: Field,
    township: Field,
    at: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |tokenizer: &str, stored: bool| {
        let indexing = TextFieldIndexing::default().set_tokenizer(tokenizer).set_index_option(IndexRecordOption::WithFreqs);
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    let fields = Fields {
        kind: b.add_text_field("kind", STRING),
        key: b.add_text_field("key", STRING | STORED),
        title: b.add_text_field("title", text(WORDS, true)),
        body: b.add_text_field("body", text(WORDS, true)),
        grams: b.add_text_field("grams", text(GRAMS, false)),
        category: b.add_text_field("category", STRING | STORED),
        request_type: b.add_text_field("request_type", STRING),
        state: b.add_text_field("state", STRING),
        open: b.add_text_field("open", STRING),
        units: b.add_text_field("units", STRING),
        final_unit: b.add_text_field("final_unit", STRING | STORED),
        taught: b.add_text_field("taught", STRING),
        county: b.add_text_field("county", STRING),
        township: b.add_text_field("township", STRING | STORED),
        at: b.add_i64_field("at", INDEXED | FAST | STORED),
    };
    (b.build(), fields)
}

/// The payload of a commit made once the index holds every record of the
/// store named after it (an index directory must not serve another
/// database), with the position in the store's change queue up to which it
/// holds every change: `complete <store id> at <position>`. Each instance
/// keeps its own index and position (issue 16 §1).
fn complete(store_id: &str) -> String {
    format!("complete {store_id}")
}
/// Heap for the index writer's one indexing thread.
const WRITER_HEAP: usize = 100_000_000;
/// Characters in a snippet.
const SNIPPET_CHARS: usize = 90;

pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    f: Fields,
}

impl SearchIndex {
    /// An index in memory: gone at exit, rebuilt at every start.
    pub fn in_memory() -> anyhow::Result<SearchIndex> {
        let (schema, f) = schema();
        SearchIndex::with(Index::create_in_ram(schema), f)
    }

    /// The index in `dir`, created when missing; an index of another schema
    /// (an older release) is thrown away, since the store can rebuild it.
    pub fn open(dir: &Path) -> anyhow::Result<SearchIndex> {
        let (schema, f) = schema();
        std::fs::create_dir_all(dir)?;
        let index = match Index::open_or_create(tantivy::directory::MmapDirectory::open(dir)?, schema.clone()) {
            Ok(index) => index,
            Err(e) => {
                tracing::warn!(error = %e, dir = %dir.display(), "search index unreadable; it will be rebuilt");
                std::fs::remove_dir_all(dir)?;
                std::fs::create_dir_all(dir)?;
                Index::create(tantivy::directory::MmapDirectory::open(dir)?, schema, Default::default())?
            }
        };
        SearchIndex::with(index, f)
    }

    fn with(index: Index, f: Fields) -> anyhow::Result<SearchIndex> {
        index.tokenizers().register(WORDS, WordsTokenizer);
        index.tokenizers().register(GRAMS, GramsTokenizer);
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        // One thread indexes and one merges: the requests being served need
        // the cores more than the index needs to be a moment sooner.
        let options = tantivy::indexer::IndexWriterOptions::builder()
            .memory_budget_per_thread(WRITER_HEAP)
            .num_worker_threads(1)
            .num_merge_threads(1)
            .build();
        let writer = index.writer_with_options(options)?;
        super::text::warm_up();
        Ok(SearchIndex { index, reader, writer: Mutex::new(writer), f })
    }

    /// Whether the index holds the whole of this store: its last commit
    /// followed a finished rebuild from it (else it must be rebuilt).
    pub fn is_complete(&self, store_id: &str) -> bool {
        self.completed_at(store_id).is_some()
    }

    /// The queue position of a complete index (0 for an index committed
    /// before positions were kept: it took its changes off the queue).
    pub fn completed_at(&self, store_id: &str) -> Option<i64> {
        let payload = self.index.load_metas().ok()?.payload?;
        let rest = payload.strip_prefix(&complete(store_id))?;
        match rest.strip_prefix(" at ") {
            Some(at) => at.parse().ok(),
            None => rest.is_empty().then_some(0),
        }
    }

    fn writer(&self) -> std::sync::MutexGuard<'_, IndexWriter> {
        self.writer.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Replaces the documents of these keys and drops `gone` (records no longer searchable).
    pub fn put(&self, docs: &[IndexDoc], gone: &[String]) -> anyhow::Result<()> {
        let writer = self.writer();
        for key in docs.iter().map(|d| &d.key).chain(gone) {
            writer.delete_term(Term::from_field_text(self.f.key, key));
        }
        for d in docs {
            writer.add_document(self.document(d))?;
        }
        Ok(())
    }

    /// Empties the index (before a rebuild).
    pub fn clear(&self) -> anyhow::Result<()> {
        self.writer().delete_all_documents()?;
        Ok(())
    }

    /// Makes what was put durable and searchable, holding every change
    /// queued up to position `at`; `finished_rebuild` when the index now
    /// holds every record of the store (an incremental commit on a complete
    /// index stays complete).
    pub fn commit(&self, store_id: &str, finished_rebuild: bool, at: i64) -> anyhow::Result<()> {
        let was_complete = self.is_complete(store_id);
        let mut writer = self.writer();
        let mut prepared = writer.prepare_commit()?;
        if finished_rebuild || was_complete {
            prepared.set_payload(&format!("{} at {at}", complete(store_id)));
        }
        prepared.commit()?;
        drop(writer);
        self.reader.reload()?;
        Ok(())
    }

    fn document(&self, d: &IndexDoc) -> TantivyDocument {
        let f = self.f;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.kind, d.kind.code());
        doc.add_text(f.key, &d.key);
        doc.add_text(f.title, &d.title);
        doc.add_text(f.body, &d.body);
        doc.add_text(f.grams, &d.title);
        doc.add_text(f.grams, &d.body);
        for (field, value) in [
            (f.category, &d.category),
            (f.request_type, &d.request_type),
            (f.final_unit, &d.final_unit),
            (f.county, &d.county),
            (f.township, &d.township),
        ] {
            if let Some(v) = value {
                doc.add_text(field, v);
            }
        }
        doc.add_text(f.state, &d.state);
        doc.add_text(f.open, if d.open { "1" } else { "0" });
        doc.add_text(f.taught, if d.final_unit.is_some() { "1" } else { "0" });
        for path in d.units.iter().flat_map(|p| ancestors(p)) {
            doc.add_text(f.units, path);
        }
        doc.add_i64(f.at, d.at.timestamp_millis());
        doc
    }

    /// The documents best matching `words` under `filter`, most relevant
    /// first, a page at a time; with `snippets`, each hit carries its best
    /// passage with the matched words marked.
    pub fn search(&self, words: &str, synonyms: &Synonyms, filter: &Filter, limit: usize, offset: usize, snippets: bool) -> anyhow::Result<Found> {
        let Some(text_query) = query::matching(words, synonyms, self.f.title, self.f.body, self.f.grams) else {
            return Ok(Found::default());
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query)];
        clauses.extend(self.filters(filter).into_iter().map(|q| (Occur::Must, q)));
        if let Some(key) = &filter.not_key {
            clauses.push((Occur::MustNot, Box::new(term(self.f.key, key))));
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let (top, total) = searcher.search(&query, &(TopDocs::with_limit(limit.max(1)).and_offset(offset).order_by_score(), Count))?;
        let body_snippets = if snippets { Some(self.snippet_generator(&searcher, &query, self.f.body)?) } else { None };
        let title_snippets = if snippets { Some(self.snippet_generator(&searcher, &query, self.f.title)?) } else { None };
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field: Field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
            let snippet = match (&body_snippets, &title_snippets) {
                (Some(body), Some(title)) => {
                    let s = body.snippet_from_doc(&doc);
                    let s = if s.highlighted().is_empty() { title.snippet_from_doc(&doc) } else { s };
                    parts(&s)
                }
                _ => Vec::new(),
            };
            hits.push(Hit {
                key: text(self.f.key).unwrap_or_default(),
                score,
                title: text(self.f.title).unwrap_or_default(),
                body: text(self.f.body).unwrap_or_default(),
                category: text(self.f.category),
                final_unit: text(self.f.final_unit),
                township: text(self.f.township),
                at: doc
                    .get_first(self.f.at)
                    .and_then(|v| v.as_i64())
                    .and_then(DateTime::from_timestamp_millis)
                    .unwrap_or_default(),
                snippet,
            });
        }
        Ok(Found { total, hits })
    }

    fn snippet_generator(&self, searcher: &tantivy::Searcher, query: &dyn Query, field: Field) -> anyhow::Result<SnippetGenerator> {
        let mut generator = SnippetGenerator::create(searcher, query, field)?;
        generator.set_max_num_chars(SNIPPET_CHARS);
        Ok(generator)
    }

    fn filters(&self, filter: &Filter) -> Vec<Box<dyn Query>> {
        let f = self.f;
        let mut out: Vec<Box<dyn Query>> = Vec::new();
        let mut exact = |field: Field, value: Option<&str>| {
            if let Some(v) = value {
                out.push(Box::new(ConstScoreQuery::new(Box::new(term(field, v)), 0.0)));
            }
        };
        exact(f.kind, filter.kind.map(DocKind::code));
        exact(f.units, filter.scope.as_deref());
        exact(f.units, filter.unit.as_deref());
        exact(f.category, filter.category.as_deref());
        exact(f.request_type, filter.request_type.as_deref());
        exact(f.state, filter.state.as_deref());
        exact(f.county, filter.county.as_deref());
        exact(f.township, filter.township.as_deref());
        exact(f.open, filter.open.map(|o| if o { "1" } else { "0" }));
        exact(f.taught, filter.taught.map(|o| if o { "1" } else { "0" }));
        if filter.from.is_some() || filter.until.is_some() {
            let bound = |t: Option<DateTime<Utc>>, inclusive: bool| match t {
                Some(t) if inclusive => Bound::Included(Term::from_field_i64(f.at, t.timestamp_millis())),
                Some(t) => Bound::Excluded(Term::from_field_i64(f.at, t.timestamp_millis())),
                None => Bound::Unbounded,
            };
            let range = RangeQuery::new(bound(filter.from, true), bound(filter.until, false));
            out.push(Box::new(ConstScoreQuery::new(Box::new(range), 0.0)));
        }
        out
    }

    /// How many documents the index holds (for `hotline reindex` and tests).
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn term(field: Field, value: &str) -> TermQuery {
    TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic)
}

/// `/a/b/c/` and the paths above it: `/a/`, `/a/b/`, `/a/b/c/`; a search in
/// any of those subtrees finds the document.
fn ancestors(path: &str) -> Vec<&str> {
    path.char_indices().filter(|&(i, c)| c == '/' && i > 0).map(|(i, _)| &path[..=i]).collect()
}

/// A snippet as plain parts, each marked or not: the page shows matched
/// words without trusting any markup from the text.
fn parts(s: &tantivy::snippet::Snippet) -> Vec<(String, bool)> {
    marked_parts(s.fragment(), s.highlighted())
}

/// `text` cut into parts at the `highlighted` byte ranges. The Chinese
/// tokenizer's words overlap (社会, 保障 and 社会保障 all match), so each
/// character is shown once: overlapping and touching matches make one
/// marked part ("社会保障卡", not "社会 保障 社会保障 卡").
fn marked_parts(text: &str, highlighted: &[std::ops::Range<usize>]) -> Vec<(String, bool)> {
    let mut ranges = highlighted.to_vec();
    ranges.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut at = 0;
    for r in ranges {
        if r.end <= at || r.end > text.len() {
            continue;
        }
        let start = r.start.max(at);
        if start > at {
            out.push((text[at..start].to_string(), false));
        }
        match out.last_mut() {
            Some((last, true)) if start == at => last.push_str(&text[start..r.end]),
            _ => out.push((text[start..r.end].to_string(), true)),
        }
        at = r.end;
    }
    if at < text.len() {
        out.push((text[at..].to_string(), false));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{ancestors, marked_parts};

    #[test]
    fn overlapping_matches_show_each_character_once() {
        let text = "可携带身份证到就近的社会保障卡服务网点办理";
        let at = |w: &str| {
            let i = text.find(w).unwrap();
            i..i + w.len()
        };
        let highlighted = [at("社会"), at("保障"), at("社会保障"), at("卡")];
        let parts = marked_parts(text, &highlighted);
        assert_eq!(
            parts,
            vec![
                ("可携带身份证到就近的".to_string(), false),
                ("社会保障卡".to_string(), true),
                ("服务网点办理".to_string(), false),
            ]
        );
        let shown: String = parts.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(shown, text, "nothing repeated, nothing lost");
    }

    #[test]
    fn a_path_belongs_to_every_subtree_above_it() {
        assert_eq!(ancestors("/a/b/c/"), vec!["/a/", "/a/b/", "/a/b/c/"]);
        assert_eq!(ancestors("/root/"), vec!["/root/"]);
        assert!(ancestors("").is_empty());
    }
}
