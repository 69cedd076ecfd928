//! A staff member's work list: filter tabs, the requests earliest deadline
//! first with their warning in words (not colour alone), a page at a time.

use crate::api::inbox::inbox;
use crate::api::inbox::Inbox;
use crate::domain::types::WorkList;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn InboxPage() -> impl IntoView {
    let query = use_query_map();
    let filter = move || query.with(|q| q.get("filter")).unwrap_or_else(|| "open".into());
    let page = move || query.with(|q| q.get("page")).and_then(|p| p.parse::<i64>().ok()).unwrap_or(1);
    let live = crate::ui::staff::live::Live::get();
    let list = Resource::new(move || (filter(), page(), live.version.get()), |(f, p, _)| inbox(f, Some(p)));
    let bulk = crate::ui::staff::bulk::BulkState::new();
    view! {
        <leptos_meta::Title text="工作清单"/>
        <section class="panel">
            <h1>"工作清单"</h1>
            <crate::ui::staff::shortcuts::WorkListShortcuts/>
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || list.get().map(|r| match r {
                    Ok(inbox) => view! { <Tabs center=inbox.center current=inbox.filter.clone()/> <InboxTable inbox bulk/> }.into_any(),
                    Err(e) => crate::ui::staff::load_failure(e),
                })}
            </Transition>
            <crate::ui::staff::bulk::BulkOutcomes state=bulk/>
        </section>
    }
}

#[component]
fn Tabs(center: bool, current: String) -> impl IntoView {
    let tabs: &[WorkList] = if center { &WorkList::OFFICE } else { &WorkList::UNIT };
    view! {
        <nav class="tabs" aria-label="筛选">
            {tabs.iter().map(|list| {
                let (code, label) = (list.code(), list.label());
                let here = current == code;
                view! {
                    <A href=format!("/staff/inbox?filter={code}") attr:aria-current=here.then_some("page")
                        attr:class=if here { "tab tab--current" } else { "tab" } attr:id=format!("tab-{code}")>{label}</A>
                }
            }).collect_view()}
        </nav>
    }
}

fn warning_text(w: &str) -> &'static str {
    match w {
        "red" => "已超期",
        "amber" => "即将到期",
        _ => "",
    }
}

#[component]
fn InboxTable(inbox: Inbox, bulk: crate::ui::staff::bulk::BulkState) -> impl IntoView {
    let state = bulk;
    let filter = inbox.filter.clone();
    let link: Box<dyn Fn(i64) -> String + Send + Sync> = Box::new(move |page| format!("/staff/inbox?filter={filter}&page={page}"));
    let bulk = crate::ui::staff::bulk::Bulk::of(inbox.center, &inbox.filter).filter(|_| !inbox.items.is_empty());
    let items = inbox.items.clone();
    view! {
        <RequestTable inbox link chosen=bulk.map(|_| state.chosen)/>
        {bulk.map(|bulk| view! { <crate::ui::staff::bulk::BulkBar bulk state items/> })}
    }
}

/// A page of requests as a table, earliest deadline first, with a pager
/// whose links `link` makes from a page number.
#[component]
pub fn RequestTable(
    inbox: Inbox,
    link: Box<dyn Fn(i64) -> String + Send + Sync>,
    /// The rows chosen for a bulk action, when the list offers one.
    #[prop(default = None)]
    chosen: Option<RwSignal<std::collections::BTreeSet<String>>>,
) -> impl IntoView {
    let pages = (inbox.total + inbox.page_size - 1) / inbox.page_size.max(1);
    view! {
        <p id="inbox-total">{format!("共 {} 件", inbox.total)}</p>
        {inbox.items.is_empty().then(|| view! { <p>"没有需要处理的事项。"</p> })}
        <table class="table" id="inbox">
            <thead><tr>{chosen.map(|_| view! { <th scope="col">"选择"</th> })}<th scope="col">"编号"</th><th scope="col">"标题"</th><th scope="col">"类型"</th><th scope="col">"县市"</th><th scope="col">"状态"</th><th scope="col">"单位"</th><th scope="col">"期限"</th></tr></thead>
            <tbody>
                {inbox.items.into_iter().map(|i| {
                    let (href, number) = (format!("/staff/requests/{}", i.number), i.number.clone());
                    view! {
                    <tr class=format!("row--{}", i.warning) data-number=i.number>
                        {chosen.map(|chosen| {
                            let n = number.clone();
                            let toggle = n.clone();
                            view! {
                                <td><input type="checkbox" class="choose" aria-label=format!("选择 {n}")
                                    prop:checked=move || chosen.with(|c| c.contains(&n))
                                    on:change=move |_| chosen.update(|c| if !c.remove(&toggle) { c.insert(toggle.clone()); })/></td>
                            }
                        })}
                        <td><A href=href>{number}</A></td>
                        <td>
                            {i.emergency.then(|| view! { <strong class="tag-emergency">"突发"</strong> " " })}{i.title}
                            {(!i.snippet.is_empty()).then(|| view! { <br/><crate::ui::snippet::Snippet parts=i.snippet/> })}
                        </td>
                        <td>{i.request_type}</td>
                        <td>{i.county.unwrap_or_default()}</td>
                        <td>{i.status.unwrap_or(i.state)}</td>
                        <td>{i.unit_name.unwrap_or_default()}</td>
                        <td>{i.due.unwrap_or_default()} " " <strong>{warning_text(&i.warning)}</strong></td>
                    </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        {(pages > 1).then(|| view! {
            <nav class="pager" aria-label="分页">
                {(inbox.page > 1).then(|| view! { <A href=link(inbox.page - 1)>"上一页"</A> })}
                <span>{format!(" 第 {} / {} 页 ", inbox.page, pages)}</span>
                {(inbox.page < pages).then(|| view! { <A href=link(inbox.page + 1)>"下一页"</A> })}
            </nav>
        })}
    }
}
