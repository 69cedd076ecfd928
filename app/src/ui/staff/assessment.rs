//! The assessment (Art. 36–37): the units' scores of a period, ranked, each
//! opening what made it; and the year's scheme, set by the center as
//! versions (every mistake told beside its field, nothing half-saved).

use crate::api::assessment::{
    assessment_detail, assessment_publication, assessment_publications, assessment_scheme, assessment_scores, PublicationLine, PublishAssessment, SaveScheme,
    SchemePage, ScoreDetail, ScoreRow, ScoresPage,
};
use super::appeals::AppealFormView;
use crate::domain::assessment::{SchemeForm, SchemeItemForm};
use crate::api::dashboard::CountedQuery;
use crate::ui::staff::counted::counted_href;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

/// Points to hundredths, or a dash when there are none.
pub(crate) fn points(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.2}")).unwrap_or_else(|| "—".into())
}

#[component]
pub fn AssessmentPage() -> impl IntoView {
    let query = use_query_map();
    let period = move || query.with(|q| q.get("period")).unwrap_or_default();
    let publish = ServerAction::<PublishAssessment>::new();
    let page = Resource::new(period, assessment_scores);
    let published = Resource::new(move || publish.version().get(), |_| assessment_publications());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = publish.value().get() {
            navigate(&format!("/staff/assessment/published/{id}"), Default::default());
        }
    });
    view! {
        <leptos_meta::Title text="考核"/>
        <Transition fallback=|| view! { <section class="panel"><p>"加载中…"</p></section> }>
            {move || page.get().map(|r| match r {
                Ok(p) => view! { <section class="panel">{scores_view(p, publish)}</section> }.into_any(),
                // A unit reads its published results only (below).
                Err(crate::api::AppError::Forbidden(_)) => view! {
                    <section class="panel">
                        <h1>"考核结果"</h1>
                        <p class="hint" id="unit-assessment-note">"热线管理中心通报考核结果后，本单位可在此查看得分及明细；自通报之日起3个工作日内可申诉（第三十八条）。"</p>
                    </section>
                }.into_any(),
                Err(e) => view! {
                    <section class="panel">
                        <h1>"考核"</h1>
                        <p class="error-summary" role="alert" id="assessment-error">{e.field("period").unwrap_or_else(|| e.to_string())}</p>
                        <p><a href="/staff/assessment">"查看上月"</a></p>
                    </section>
                }.into_any(),
            })}
        </Transition>
        <Transition fallback=|| ()>
            {move || published.get().map(|r| match r {
                Ok(lines) => publications_view(lines).into_any(),
                Err(e) => view! { <section class="panel">{crate::ui::staff::load_failure(e)}</section> }.into_any(),
            })}
        </Transition>
    }
}

/// The published results: for a unit, its own line of each.
fn publications_view(lines: Vec<PublicationLine>) -> impl IntoView {
    view! {
        <section class="panel" id="publications">
            <h2>"已通报的考核结果"</h2>
            <p><A href="/staff/assessment/appeals" attr:id="appeals-link">"考核申诉及答复"</A></p>
            {if lines.is_empty() {
                view! { <p id="no-publications">"尚无通报。"</p> }.into_any()
            } else {
                view! {
                    <ul class="plain" id="publication-list">
                        {lines.into_iter().map(|l| view! {
                            <li>
                                <A href=format!("/staff/assessment/published/{}", l.id)>{l.summary}</A>
                                {l.own.map(|o| view! { " " <strong class="own-result">{format!("本单位：{o}")}</strong> })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

fn scores_view(p: ScoresPage, publish: ServerAction<PublishAssessment>) -> impl IntoView {
    let period = p.period.clone();
    let link = |code: &str| format!("/staff/assessment?period={code}");
    let year = period.from.get(..4).unwrap_or_default().to_string();
    let (rows, idle): (Vec<_>, Vec<_>) = p.rows.into_iter().partition(|r| r.total.is_some());
    let idle: Vec<String> = idle.into_iter().map(|r| r.name).collect();
    view! {
        <h1>{format!("承办单位考核 · {}", period.name)}</h1>
        <nav class="period-nav" aria-label="考核期间">
            <a href=link(&period.previous) id="period-previous">{format!("← {}", period.previous_name)}</a>
            <a href=link(&period.next) id="period-next">"下一期 →"</a>
            <a href=link(&year) id="period-year">{format!("{year}年全年")}</a>
            <a href=format!("/staff/assessment/scheme?year={year}") id="scheme-link">{format!("{year}年考核方案")}</a>
            <a href="/staff/assessment/front-desk" id="front-desk-link">"受理前台考核"</a>
        </nav>
        {match p.published {
            Some(id) => view! { <p id="published-note"><A href=format!("/staff/assessment/published/{id}")>"本期结果已通报，查看通报"</A></p> }.into_any(),
            None if p.may_publish && p.scheme.is_some() => {
                let code = period.code.clone();
                view! {
                    <div class="command" id="publish-box">
                        {move || publish.value().get().and_then(|r| r.err()).map(|e| view! {
                            <p class="error-summary" role="alert" id="publish-error">{e.field("period").unwrap_or_else(|| e.to_string())}</p>
                        })}
                        <p class="hint">"通报后本期结果冻结，各单位收到通知并可查看本单位得分明细；自通报之日起3个工作日内可申诉（第三十八条）。"</p>
                        <button type="button" class="button" id="publish" on:click=move |_| { publish.dispatch(PublishAssessment { period: code.clone() }); }>"通报本期结果"</button>
                    </div>
                }.into_any()
            }
            None => ().into_any(),
        }}
        {match p.scheme {
            None => view! {
                <p id="no-scheme">{format!("{year}年尚未设定考核方案，设定后即可计算得分。")}</p>
            }.into_any(),
            Some(scheme) => view! {
                <p class="hint" id="scheme-in-force">{format!("按{scheme}计分。各项指标在底线值与目标值之间线性得分，无数据的指标不计分、其余按权重折算为百分制；加分不超过上限；得分不低于 0。每个单位含其下属单位。")}</p>
                {score_table(rows, "scores", Some(period.code.clone()))}
                // Units with nothing to rate are named once, not given a row each.
                {(!idle.is_empty()).then(|| view! {
                    <p class="hint" id="unscored-units">{format!("本期无可评价数据、不计分的单位（{} 个）：{}", idle.len(), idle.join("、"))}</p>
                })}
            }.into_any(),
        }}
    }
}

/// The units' scores, ranked; with a period, each unit opens its breakdown.
fn score_table(rows: Vec<ScoreRow>, id: &'static str, period: Option<String>) -> impl IntoView {
    view! {
        <table class="table" id=id>
            <thead><tr>
                <th scope="col">"名次"</th><th scope="col">"单位"</th><th scope="col">"得分"</th>
                <th scope="col">"指标得分"</th><th scope="col">"加分"</th><th scope="col">"扣分"</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr data-unit=r.unit.clone()>
                        <td>{r.rank.map(|n| n.to_string()).unwrap_or_else(|| "—".into())}</td>
                        <th scope="row">{match &period {
                            Some(code) => view! { <A href=format!("/staff/assessment/{}?period={code}", r.unit)>{r.name}</A> }.into_any(),
                            None => r.name.into_any(),
                        }}</th>
                        <td><strong>{r.total.map(|t| format!("{t:.2}")).unwrap_or_else(|| "无数据，不计分".into())}</strong></td>
                        <td>{points(r.base)}</td>
                        <td>{format!("{:.2}", r.bonus)}</td>
                        <td>{format!("{:.2}", r.deduction)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn ScoreDetailPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || (params.with(|p| p.get("unit")).unwrap_or_default(), query.with(|q| q.get("period")).unwrap_or_default());
    let detail = Resource::new(key, |(unit, period)| assessment_detail(period, unit));
    view! {
        <leptos_meta::Title text="考核得分"/>
        <section class="panel">
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || detail.get().map(|r| match r {
                    Ok(d) => detail_view(d).into_any(),
                    Err(e) => crate::ui::staff::load_failure(e),
                })}
            </Transition>
        </section>
    }
}

fn detail_view(d: ScoreDetail) -> impl IntoView {
    view! {
        <p><A href=format!("/staff/assessment?period={}", d.period.code)>"← 全部单位"</A></p>
        <h1>{format!("{} · {}", d.name, d.period.name)}</h1>
        {breakdown(d)}
    }
}

/// What made a unit's score: the total, each item, the bonuses and deductions.
fn breakdown(d: ScoreDetail) -> impl IntoView {
    let (period, unit) = (d.period.code.clone(), d.unit.clone());
    let adjustments = |list: Vec<crate::domain::assessment::Adjustment>, id: &'static str, none: &'static str| {
        if list.is_empty() {
            view! { <p id=id>{none}</p> }.into_any()
        } else {
            view! {
                <ul id=id>
                    {list.into_iter().map(|a| view! { <li>{format!("{}：{}，{:.2} 分", a.label, a.detail, a.points)}</li> }).collect_view()}
                </ul>
            }.into_any()
        }
    };
    view! {
        <p class="who" id="score-total">{match d.total {
            Some(t) => format!("得分 {t:.2}（指标 {} ＋ 加分 {:.2} － 扣分 {:.2}）", points(d.base), d.bonus, d.deduction),
            None => "本期无可评价的数据，不计分。".into(),
        }}</p>
        <p class="hint">{format!("按{}计分。", d.scheme)}
            {d.items.iter().any(|i| i.points.is_none()).then_some("无数据的指标不计分，其余指标得分按其权重之和折算为百分制。")}</p>
        <h2>"指标得分"</h2>
        <table class="table" id="score-items">
            <thead><tr>
                <th scope="col">"指标"</th><th scope="col">"权重"</th><th scope="col">"目标值"</th>
                <th scope="col">"底线值"</th><th scope="col">"本期"</th><th scope="col">"得分"</th>
            </tr></thead>
            <tbody>
                {d.items.into_iter().map(|i| {
                    // The value opens the requests it was computed over (before any appeal's correction).
                    let what = if matches!(i.code.as_str(), "overdue" | "supervised") { "numerator" } else { "denominator" };
                    let href = counted_href(&CountedQuery { period: period.clone(), what: format!("{}:{what}", i.code), unit: unit.clone(), ..CountedQuery::default() });
                    view! {
                        <tr data-indicator=i.code>
                            <th scope="row">{i.label}</th><td>{i.weight}</td><td>{i.target}</td><td>{i.floor}</td>
                            <td><a href=href>{i.value}</a>{i.excluded.map(|e| view! { <br/><small class="excluded">{e}</small> })}</td><td>{points(i.points)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <h2>"加分（第三十七条）"</h2>
        {adjustments(d.bonuses, "score-bonuses", "本期无加分项。")}
        <h2>"扣分"</h2>
        {adjustments(d.deductions, "score-deductions", "本期无扣分项。")}
    }
}

#[component]
pub fn PublicationPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let view = Resource::new(id, assessment_publication);
    view! {
        <leptos_meta::Title text="考核结果通报"/>
        <section class="panel">
            <p><A href="/staff/assessment">"← 考核"</A></p>
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || view.get().map(|r| match r {
                    Ok(p) => {
                        let items: Vec<(String, String)> = p.own.iter().flat_map(|d| d.items.iter().map(|i| (i.code.clone(), i.label.clone()))).collect();
                        let form = p.may_appeal.then(|| view! { <AppealFormView publication=p.id items until=p.appeal_until.clone()/> });
                        view! {
                            <h1 id="publication-title">{p.summary}</h1>
                            {p.superseded_by.map(|n| view! {
                                <p class="error-summary" role="status" id="publication-superseded">
                                    "本通报已经申诉更正，" <A href=format!("/staff/assessment/published/{n}")>"请查看更正后的版本"</A>
                                </p>
                            })}
                            <p class="who" id="publication-appeal">{p.appeal} " " <A href="/staff/assessment/appeals">"申诉及答复"</A></p>
                            {score_table(p.rows, "published-scores", None)}
                            {p.own.map(|d| view! { <h2>"本单位得分明细"</h2> {breakdown(d)} })}
                            {form}
                        }.into_any()
                    }
                    Err(e) => crate::ui::staff::load_failure(e),
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn SchemePageView() -> impl IntoView {
    let query = use_query_map();
    let year = move || query.with(|q| q.get("year")).unwrap_or_default();
    let save = ServerAction::<SaveScheme>::new();
    let page = Resource::new(year, assessment_scheme);
    view! {
        <leptos_meta::Title text="考核方案"/>
        <section class="panel">
            <p><A href="/staff/assessment">"← 考核"</A></p>
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || page.get().map(|r| match r {
                    Ok(p) => view! { <SchemeEditor p save/> }.into_any(),
                    Err(e) => crate::ui::staff::load_failure(e),
                })}
            </Transition>
        </section>
    }
}

/// A rating level's points as the form holds them (0 = 非常满意).
fn point(f: &SchemeForm, i: usize) -> String {
    f.rating_points.get(i).cloned().unwrap_or_default()
}

fn set_point(f: &mut SchemeForm, i: usize, v: String) {
    f.rating_points.resize(5, String::new());
    f.rating_points[i] = v;
}

#[component]
fn SchemeEditor(p: SchemePage, save: ServerAction<SaveScheme>) -> impl IntoView {
    // The page's form, replaced by what the save returned once it succeeds.
    let saved = move || save.value().get().and_then(|r| r.ok());
    let versions = {
        let first = p.versions.clone();
        move || saved().map(|s| s.versions).unwrap_or_else(|| first.clone())
    };
    let form = RwSignal::new(p.form.clone());
    let error = move |field: &str| save.value().get().and_then(|r| r.err()).and_then(|e| e.field(field));
    let summary = move || save.value().get().and_then(|r| r.err()).map(|e| e.to_string());
    let set = move |f: fn(&mut SchemeForm, String)| move |ev: leptos::ev::Event| form.update(|s| f(s, event_target_value(&ev)));
    let indicators = p.indicators.clone();
    let may_write = p.may_write;
    let number_field = move |(name, label, get, put): (&'static str, &'static str, fn(&SchemeForm) -> String, fn(&mut SchemeForm, String))| view! {
        <p>
            <label for=format!("scheme-{name}")>{label}</label>
            {move || error(name).map(|m| view! { <span class="field-error">{m}</span> })}
            <input type="text" inputmode="decimal" size="6" id=format!("scheme-{name}") value=form.with_untracked(get) prop:value=move || form.with(get) on:input=set(put)/>
        </p>
    };
    view! {
        <h1>{format!("{}年考核方案", p.year)}</h1>
        <p class="hint">"《管理办法》第三十六、三十七条：指标权重之和为 100；每项在底线值（0 分）与目标值（满分）之间线性得分；提前办结、同类诉求同比下降可加分（不超过上限）；被督办、被媒体曝光扣分；知识库新增、修订条目加分，逾期未复核条目扣分（第三十六条）。保存即新增一版，自施行日期起用于考核，旧版保留。"</p>
        <h2>"版本"</h2>
        {move || {
            let v = versions();
            if v.is_empty() {
                view! { <p id="no-scheme-versions">"本年度尚未设定方案；下表为建议的初始方案。"</p> }.into_any()
            } else {
                view! { <ol id="scheme-versions">{v.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ol> }.into_any()
            }
        }}
        {move || summary().map(|s| view! { <p class="error-summary" role="alert" id="scheme-error">{s}</p> })}
        {move || saved().is_some().then(|| view! { <p class="hint" role="status" id="scheme-saved">"已保存为新版本。"</p> })}
        <form class="command" id="scheme-form" on:submit=move |ev| { ev.prevent_default(); save.dispatch(SaveScheme { form: form.get_untracked() }); }>
            <label for="scheme-from">"施行日期（不填为 1 月 1 日）"</label>
            {move || error("in_force_from").map(|m| view! { <p class="field-error" id="scheme-from-error">{m}</p> })}
            <input type="date" id="scheme-from" value=form.with_untracked(|f| f.in_force_from.clone()) prop:value=move || form.with(|f| f.in_force_from.clone()) on:input=set(|f, v| f.in_force_from = v)/>
            <h2>"考核指标"</h2>
            {move || error("items").map(|m| view! { <p class="field-error" id="scheme-items-error">{m}</p> })}
            <table class="table" id="scheme-items">
                <thead><tr><th scope="col">"指标"</th><th scope="col">"权重"</th><th scope="col">"目标值"</th><th scope="col">"底线值"</th></tr></thead>
                <tbody>
                    {(0..form.with_untracked(|f| f.items.len()) + 2).map(|i| {
                        let indicators = indicators.clone();
                        let cell = move |get: fn(&SchemeItemForm) -> String| move || form.with(|f| f.items.get(i).map(get).unwrap_or_default());
                        // What the row is served with (the page shows it before the app loads).
                        let served = move |get: fn(&SchemeItemForm) -> String| form.with_untracked(|f| f.items.get(i).map(get).unwrap_or_default());
                        let indicator = served(|r| r.indicator.clone());
                        let put = move |put: fn(&mut SchemeItemForm, String)| move |ev: leptos::ev::Event| {
                            let v = event_target_value(&ev);
                            form.update(|f| {
                                while f.items.len() <= i { f.items.push(SchemeItemForm::default()); }
                                put(&mut f.items[i], v);
                            });
                        };
                        let unit_of = {
                            let indicators = indicators.clone();
                            move || form.with(|f| f.items.get(i).and_then(|r| indicators.iter().find(|(c, _, _)| *c == r.indicator).map(|(_, _, u)| u.clone())).unwrap_or_default())
                        };
                        let err = move |name: &'static str| move || error(&format!("items.{i}.{name}")).map(|m| view! { <p class="field-error">{m}</p> });
                        view! {
                            <tr>
                                <td>
                                    {err("indicator")}
                                    <select aria-label=format!("第{}行指标", i + 1) id=format!("item-{i}-indicator") prop:value=cell(|r| r.indicator.clone()) on:change=put(|r, v| r.indicator = v)>
                                        <option value="">"（不列入）"</option>
                                        {indicators.iter().map(|(code, label, _)| view! { <option value=code.clone() selected=*code == indicator>{label.clone()}</option> }).collect_view()}
                                    </select>
                                </td>
                                <td>{err("weight")}<input type="text" inputmode="numeric" size="4" aria-label=format!("第{}行权重", i + 1) id=format!("item-{i}-weight") value=served(|r| r.weight.clone()) prop:value=cell(|r| r.weight.clone()) on:input=put(|r, v| r.weight = v)/></td>
                                <td>{err("target")}<input type="text" inputmode="decimal" size="6" aria-label=format!("第{}行目标值", i + 1) id=format!("item-{i}-target") value=served(|r| r.target.clone()) prop:value=cell(|r| r.target.clone()) on:input=put(|r, v| r.target = v)/>" "{unit_of.clone()}</td>
                                <td>{err("floor")}<input type="text" inputmode="decimal" size="6" aria-label=format!("第{}行底线值", i + 1) id=format!("item-{i}-floor") value=served(|r| r.floor.clone()) prop:value=cell(|r| r.floor.clone()) on:input=put(|r, v| r.floor = v)/>" "{unit_of}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <h2>"加分与扣分"</h2>
            <div class="scheme-numbers">
                {[
                    ("early_completion", "提前办结加分（全部提前办结时的分值，按比例计）", (|f: &SchemeForm| f.early_completion.clone()) as fn(&SchemeForm) -> String, (|f: &mut SchemeForm, v| f.early_completion = v) as fn(&mut SchemeForm, String)),
                    ("fall_in_similar", "同类诉求同比下降，每类加分", |f| f.fall_in_similar.clone(), |f, v| f.fall_in_similar = v),
                    ("fall_percent", "下降幅度至少（%）", |f| f.fall_percent.clone(), |f, v| f.fall_percent = v),
                    ("fall_minimum", "去年同期至少（件）", |f| f.fall_minimum.clone(), |f, v| f.fall_minimum = v),
                    ("bonus_cap", "加分上限", |f| f.bonus_cap.clone(), |f, v| f.bonus_cap = v),
                    ("per_supervision", "每件督办扣分", |f| f.per_supervision.clone(), |f, v| f.per_supervision = v),
                    ("per_media_case", "每件媒体曝光扣分", |f| f.per_media_case.clone(), |f, v| f.per_media_case = v),
                    ("per_knowledge_entry", "知识库每新增或修订一条加分（第三十六条）", |f| f.per_knowledge_entry.clone(), |f, v| f.per_knowledge_entry = v),
                    ("per_stale_entry", "知识库每条逾期未复核扣分", |f| f.per_stale_entry.clone(), |f, v| f.per_stale_entry = v),
                ].into_iter().map(number_field).collect_view()}
            </div>
            <h2>"受理前台（第三十六条）"</h2>
            <p class="hint">"每月从每名话务员登记的诉求中随机抽检，按评查清单计分；与来电人对话务服务的评价按比重合成话务员得分。"</p>
            <div class="scheme-numbers">
                {[
                    ("sample_size", "每名话务员每月抽检（件）", (|f: &SchemeForm| f.sample_size.clone()) as fn(&SchemeForm) -> String, (|f: &mut SchemeForm, v| f.sample_size = v) as fn(&mut SchemeForm, String)),
                    ("call_weight", "话务服务评价所占比重（%）", |f| f.call_weight.clone(), |f, v| f.call_weight = v),
                ].into_iter().map(number_field).collect_view()}
            </div>
            <h2>"满意度分值"</h2>
            <p class="hint">"满意度为各条决定性评价（有第二次评价的以第二次为准）分值的平均数；本方案施行期间的统计分析、月报和考核均按此计算。"</p>
            <div class="scheme-numbers">
                {[
                    ("rating_points.0", "非常满意（分）", (|f: &SchemeForm| point(f, 0)) as fn(&SchemeForm) -> String, (|f: &mut SchemeForm, v| set_point(f, 0, v)) as fn(&mut SchemeForm, String)),
                    ("rating_points.1", "满意（分）", |f| point(f, 1), |f, v| set_point(f, 1, v)),
                    ("rating_points.2", "基本满意（分）", |f| point(f, 2), |f, v| set_point(f, 2, v)),
                    ("rating_points.3", "不满意（分）", |f| point(f, 3), |f, v| set_point(f, 3, v)),
                    ("rating_points.4", "非常不满意（分）", |f| point(f, 4), |f, v| set_point(f, 4, v)),
                ].into_iter().map(number_field).collect_view()}
            </div>
            {may_write.then(|| view! { <p><button type="submit" class="button" id="scheme-save">"保存为新版本"</button></p> })}
        </form>
    }
}
