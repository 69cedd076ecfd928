//! When requests come in: an hour-of-day × weekday heat map of the
//! registrations, drawn as SVG by the app itself — a row per weekday, a
//! cell per hour, darker for more — with a "数据表" toggle holding the same
//! numbers, for screen readers and copying; each number there opens the
//! requests registered in its hour.

use crate::api::dashboard::CountedQuery;
use crate::domain::indicators::{IntakeHour, WEEKDAYS};
use crate::ui::staff::counted::counted_href;
use leptos::prelude::*;

/// A cell's side and the margins for the weekday and hour labels, in the drawing's units.
const CELL: usize = 10;
const LEFT: usize = 22;
const TOP: usize = 10;

/// `hours`: registrations per hour of the week, Monday 0时 first (168);
/// `base`: their period and scope.
#[component]
pub fn HeatMap(id: &'static str, title: String, hours: Vec<u64>, base: CountedQuery) -> impl IntoView {
    // Keys as the statistics count them: `3-09` (Wednesday, 9时).
    let href = move |day: usize, hour: usize| {
        let key = IntakeHour::parse(&format!("{}-{hour:02}", day + 1)).map(|h| h.key()).unwrap_or_default();
        counted_href(&CountedQuery { what: "registered".into(), by: "intake".into(), key, ..base.clone() })
    };
    let max = hours.iter().copied().max().unwrap_or(0).max(1);
    let total: u64 = hours.iter().sum();
    let count = |day: usize, hour: usize| hours.get(day * 24 + hour).copied().unwrap_or(0);
    let cells: Vec<(usize, usize, u64)> = (0..7).flat_map(|day| (0..24).map(move |hour| (day, hour))).map(|(d, h)| (d, h, count(d, h))).collect();
    let rows: Vec<(usize, Vec<u64>)> = (0..7).map(|d| (d, (0..24).map(|h| count(d, h)).collect())).collect();
    view! {
        <figure class="chart heat" id=id>
            <figcaption>{title}<span class="hint">{format!("（共 {total} 件，颜色越深越多，最多 {max} 件）")}</span></figcaption>
            <svg class="heat-map" viewBox=format!("0 0 {} {}", LEFT + 24 * CELL, TOP + 7 * CELL) width="100%" aria-hidden="true">
                {[0, 6, 12, 18].into_iter().map(|h| view! {
                    <text class="heat-hour" x=LEFT + h * CELL y=TOP - 3>{format!("{h}时")}</text>
                }).collect_view()}
                {WEEKDAYS.iter().enumerate().map(|(d, name)| view! {
                    <text class="heat-day" x="0" y=TOP + d * CELL + CELL - 3>{*name}</text>
                }).collect_view()}
                {cells.into_iter().map(|(day, hour, n)| {
                    let opacity = if n == 0 { 0.0 } else { 0.15 + 0.85 * n as f64 / max as f64 };
                    view! {
                        <rect class="heat-cell" class:heat-empty=n == 0 x=LEFT + hour * CELL + 1 y=TOP + day * CELL + 1
                            width=CELL - 2 height=CELL - 2 fill-opacity=format!("{opacity:.2}")>
                            <title>{format!("{} {hour}时：{n} 件", WEEKDAYS[day])}</title>
                        </rect>
                    }
                }).collect_view()}
            </svg>
            <details class="chart-table">
                <summary>"数据表"</summary>
                <div class="table-scroll">
                    <table class="table compact">
                        <thead><tr>
                            <th scope="col">"星期"</th>
                            {(0..24).map(|h| view! { <th scope="col">{format!("{h}时")}</th> }).collect_view()}
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|(d, counts)| view! {
                                <tr>
                                    <th scope="row">{WEEKDAYS[d]}</th>
                                    {counts.into_iter().enumerate().map(|(h, n)| view! {
                                        <td>{if n == 0 { n.into_any() } else { view! { <a href=href(d, h)>{n}</a> }.into_any() }}</td>
                                    }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}
