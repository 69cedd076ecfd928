//! Searching requests in scope: a plain GET form (the address holds the
//! search, so it can be bookmarked and paged), results newest first.

use crate::api::citizen::submit_choices;
use crate::api::search::search_requests;
use crate::api::search::SearchQuery;
use crate::api::AppError;
use crate::domain::state_code::StateCode;
use crate::ui::citizen::TYPES;
use crate::ui::staff::inbox::RequestTable;
use leptos::prelude::*;
use leptos_router::components::{Form, Redirect};
use leptos_router::hooks::use_query_map;

/// The states one may search for, in the order of the flow.

/// Every key of the search in the address but the page.
const KEYS: [&str; 11] = ["searched", "number", "phone", "text", "state", "unit", "request_type", "category", "county", "from", "until"];

/// The query's fields, in the form's order: (name, label).
const FIELDS: [(&str, &str); 4] = [("number", "事项编号"), ("phone", "来电号码（查询记入审计日志）"), ("text", "标题关键词"), ("unit", "承办单位编码")];

#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let get = move |name: &str| query.with(|q| q.get(name)).unwrap_or_default();
    let search = move || SearchQuery {
        number: get("number"),
        phone: get("phone"),
        text: get("text"),
        state: get("state"),
        unit: get("unit"),
        request_type: get("request_type"),
        category: get("category"),
        county: get("county"),
        from: get("from"),
        until: get("until"),
        page: get("page").parse().unwrap_or(1),
    };
    let asked = move || query.with(|q| q.get("searched").is_some());
    let results = Resource::new(move || (asked(), search()), |(asked, q)| async move {
        if asked { search_requests(q).await.map(Some) } else { Ok(None) }
    });
    let choices = Resource::new(|| (), |_| submit_choices());
    let select = move |name: &'static str, label: &'static str, options: Vec<(String, String)>| {
        let current = get(name);
        view! {
            <div class="form-group">
                <label for=format!("search-{name}")>{label}</label>
                <select id=format!("search-{name}") name=name>
                    <option value="">"不限"</option>
                    {options.into_iter().map(|(value, text)| {
                        let selected = value == current;
                        view! { <option value=value selected=selected>{text}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    };
    view! {
        <leptos_meta::Title text="检索"/>
        <section class="panel">
            <h1>"查询事项"</h1>
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || choices.get().map(|c| {
                    let c = c.unwrap_or_default();
                    view! {
                        <Form action="/staff/search" method="GET">
                            <input type="hidden" name="searched" value="1"/>
                            <div class="search-grid">
                                {FIELDS.iter().map(|(name, label)| view! {
                                    <div class="form-group">
                                        <label for=format!("search-{name}")>{*label}</label>
                                        <input type="text" id=format!("search-{name}") name=*name value=get(name) autocomplete="off"/>
                                    </div>
                                }).collect_view()}
                                {select("state", "状态", StateCode::ALL.iter().map(|s| (s.code().to_string(), s.label().to_string())).collect())}
                                {select("request_type", "类型", TYPES.iter().map(|(code, label, _)| (code.to_string(), label.to_string())).collect())}
                                {select("category", "分类", c.categories.iter().map(|o| (o.code.clone(), o.name.clone())).collect())}
                                {select("county", "县市", c.counties.iter().map(|n| (n.clone(), n.clone())).collect())}
                                <div class="form-group">
                                    <label for="search-from">"登记日期自"</label>
                                    <input type="date" id="search-from" name="from" value=get("from")/>
                                </div>
                                <div class="form-group">
                                    <label for="search-until">"至"</label>
                                    <input type="date" id="search-until" name="until" value=get("until")/>
                                </div>
                            </div>
                            <button type="submit" class="button" id="search-submit">"查询"</button>
                        </Form>
                    }
                })}
            </Transition>
            <Transition fallback=|| view! { <p>"查询中…"</p> }>
                {move || results.get().map(|r| match r {
                    Ok(None) => ().into_any(),
                    Ok(Some(inbox)) => {
                        // The pager keeps the search and changes the page.
                        let base: Vec<(&str, String)> = KEYS.iter().map(|k| (*k, get(k))).filter(|(_, v)| !v.is_empty()).collect();
                        let link: Box<dyn Fn(i64) -> String + Send + Sync> = Box::new(move |page| {
                            let mut pairs: Vec<String> = base.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
                            pairs.push(format!("page={page}"));
                            format!("/staff/search?{}", pairs.join("&"))
                        });
                        view! { <RequestTable inbox link/> }.into_any()
                    }
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/staff/login"/> }.into_any(),
                    Err(e) => view! { <p class="error-summary" role="alert" id="search-error">{e.to_string()}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// Percent-encodes a query value (Chinese words, `+`, `&`).
pub(crate) fn encode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
