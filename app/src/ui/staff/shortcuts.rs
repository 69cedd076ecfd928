//! The work list by keyboard (issue 14 §2), as agents know it from their
//! desks: j / k move through the list, Enter opens the request, ? shows
//! every key. Keys typed into a field are text,
//! not commands.

use leptos::prelude::*;

/// The keys, in the words of the help overlay.
const KEYS: &[(&str, &str)] = &[
    ("j", "下一件"),
    ("k", "上一件"),
    ("Enter", "打开选中的事项"),
    ("?", "显示或关闭本说明"),
    ("Esc", "关闭本说明"),
];

/// Moves the selection `by` rows in the work list and puts the focus on the
/// row's link (so that Enter opens it, as any focused link does).
#[cfg(feature = "hydrate")]
fn move_selection(by: i32) {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(rows) = document.query_selector_all("#inbox tbody tr") else { return };
    let count = rows.length() as i32;
    if count == 0 {
        return;
    }
    let row = |i: i32| rows.get(i as u32).and_then(|n| n.dyn_into::<web_sys::Element>().ok());
    let current = (0..count).find(|&i| row(i).is_some_and(|r| r.class_list().contains("row--selected")));
    let next = match current {
        Some(i) => (i + by).clamp(0, count - 1),
        None => 0,
    };
    if let Some(old) = current.and_then(row) {
        let _ = old.class_list().remove_1("row--selected");
    }
    if let Some(new) = row(next) {
        let _ = new.class_list().add_1("row--selected");
        if let Some(link) = new.query_selector("a").ok().flatten().and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = link.focus();
        }
    }
}

/// Whether a key went to a field being typed in.
#[cfg(feature = "hydrate")]
fn typing(ev: &web_sys::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || e.has_attribute("contenteditable"))
}

#[component]
pub fn WorkListShortcuts() -> impl IntoView {
    let help = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    {
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if typing(&ev) || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
                return;
            }
            match ev.key().as_str() {
                "j" => move_selection(1),
                "k" => move_selection(-1),
                "?" => help.update(|h| *h = !*h),
                "Escape" if help.get_untracked() => help.set(false),
                _ => return,
            }
            ev.prevent_default();
        });
        on_cleanup(move || handle.remove());
    }
    view! {
        <p class="hint" id="shortcuts-hint">"快捷键：j / k 上下移动，Enter 打开，? 查看全部"</p>
        <Show when=move || help.get()>
            <section class="shortcuts panel" role="dialog" aria-labelledby="shortcuts-title" id="shortcuts">
                <h2 id="shortcuts-title">"快捷键"</h2>
                <dl class="facts">
                    {KEYS.iter().map(|(key, what)| view! { <div class="fact"><dt><kbd>{*key}</kbd></dt><dd>{*what}</dd></div> }).collect_view()}
                </dl>
                <button type="button" class="button secondary" on:click=move |_| help.set(false)>"关闭"</button>
            </section>
        </Show>
    }
}
