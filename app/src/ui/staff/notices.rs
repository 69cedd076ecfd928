//! The staff member's notification list: what came to their unit (a
//! dispatch, a decision, a supervision, a redo) or, for the center, what
//! waits for its decision. Opening it marks them seen; new ones are marked.

use crate::api::notices::notices;
use crate::ui::staff::live::Live;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NoticesPage() -> impl IntoView {
    let live = Live::get();
    let list = Resource::new(move || live.version.get(), |_| notices());
    view! {
        <leptos_meta::Title text="通知"/>
        <section class="panel">
            <h1>"通知"</h1>
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || list.get().map(|r| match r {
                    Ok(items) if items.is_empty() => view! { <p>"暂无通知。"</p> }.into_any(),
                    Ok(items) => view! {
                        <ol class="notices" id="notices">
                            {items.into_iter().map(|n| view! {
                                <li class=if n.new { "notice notice--new" } else { "notice" } data-kind=n.kind>
                                    <span class="when">{n.at}</span>
                                    {n.new.then(|| view! { <strong class="tag-new">"新"</strong> })}
                                    <A href=notice_link(&n.kind, &n.number)>{n.text}</A>
                                </li>
                            }).collect_view()}
                        </ol>
                    }.into_any(),
                    Err(e) => crate::ui::staff::load_failure(e),
                })}
            </Transition>
        </section>
    }
}

/// Where a notice leads: to the hot spot, knowledge-base entry or request it names.
fn notice_link(kind: &str, subject: &str) -> String {
    match kind {
        "hot_spot" => format!("/staff/hotspots/{subject}"),
        "knowledge" => format!("/staff/knowledge/{subject}"),
        "knowledge_stale" => "/staff/knowledge?show=stale".to_string(),
        "assessment" => format!("/staff/assessment/published/{subject}"),
        "appeal" => format!("/staff/assessment/appeals/{subject}"),
        _ => format!("/staff/requests/{subject}"),
    }
}
