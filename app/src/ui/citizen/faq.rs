//! The public FAQ (Art. 28): questions the hotline answers at once. A plain
//! GET form searches (no script needed); categories are links.

use crate::api::citizen::{faq, faq_entry};
use crate::api::citizen_views::FaqItem;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn FaqPage() -> impl IntoView {
    let query = use_query_map();
    let words = move || query.with(|q| q.get("q")).unwrap_or_default();
    let category = move || query.with(|q| q.get("category")).unwrap_or_default();
    let page = Resource::new(move || (words(), category()), |(w, c)| faq(w, c));
    view! {
        <section class="panel">
            <h1>"常见问题"</h1>
            <form method="get" action="/faq" class="search-form" role="search">
                <label for="faq-q">"输入您的问题"</label>
                <input type="search" id="faq-q" name="q" maxlength="50" value=words/>
                <input type="hidden" name="category" value=category/>
                <button type="submit" class="button" id="faq-search">"搜索"</button>
            </form>
            <Suspense fallback=|| view! { <p>"加载中…"</p> }>
                {move || page.get().map(|r| match r {
                    Ok(p) => view! {
                        <nav class="tabs" aria-label="分类">
                            <a class=if p.category.is_empty() { "tab tab--current" } else { "tab" } href="/faq">"全部"</a>
                            {p.categories.iter().map(|(code, name)| view! {
                                <a class=if &p.category == code { "tab tab--current" } else { "tab" } href=format!("/faq?category={code}")>{name.clone()}</a>
                            }).collect_view()}
                        </nav>
                        {p.items.is_empty().then(|| view! {
                            <p id="faq-none">"没有找到相关问题。您可以"<a href="/submit">"在网上提交诉求"</a>"，或拨打 12345。"</p>
                        })}
                        <ul class="plain faq" id="faq-list">
                            {p.items.into_iter().map(|i| view! { <FaqSummary i/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <p class="error-summary" role="alert">{e.to_string()}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn FaqSummary(i: FaqItem) -> impl IntoView {
    let passage = if i.snippet.iter().any(|p| p.mark) {
        view! { <crate::ui::snippet::Snippet parts=i.snippet/> }.into_any()
    } else {
        i.answer.into_any()
    };
    view! {
        <li data-code=i.code.clone()>
            <h2><a href=format!("/faq/{}", i.code)>{i.question}</a></h2>
            <p>{passage}</p>
            {(!i.category.is_empty()).then(|| view! { <p class="meta">{i.category}</p> })}
        </li>
    }
}

#[component]
pub fn FaqEntryPage() -> impl IntoView {
    let params = use_params_map();
    let entry = Resource::new(move || params.with(|p| p.get("code")).unwrap_or_default(), faq_entry);
    view! {
        <Suspense fallback=|| view! { <p>"加载中…"</p> }>
            {move || entry.get().map(|r| match r {
                Ok(i) => view! {
                    <section class="panel">
                        <p><a href="/faq">"← 常见问题"</a></p>
                        <h1 id="faq-question">{i.question}</h1>
                        <p id="faq-answer">{i.answer}</p>
                        <p class="meta">{format!("依据：{}", i.basis)}</p>
                        <p>"没有解决您的问题？"<a href="/submit">"在网上提交诉求"</a>"，或拨打 12345。"</p>
                    </section>
                }.into_any(),
                Err(e) => view! { <section class="panel"><p class="error-summary" role="alert">{e.to_string()}</p></section> }.into_any(),
            })}
        </Suspense>
    }
}
