//! A document of a request (a signed duty statement, a case-filing
//! decision), uploaded as soon as it is chosen.

use leptos::prelude::*;

/// A file input that uploads the chosen document at once and keeps its id.
#[component]
pub fn DocumentInput(id: String, number: String, value: RwSignal<String>, error: RwSignal<Option<String>>) -> impl IntoView {
    let _ = (&number, error);
    let on_change = move |_ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(input) = _ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            let Ok(form) = web_sys::FormData::new() else { return };
            let _ = form.append_with_str("number", &number);
            let _ = form.append_with_blob_and_filename("file", &file, &file.name());
            value.set(String::new());
            leptos::task::spawn_local(async move {
                match crate::api::requests::upload_document(form.into()).await {
                    Ok(doc) => value.set(doc),
                    Err(e) => error.set(Some(e.to_string())),
                }
            });
        }
    };
    view! {
        <input type="file" id=id accept="application/pdf,image/jpeg,image/png,image/webp" on:change=on_change/>
        {move || (!value.get().is_empty()).then(|| view! { <span class="hint">"已上传"</span> })}
    }
}

