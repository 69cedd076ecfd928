//! A found passage with its matched words marked (as plain text: nothing in
//! a request or an entry is ever read as markup).

use crate::api::snippet::TextPart;
use leptos::prelude::*;

#[component]
pub fn Snippet(parts: Vec<TextPart>) -> impl IntoView {
    view! {
        <span class="snippet">
            {parts.into_iter().map(|p| if p.mark {
                view! { <mark>{p.text}</mark> }.into_any()
            } else {
                p.text.into_any()
            }).collect_view()}
        </span>
    }
}
