//! Art. 34's page (监督处理线索): the matters complained about again and
//! again and the requests long past their deadline, by unit, with the
//! thresholds as a plain GET form (works before the WASM loads) and the
//! same leads as a workbook for the referral.

use crate::api::oversight::{oversight, OversightPage};
use crate::ui::staff::search::encode;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn OversightView() -> impl IntoView {
    let query = use_query_map();
    let field = move |name: &'static str| query.with(|q| q.get(name)).unwrap_or_default();
    let page = Resource::new(move || (field("repeats"), field("overdue_days")), |(r, o)| oversight(r, o));
    view! {
        <leptos_meta::Title text="监督处理线索"/>
        <section class="panel">
            <p><A href="/staff/supervisions">"← 督办"</A></p>
            <h1>"监督处理线索"</h1>
            <p class="hint">"第三十四条：对连续多次被投诉、较长时间没有整治效果导致反复投诉举报的，由州政务服务管理局将相关问题报送州纪委监委依法处理。以下按设定的标准列出线索，供核实后报送。"</p>
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || page.get().map(|r| match r {
                    Ok(p) => leads(p).into_any(),
                    Err(e) => {
                        let message = |f: &str| e.field(f);
                        let (repeats, overdue) = (message("repeats"), message("overdue_days"));
                        if repeats.is_none() && overdue.is_none() {
                            return crate::ui::staff::load_failure(e);
                        }
                        view! {
                            <p class="error-summary" role="alert" id="oversight-error">{e.to_string()}</p>
                            {thresholds(field("repeats"), field("overdue_days"), repeats, overdue)}
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

/// The thresholds form; `errors` beside their fields.
fn thresholds(repeats: String, overdue_days: String, repeats_error: Option<String>, overdue_error: Option<String>) -> impl IntoView {
    view! {
        <form method="get" action="/staff/oversight" class="thresholds" id="oversight-form" novalidate="">
            <label for="oversight-repeats">"同一事项投诉件数（含原诉求）不少于"</label>
            {repeats_error.map(|m| view! { <p class="field-error" id="oversight-repeats-error">{m}</p> })}
            <input type="number" id="oversight-repeats" name="repeats" min="2" max="50" value=repeats/>
            <label for="oversight-overdue">"超过办理期限仍未办结的工作日数不少于"</label>
            {overdue_error.map(|m| view! { <p class="field-error" id="oversight-overdue-error">{m}</p> })}
            <input type="number" id="oversight-overdue" name="overdue_days" min="1" max="250" value=overdue_days/>
            <p><button type="submit" class="button secondary" id="oversight-apply">"按此标准筛选"</button></p>
        </form>
    }
}

fn leads(p: OversightPage) -> impl IntoView {
    let xlsx = format!("/staff/oversight.xlsx?repeats={}&overdue_days={}", p.repeats, p.overdue_days);
    let request = |n: &str| format!("/staff/requests/{}", encode(n));
    view! {
        {thresholds(p.repeats.to_string(), p.overdue_days.to_string(), None, None)}
        <p><a href=xlsx download="" rel="external" id="oversight-xlsx">"下载线索（XLSX）"</a></p>
        <h2>"按单位"</h2>
        {if p.units.is_empty() {
            view! { <p id="oversight-none">"按当前标准没有线索。"</p> }.into_any()
        } else {
            view! {
                <table class="table" id="oversight-units">
                    <thead><tr><th scope="col">"单位"</th><th scope="col">"重复投诉事项"</th><th scope="col">"长期未办结"</th></tr></thead>
                    <tbody>{p.units.into_iter().map(|u| view! {
                        <tr><th scope="row">{u.name}</th><td>{u.repeated}</td><td>{u.overdue}</td></tr>
                    }).collect_view()}</tbody>
                </table>
            }.into_any()
        }}
        <h2>{format!("重复投诉（{}起关联为重复诉求，同一事项 {} 件及以上）", p.since, p.repeats)}</h2>
        {if p.matters.is_empty() {
            view! { <p>"没有。"</p> }.into_any()
        } else {
            view! {
                <table class="table" id="oversight-repeated">
                    <thead><tr><th scope="col">"原诉求"</th><th scope="col">"标题"</th><th scope="col">"承办单位"</th><th scope="col">"投诉件数"</th><th scope="col">"重复诉求"</th><th scope="col">"状态"</th></tr></thead>
                    <tbody>{p.matters.into_iter().map(|m| {
                        let (href, number) = (request(&m.original), m.original.clone());
                        let repeats = m.repeats.into_iter().map(|n| {
                            let href = request(&n);
                            view! { <A href=href>{n}</A>" " }
                        }).collect_view();
                        view! {
                            <tr data-number=m.original>
                                <td><A href=href>{number}</A></td>
                                <td>{m.title}</td><td>{m.units}</td><td>{m.complaints}</td>
                                <td>{repeats}</td>
                                <td>{m.state}</td>
                            </tr>
                        }
                    }).collect_view()}</tbody>
                </table>
            }.into_any()
        }}
        <h2>{format!("长期未办结（超过办理期限 {} 个工作日及以上）", p.overdue_days)}</h2>
        {p.truncated.then(|| view! { <p class="hint">"超期事项较多，仅列出超期最久的一部分；下载的表格与此相同。"</p> })}
        {if p.overdue.is_empty() {
            view! { <p>"没有。"</p> }.into_any()
        } else {
            view! {
                <table class="table" id="oversight-overdue">
                    <thead><tr><th scope="col">"诉求编号"</th><th scope="col">"标题"</th><th scope="col">"承办单位"</th><th scope="col">"办理期限"</th><th scope="col">"超期"</th><th scope="col">"状态"</th></tr></thead>
                    <tbody>{p.overdue.into_iter().map(|o| {
                        let (href, number) = (request(&o.number), o.number.clone());
                        view! {
                        <tr data-number=o.number>
                            <td><A href=href>{number}</A></td>
                            <td>{o.title}</td><td>{o.units}</td><td>{format!("截止{}", o.last_day)}</td>
                            <td>{format!("{} 个工作日", o.days)}</td><td>{o.state}</td>
                        </tr>
                        }
                    }).collect_view()}</tbody>
                </table>
            }.into_any()
        }}
    }
}
