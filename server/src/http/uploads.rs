//! The gate in front of the server functions that take uploads (photos,
//! documents, scanned letters, appeal files): a body cap per route, a cap on
//! the uploads read at once, and a deadline for a body to arrive (issue 19
//! §1.4: sixteen anonymous 50 MB bodies took the server past a gigabyte).
//! The multipart reader spools the files to disk as they arrive, and the
//! citizen forms refuse a client over its limit before reading a byte.

use axum::body::{Body, Bytes};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use http_body::{Frame, SizeHint};
use std::future::Future as _;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::Semaphore;

const MB: usize = 1024 * 1024;

/// The server functions that take uploads and the body each may send: the
/// citizen forms five photos of 10 MB and their text; a staff upload one file.
const ROUTES: [(&str, usize); 5] = [
    ("/api/citizen/check", 5 * 10 * MB + MB),
    ("/api/citizen/add", 5 * 10 * MB + MB),
    ("/api/document", 10 * MB + MB),
    ("/api/register_release", 10 * MB + MB),
    ("/api/appeal_file", 10 * MB + MB),
];

/// The largest body the upload route at `path` takes; `None` for any other route.
pub fn body_cap(path: &str) -> Option<usize> {
    ROUTES.iter().find(|(p, _)| *p == path).map(|(_, cap)| *cap)
}

/// How many uploads are read at once, how long one waits for its turn, and
/// how long its body may take to arrive.
pub struct Gate {
    turns: Arc<Semaphore>,
    wait: Duration,
    deadline: Duration,
}

impl Gate {
    /// `HOTLINE_MAX_UPLOADS` (16, at most 10,000), `HOTLINE_UPLOAD_WAIT_SECONDS` (30)
    /// and `HOTLINE_UPLOAD_SECONDS` (300: 50 MB at 1.4 Mbit/s, a slow phone's uplink).
    pub fn from_env() -> Gate {
        use crate::service::settings::{positive, seconds};
        Gate {
            turns: Arc::new(Semaphore::new(usize::try_from(positive("HOTLINE_MAX_UPLOADS", 16)).unwrap_or(16).min(10_000))),
            wait: seconds("HOTLINE_UPLOAD_WAIT_SECONDS", 30),
            deadline: crate::service::settings::upload_deadline(),
        }
    }
}

/// Lets an upload in when its turn comes, its body bounded in time; any
/// other request passes untouched.
pub async fn admit(gate: Arc<Gate>, req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    if body_cap(req.uri().path()).is_none() {
        return next.run(req).await;
    }
    let Ok(Ok(turn)) = tokio::time::timeout(gate.wait, gate.turns.clone().acquire_owned()).await else {
        tracing::warn!(path = req.uri().path(), "an upload found no free turn");
        return busy(req.headers());
    };
    let deadline = Box::pin(tokio::time::sleep(gate.deadline));
    let res = next.run(req.map(|body| Body::new(UploadBody { body, deadline, just_gave: false }))).await;
    drop(turn);
    res
}

/// "Busy, try again shortly": a page for a form posted without the app, the
/// app's own error otherwise.
fn busy(headers: &axum::http::HeaderMap) -> Response {
    let retry = [(header::RETRY_AFTER, "30")];
    let html = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"));
    if html {
        let page = super::plain_page(StatusCode::SERVICE_UNAVAILABLE, "请稍后再试", "正在上传的人较多", "请过半分钟后返回上一页，再提交一次。");
        return (retry, page).into_response();
    }
    (StatusCode::SERVICE_UNAVAILABLE, retry, axum::Json(app::api::AppError::Internal)).into_response()
}

/// An upload's body: it fails once its deadline has passed (a body dripped
/// a byte at a time would otherwise hold its turn for ever), and it hands
/// over one frame per poll. The multipart reader takes all that is ready
/// before it yields a field's chunk — on a fast link, the whole 50 MB into
/// memory; made to wait after each frame, it passes each on to the spool
/// file as it comes.
struct UploadBody {
    body: Body,
    deadline: Pin<Box<tokio::time::Sleep>>,
    just_gave: bool,
}

impl http_body::Body for UploadBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        if self.deadline.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Some(Err(axum::Error::new("the upload's body did not arrive in time"))));
        }
        if self.just_gave {
            self.just_gave = false;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        let frame = Pin::new(&mut self.body).poll_frame(cx);
        self.just_gave = matches!(frame, Poll::Ready(Some(Ok(_))));
        frame
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}
