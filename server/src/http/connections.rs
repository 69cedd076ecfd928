//! Accepting connections without being exhausted by them (issue 19 §1.5):
//! a client that never finishes its request head, or keeps a connection
//! idle, is dropped after `HOTLINE_HEADER_TIMEOUT_SECONDS` (default 10); one
//! address holds at most `HOTLINE_CONNECTIONS_PER_ADDRESS` connections
//! (default 512; the trusted proxies of `HOTLINE_TRUSTED_PROXIES` are
//! exempt: every client behind them shares their address) and the process
//! at most `HOTLINE_MAX_CONNECTIONS` (default: what its file-descriptor
//! limit leaves, raised at start to the hard limit); a connection beyond a
//! cap is closed at once, before anything is read. At shutdown it stops
//! accepting and lets the requests under way finish (30 s at most).

use app::api::client_address::{client_key, trusted_proxies, within};
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// Descriptors kept for the store, the index and the logs.
const RESERVED_FDS: u64 = 256;
/// How long a shutdown waits for requests under way.
const DRAIN: Duration = Duration::from_secs(30);

#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub header_timeout: Duration,
    pub per_address: usize,
    pub total: usize,
}

impl Limits {
    /// From the environment, after raising the file-descriptor limit.
    pub fn from_env() -> Limits {
        let setting = |name: &str, default: i64| crate::service::settings::positive(name, default);
        let fds = match rlimit::increase_nofile_limit(u64::MAX) {
            Ok(n) => n,
            Err(e) => {
                tracing::warn!(error = %e, "the file-descriptor limit could not be read or raised");
                1024
            }
        };
        let room = i64::try_from(fds.saturating_sub(RESERVED_FDS).clamp(64, 100_000)).unwrap_or(64);
        Limits {
            header_timeout: crate::service::settings::seconds("HOTLINE_HEADER_TIMEOUT_SECONDS", 10),
            per_address: usize::try_from(setting("HOTLINE_CONNECTIONS_PER_ADDRESS", 512)).unwrap_or(512),
            total: usize::try_from(setting("HOTLINE_MAX_CONNECTIONS", room)).unwrap_or(1024),
        }
    }
}

/// The connections open now: how many in all, and by client (an address,
/// or an IPv6 client's /64, as the rate limits count them).
#[derive(Default)]
struct Open {
    counts: Mutex<(usize, HashMap<String, usize>)>,
}

/// A connection's place under the caps, given back when it closes.
struct Slot {
    open: Arc<Open>,
    address: String,
}

impl Open {
    fn take(self: &Arc<Self>, address: String, limits: &Limits, exempt: bool) -> Option<Slot> {
        let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        let (total, by_address) = &mut *counts;
        let mine = by_address.get(&address).copied().unwrap_or(0);
        if *total >= limits.total || (!exempt && mine >= limits.per_address) {
            return None;
        }
        *total += 1;
        by_address.insert(address.clone(), mine + 1);
        Some(Slot { open: self.clone(), address })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut counts = self.open.counts.lock().unwrap_or_else(|p| p.into_inner());
        let (total, by_address) = &mut *counts;
        *total = total.saturating_sub(1);
        if let Some(n) = by_address.get_mut(&self.address) {
            *n -= 1;
            if *n == 0 {
                by_address.remove(&self.address);
            }
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes.
pub async fn serve(listener: TcpListener, app: Router, limits: Limits, shutdown: impl Future<Output = ()>) {
    let open = Arc::new(Open::default());
    let graceful = GracefulShutdown::new();
    let mut refused: u64 = 0;
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of descriptors, say: wait a moment rather than spin.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let exempt = within(peer.ip(), trusted_proxies());
        let Some(slot) = open.take(client_key(peer.ip(), None, &[]), &limits, exempt) else {
            refused += 1;
            if refused.is_power_of_two() {
                tracing::warn!(address = %peer.ip(), refused, "connection refused: over the cap");
            }
            continue;
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            app.clone().oneshot(req.map(axum::body::Body::new))
        });
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that went away or timed out is no error of ours.
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    if tokio::time::timeout(DRAIN, graceful.shutdown()).await.is_err() {
        tracing::warn!("requests still under way after {} s; stopping anyway", DRAIN.as_secs());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_and_the_process_have_their_caps_and_slots_come_back() {
        let limits = Limits { header_timeout: Duration::from_secs(1), per_address: 2, total: 3 };
        let open = Arc::new(Open::default());
        let (a, b) = (|| "203.0.113.1".to_string(), || "2001:db8:1:2::/64".to_string());
        let first = open.take(a(), &limits, false).unwrap();
        let _second = open.take(a(), &limits, false).unwrap();
        assert!(open.take(a(), &limits, false).is_none(), "the address's cap");
        assert!(open.take(a(), &limits, true).is_some_and(|s| { drop(s); true }), "a proxy is exempt");
        let _third = open.take(b(), &limits, false).unwrap();
        assert!(open.take(b(), &limits, true).is_none(), "the process's cap holds for proxies too");
        drop(first);
        assert!(open.take(a(), &limits, false).is_some(), "a closed connection's slot comes back");
    }
}
