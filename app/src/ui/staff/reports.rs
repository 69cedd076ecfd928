//! The monthly reports (Art. 10): the office's report of a month — drafted,
//! issued once the month is over (its numbers then frozen), corrected as a
//! new version — the county offices' reports as the center follows them, and
//! ad-hoc workbooks of any period. A report reads as the document it is: the
//! page prints on A4 as it stands.

use crate::api::reports::{
    report, reports, CorrectReport, CountyLine, IssueReport, ReportView, ReportsPage, SaveReport, StartReport, VersionLine,
};
use crate::domain::indicators::ValueKind;
use crate::domain::report::{CountLine, ReportContent, ReportMonth, RANKING_RULE};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

#[component]
pub fn ReportsListPage() -> impl IntoView {
    let query = use_query_map();
    let month = move || query.with(|q| q.get("month")).unwrap_or_default();
    let start = ServerAction::<StartReport>::new();
    let page = Resource::new(move || (month(), start.version().get()), |(m, _)| reports(m));
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = start.value().get() {
            navigate(&format!("/staff/reports/{id}"), Default::default());
        }
    });
    view! {
        <leptos_meta::Title text="月报与报表"/>
        <section class="panel">
            <p class="no-print"><A href="/staff/dashboard">"← 统计分析"</A></p>
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || page.get().map(|r| match r {
                    Ok(p) => list_view(p, start).into_any(),
                    Err(e) => view! {
                        <h1>"月报与报表"</h1>
                        <p class="error-summary" role="alert" id="reports-error">{e.field("month").unwrap_or_else(|| e.to_string())}</p>
                        <p><a href="/staff/reports">"查看上月"</a></p>
                    }.into_any(),
                })}
            </Transition>
        </section>
        <AdHocForm/>
    }
}

fn list_view(p: ReportsPage, start: ServerAction<StartReport>) -> impl IntoView {
    let link = |code: &str| format!("/staff/reports?month={code}");
    let month = p.month.clone();
    let can_start = p.may_write && p.versions.is_empty();
    let error = move || start.value().get().and_then(|r| r.err()).map(|e| e.field("month").unwrap_or_else(|| e.to_string()));
    view! {
        <h1>{format!("{} · {}月报", p.author, p.month_name)}</h1>
        <p class="hint">{p.addressees.clone()}"。月报在月末之后印发；印发后数据冻结，如需更正须另出更正版并写明原因。"</p>
        <nav class="period-nav" aria-label="报告月份">
            <a href=link(&p.previous) id="month-previous">{format!("← {}", month_name(&p.previous))}</a>
            <a href="/staff/reports" id="month-last">"上月月报"</a>
            <a href=link(&p.next) id="month-next">{format!("{} →", month_name(&p.next))}</a>
        </nav>
        {move || error().map(|e| view! { <p class="error-summary" role="alert" id="start-error">{e}</p> })}
        <VersionList versions=p.versions.clone()/>
        {p.versions.is_empty().then(|| view! { <p id="no-report">{format!("{}的月报尚未起草。", p.month_name)}</p> })}
        {can_start.then(|| view! {
            <p>
                <button type="button" class="button" id="start-report" on:click=move |_| { start.dispatch(StartReport { month: month.clone() }); }>
                    {format!("起草{}月报", p.month_name)}
                </button>
            </p>
        })}
        {(!p.counties.is_empty()).then(|| county_table(p.counties.clone(), &p.month_name))}
    }
}

/// `2026-10` as `2026年10月`.
fn month_name(code: &str) -> String {
    ReportMonth::parse(code).map(|m| m.name()).unwrap_or_else(|_| code.to_string())
}

#[component]
fn VersionList(versions: Vec<VersionLine>) -> impl IntoView {
    (!versions.is_empty()).then(|| view! {
        <ol class="plain versions" id="report-versions">
            {versions.into_iter().map(|v| view! {
                <li data-version=v.number>
                    <A href=format!("/staff/reports/{}", v.id)>{v.summary}</A>
                </li>
            }).collect_view()}
        </ol>
    })
}

fn county_table(counties: Vec<CountyLine>, month_name: &str) -> impl IntoView {
    let sent = counties.iter().filter(|c| c.sent).count();
    view! {
        <h2>"县（市）热线办报送情况"</h2>
        <p class="hint" id="county-summary">{format!("{month_name}：{} 个热线办中已报送 {sent} 个。", counties.len())}</p>
        <table class="table" id="county-reports">
            <thead><tr><th scope="col">"热线办"</th><th scope="col">"报送情况"</th></tr></thead>
            <tbody>
                {counties.into_iter().map(|c| view! {
                    <tr class=if c.sent { "sent" } else { "not-sent" }>
                        <th scope="row">{c.office}</th>
                        <td>{match c.report {
                            Some(id) => view! { <A href=format!("/staff/reports/{id}")>{c.state}</A> }.into_any(),
                            None => view! { <strong>{c.state}</strong> }.into_any(),
                        }}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Art. 10 按需形成报告: any period, the viewer's scope, one breakdown, as a
/// workbook. A plain GET form: it works before the page's script has loaded.
#[component]
fn AdHocForm() -> impl IntoView {
    view! {
        <section class="panel no-print">
            <h2>"按需报表"</h2>
            <p class="hint">"选择统计期间和分列方式，下载本人权限范围内全部指标的分子、分母和数值（XLSX）。"</p>
            <form method="get" action="/staff/stats.xlsx" id="adhoc-form" rel="external">
                <label for="adhoc-period">"统计期间"</label>
                <p class="hint" id="adhoc-period-hint">"某月如 2026-11，某季度如 2026-Q4，某年如 2026，任意日期如 2026-11-01..2026-11-15"</p>
                <input type="text" id="adhoc-period" name="period" required aria-describedby="adhoc-period-hint"/>
                <label for="adhoc-by">"分列方式"</label>
                <select id="adhoc-by" name="by">
                    <option value="unit">"按承办单位"</option>
                    <option value="county">"按县（市）"</option>
                    <option value="category">"按类别"</option>
                    <option value="type">"按诉求类型"</option>
                    <option value="channel">"按渠道"</option>
                    <option value="all">"仅合计"</option>
                </select>
                <p><button type="submit" class="button" id="adhoc-download">"下载 XLSX"</button></p>
            </form>
        </section>
    }
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let save = ServerAction::<SaveReport>::new();
    let issue = ServerAction::<IssueReport>::new();
    let correct = ServerAction::<CorrectReport>::new();
    // Reloaded after a step that succeeded only: a refused one keeps what was typed.
    let done = RwSignal::new(0u32);
    Effect::new(move |_| {
        let ok = |v: Option<Result<ReportView, crate::api::AppError>>| v.is_some_and(|r| r.is_ok());
        // Both read every time: each is a dependency of the effect.
        let (saved, issued) = (ok(save.value().get()), ok(issue.value().get()));
        if saved || issued {
            done.update(|n| *n += 1);
        }
    });
    let view = Resource::new(move || (id(), done.get()), |(id, _)| report(id));
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(next)) = correct.value().get() {
            navigate(&format!("/staff/reports/{next}"), Default::default());
        }
    });
    view! {
        <leptos_meta::Title text="月报"/>
        <Transition fallback=|| view! { <section class="panel"><p>"加载中…"</p></section> }>
            {move || view.get().map(|r| match r {
                Ok(v) => report_view(v, save, issue, correct).into_any(),
                Err(e) => view! { <section class="panel">{crate::ui::staff::load_failure(e)}</section> }.into_any(),
            })}
        </Transition>
    }
}

fn report_view(v: ReportView, save: ServerAction<SaveReport>, issue: ServerAction<IssueReport>, correct: ServerAction<CorrectReport>) -> impl IntoView {
    let id = v.id;
    let title = format!("{}{}月报", v.author, v.month_name);
    let back = format!("/staff/reports?month={}", v.month);
    let save_error = move || save.value().get().and_then(|r| r.err());
    let issue_error = move || issue.value().get().and_then(|r| r.err());
    let correct_error = move || correct.value().get().and_then(|r| r.err());
    let (briefing, special, cases) = (RwSignal::new(v.briefing.clone()), RwSignal::new(v.special.clone()), RwSignal::new(v.cases_text.clone()));
    let reason = RwSignal::new(String::new());
    let saved = move || save.value().get().is_some_and(|r| r.is_ok());
    view! {
        <section class="panel no-print">
            <p><A href=back>"← 本月月报"</A></p>
            <VersionList versions=v.versions.clone()/>
            <p class="report-actions">
                <a class="button secondary" href=v.xlsx.clone() download="" rel="external" id="report-xlsx">"下载 XLSX"</a>
                " "
                <button type="button" class="button secondary" id="report-print" on:click=move |_| print()>"打印（A4）"</button>
            </p>
            {v.may_edit.then(|| view! {
                <form class="command" id="report-edit" on:submit=move |ev| {
                    ev.prevent_default();
                    save.dispatch(SaveReport { id, briefing: briefing.get_untracked(), special: special.get_untracked(), cases: cases.get_untracked() });
                }>
                    <h2>"编写草稿"</h2>
                    {move || save_error().and_then(|e| e.field("report").or_else(|| (e.field("cases").is_none() && e.field("briefing").is_none() && e.field("special").is_none()).then(|| e.to_string()))).map(|e| view! { <p class="error-summary" role="alert">{e}</p> })}
                    <label for="report-briefing">"工作简报"</label>
                    <p class="hint" id="report-briefing-hint">"本月工作概况与分析，最多4000字。"</p>
                    {move || save_error().and_then(|e| e.field("briefing")).map(|m| view! { <p class="field-error" id="report-briefing-error">{m}</p> })}
                    <textarea id="report-briefing" rows="6" maxlength="4000" aria-describedby="report-briefing-hint" inner_html=crate::ui::served_text::textarea_html(&v.briefing) bind:value=briefing></textarea>
                    <label for="report-special">"专报（可不填）"</label>
                    {move || save_error().and_then(|e| e.field("special")).map(|m| view! { <p class="field-error" id="report-special-error">{m}</p> })}
                    <textarea id="report-special" rows="4" maxlength="4000" inner_html=crate::ui::served_text::textarea_html(&v.special) bind:value=special></textarea>
                    <label for="report-cases">"典型案例"</label>
                    <p class="hint" id="report-cases-hint">"每行一件：诉求编号、空格、入选理由，如“YL2026110300001 供暖不达标集中反映”。最多20件，须为本办受理的诉求。"</p>
                    {move || save_error().and_then(|e| e.field("cases")).map(|m| view! { <p class="field-error" id="report-cases-error">{m}</p> })}
                    <textarea id="report-cases" rows="4" aria-describedby="report-cases-hint" inner_html=crate::ui::served_text::textarea_html(&v.cases_text) bind:value=cases></textarea>
                    <p>
                        <button type="submit" class="button" id="report-save">"保存草稿"</button>
                        {move || saved().then(|| view! { " " <span class="hint" id="report-saved" role="status">"已保存"</span> })}
                    </p>
                </form>
                <div class="command" id="report-issue-box">
                    <h2>"印发"</h2>
                    <p class="hint">"印发时按当时数据生成并冻结本版报告，此后数据更正不影响本版；印发前请先保存草稿。"</p>
                    {move || issue_error().map(|e| view! { <p class="error-summary" role="alert" id="report-issue-error">{e.field("month").or_else(|| e.field("report")).unwrap_or_else(|| e.to_string())}</p> })}
                    <button type="button" class="button" id="report-issue" on:click=move |_| { issue.dispatch(IssueReport { id }); }>"印发本版"</button>
                </div>
            })}
            {v.may_correct.then(|| view! {
                <details class="command" id="report-correct">
                    <summary>"更正本报告"</summary>
                    <p class="hint">"已印发的报告不再修改。更正时另出新一版，原版保留；请写明更正原因。"</p>
                    {move || correct_error().map(|e| view! { <p class="field-error" role="alert" id="report-reason-error">{e.field("reason").unwrap_or_else(|| e.to_string())}</p> })}
                    <label for="report-reason">"更正原因"</label>
                    <textarea id="report-reason" rows="2" maxlength="1000" bind:value=reason></textarea>
                    <p><button type="button" class="button" id="report-correct-start" on:click=move |_| { correct.dispatch(CorrectReport { id, reason: reason.get_untracked() }); }>"起草更正版"</button></p>
                </details>
            })}
        </section>
        <article class="panel report" id="report">
            <header>
                <h1>{title}</h1>
                <p class="report-meta" id="report-status">{v.status.clone()}</p>
                <p class="report-meta">{v.addressees.clone()}</p>
                {v.correction.clone().map(|r| view! { <p class="report-meta" id="report-correction">{format!("更正原因：{r}")}</p> })}
                {(!v.issued).then(|| view! {
                    <p class="draft-banner" id="report-draft-note">"草稿：以下数据为当前实时数据，印发时冻结。"</p>
                })}
            </header>
            <ReportBody c=v.content.clone() briefing=v.briefing.clone() special=v.special.clone()/>
        </article>
    }
}

/// Opens the browser's print dialog (the page's print style lays it out on A4).
fn print() {
    #[cfg(feature = "hydrate")]
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

#[component]
fn ReportBody(c: ReportContent, briefing: String, special: String) -> impl IntoView {
    let rate = |v: Option<f64>| ValueKind::Rate.show(v);
    let (ranked, idle): (Vec<_>, Vec<_>) = c.units.clone().into_iter().partition(|u| u.dispatched > 0 || u.overdue > 0 || u.supervised > 0);
    let idle: Vec<String> = idle.into_iter().map(|u| u.name).collect();
    let paragraphs = |text: String| text.lines().filter(|l| !l.trim().is_empty()).map(|l| view! { <p>{l.to_string()}</p> }).collect_view();
    view! {
        <h2>"一、受理概况"</h2>
        <p id="report-registered">{format!("{}本月共受理诉求 {} 件。数据截至 {}。", c.scope, c.registered, crate::domain::deadline::cst_minute(c.generated_at))}</p>
        <div class="report-columns">
            {count_table("按诉求类型", "report-by-type", c.by_type.clone())}
            {count_table("按渠道", "report-by-channel", c.by_channel.clone())}
            {count_table("按县（市）", "report-by-county", c.by_county.clone())}
        </div>
        <h2>"二、主要指标"</h2>
        <table class="table" id="report-indicators">
            <thead><tr>
                <th scope="col">"指标"</th><th scope="col">"分子"</th><th scope="col">"分母"</th><th scope="col">"本月"</th>
                <th scope="col">{c.previous_name.clone()}</th><th scope="col">{c.last_year_name.clone()}</th>
            </tr></thead>
            <tbody>
                {c.indicators.clone().into_iter().map(|i| view! {
                    <tr data-indicator=i.code.clone()>
                        <th scope="row">{i.label.clone()}</th>
                        <td>{i.numerator_text()}</td>
                        <td>{i.denominator.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</td>
                        <td>{i.kind.show(i.value)}</td>
                        <td>{i.kind.show(i.previous)}</td>
                        <td>{i.kind.show(i.last_year)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <h2>"三、诉求类别前十"</h2>
        {if c.top_categories.is_empty() {
            view! { <p>"本月无受理。"</p> }.into_any()
        } else {
            view! {
                <table class="table" id="report-categories">
                    <thead><tr><th scope="col">"类别"</th><th scope="col">"本月"</th><th scope="col">{c.previous_name.clone()}</th></tr></thead>
                    <tbody>
                        {c.top_categories.clone().into_iter().map(|l| view! {
                            <tr><th scope="row">{l.label.clone()}</th><td>{l.count}</td><td>{l.previous.map(|p| p.to_string()).unwrap_or_default()}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <h2>"四、热点"</h2>
        {if c.hot_spots.is_empty() {
            view! { <p id="report-no-hot-spots">"本月未发现热点。"</p> }.into_any()
        } else {
            view! {
                <table class="table" id="report-hot-spots">
                    <thead><tr><th scope="col">"地点"</th><th scope="col">"关键词"</th><th scope="col">"件数"</th><th scope="col">"来电时间"</th><th scope="col">"状态"</th></tr></thead>
                    <tbody>
                        {c.hot_spots.clone().into_iter().map(|s| view! {
                            <tr>
                                <th scope="row">{s.place.clone()}</th><td>{s.words.join(" ")}</td><td>{s.size}</td>
                                <td>{format!("{} 至 {}", s.first_day, s.last_day)}</td><td>{if s.open { "处置中" } else { "已处置" }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <h2>"五、承办单位办理情况"</h2>
        <p class="hint">{RANKING_RULE}"。每个单位含其下属单位；只计主办和分别办理的派单。"</p>
        <table class="table" id="report-units">
            <thead><tr>
                <th scope="col">"名次"</th><th scope="col">"单位"</th><th scope="col">"派单量"</th><th scope="col">"响应率"</th>
                <th scope="col">"按时办结率"</th><th scope="col">"满意率"</th><th scope="col">"超期"</th><th scope="col">"督办"</th>
            </tr></thead>
            <tbody>
                {ranked.into_iter().map(|u| view! {
                    <tr>
                        <td>{u.rank.map(|r| r.to_string()).unwrap_or_else(|| "—".into())}</td>
                        <th scope="row">{u.name.clone()}</th>
                        <td>{u.dispatched}</td>
                        <td>{rate(u.response_rate)}</td>
                        <td>{rate(u.on_time_rate)}</td>
                        <td>{rate(u.satisfaction_rate)}</td>
                        <td>{u.overdue}</td>
                        <td>{u.supervised}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        // Units without a dispatch are named once, not given a row of dashes each.
        {(!idle.is_empty()).then(|| view! {
            <p class="hint" id="report-idle-units">{format!("本月无派单的单位（{} 个）：{}", idle.len(), idle.join("、"))}</p>
        })}
        <h2>"六、典型案例"</h2>
        {if c.cases.is_empty() {
            view! { <p>"本版未列典型案例。"</p> }.into_any()
        } else {
            view! {
                <ol class="report-cases" id="report-cases-list">
                    {c.cases.clone().into_iter().map(|k| view! {
                        <li>
                            <A href=format!("/staff/requests/{}", k.number)>{k.number.clone()}</A>
                            {format!("（{}·{}，{}，{}）：{}", k.request_type, k.category, k.units.join("、"), k.state, k.note)}
                        </li>
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
        <h2>"七、工作简报"</h2>
        <div id="report-briefing-text">{if briefing.trim().is_empty() { view! { <p>"（未填写）"</p> }.into_any() } else { paragraphs(briefing).into_any() }}</div>
        {(!special.trim().is_empty()).then(|| view! {
            <h2>"八、专报"</h2>
            <div id="report-special-text">{paragraphs(special)}</div>
        })}
    }
}

fn count_table(caption: &'static str, id: &'static str, lines: Vec<CountLine>) -> impl IntoView {
    view! {
        <table class="table" id=id>
            <caption>{caption}</caption>
            <tbody>
                {lines.into_iter().map(|l| view! { <tr><th scope="row">{l.label}</th><td>{l.count}</td></tr> }).collect_view()}
            </tbody>
        </table>
    }
}
