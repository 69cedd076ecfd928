//! Looking something up while the user types: ask only once the typing has
//! paused, and drop an answer to words that have changed since — a slower
//! answer to older words must not replace a newer one.

use leptos::prelude::*;
use std::future::Future;

/// What `fetch` answers for `source` once it has stood still for `pause_ms`;
/// the default while `wanted` says the words are not worth asking about.
pub fn after_pause<Q, T, Fut>(
    source: Signal<Q>,
    pause_ms: u32,
    wanted: impl Fn(&Q) -> bool + 'static,
    fetch: impl Fn(Q) -> Fut + Clone + 'static,
) -> RwSignal<T>
where
    Q: Clone + PartialEq + Send + Sync + 'static,
    T: Default + Send + Sync + 'static,
    Fut: Future<Output = Option<T>> + 'static,
{
    let found = RwSignal::new(T::default());
    Effect::new(move |_| {
        let q = source.get();
        if !wanted(&q) {
            found.set(T::default());
            return;
        }
        let fetch = fetch.clone();
        leptos::task::spawn_local(async move {
            #[cfg(feature = "hydrate")]
            gloo_timers::future::TimeoutFuture::new(pause_ms).await;
            #[cfg(not(feature = "hydrate"))]
            let _ = pause_ms;
            // The page may have moved on while we waited (the view that asked
            // was replaced): then its signals are gone and the answer too.
            if source.try_get_untracked().as_ref() != Some(&q) {
                return;
            }
            if let Some(answer) = fetch(q.clone()).await {
                if source.try_get_untracked().as_ref() == Some(&q) {
                    found.try_set(answer);
                }
            }
        });
    });
    found
}
