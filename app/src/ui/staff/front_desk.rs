//! The front desk's assessment (Art. 36): a month's agents ranked on the
//! reviewed sample and the callers' ratings, the sample drawn once by the
//! center, and each sampled registration's checklist beside its link.

use crate::api::front_desk::{front_desk, AgentLine, DrawFrontDeskSample, FrontDeskPage, ReviewFrontDeskSample, SampleLine, SampleReviewForm};
use super::assessment::points;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn FrontDeskView() -> impl IntoView {
    let query = use_query_map();
    let month = move || query.with(|q| q.get("month")).unwrap_or_default();
    let draw = ServerAction::<DrawFrontDeskSample>::new();
    let review = ServerAction::<ReviewFrontDeskSample>::new();
    // Read again after a draw or review that was stored; a refused one keeps what was entered.
    let stored = RwSignal::new(0_u32);
    Effect::new(move |_| {
        if matches!(draw.value().get(), Some(Ok(()))) {
            stored.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if matches!(review.value().get(), Some(Ok(()))) {
            stored.update(|n| *n += 1);
        }
    });
    let page = Resource::new(move || (month(), stored.get()), |(m, _)| front_desk(m));
    view! {
        <leptos_meta::Title text="受理前台考核"/>
        <section class="panel">
            <p><A href="/staff/assessment">"← 考核"</A></p>
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || page.get().map(|r| match r {
                    Ok(p) => page_view(p, draw, review).into_any(),
                    Err(e) => view! {
                        <h1>"受理前台考核"</h1>
                        {e.field("month").map(|m| view! { <p class="error-summary" role="alert" id="front-desk-error">{m}</p> })}
                        {e.field("month").is_none().then(|| crate::ui::staff::load_failure(e))}
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

fn page_view(p: FrontDeskPage, draw: ServerAction<DrawFrontDeskSample>, review: ServerAction<ReviewFrontDeskSample>) -> impl IntoView {
    let link = |code: &str| format!("/staff/assessment/front-desk?month={code}");
    let code = p.month.clone();
    let checks = p.checks.clone();
    let may_review = p.may_review;
    // Which row's form was sent last: its error is shown beside it.
    let sent = RwSignal::new(0_i64);
    view! {
        <h1>{format!("受理前台考核 · {}", p.name)}</h1>
        <nav class="period-nav" aria-label="考核月份">
            <a href=link(&p.previous) id="month-previous">"← 上月"</a>
            <a href=link(&p.next) id="month-next">"下月 →"</a>
        </nav>
        <p class="hint">"第三十六条：热线管理中心对受理前台服务质量进行考核。每月从每名话务员登记的诉求中随机抽检，逐项评查；话务员得分由抽检得分与来电人对话务服务的评价（第二十四条，当月来电）按比重合成。"</p>
        <p class="hint" id="front-desk-rules">{p.rules}</p>
        {match (p.drawn, p.may_draw) {
            (Some(drawn), _) => view! { <p id="front-desk-drawn">{format!("本月样本已由{drawn}。")}</p> }.into_any(),
            (None, true) => view! {
                <div class="command" id="draw-box">
                    {move || draw.value().get().and_then(|r| r.err()).map(|e| view! {
                        <p class="error-summary" role="alert" id="draw-error">{e.field("month").unwrap_or_else(|| e.to_string())}</p>
                    })}
                    <p class="hint">"样本由系统随机抽取，每月一次，抽取后不能更换。"</p>
                    <button type="button" class="button" id="draw" on:click=move |_| { draw.dispatch(DrawFrontDeskSample { month: code.clone() }); }>"抽取本月样本"</button>
                </div>
            }.into_any(),
            (None, false) => view! { <p id="front-desk-not-drawn">"本月样本尚未抽取（月份结束后由热线管理中心审核员抽取）。"</p> }.into_any(),
        }}
        <h2>"话务员得分"</h2>
        {if p.agents.is_empty() {
            view! { <p id="no-agents">"本月没有话务员登记的诉求。"</p> }.into_any()
        } else {
            agent_table(p.agents).into_any()
        }}
        <h2>"抽检样本"</h2>
        {if p.samples.is_empty() {
            view! { <p id="no-samples">"暂无样本。"</p> }.into_any()
        } else {
            view! {
                <table class="table" id="samples">
                    <thead><tr>
                        <th scope="col">"话务员"</th><th scope="col">"诉求"</th><th scope="col">"类型"</th><th scope="col">"评查"</th>
                    </tr></thead>
                    <tbody>
                        {p.samples.into_iter().map(|s| sample_row(s, checks.clone(), may_review, review, sent)).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}

fn agent_table(agents: Vec<AgentLine>) -> impl IntoView {
    view! {
        <table class="table" id="agents">
            <thead><tr>
                <th scope="col">"名次"</th><th scope="col">"话务员"</th><th scope="col">"登记"</th>
                <th scope="col">"已评查 / 抽检"</th><th scope="col">"抽检得分"</th>
                <th scope="col">"话务服务评价"</th><th scope="col">"得分"</th>
            </tr></thead>
            <tbody>
                {agents.into_iter().map(|a| {
                    let s = a.score;
                    view! {
                        <tr>
                            <td>{a.rank.map(|n| n.to_string()).unwrap_or_else(|| "—".into())}</td>
                            <th scope="row">{a.name}</th>
                            <td>{format!("{} 件", a.registered)}</td>
                            <td>{format!("{} / {}", s.reviewed, s.sampled)}</td>
                            <td>{points(s.quality)}</td>
                            <td>{match s.call_service {
                                Some(c) => format!("{c:.2}（{} 人评价）", s.calls_rated),
                                None => "无评价".into(),
                            }}</td>
                            <td><strong>{s.total.map(|t| format!("{t:.2}")).unwrap_or_else(|| "无数据，不计分".into())}</strong></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// A sampled registration: its review, or the checklist to review it.
fn sample_row(s: SampleLine, checks: Vec<(String, String)>, may_review: bool, review: ServerAction<ReviewFrontDeskSample>, sent: RwSignal<i64>) -> impl IntoView {
    let id = s.id;
    let result = match (s.review, may_review) {
        (Some(r), _) => view! {
            <p class="review-points"><strong>{format!("{:.0} 分", r.points)}</strong>
                {if r.failed.is_empty() { "，各项达标".to_string() } else { format!("，未达标：{}", r.failed.join("、")) }}
            </p>
            {r.note.map(|n| view! { <p>{format!("意见：{n}")}</p> })}
            <p class="hint">{format!("评查：{}", r.by)}</p>
        }.into_any(),
        (None, true) => {
            let passed = RwSignal::new(checks.iter().map(|(c, _)| c.clone()).collect::<Vec<String>>());
            let note = RwSignal::new(String::new());
            let failure = move || (sent.get() == id).then(|| review.value().get()).flatten().and_then(|r| r.err());
            let error = move |field: &'static str| failure().and_then(|e| e.field(field));
            let summary = move || failure().filter(|e| e.field("note").is_none() && e.field("passed").is_none()).map(|e| e.to_string());
            view! {
                <form class="sample-review" on:submit=move |ev| {
                    ev.prevent_default();
                    sent.set(id);
                    review.dispatch(ReviewFrontDeskSample { form: SampleReviewForm { sample: id, passed: passed.get_untracked(), note: note.get_untracked() } });
                }>
                    {move || summary().map(|m| view! { <p class="error-summary" role="alert">{m}</p> })}
                    <fieldset>
                        <legend>"达标的评查项"</legend>
                        {move || error("passed").map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                        {checks.into_iter().map(|(code, label)| {
                            let key = code.clone();
                            let value = code.clone();
                            let field = format!("check-{id}-{code}");
                            let target = field.clone();
                            view! {
                                <label class="checkbox" for=target>
                                    <input type="checkbox" id=field value=value checked=passed.with_untracked(|p| p.contains(&key))
                                        prop:checked=move || passed.with(|p| p.contains(&key))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            passed.update(|p| { p.retain(|c| *c != code); if on { p.push(code.clone()); } });
                                        }/>
                                    {label}
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                    <label for=format!("note-{id}")>"评查意见（有未达标项时必填）"</label>
                    {move || error("note").map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                    <textarea id=format!("note-{id}") rows="2" maxlength="500" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                    <p><button type="submit" class="button secondary" id=format!("review-{id}")>"提交评查"</button></p>
                </form>
            }.into_any()
        }
        (None, false) => view! { <p>"待评查"</p> }.into_any(),
    };
    view! {
        <tr data-sample=id.to_string()>
            <td>{s.agent}</td>
            <th scope="row"><A href=format!("/staff/requests/{}", s.number)>{s.number.clone()}</A><br/>{s.title}</th>
            <td>{s.kind}</td>
            <td>{result}</td>
        </tr>
    }
}
