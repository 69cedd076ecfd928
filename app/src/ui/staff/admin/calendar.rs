//! The working-day calendar (SPEC §4): a year's holidays and adjusted
//! working days, national and regional, and the working days per month;
//! administrators import the State Council's notice for a new year and add
//! regional holidays or make-up working days.

use crate::api::admin::{calendar_year, ChangeCalendar};
use crate::api::admin::{CalendarChange, CalendarYear};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CalendarPage() -> impl IntoView {
    let query = use_query_map();
    let this_year = chrono::Datelike::year(&crate::domain::deadline::cst_date(chrono::Utc::now()));
    let year = move || query.with(|q| q.get("year")).and_then(|y| y.parse::<i32>().ok()).unwrap_or(this_year);
    let change = ServerAction::<ChangeCalendar>::new();
    let data = Resource::new(move || (year(), change.version().get()), |(y, _)| calendar_year(y));
    let error = move || change.value().get().and_then(|r| r.err()).map(|e| e.to_string());
    view! {
        <leptos_meta::Title text="节假日安排"/>
        <section class="panel">
            <h1>"节假日与工作日"</h1>
            <Form action="/staff/admin/calendar" method="GET">
                <label for="calendar-year">"年份"</label>
                <input type="number" id="calendar-year" name="year" min="2000" max="2200" value=move || year().to_string()/>
                <button type="submit" class="button secondary">"查看"</button>
            </Form>
            {move || error().map(|e| view! { <p class="error-summary" role="alert" id="calendar-error">{e}</p> })}
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || data.get().map(|r| match r {
                    Ok(y) => view! { <YearView y/> }.into_any(),
                    Err(e) => crate::ui::staff::load_failure(e),
                })}
            </Transition>
        </section>
        <RegionalDay change/>
        <ImportNotice change/>
    }
}

#[component]
fn YearView(y: CalendarYear) -> impl IntoView {
    view! {
        {(!y.covered).then(|| view! {
            <p class="warning" role="status" id="calendar-missing">
                {format!("尚未导入 {} 年国务院办公厅节假日安排，期限按普通周末推算。", y.year)}
            </p>
        })}
        <p id="working-days">
            {y.working_days.iter().enumerate().map(|(i, n)| format!("{}月 {n} 天", i + 1)).collect::<Vec<_>>().join(" · ")}
        </p>
        <table class="table" id="calendar-days">
            <thead><tr><th>"日期"</th><th>"名称"</th><th>"类别"</th><th>"来源"</th></tr></thead>
            <tbody>
                {y.days.into_iter().map(|d| {
                    let date = d.date.clone();
                    view! {
                    <tr data-date=date>
                        <td>{d.date}</td>
                        <td>{d.name}</td>
                        <td>{if d.off { "放假" } else { "调休上班" }}</td>
                        <td>{if d.layer == "regional" { "本地区" } else { "全国" }}</td>
                    </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn RegionalDay(change: ServerAction<ChangeCalendar>) -> impl IntoView {
    let (date, name, off) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new("off".to_string()));
    view! {
        <section class="panel">
            <form class="command" id="regional-day" on:submit=move |ev| {
                ev.prevent_default();
                change.dispatch(ChangeCalendar { change: CalendarChange::Regional { date: date.get(), name: name.get(), off: off.get() == "off" } });
            }>
                <h2>"本地区节假日或调休"</h2>
                <label for="regional-date">"日期"</label>
                <input type="date" id="regional-date" bind:value=date/>
                <label for="regional-name">"名称"</label>
                <input type="text" id="regional-name" maxlength="40" placeholder="例如：古尔邦节" bind:value=name/>
                <label for="regional-off">"类别"</label>
                <select id="regional-off" bind:value=off>
                    <option value="off">"放假"</option>
                    <option value="working">"调休上班"</option>
                </select>
                <button type="submit" class="button" id="regional-submit">"保存"</button>
            </form>
        </section>
    }
}

#[component]
fn ImportNotice(change: ServerAction<ChangeCalendar>) -> impl IntoView {
    let (json, layer) = (RwSignal::new(String::new()), RwSignal::new("national".to_string()));
    view! {
        <section class="panel">
            <form class="command" id="import-notice" on:submit=move |ev| {
                ev.prevent_default();
                change.dispatch(ChangeCalendar { change: CalendarChange::Import { layer: layer.get(), json: json.get() } });
            }>
                <h2>"导入节假日安排"</h2>
                <p class="hint">"粘贴 holiday-cn 格式的 JSON（国务院办公厅每年发布的通知）。"</p>
                <label for="import-layer">"范围"</label>
                <select id="import-layer" bind:value=layer>
                    <option value="national">"全国（国务院办公厅通知）"</option>
                    <option value="regional">"本地区"</option>
                </select>
                <label for="import-json">"JSON"</label>
                <textarea id="import-json" rows="6" bind:value=json></textarea>
                <button type="submit" class="button" id="import-submit">"导入"</button>
            </form>
        </section>
    }
}
