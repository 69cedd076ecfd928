//! The search's synonym groups: one group of words per line (暖气 供暖 采暖);
//! a query with one of them also finds the others.

use crate::api::admin::{synonyms, SetSynonyms};
use leptos::prelude::*;

#[component]
pub fn SynonymsPage() -> impl IntoView {
    let save = ServerAction::<SetSynonyms>::new();
    let list = Resource::new(move || save.version().get(), |_| synonyms());
    let text = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(groups)) = list.get() {
            text.set(groups.join("\n"));
        }
    });
    let error = move || save.value().get().and_then(|r| r.err()).map(|e| e.to_string());
    let saved = move || save.value().get().is_some_and(|r| r.is_ok());
    view! {
        <leptos_meta::Title text="检索同义词"/>
        <section class="panel">
            <h1>"检索同义词"</h1>
            <p class="hint">"每行一组意思相同的词，用空格或逗号分隔，例如“暖气 供暖 采暖”。检索任一个词时，也查找同组的其他词。保存后立即生效。"</p>
            {move || error().map(|e| view! { <p class="error-summary" role="alert" id="synonyms-error">{e}</p> })}
            {move || saved().then(|| view! { <p class="notice" id="synonyms-saved">"已保存。"</p> })}
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || list.get().map(|r| r.err().map(crate::ui::staff::load_failure))}
            </Transition>
            <label for="synonyms">"同义词组"</label>
            <textarea id="synonyms" rows="14" bind:value=text></textarea>
            <p><button type="button" class="button" id="save-synonyms" on:click=move |_| { save.dispatch(SetSynonyms { groups: text.get_untracked() }); }>"保存"</button></p>
        </section>
    }
}
