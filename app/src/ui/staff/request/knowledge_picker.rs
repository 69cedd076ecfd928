//! Picking a knowledge-base entry for an answer (Art. 14(1)): at the
//! intake desk and in the request page's answer form.

use leptos::prelude::*;

/// How long typing must pause before a look-up (each keystroke would be a query).
const LOOKUP_PAUSE_MS: u32 = 250;

/// Looks entries up by words and picks one: its code goes into `entry`,
/// its answer into `reply` (to be adapted to the call). With `typed` (the
/// caller's words as the agent types them), the best entries for those
/// words show while the search box is empty: the assist on the line.
#[component]
pub fn KnowledgePicker(id: String, entry: RwSignal<String>, reply: Option<RwSignal<String>>, #[prop(optional)] typed: Option<Signal<String>>) -> impl IntoView {
    let words = RwSignal::new(String::new());
    let source = Memo::new(move |_| {
        let w = words.get();
        if w.trim().is_empty() {
            typed.map(|t| t.get()).unwrap_or_default()
        } else {
            w
        }
    });
    // Looked up from the browser as the words change (nothing to render on the server).
    let hits = crate::ui::staff::lookup::after_pause(source.into(), LOOKUP_PAUSE_MS, |w: &String| !w.trim().is_empty(), |w| async move {
        crate::api::knowledge::knowledge(w).await.ok()
    });
    view! {
        <input type="search" id=format!("{id}-words") placeholder="输入关键词查找知识库" bind:value=words/>
        <input type="hidden" id=id bind:value=entry/>
        <ul class="plain knowledge-hits" aria-live="polite">
            {move || hits.get().into_iter().map(|h| {
                let code = h.code.clone();
                let chosen = move || entry.get() == code;
                let pick = {
                    let (code, text) = (h.code.clone(), h.answer.clone());
                    move |_| {
                        entry.set(code.clone());
                        if let Some(r) = reply {
                            r.set(text.clone());
                        }
                    }
                };
                let passage = if h.snippet.iter().any(|p| p.mark) {
                    view! { <crate::ui::snippet::Snippet parts=h.snippet/> }.into_any()
                } else {
                    h.answer.into_any()
                };
                view! {
                    <li data-entry=h.code.clone() class=move || if chosen() { "hit hit--chosen" } else { "hit" }>
                        <strong>{h.question}</strong>
                        <p>{passage}</p>
                        <p class="hint">{format!("依据：{} · {}", h.basis, h.code)}</p>
                        <button type="button" class="button secondary small" on:click=pick>"选用"</button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

