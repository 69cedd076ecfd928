//! The public cases (Art. 35): complaints and how they were handled, and
//! the consultation hot topics with their answers, as the center published
//! them — no personal data, the place no closer than the township. Kinds
//! are links; the page needs no script.

use crate::api::public_cases::{published_cases, PublicCaseView};
use crate::domain::types::PublicCaseKind;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CasesPage() -> impl IntoView {
    let query = use_query_map();
    let kind = move || query.with(|q| q.get("kind")).unwrap_or_default();
    let cases = Resource::new(kind, published_cases);
    view! {
        <leptos_meta::Title text="典型案例与咨询热点"/>
        <section class="panel">
            <h1>"典型案例与咨询热点"</h1>
            <p class="lead">"热线定期公布投诉举报的办理案例，以及群众咨询较多的问题和政策解读。"</p>
            <nav class="tabs" aria-label="类别">
                {move || {
                    let current = kind();
                    let tab = |code: &str, label: &str| {
                        let here = current == code;
                        let href = if code.is_empty() { "/cases".to_string() } else { format!("/cases?kind={code}") };
                        view! { <a class=if here { "tab tab--current" } else { "tab" } aria-current=here.then_some("page") href=href>{label.to_string()}</a> }
                    };
                    let mut tabs = vec![tab("", "全部")];
                    tabs.extend(PublicCaseKind::ALL.iter().map(|k| tab(k.code(), k.label())));
                    tabs
                }}
            </nav>
            <Suspense fallback=|| view! { <p>"加载中…"</p> }>
                {move || cases.get().map(|r| match r {
                    Ok(list) if list.is_empty() => view! { <p id="cases-none">"暂无公开的案例。"</p> }.into_any(),
                    Ok(list) => view! { <div id="cases">{list.into_iter().map(case).collect_view()}</div> }.into_any(),
                    Err(e) => view! { <p class="error-summary" role="alert">{e.to_string()}</p> }.into_any(),
                })}
            </Suspense>
            <p>"有问题需要反映？"<a href="/submit">"在网上提交诉求"</a>"，或拨打 12345。"</p>
        </section>
    }
}

fn case(c: PublicCaseView) -> impl IntoView {
    let answer = if c.kind == PublicCaseKind::HotTopic.code() { "答复" } else { "办理结果" };
    let asked = if c.kind == PublicCaseKind::HotTopic.code() { "问题" } else { "诉求" };
    view! {
        <article class="case" data-id=c.id>
            <h2>{c.title}</h2>
            <p class="meta">{format!("{} · {}", c.kind_label, c.meta)}</p>
            <h3>{asked}</h3>
            <p>{c.summary}</p>
            <h3>{answer}</h3>
            <p>{c.outcome}</p>
        </article>
    }
}
