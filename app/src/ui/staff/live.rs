//! Live updates in the staff app. One `EventSource` on `/staff/live` per
//! page load brings the changes to requests the user may see; they are
//! gathered for a moment and handed to the pages as one batch, so a busy
//! center reloads a list a few times a second at most. The browser
//! reconnects by itself; after a reconnect (or when the server says the
//! stream fell behind) every page reloads, since changes may have been
//! missed. A closed stream (server restart, expired session) is reopened
//! with a growing delay.

use leptos::prelude::*;

/// What changed since the last batch.
#[derive(Clone, Debug, Default, PartialEq)]
struct Batch {
    /// Everything may have changed (after a gap in the stream).
    all: bool,
    /// The requests changed, each with its newest stored version.
    numbers: Vec<(String, i64)>,
}

#[derive(Clone, Copy)]
pub struct Live {
    /// Moves once per batch: lists and counts reload on it.
    pub version: RwSignal<u64>,
    batch: RwSignal<Batch>,
    /// Changes gathered before the next batch, and whether one is due.
    #[allow(dead_code)]
    pending: StoredValue<(Batch, bool)>,
    #[allow(dead_code)]
    connected: StoredValue<bool>,
}

impl Live {
    fn new() -> Live {
        Live {
            version: RwSignal::new(0),
            batch: RwSignal::new(Batch::default()),
            pending: StoredValue::new((Batch::default(), false)),
            connected: StoredValue::new(false),
        }
    }

    /// Provides the app's one `Live`.
    pub fn provide() -> Live {
        let live = Live::new();
        provide_context(live);
        live
    }

    /// The app's `Live` (a dormant one outside the app, e.g. in tests).
    pub fn get() -> Live {
        use_context::<Live>().unwrap_or_else(Live::new)
    }

    /// Moves when a batch brings news of the request `number`: a version
    /// newer than both the last news and the one the page shows (`shown`,
    /// read untracked), or a resync. A page's own command, already shown,
    /// is no news, so the form being typed into is left alone.
    pub fn touches(
        self,
        number: impl Fn() -> String + Send + Sync + 'static,
        shown: impl Fn() -> i64 + Send + Sync + 'static,
    ) -> Memo<(i64, u64)> {
        Memo::new(move |prev: Option<&(i64, u64)>| {
            let n = number();
            let (newest, resyncs) = prev.copied().unwrap_or((0, 0));
            let seen = newest.max(shown());
            self.batch.with(|b| {
                if b.all && prev.is_some() {
                    return (newest, resyncs + 1);
                }
                match b.numbers.iter().filter(|(x, _)| *x == n).map(|(_, v)| *v).max() {
                    Some(v) if v > seen => (v, resyncs),
                    _ => (newest, resyncs),
                }
            })
        })
    }

    /// Opens the stream (once; in the browser only).
    pub fn connect(self) {
        #[cfg(feature = "hydrate")]
        if !self.connected.get_value() {
            self.connected.set_value(true);
            browser::open(self, 0);
        }
    }

    /// Gathers a change (`None`: everything may have changed); the batch goes out shortly.
    #[allow(dead_code)]
    fn gather(self, change: Option<(String, i64)>) {
        let mut start = false;
        self.pending.update_value(|(b, due)| {
            match change {
                Some((n, v)) => match b.numbers.iter_mut().find(|(x, _)| *x == n) {
                    Some(known) => known.1 = known.1.max(v),
                    None => b.numbers.push((n, v)),
                },
                None => b.all = true,
            }
            start = !*due;
            *due = true;
        });
        if start {
            #[cfg(feature = "hydrate")]
            gloo_timers::callback::Timeout::new(BATCH_MS, move || self.flush()).forget();
        }
    }

    #[allow(dead_code)]
    fn flush(self) {
        let mut batch = Batch::default();
        self.pending.update_value(|(b, due)| {
            batch = std::mem::take(b);
            *due = false;
        });
        self.batch.set(batch);
        self.version.update(|v| *v += 1);
    }
}

/// How long changes are gathered before the pages reload.
#[allow(dead_code)]
const BATCH_MS: u32 = 250;

#[cfg(feature = "hydrate")]
mod browser {
    use super::Live;
    use leptos::prelude::*;
    use wasm_bindgen::prelude::*;
    use web_sys::{EventSource, MessageEvent};

    /// The longest wait before reopening a closed stream.
    const MAX_RETRY_MS: u32 = 30_000;

    pub fn open(live: Live, failures: u32) {
        let Ok(source) = EventSource::new("/staff/live") else { return };
        let opened_before = failures > 0 || live.version.get_untracked() > 0;
        let first_ready = std::cell::Cell::new(true);
        let on_ready = Closure::<dyn Fn(MessageEvent)>::new(move |_: MessageEvent| {
            // The first `ready` of a fresh page needs no reload; a reconnect does.
            if !first_ready.replace(false) || opened_before {
                live.gather(None);
            }
        });
        let on_change = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
            let change = e
                .data()
                .as_string()
                .and_then(|d| serde_json::from_str::<crate::api::requests::LiveChange>(&d).ok())
                .map(|c| (c.number, c.version));
            if change.is_some() {
                live.gather(change);
            }
        });
        let on_resync = Closure::<dyn Fn(MessageEvent)>::new(move |_: MessageEvent| live.gather(None));
        let closed = std::rc::Rc::new(std::cell::Cell::new(false));
        let on_error = {
            let source = source.clone();
            Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
                // CONNECTING: the browser retries by itself. CLOSED: it gave up; reopen later.
                if source.ready_state() == EventSource::CLOSED && !closed.replace(true) {
                    let wait = (1000u32 << failures.min(5)).min(MAX_RETRY_MS);
                    gloo_timers::callback::Timeout::new(wait, move || open(live, failures + 1)).forget();
                }
            })
        };
        let _ = source.add_event_listener_with_callback("ready", on_ready.as_ref().unchecked_ref());
        let _ = source.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        let _ = source.add_event_listener_with_callback("resync", on_resync.as_ref().unchecked_ref());
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // The listeners live as long as the page.
        on_ready.forget();
        on_change.forget();
        on_resync.forget();
        on_error.forget();
    }
}
