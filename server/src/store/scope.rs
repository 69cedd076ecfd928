//! Whose requests a list reads: a hotline office's (the center's: all,
//! Art. 4), or those a unit's subtree works on.

use super::sql::path_range;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestScope {
    /// A hotline office's requests by its path; `None` for the center's (all).
    Office(Option<String>),
    /// The requests assigned into the subtree with this path.
    Subtree(String),
}

impl RequestScope {
    /// The SQL condition on requests `r` (starting with ` AND`, or empty),
    /// its placeholders numbered from `first`, and the two path bounds to bind.
    pub(super) fn condition(&self, first: usize) -> (String, Option<(String, String)>) {
        let (lo, hi) = (first, first + 1);
        match self {
            RequestScope::Office(None) => (String::new(), None),
            RequestScope::Office(Some(p)) => (format!(" AND r.office_path >= ${lo} AND r.office_path < ${hi}"), Some(path_range(p))),
            RequestScope::Subtree(p) => (
                format!(" AND EXISTS (SELECT 1 FROM assignments a WHERE a.request_id = r.id AND a.unit_path >= ${lo} AND a.unit_path < ${hi})"),
                Some(path_range(p)),
            ),
        }
    }
}
