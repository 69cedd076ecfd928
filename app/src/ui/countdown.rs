//! The live countdown to the current deadline. The server renders the
//! first text; in the browser the same domain code recounts it every
//! 30 seconds (gloo-timers) with the same calendar, regional days included:
//! on citizens' pages the portal WASM reads the `data-` attributes, in the
//! hydrated staff app the component's own timer does it.

use crate::domain::calendar::{DeclaredDay, Layer, WorkCalendar};
use crate::domain::countdown::{countdown, Countdown as Counted};
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
pub fn Countdown(
    /// The last working day, `YYYY-MM-DD`.
    last_day: String,
    /// What is due: 答复, 重新办理, 签收 …
    what: String,
    regional: Vec<DeclaredDay>,
    /// The element id (the citizen's page has one countdown: `countdown`).
    #[prop(into, default = String::from("countdown"))]
    id: String,
    /// The count as the server made it when it sent the page. Hydration
    /// keeps the server's text, so the browser starts from the same count and
    /// then recounts with its own clock (without it, a recount that happened
    /// to match the browser's first guess would never reach the page).
    #[prop(default = None)]
    served: Option<Counted>,
) -> impl IntoView {
    let Ok(day) = NaiveDate::parse_from_str(&last_day, "%Y-%m-%d") else {
        return ().into_any();
    };
    let cal = StoredValue::new(calendar(&regional));
    // `None`: as served.
    let now = RwSignal::new(if served.is_some() { None } else { Some(Utc::now()) });
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        now.set(Some(Utc::now()));
        let tick = gloo_timers::callback::Interval::new(30_000, move || now.set(Some(Utc::now())));
        // The page is single-threaded; the wrapper only satisfies `on_cleanup`'s bound.
        let tick = send_wrapper::SendWrapper::new(tick);
        on_cleanup(move || drop(tick));
    });
    let label = what.clone();
    let regional_json = serde_json::to_string(&regional).unwrap_or_else(|_| "[]".into());
    let state = Memo::new(move |_| match (now.get(), served.clone()) {
        (None, Some(counted)) => counted,
        (at, _) => cal.with_value(|c| countdown(c, day, at.unwrap_or_else(Utc::now))),
    });
    view! {
        <p class=move || if state.get().is_overdue() { "countdown overdue" } else { "countdown" } id=id
            role="timer" aria-live="off" data-last-day=last_day data-what=what
            data-regional=regional_json>
            <span class="countdown-text">{move || state.get().text(&label)}</span>
        </p>
    }
    .into_any()
}
