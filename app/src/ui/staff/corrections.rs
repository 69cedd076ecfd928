//! The register of requesters' correction applications (PIPL Art. 46): the
//! oldest unanswered first, each beside what the record says now, with the
//! reviewer's two answers — correct it as asked, or refuse with a reason the
//! requester is sent.

use crate::api::data_rights::{correction_register, CorrectionView, DecideCorrection};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn CorrectionsPage() -> impl IntoView {
    let decide = ServerAction::<DecideCorrection>::new();
    let list = Resource::new(move || decide.version().get(), |_| correction_register());
    let error = move || decide.value().get().and_then(|r| r.err()).map(|e| e.to_string());
    view! {
        <leptos_meta::Title text="个人信息更正申请"/>
        <section class="panel">
            <h1>"个人信息更正申请"</h1>
            <p class="hint">
                "诉求人在“我的个人信息”中申请更正姓名或地址（《个人信息保护法》第四十六条）。"
                "请核实后在答复期限内处理：按申请更正，或写明理由不予更正；结果以短信告知诉求人，并记入审计日志。"
            </p>
            {move || error().map(|e| view! { <p class="error-summary" role="alert" id="correction-error">{e}</p> })}
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || list.get().map(|r| match r {
                    Ok(register) if register.corrections.is_empty() => view! { <p id="no-corrections">"暂无更正申请。"</p> }.into_any(),
                    Ok(register) => view! {
                        <ul class="plain corrections" id="corrections">
                            {register.corrections.into_iter().map(|c| view! { <CorrectionItem c decide/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => crate::ui::staff::load_failure(e),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn CorrectionItem(c: CorrectionView, decide: ServerAction<DecideCorrection>) -> impl IntoView {
    let id = c.id;
    let note = RwSignal::new(String::new());
    let held = c.held.clone();
    let compare = c
        .asked
        .iter()
        .map(|(field, wanted)| {
            let now = held.iter().find(|(f, _)| f == field).map(|(_, v)| v.clone());
            view! {
                <div class="summary-row">
                    <dt>{field.clone()}</dt>
                    <dd>
                        {now.map(|v| view! { <span class="held-now">{format!("现记录：{v}")}</span><br/> })}
                        <strong class="asked">{format!("申请改为：{wanted}")}</strong>
                    </dd>
                </div>
            }
        })
        .collect_view();
    let due = if c.late { format!("已超过答复期限（{}）", c.answer_by) } else { format!("{}前答复", c.answer_by) };
    let status = match (&c.answer, &c.answered_at) {
        (Some(a), Some(at)) => format!("{}（{at}）：{a}", c.status_label),
        (None, Some(at)) => format!("{}（{at}）", c.status_label),
        _ => c.status_label.clone(),
    };
    view! {
        <li class="correction" data-correction=id data-status=c.status.clone()>
            <p>
                <A href=format!("/staff/requests/{}", c.number)>{c.number.clone()}</A>
                {format!(" · 申请人 {} · {} 提交 · ", c.phone, c.asked_at)}
                <span class=if c.late { "late" } else { "" }>{(c.status == "asked").then_some(due)}</span>
            </p>
            <dl class="summary">{compare}</dl>
            <p>{format!("申请理由：{}", c.reason)}</p>
            <p class="correction-status">{status}</p>
            {c.may_decide.then(|| view! {
                <form class="decision" on:submit=move |ev| ev.prevent_default()>
                    <label for=format!("correction-note-{id}")>"说明（不予更正时必填，会发给诉求人）"</label>
                    <textarea id=format!("correction-note-{id}") rows="2" maxlength="1000" bind:value=note></textarea>
                    <p class="actions">
                        <button type="button" class="button" id=format!("correct-{id}")
                            on:click=move |_| { decide.dispatch(DecideCorrection { id, correct: true, note: note.get_untracked() }); }>
                            "按申请更正"
                        </button>
                        <button type="button" class="button secondary" id=format!("refuse-{id}")
                            on:click=move |_| { decide.dispatch(DecideCorrection { id, correct: false, note: note.get_untracked() }); }>
                            "不予更正"
                        </button>
                    </p>
                </form>
            })}
        </li>
    }
}
