//! The requests behind a number of the dashboard (issue 15 §3): every tile,
//! bar, unit row, trend day and heat-map cell links here with what it
//! counts; the page lists exactly the requests the statistics counted for
//! it, a page at a time, each opening the request.

use crate::api::dashboard::{counted, CountedPage, CountedQuery};
use crate::ui::staff::search::encode;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// The address of the requests behind a number.
pub fn counted_href(q: &CountedQuery) -> String {
    let mut parts = vec![format!("period={}", encode(&q.period)), format!("what={}", encode(&q.what))];
    for (name, value) in [("unit", &q.unit), ("by", &q.by), ("key", &q.key), ("day", &q.day)] {
        if !value.is_empty() {
            parts.push(format!("{name}={}", encode(value)));
        }
    }
    if q.page > 1 {
        parts.push(format!("page={}", q.page));
    }
    format!("/staff/counted?{}", parts.join("&"))
}

#[component]
pub fn CountedListPage() -> impl IntoView {
    let params = use_query_map();
    let query = move || {
        params.with(|p| {
            let get = |k: &str| p.get(k).unwrap_or_default();
            CountedQuery {
                period: get("period"),
                what: get("what"),
                unit: get("unit"),
                by: get("by"),
                key: get("key"),
                day: get("day"),
                page: get("page").parse().unwrap_or(1),
            }
        })
    };
    let list = Resource::new(query, counted);
    view! {
        <leptos_meta::Title text="诉求明细"/>
        <section class="panel">
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || list.get().map(|r| match r {
                    Ok(page) => counted_view(page, query()).into_any(),
                    Err(e) => view! {
                        <p><A href="/staff/dashboard">"← 统计分析"</A></p>
                        <h1>"诉求明细"</h1>
                        <p class="error-summary" role="alert" id="counted-error">{e.field("what").or_else(|| e.field("period")).or_else(|| e.field("day")).unwrap_or_else(|| e.to_string())}</p>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

fn counted_view(page: CountedPage, q: CountedQuery) -> impl IntoView {
    let with_units = page.lines.iter().any(|l| !l.unit.is_empty());
    let sum = if page.total == page.count {
        format!("共 {} 件", page.total)
    } else {
        format!("合计 {}（{} 条计数记录）", page.total, page.count)
    };
    let turn = |to: u32| counted_href(&CountedQuery { page: to, ..q.clone() });
    let (previous, next) = ((page.page > 1).then(|| turn(page.page - 1)), (page.page < page.pages).then(|| turn(page.page + 1)));
    view! {
        <p><A href=format!("/staff/dashboard?period={}", encode(&page.period)) attr:id="counted-back">"← 统计分析"</A></p>
        <h1>"诉求明细"</h1>
        <p class="who" id="counted-title">{page.title}</p>
        <p id="counted-total">{sum}</p>
        {if page.lines.is_empty() {
            view! { <p id="counted-none">"没有计入这一数字的诉求。"</p> }.into_any()
        } else {
            view! {
                <table class="table" id="counted">
                    <thead><tr>
                        <th scope="col">"诉求编号"</th><th scope="col">"标题"</th><th scope="col">"计入"</th>
                        {with_units.then(|| view! { <th scope="col">"单位"</th> })}
                        <th scope="col">"当前状态"</th>
                    </tr></thead>
                    <tbody>
                        {page.lines.into_iter().map(|l| {
                            let (href, number) = (format!("/staff/requests/{}", l.number), l.number.clone());
                            view! {
                                <tr data-number=l.number>
                                    <td><A href=href>{number}</A></td>
                                    <td>{l.title}</td>
                                    <td>{l.counted}</td>
                                    {with_units.then(|| view! { <td>{l.unit}</td> })}
                                    <td>{l.state}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        {(page.pages > 1).then(|| view! {
            <nav class="pager" aria-label="翻页">
                {previous.map(|href| view! { <a href=href id="counted-previous">"← 上一页"</a> })}
                <span>{format!("第 {} / {} 页", page.page, page.pages)}</span>
                {next.map(|href| view! { <a href=href id="counted-next">"下一页 →"</a> })}
            </nav>
        })}
    }
}
