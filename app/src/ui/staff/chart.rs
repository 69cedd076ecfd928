//! A bar chart drawn as SVG by the app itself (no chart library): a title,
//! one labelled bar per value, and a "数据表" toggle with the same numbers as
//! a table, for screen readers and for copying. Readable on a phone: the
//! bars are horizontal, the labels sit above them.

use crate::api::dashboard::Bar;
use leptos::prelude::*;

/// Each bar's height and the gap below it, in SVG units.
const ROW: usize = 34;
const BAR: usize = 14;

#[component]
pub fn BarChart(id: &'static str, title: String, bars: Vec<Bar>, unit: &'static str) -> impl IntoView {
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let height = (ROW * bars.len()).max(ROW);
    let total: u64 = bars.iter().map(|b| b.value).sum();
    let rows = bars.clone();
    view! {
        <figure class="chart" id=id>
            <figcaption>{title.clone()}<span class="hint">{format!("（共 {total} {unit}）")}</span></figcaption>
            {if bars.is_empty() {
                view! { <p class="hint">"本期没有数据。"</p> }.into_any()
            } else {
                view! {
                    // The figure's numbers are in the table below; the drawing is for the eye.
                    // Lengths in per cent: the bars fit any width, the text keeps its size.
                    <svg width="100%" height=height aria-hidden="true">
                        {bars.into_iter().enumerate().map(|(i, b)| {
                            let y = i * ROW;
                            let width = (b.value as f64 / max as f64 * 85.0).max(0.5);
                            view! {
                                <g class="chart-bar">
                                    <text x="0" y=y + 11 class="chart-label">{b.label.clone()}</text>
                                    <rect x="0" y=y + 15 width=format!("{width:.2}%") height=BAR rx="2"></rect>
                                    <text x=format!("{:.2}%", width + 1.0) y=y + 27 class="chart-value">{b.value}</text>
                                </g>
                            }
                        }).collect_view()}
                    </svg>
                }.into_any()
            }}
            <details class="chart-table">
                <summary>"数据表"</summary>
                <table class="table">
                    <thead><tr><th scope="col">{title}</th><th scope="col">{format!("数量（{unit}）")}</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|b| view! { <tr><th scope="row">{b.label}</th><td>{b.value}</td></tr> }).collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}
