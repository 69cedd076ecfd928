//! Group commit. SQLite commits one transaction at a time, and each durable
//! commit costs an fsync; so one writer task takes the write jobs that are
//! waiting, runs each inside its own savepoint of one transaction, commits
//! once, and only then answers every job. A job that fails rolls back to its
//! savepoint and leaves the others alone. PostgreSQL runs many transactions
//! at once, so there each job gets its own transaction on the pool.

use super::{Backend, Store};
use futures::FutureExt;
use sqlx::{AnyConnection, AnyPool, Executor};
use std::panic::AssertUnwindSafe;
use std::future::Future;
use std::pin::Pin;
use tokio::sync::{mpsc, oneshot};

/// The work of one job on the connection: a value, and whether to keep its changes.
pub type Work<'c, T> = Pin<Box<dyn Future<Output = anyhow::Result<(T, bool)>> + Send + 'c>>;

/// At most this many jobs share one commit.
const MAX_BATCH: usize = 128;
const QUEUE: usize = 4096;

/// What a job left after running: keep or roll back, and how to answer its caller.
struct Outcome {
    keep: bool,
    answer: Box<dyn FnOnce(Option<&anyhow::Error>) + Send>,
}

trait Job: Send {
    fn run<'c>(self: Box<Self>, conn: &'c mut AnyConnection) -> Pin<Box<dyn Future<Output = Outcome> + Send + 'c>>;
    fn fail(self: Box<Self>, err: &anyhow::Error);
}

struct TypedJob<T, F> {
    work: F,
    reply: oneshot::Sender<anyhow::Result<T>>,
    /// The HTTP request it is written for (its audit entries keep the id).
    request_id: Option<String>,
}

impl<T, F> Job for TypedJob<T, F>
where
    T: Send + 'static,
    F: for<'c> FnOnce(&'c mut AnyConnection) -> Work<'c, T> + Send + 'static,
{
    fn run<'c>(self: Box<Self>, conn: &'c mut AnyConnection) -> Pin<Box<dyn Future<Output = Outcome> + Send + 'c>> {
        let TypedJob { work, reply, request_id } = *self;
        Box::pin(async move {
            match crate::request_id::scope(request_id, work(conn)).await {
                Ok((value, keep)) => Outcome {
                    keep,
                    answer: Box::new(move |commit_error| {
                        let _ = reply.send(match commit_error {
                            None => Ok(value),
                            Some(e) => Err(anyhow::anyhow!("commit failed: {e}")),
                        });
                    }),
                },
                Err(e) => Outcome { keep: false, answer: Box::new(move |_| drop(reply.send(Err(e)))) },
            }
        })
    }

    fn fail(self: Box<Self>, err: &anyhow::Error) {
        let _ = self.reply.send(Err(anyhow::anyhow!("{err}")));
    }
}

/// The queue to the writer task (SQLite only).
#[derive(Clone)]
pub struct Writer(mpsc::Sender<Box<dyn Job>>);

impl Writer {
    pub fn spawn(pool: AnyPool) -> Writer {
        let (tx, rx) = mpsc::channel(QUEUE);
        tokio::spawn(run_writer(pool, rx));
        Writer(tx)
    }
}

async fn run_writer(pool: AnyPool, mut rx: mpsc::Receiver<Box<dyn Job>>) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let mut conn = match pool.acquire().await {
            Ok(c) => c,
            Err(e) => {
                let e = anyhow::Error::from(e);
                batch.into_iter().for_each(|j| j.fail(&e));
                continue;
            }
        };
        if let Err(e) = conn.execute("BEGIN IMMEDIATE").await {
            let e = anyhow::Error::from(e);
            batch.into_iter().for_each(|j| j.fail(&e));
            continue;
        }
        let mut answers = Vec::with_capacity(batch.len());
        // A failed savepoint statement means the transaction itself is gone
        // (I/O error, disk full): then nothing of the batch may be kept, and
        // no later job may run outside the transaction.
        let mut broken: Option<anyhow::Error> = None;
        let mut jobs = batch.into_iter();
        for job in jobs.by_ref() {
            if let Err(e) = conn.execute("SAVEPOINT job").await {
                broken = Some(e.into());
                job.fail(broken.as_ref().expect("just set"));
                break;
            }
            // A panicking job must not take the writer down with it: its
            // caller gets an error (its reply channel is dropped).
            let outcome = AssertUnwindSafe(job.run(&mut conn)).catch_unwind().await.unwrap_or_else(|_| {
                tracing::error!("a write job panicked; its changes are rolled back");
                Outcome { keep: false, answer: Box::new(|_| {}) }
            });
            answers.push(outcome.answer);
            let ended = async {
                if !outcome.keep {
                    conn.execute("ROLLBACK TO job").await?;
                }
                conn.execute("RELEASE job").await
            };
            if let Err(e) = ended.await {
                broken = Some(e.into());
                break;
            }
        }
        let commit_error = match broken {
            Some(e) => {
                tracing::error!(error = %e, "write batch abandoned");
                jobs.for_each(|j| j.fail(&e));
                Some(e)
            }
            None => conn.execute("COMMIT").await.err().map(anyhow::Error::from),
        };
        if let Some(e) = &commit_error {
            tracing::error!(error = %e, "group commit failed");
            let _ = conn.execute("ROLLBACK").await;
        }
        for answer in answers {
            answer(commit_error.as_ref());
        }
    }
}

impl Store {
    /// Runs `work` in a transaction and returns its value once it is durably
    /// committed. If the work fails or asks not to keep its changes, they are
    /// rolled back; the value is still returned in the latter case.
    pub async fn write<T, F>(&self, work: F) -> anyhow::Result<T>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut AnyConnection) -> Work<'c, T> + Send + 'static,
    {
        match (&self.group, self.backend) {
            (Some(writer), Backend::Sqlite) => {
                let (reply, answer) = oneshot::channel();
                writer
                    .0
                    .send(Box::new(TypedJob { work, reply, request_id: crate::request_id::current() }))
                    .await
                    .map_err(|_| anyhow::anyhow!("the writer has stopped"))?;
                answer.await.map_err(|_| anyhow::anyhow!("the writer dropped a job"))?
            }
            _ => {
                // A dropped transaction rolls back, also when the caller is cancelled.
                let mut tx = self.writer.begin().await?;
                let (value, keep) = work(&mut tx).await?;
                if keep {
                    tx.commit().await?;
                } else {
                    tx.rollback().await?;
                }
                Ok(value)
            }
        }
    }
}
