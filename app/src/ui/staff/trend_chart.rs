//! A daily trend drawn as SVG by the app itself (no chart library): the
//! volume and the closings of each day of the period as two lines, and a
//! "数据表" toggle with every day's numbers, for screen readers and copying.
//! The lines stretch to any width, so it reads on a phone too. Each number
//! of the table opens the requests behind it.

use crate::api::dashboard::{CountedQuery, TrendDay};
use crate::ui::staff::counted::counted_href;
use leptos::prelude::*;

/// The drawing's own units; the SVG scales them to its box.
const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 160.0;

/// The points of one line: `x,y x,y …`, the highest value near the top.
fn points(days: &[TrendDay], max: u64, value: fn(&TrendDay) -> u64) -> String {
    let n = days.len().max(2) - 1;
    days.iter()
        .enumerate()
        .map(|(i, d)| format!("{:.1},{:.1}", i as f64 * WIDTH / n as f64, HEIGHT - 2.0 - value(d) as f64 / max as f64 * (HEIGHT - 4.0)))
        .collect::<Vec<_>>()
        .join(" ")
}

#[component]
/// `base`: the period and scope of the numbers; `volume_code`: what the volume counts.
pub fn TrendChart(id: &'static str, title: String, days: Vec<TrendDay>, volume: String, base: CountedQuery, volume_code: String) -> impl IntoView {
    let link = move |what: &str, day: &str, n: u64| {
        let href = counted_href(&CountedQuery { what: what.to_string(), day: day.to_string(), ..base.clone() });
        view! { <a href=href>{n}</a> }
    };
    let max = days.iter().map(|d| d.volume.max(d.closed)).max().unwrap_or(0).max(1);
    let (first, last) = (days.first().map(|d| d.day.clone()).unwrap_or_default(), days.last().map(|d| d.day.clone()).unwrap_or_default());
    let (volume_line, closed_line) = (points(&days, max, |d| d.volume), points(&days, max, |d| d.closed));
    view! {
        <figure class="chart trend" id=id>
            <figcaption>{title.clone()}</figcaption>
            <p class="chart-legend" aria-hidden="true">
                <span class="key key-volume"></span>{volume.clone()}
                <span class="key key-closed"></span>"办结"
            </p>
            <svg class="trend-lines" viewBox=format!("0 0 {WIDTH} {HEIGHT}") preserveAspectRatio="none" width="100%" height="160" aria-hidden="true">
                <line class="axis" x1="0" y1=HEIGHT x2=WIDTH y2=HEIGHT></line>
                <polyline class="line-volume" points=volume_line></polyline>
                <polyline class="line-closed" points=closed_line></polyline>
            </svg>
            <p class="chart-axis" aria-hidden="true"><span>{first}</span><span>{format!("最高 {max} 件")}</span><span>{last}</span></p>
            <details class="chart-table">
                <summary>"数据表"</summary>
                <table class="table">
                    <thead><tr><th scope="col">"日期"</th><th scope="col">{format!("{volume}（件）")}</th><th scope="col">"办结（件）"</th></tr></thead>
                    <tbody>
                        {days.into_iter().map(|d| view! {
                            <tr data-day=d.day.clone()>
                                <th scope="row">{d.day.clone()}</th>
                                <td>{link(&volume_code, &d.day, d.volume)}</td>
                                <td>{link("closed", &d.day, d.closed)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}
