//! Live updates (issue 4): every stored change to a request is announced on
//! an in-process broadcast channel; each open staff page holds one
//! server-sent-events stream that passes on only the changes to requests
//! its user may see. A stream that falls behind is told to reload
//! (`resync`); the browser reconnects by itself and reloads after a gap.
//! Several instances on one PostgreSQL hear each other's changes through
//! `live_relay`.

use super::world::World;
use super::Service;
use app::api::{requests::LiveChange, auth::StaffUser};
use app::domain::request::Request;
use app::domain::unit::UnitId;
use axum::response::sse::Event as SseEvent;
use futures::Stream;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;

/// How many changes a slow stream may fall behind before it must resync.
const BACKLOG: usize = 1024;
/// How often a stream checks that its session is still live.
const SESSION_CHECK: Duration = Duration::from_secs(60);

/// A change as announced: the request and who may hear of it.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Change {
    pub public: LiveChange,
    /// The registering office and every unit assigned before or after the
    /// change: the people of their subtrees see it.
    pub units: Vec<UnitId>,
}

impl Change {
    /// The change a command made: `before` is the request as it was (none
    /// for a new one), `version` the stored version it made.
    pub fn of(before: Option<&Request>, after: &Request, kind: &str, version: i64) -> Change {
        let mut units = vec![after.office().clone()];
        for req in before.into_iter().chain(Some(after)) {
            for a in req.assignments() {
                for unit in Some(a.unit()).into_iter().chain(a.forwarded_to()) {
                    if !units.contains(unit) {
                        units.push(unit.clone());
                    }
                }
            }
        }
        Change { public: LiveChange { number: after.number().to_string(), kind: kind.to_string(), version }, units }
    }

    /// Whether the people of `unit` may hear of it.
    pub fn reaches(&self, world: &World, unit: &str) -> bool {
        if world.is_root(unit) {
            return true;
        }
        let Ok(unit) = UnitId::parse(unit) else { return false };
        self.units.iter().any(|u| world.units.is_within(u, &unit))
    }
}

/// What the streams hear.
#[derive(Clone, Debug)]
pub enum Heard {
    Change(Arc<Change>),
    /// Changes may have been missed (another instance's, while the relay
    /// was reconnecting): every page reloads its lists.
    Resync,
}

pub struct Live {
    tx: broadcast::Sender<Heard>,
    /// Passes this instance's changes on to the others (PostgreSQL only).
    relay: std::sync::OnceLock<tokio::sync::mpsc::UnboundedSender<Arc<Change>>>,
    /// Set when the server shuts down: every stream ends, so the graceful
    /// shutdown is not held up by browsers that would listen forever.
    closing: tokio::sync::watch::Sender<bool>,
}

impl Default for Live {
    fn default() -> Self {
        Live { tx: broadcast::channel(BACKLOG).0, relay: std::sync::OnceLock::new(), closing: tokio::sync::watch::channel(false).0 }
    }
}

impl Live {
    /// Announces a change made here, to this instance's streams and the
    /// other instances; nobody listening is fine.
    pub fn publish(&self, change: Change) {
        let change = Arc::new(change);
        if let Some(relay) = self.relay.get() {
            let _ = relay.send(change.clone());
        }
        let _ = self.tx.send(Heard::Change(change));
    }

    /// Announces a change another instance made.
    pub fn hear(&self, heard: Heard) {
        let _ = self.tx.send(heard);
    }

    /// Where this instance's changes go to reach the others (set once).
    pub fn relay_to(&self, relay: tokio::sync::mpsc::UnboundedSender<Arc<Change>>) {
        let _ = self.relay.set(relay);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Heard> {
        self.tx.subscribe()
    }

    /// Ends every stream (the browsers reconnect to the next server).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }
}

struct Listener {
    service: Arc<Service>,
    user: StaffUser,
    session: String,
    rx: broadcast::Receiver<Heard>,
    check: tokio::time::Interval,
    closing: tokio::sync::watch::Receiver<bool>,
}

fn sse(kind: &str, data: &str) -> Result<SseEvent, Infallible> {
    Ok(SseEvent::default().event(kind).data(data))
}

/// The stream of one user's changes: first `ready` (with a 1 s reconnect
/// delay for the browser), then `change` events as JSON, `resync` after
/// falling behind; it ends when the session does, or the server.
pub fn changes(service: Arc<Service>, user: StaffUser, session: String) -> impl Stream<Item = Result<SseEvent, Infallible>> {
    use app::api::auth::SessionBackend as _;
    use futures::StreamExt as _;
    let rx = service.live.subscribe();
    let mut check = tokio::time::interval(SESSION_CHECK);
    check.reset();
    let closing = service.live.closing.subscribe();
    let listener = Listener { service, user, session, rx, check, closing };
    let ready = Ok(SseEvent::default().retry(Duration::from_secs(1)).event("ready").data("{}"));
    futures::stream::once(async move { ready }).chain(futures::stream::unfold(listener, |mut l| async move {
        loop {
            tokio::select! {
                msg = l.rx.recv() => match msg {
                    Ok(Heard::Change(change)) => {
                        if change.reaches(&l.service.world(), &l.user.unit_id) {
                            let data = serde_json::to_string(&change.public).unwrap_or_default();
                            return Some((sse("change", &data), l));
                        }
                    }
                    Ok(Heard::Resync) | Err(broadcast::error::RecvError::Lagged(_)) => return Some((sse("resync", "{}"), l)),
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
                () = async { let _ = l.closing.wait_for(|closing| *closing).await; } => return None,
                _ = l.check.tick() => {
                    if !matches!(l.service.session_user(&l.session).await, Ok(Some(_))) {
                        return None;
                    }
                }
            }
        }
    }))
}
