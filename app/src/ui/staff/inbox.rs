//! A staff member's work list: filter tabs, the requests earliest deadline
//! first (or by the column whose header was clicked) with their warning in
//! words (not colour alone), a page at a time, and the chosen row's preview
//! beside the list.

use crate::api::inbox::inbox;
use crate::api::inbox::Inbox;
use crate::domain::types::{WorkList, WorkListColumn, WorkListOrder};
use crate::ui::staff::preview::{Preview, Selection};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn InboxPage() -> impl IntoView {
    let query = use_query_map();
    let filter = move || query.with(|q| q.get("filter")).unwrap_or_else(|| WorkList::Open.code().into());
    let page = move || query.with(|q| q.get("page")).and_then(|p| p.parse::<i64>().ok()).unwrap_or(1);
    let sort = move || query.with(|q| q.get("sort"));
    let live = crate::ui::staff::live::Live::get();
    let list = Resource::new(move || (filter(), page(), sort(), live.version.get()), |(f, p, s, _)| inbox(f, Some(p), s));
    let bulk = crate::ui::staff::bulk::BulkState::new();
    Selection::provide();
    view! {
        <leptos_meta::Title text="工作清单"/>
        <div class="worklist-layout">
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
            <Preview/>
        </div>
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
    let (filter, order) = (inbox.filter.clone(), inbox.order.clone());
    let link: Box<dyn Fn(i64) -> String + Send + Sync> = Box::new(move |page| format!("/staff/inbox?filter={filter}&sort={order}&page={page}"));
    let filter = inbox.filter.clone();
    let sorting = Sorting {
        current: WorkListOrder::parse(&inbox.order).unwrap_or_default(),
        link: Box::new(move |order: WorkListOrder| format!("/staff/inbox?filter={filter}&sort={}", order.code())),
    };
    let bulk = WorkList::parse(&inbox.filter).ok().and_then(|list| crate::ui::staff::bulk::Bulk::of(inbox.center, list)).filter(|_| !inbox.items.is_empty());
    let items = inbox.items.clone();
    view! {
        <RequestTable inbox link chosen=bulk.map(|_| state.chosen) sorting=Some(sorting) selected=Some(Selection::get().0)/>
        {bulk.map(|bulk| view! { <crate::ui::staff::bulk::BulkBar bulk state items/> })}
    }
}

/// A sortable table's order and the link that sorts it another way.
pub struct Sorting {
    pub current: WorkListOrder,
    pub link: Box<dyn Fn(WorkListOrder) -> String + Send + Sync>,
}

/// A column header: a link that sorts by it when the table sorts, saying
/// which way it is sorted now (`aria-sort`, and an arrow for the eye).
fn header(label: &'static str, column: Option<WorkListColumn>, sorting: Option<&Sorting>) -> AnyView {
    let Some((column, sorting)) = column.zip(sorting) else {
        return view! { <th scope="col">{label}</th> }.into_any();
    };
    let here = sorting.current.by == column;
    let (aria, arrow) = match (here, sorting.current.descending) {
        (false, _) => ("none", " ↕"),
        (true, false) => ("ascending", " ▲"),
        (true, true) => ("descending", " ▼"),
    };
    let href = (sorting.link)(sorting.current.clicked(column));
    view! {
        <th scope="col" aria-sort=aria>
            <A href=href attr:class="sort" attr:id=format!("sort-{}", column.code())>{label}<span aria-hidden="true">{arrow}</span></A>
        </th>
    }
    .into_any()
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
    /// The column headers sort the list, when it can be sorted.
    #[prop(default = None)]
    sorting: Option<Sorting>,
    /// The row shown in the preview pane, when there is one.
    #[prop(default = None)]
    selected: Option<RwSignal<Option<String>>>,
) -> impl IntoView {
    let pages = (inbox.total + inbox.page_size - 1) / inbox.page_size.max(1);
    let s = sorting.as_ref();
    // The number sorts by registration: it is the registration's date and sequence.
    let headers = [
        ("编号", Some(WorkListColumn::Registered)),
        ("标题", None),
        ("类型", Some(WorkListColumn::Type)),
        ("县市", Some(WorkListColumn::County)),
        ("状态", None),
        ("单位", None),
        ("期限", Some(WorkListColumn::Due)),
    ];
    view! {
        <p id="inbox-total">{format!("共 {} 件", inbox.total)}</p>
        {inbox.items.is_empty().then(|| view! { <p>"没有需要处理的事项。"</p> })}
        <table class="table" id="inbox">
            <thead><tr>
                {chosen.map(|_| view! { <th scope="col">"选择"</th> })}
                {headers.into_iter().map(|(label, column)| header(label, column, s)).collect_view()}
            </tr></thead>
            <tbody>
                {inbox.items.into_iter().map(|i| {
                    let (href, number) = (format!("/staff/requests/{}", i.number), i.number.clone());
                    let warning = format!("row--{}", i.warning);
                    let this = number.clone();
                    let class = move || match selected {
                        Some(s) if s.with(|s| s.as_deref() == Some(this.as_str())) => format!("{warning} row--selected"),
                        _ => warning.clone(),
                    };
                    let pick = number.clone();
                    let select = move |_| if let Some(s) = selected { s.set(Some(pick.clone())) };
                    view! {
                    <tr class=class data-number=i.number on:click=select>
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
                        <td class="nowrap">{i.request_type}</td>
                        <td class="nowrap">{i.county.unwrap_or_default()}</td>
                        <td class="nowrap">{i.status.unwrap_or(i.state)}</td>
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
