//! The dashboard (Art. 33: real-time and visual): every indicator of SPEC
//! §7 for a month, quarter, year or any days, against the period before and
//! the same period a year earlier; the volume by type, channel and county;
//! the units below the viewer's scope. It follows changes live, and every
//! number opens the requests behind it (`counted.rs`).

use crate::api::dashboard::{dashboard, dashboard_today, DashboardView, IndicatorRow, TodayView, UnitLine, ValueKind};
use crate::api::dashboard::{Bar, CountedQuery};
use crate::ui::staff::counted::counted_href;
use crate::ui::staff::chart::{BarChart, ChartBar};
use crate::ui::staff::heat_map::HeatMap;
use crate::ui::staff::trend_chart::TrendChart;
use crate::api::inbox::staff_home;
use crate::ui::staff::home::QueueTiles;
use crate::ui::staff::live::Live;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let query = use_query_map();
    let period = move || query.with(|q| q.get("period")).unwrap_or_default();
    let live = Live::get();
    let view = Resource::new(move || (period(), live.version.get()), |(p, _)| dashboard(p));
    // The open work right now, in the same scope as the viewer's work lists.
    let now = Resource::new(move || live.version.get(), |_| staff_home());
    let today = Resource::new(move || live.version.get(), |_| dashboard_today());
    view! {
        <leptos_meta::Title text="统计分析"/>
        <Transition fallback=|| view! { <section class="panel"><p>"加载中…"</p></section> }>
            {move || view.get().map(|r| match r {
                Ok(d) => dashboard_view(d).into_any(),
                Err(e) => view! {
                    <section class="panel">
                        <h1>"统计分析"</h1>
                        <p class="error-summary" role="alert" id="dashboard-error">{e.field("period").unwrap_or_else(|| e.to_string())}</p>
                        <p><a href="/staff/dashboard">"查看本月"</a></p>
                    </section>
                }.into_any(),
            })}
        </Transition>
        <Transition fallback=|| ()>
            {move || now.get().and_then(|r| r.ok()).map(|h| view! {
                <section class="panel">
                    <h2>"当前待办"</h2>
                    <p class="hint">"此刻仍在办理中的诉求，随办理进展实时更新。"</p>
                    <QueueTiles counts=h.counts id="now-counts" tile="now"/>
                </section>
            })}
        </Transition>
        <Transition fallback=|| ()>
            {move || today.get().and_then(|r| r.ok()).map(today_panel)}
        </Transition>
    }
}

/// The bars of a chart broken down `by`, each linked to its requests.
fn chart_bars(bars: Vec<Bar>, base: &CountedQuery, what: &str, by: &str) -> Vec<ChartBar> {
    bars.into_iter()
        .map(|b| ChartBar {
            href: Some(counted_href(&CountedQuery { what: what.into(), by: by.into(), key: b.key, ..base.clone() })),
            label: b.label,
            value: b.value,
        })
        .collect()
}

fn dashboard_view(d: DashboardView) -> impl IntoView {
    let p = d.period.clone();
    // Every number opens the requests behind it: same period, same scope.
    let base = CountedQuery { period: p.code.clone(), ..CountedQuery::default() };
    let bars = |b: Vec<Bar>, by: &str| chart_bars(b, &base, &d.volume_code, by);
    let (by_type, by_channel, by_county, by_category) =
        (bars(d.by_type, "type"), bars(d.by_channel, "channel"), bars(d.by_county, "county"), bars(d.by_category, "category"));
    let link = |code: &str| format!("/staff/dashboard?period={code}");
    let this_year = p.code.get(..4).unwrap_or_default().to_string();
    let today = d.today.clone();
    view! {
        <section class="panel">
            <h1>"统计分析"</h1>
            <p class="who" id="dashboard-scope">{format!("{} · {}", d.scope, p.name)}</p>
            <p class="dashboard-links">
                <a href="/staff/reports" id="reports-link">"月报与报表"</a>
                " · "
                <a href="/staff/assessment" id="assessment-link">"考核"</a>
                " · "
                <a href=format!("/staff/stats.xlsx?period={}&by=unit", p.code) download="" rel="external" id="dashboard-xlsx">"下载本期报表（XLSX）"</a>
            </p>
            <nav class="period-nav" aria-label="统计期间">
                <a href=link(&p.previous) id="period-previous">{format!("← {}", p.previous_name)}</a>
                <a href=link(&format!("{today}..{today}")) id="period-today">"今日"</a>
                <a href="/staff/dashboard" id="period-this-month">"本月"</a>
                <a href=link(&this_year) id="period-year">{format!("{this_year}年全年")}</a>
                <a href=link(&p.next) id="period-next">"下一期 →"</a>
            </nav>
            <ul class="indicator-tiles" id="indicators">
                {d.indicators.into_iter().map(|i| indicator_tile(i, &base, &p.previous_name, &p.last_year_name)).collect_view()}
            </ul>
        </section>
        <section class="panel charts">
            <h2>{format!("{}（{}）", d.volume, p.name)}</h2>
            <div class="chart-grid">
                <BarChart id="chart-type" title=format!("按类型的{}", d.volume) bars=by_type unit="件"/>
                <BarChart id="chart-channel" title=format!("按渠道的{}", d.volume) bars=by_channel unit="件"/>
                <BarChart id="chart-county" title=format!("按县市的{}", d.volume) bars=by_county unit="件"/>
                <BarChart id="chart-category" title=format!("{}最多的分类（前十）", d.volume) bars=by_category unit="件"/>
            </div>
            <div class="chart-grid wide">
                <TrendChart id="chart-trend" title=format!("每日{}与办结", d.volume) days=d.trend volume=d.volume.clone()
                    base=base.clone() volume_code=d.volume_code.clone()/>
                {(!d.intake_hours.is_empty()).then(|| view! {
                    <HeatMap id="chart-intake-hours" title="受理时段分布（星期 × 小时）".to_string() hours=d.intake_hours base=base.clone()/>
                })}
            </div>
        </section>
        {(!d.units.is_empty()).then(|| unit_table(d.units, &base))}
    }
}

/// One indicator: its value, what it is made of (each side opening its
/// requests), and how it moved.
fn indicator_tile(i: IndicatorRow, base: &CountedQuery, previous_name: &str, last_year_name: &str) -> impl IntoView {
    let side = |side: &str| counted_href(&CountedQuery { what: format!("{}:{side}", i.code), ..base.clone() });
    let numerator = view! { <a href=side("numerator") class="numerator">{i.numerator_text()}</a> };
    let made_of = match i.denominator {
        Some(d) => view! { {numerator}" / "<a href=side("denominator") class="denominator">{d}</a> }.into_any(),
        None => view! { "计数 "{numerator}" 件" }.into_any(),
    };
    let change = |then: Option<f64>, name: &str| match (i.value, then) {
        (Some(now), Some(then)) => {
            let arrow = if now > then { "↑" } else if now < then { "↓" } else { "→" };
            format!("{name} {} {arrow}", i.kind.show(Some(then)))
        }
        _ => format!("{name} —"),
    };
    view! {
        <li class="indicator" id=format!("indicator-{}", i.code)>
            <span class="label">{i.label.clone()}</span>
            <span class="value">{i.kind.show(i.value)}</span>
            <span class="made-of">{made_of}</span>
            <span class="compare">{change(i.previous, "上期")}</span>
            <span class="compare" title=last_year_name.to_string()>{change(i.last_year, "同期")}</span>
            <span class="visually-hidden">{format!("上期为{previous_name}，同期为{last_year_name}")}</span>
        </li>
    }
}

fn unit_table(units: Vec<UnitLine>, base: &CountedQuery) -> impl IntoView {
    // A rate opens the requests it was computed over (its denominator).
    let link = |unit: &str, what: &str, text: String| {
        let href = counted_href(&CountedQuery { unit: unit.into(), what: what.into(), ..base.clone() });
        view! { <a href=href>{text}</a> }
    };
    let rate = |v: Option<f64>| ValueKind::Rate.show(v);
    // Units without a dispatch in the period are named once, not given a row of dashes each.
    let (units, idle): (Vec<UnitLine>, Vec<UnitLine>) = units.into_iter().partition(|u| u.dispatched > 0 || u.overdue > 0);
    let idle = (!idle.is_empty()).then(|| {
        let names: Vec<String> = idle.into_iter().map(|u| u.name).collect();
        view! { <p class="hint" id="idle-units">{format!("本期无派单的单位（{} 个）：{}", names.len(), names.join("、"))}</p> }
    });
    view! {
        <section class="panel">
            <h2>"承办单位"</h2>
            <p class="hint">"每个单位含其下属单位；只计主办和分别办理的派单，协办不计。点击数字查看计入的诉求，比率列出参与计算的全部诉求。"</p>
            <table class="table" id="unit-table">
                <thead><tr>
                    <th scope="col">"单位"</th><th scope="col">"派单量"</th><th scope="col">"响应率"</th>
                    <th scope="col">"按时办结率"</th><th scope="col">"满意率"</th><th scope="col">"超期数"</th>
                </tr></thead>
                <tbody>
                    {units.into_iter().map(|u| view! {
                        <tr data-unit=u.id.clone()>
                            <th scope="row">{u.name}</th>
                            <td>{link(&u.id, "dispatched", u.dispatched.to_string())}</td>
                            <td>{link(&u.id, "response_rate:denominator", rate(u.response_rate))}</td>
                            <td>{link(&u.id, "on_time_rate:denominator", rate(u.on_time_rate))}</td>
                            <td>{link(&u.id, "satisfaction_rate:denominator", rate(u.satisfaction_rate))}</td>
                            <td>{link(&u.id, "overdue:numerator", u.overdue.to_string())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {idle}
        </section>
    }
}

/// Today's emergencies with their 30-minute notice (Art. 29) and the Art. 32 warnings sent.
fn today_panel(t: TodayView) -> impl IntoView {
    let emergencies = if t.emergencies.is_empty() {
        view! { <p id="no-emergencies">"今日没有突发事件，也没有仍在办理的突发事件。"</p> }.into_any()
    } else {
        view! {
            <table class="table" id="emergencies">
                <thead><tr>
                    <th scope="col">"诉求编号"</th><th scope="col">"标题"</th><th scope="col">"登记时间"</th>
                    <th scope="col">"30 分钟内通知承办单位（第二十九条）"</th><th scope="col">"状态"</th>
                </tr></thead>
                <tbody>
                    {t.emergencies.into_iter().map(|e| {
                        let class = if e.notice_state == "missed" { "row--red" } else { "row--normal" };
                        let (href, number) = (format!("/staff/requests/{}", e.number), e.number.clone());
                        view! {
                            <tr class=class data-number=e.number data-notice=e.notice_state>
                                <td><a href=href>{number}</a></td><td>{e.title}</td><td>{e.registered}</td>
                                <td>{e.notice}</td><td>{e.state}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        }.into_any()
    };
    view! {
        <section class="panel" id="today">
            <h2>"今日突发事件与预警"</h2>
            <p id="warnings-today">{format!("今日已发出预警 {} 条（第三十二条：办理、督办等环节临近或超过期限时自动提醒）。", t.warnings)}</p>
            {emergencies}
        </section>
    }
}
