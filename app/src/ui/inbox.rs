//! A staff member's work list: filter tabs, the requests earliest deadline
//! first with their warning in words (not colour alone), a page at a time.

use crate::api::requests::inbox;
use crate::api::views::Inbox;
use crate::api::AppError;
use leptos::prelude::*;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_query_map;

/// (filter, label) in the order of the tabs.
pub const TABS: [(&str, &str); 7] = [
    ("to_acknowledge", "待签收"),
    ("handling", "办理中"),
    ("awaiting_review", "待审核"),
    ("due_soon", "即将到期"),
    ("overdue", "已超期"),
    ("open", "全部在办"),
    ("registered", "待受理"),
];

#[component]
pub fn InboxPage() -> impl IntoView {
    let query = use_query_map();
    let filter = move || query.with(|q| q.get("filter")).unwrap_or_else(|| "open".into());
    let page = move || query.with(|q| q.get("page")).and_then(|p| p.parse::<i64>().ok()).unwrap_or(1);
    let list = Resource::new(move || (filter(), page()), |(f, p)| inbox(f, Some(p)));
    view! {
        <section class="panel">
            <h1>"工作台"</h1>
            <nav class="tabs" aria-label="筛选">
                {TABS.iter().map(|(code, label)| {
                    let current = move || filter() == *code;
                    view! {
                        <A href=format!("/staff/inbox?filter={code}") attr:aria-current=move || current().then_some("page")
                            attr:class=move || if current() { "tab tab--current" } else { "tab" }>{*label}</A>
                    }
                }).collect_view()}
            </nav>
            <Suspense fallback=|| view! { <p>"加载中…"</p> }>
                {move || list.get().map(|r| match r {
                    Ok(inbox) => view! { <InboxTable inbox/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/staff/login"/> }.into_any(),
                    Err(e) => view! { <p class="error-summary" role="alert">{e.to_string()}</p> }.into_any(),
                })}
            </Suspense>
        </section>
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
fn InboxTable(inbox: Inbox) -> impl IntoView {
    let pages = (inbox.total + inbox.page_size - 1) / inbox.page_size.max(1);
    let link = |page: i64| format!("/staff/inbox?filter={}&page={page}", inbox.filter);
    view! {
        <p id="inbox-total">{format!("共 {} 件", inbox.total)}</p>
        {inbox.items.is_empty().then(|| view! { <p>"没有需要处理的事项。"</p> })}
        <table class="table" id="inbox">
            <thead><tr><th>"编号"</th><th>"标题"</th><th>"类型"</th><th>"状态"</th><th>"单位"</th><th>"期限"</th></tr></thead>
            <tbody>
                {inbox.items.into_iter().map(|i| {
                    let (href, number) = (format!("/staff/requests/{}", i.number), i.number.clone());
                    view! {
                    <tr class=format!("row--{}", i.warning) data-number=i.number>
                        <td><A href=href>{number}</A></td>
                        <td>{i.emergency.then(|| view! { <strong class="tag-emergency">"突发"</strong> " " })}{i.title}</td>
                        <td>{i.request_type}</td>
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
