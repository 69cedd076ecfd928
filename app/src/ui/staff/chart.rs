//! A bar chart drawn as SVG by the app itself (no chart library): a title,
//! one labelled bar per value, and a "数据表" toggle with the same numbers as
//! a table, for screen readers and for copying. Readable on a phone: the
//! bars are horizontal, the labels sit above them. A bar whose requests can
//! be listed links to them, from its label and from its table row.

use leptos::prelude::*;

/// One bar: its label, its number and where its requests are listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartBar {
    pub label: String,
    pub value: u64,
    pub href: Option<String>,
}

/// A bar's height in pixels.
const BAR: usize = 14;

#[component]
pub fn BarChart(id: &'static str, title: String, bars: Vec<ChartBar>, unit: &'static str) -> impl IntoView {
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let total: u64 = bars.iter().map(|b| b.value).sum();
    let rows = bars.clone();
    view! {
        <figure class="chart" id=id>
            <figcaption>{title.clone()}<span class="hint">{format!("（共 {total} {unit}）")}</span></figcaption>
            {if bars.is_empty() {
                view! { <p class="hint">"本期没有数据。"</p> }.into_any()
            } else {
                // One row per bar: the label and number as text, the bar as SVG
                // (lengths in per cent, so it fits any width); the table below
                // holds the same numbers for screen readers.
                view! {
                    <ul class="chart-rows" aria-hidden="true">
                        {bars.into_iter().map(|b| {
                            let width = format!("{:.2}%", (b.value as f64 / max as f64 * 100.0).max(0.5));
                            let row = view! {
                                <span class="chart-label">{b.label.clone()}</span>
                                <svg class="chart-bar" width="100%" height=BAR><rect x="0" y="0" width=width height=BAR rx="2"></rect></svg>
                                <span class="chart-value">{b.value}</span>
                            };
                            match b.href {
                                Some(href) => view! { <li><a class="chart-row" href=href tabindex="-1">{row}</a></li> }.into_any(),
                                None => view! { <li class="chart-row">{row}</li> }.into_any(),
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <details class="chart-table">
                <summary>"数据表"</summary>
                <table class="table">
                    <thead><tr><th scope="col">{title}</th><th scope="col">{format!("数量（{unit}）")}</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|b| {
                            let label = match b.href {
                                Some(href) => view! { <a href=href>{b.label}</a> }.into_any(),
                                None => b.label.into_any(),
                            };
                            view! { <tr><th scope="row">{label}</th><td>{b.value}</td></tr> }
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}
