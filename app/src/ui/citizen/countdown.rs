//! The live countdown to the current deadline. The server renders the
//! first text; in the browser the same domain code recounts it every
//! 30 seconds (gloo-timers) with the same calendar, regional days included:
//! on citizens' pages the portal WASM reads the `data-` attributes, in the
//! hydrated staff app the component's own timer does it.

use crate::api::citizen_views::DueView;
use crate::domain::calendar::{DeclaredDay, Layer, WorkCalendar};
use crate::domain::countdown::countdown;
use chrono::{NaiveDate, Utc};
use leptos::prelude::*;

fn calendar(regional: &[DeclaredDay]) -> WorkCalendar {
    let mut cal = WorkCalendar::builtin();
    for day in regional {
        cal.declare(Layer::Regional, day.clone());
    }
    cal
}

#[component]
pub fn Countdown(due: DueView, regional: Vec<DeclaredDay>) -> impl IntoView {
    let Ok(last_day) = NaiveDate::parse_from_str(&due.last_day, "%Y-%m-%d") else {
        return ().into_any();
    };
    let cal = StoredValue::new(calendar(&regional));
    let now = RwSignal::new(Utc::now());
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let tick = gloo_timers::callback::Interval::new(30_000, move || now.set(Utc::now()));
        // The page is single-threaded; the wrapper only satisfies `on_cleanup`'s bound.
        let tick = send_wrapper::SendWrapper::new(tick);
        on_cleanup(move || drop(tick));
    });
    let what = due.what.clone();
    let regional_json = serde_json::to_string(&regional).unwrap_or_else(|_| "[]".into());
    let state = Memo::new(move |_| cal.with_value(|c| countdown(c, last_day, now.get())));
    view! {
        <p class=move || if state.get().is_overdue() { "countdown overdue" } else { "countdown" } id="countdown"
            role="timer" aria-live="off" data-last-day=due.last_day.clone() data-what=due.what.clone()
            data-regional=regional_json>
            <span class="countdown-text">{move || state.get().text(&what)}</span>
        </p>
    }
    .into_any()
}
