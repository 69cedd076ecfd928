//! The id of the HTTP request a piece of work is done for (issue 16 §4):
//! set by the HTTP layer for each request, carried into the store's writer
//! task with the write, and kept on the audit entries the request writes,
//! so that an entry leads to the request's log lines and back.

use std::future::Future;

tokio::task_local! {
    static REQUEST_ID: Option<String>;
}

/// The id of the request the current task works for, if any.
pub fn current() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok().flatten()
}

/// Runs `work` for the request `id`.
pub async fn scope<F: Future>(id: Option<String>, work: F) -> F::Output {
    REQUEST_ID.scope(id, work).await
}
