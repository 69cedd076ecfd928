//! The work list by keyboard (issue 14 §2), as agents know it from their
//! desks: j / k move through the list (the preview pane follows), Enter
//! opens the request, x chooses a row for a bulk action, a acknowledges,
//! ? shows every key. Keys typed into a field are text, not commands.

use leptos::prelude::*;

/// The keys, in the words of the help overlay.
const KEYS: &[(&str, &str)] = &[
    ("j", "下一件"),
    ("k", "上一件"),
    ("Enter", "打开选中的事项"),
    ("x", "勾选或取消勾选选中的事项（批量操作）"),
    ("a", "签收选中的事项"),
    ("?", "显示或关闭本说明"),
    ("Esc", "关闭本说明"),
];

/// Moves the selection `by` rows in the work list and puts the focus on the
/// row's link (so that Enter opens it, as any focused link does).
#[cfg(feature = "hydrate")]
fn move_selection(selected: RwSignal<Option<String>>, by: i32) {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(rows) = document.query_selector_all("#inbox tbody tr[data-number]") else { return };
    let rows: Vec<web_sys::Element> = (0..rows.length()).filter_map(|i| rows.get(i)?.dyn_into().ok()).collect();
    if rows.is_empty() {
        return;
    }
    let current = selected.get_untracked();
    let at = rows.iter().position(|r| r.get_attribute("data-number") == current);
    let next = match at {
        Some(i) => (i as i32 + by).clamp(0, rows.len() as i32 - 1) as usize,
        None => 0,
    };
    let row = &rows[next];
    selected.set(row.get_attribute("data-number"));
    if let Some(link) = row.query_selector("a").ok().flatten().and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = link.focus();
    }
}

/// Clicks the element `selector` finds, if any: a key does what its button does.
#[cfg(feature = "hydrate")]
fn click(selector: &str) {
    use wasm_bindgen::JsCast;
    let found = web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector(selector).ok().flatten());
    if let Some(e) = found.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        e.click();
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
        let selected = crate::ui::staff::preview::Selection::get().0;
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if typing(&ev) || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
                return;
            }
            match ev.key().as_str() {
                "j" => move_selection(selected, 1),
                "k" => move_selection(selected, -1),
                "x" => click("#inbox tr.row--selected input.choose"),
                "a" => click("#preview-acknowledge"),
                "?" => help.update(|h| *h = !*h),
                "Escape" if help.get_untracked() => help.set(false),
                _ => return,
            }
            ev.prevent_default();
        });
        on_cleanup(move || handle.remove());
    }
    view! {
        <p class="hint" id="shortcuts-hint">"快捷键：j / k 上下移动，Enter 打开，x 勾选，a 签收，? 查看全部"</p>
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
