//! Public cases at the center (Art. 35): the list with what waits for
//! review, the proposal form (from an ended request, rewritten without
//! personal data; the checker's findings beside the fields), and a second
//! person's review — publish, or send back with a reason — and taking a
//! published case down.

use crate::api::public_cases::{case_draft, public_cases_staff, CaseForm, ProposeCase, PublicCaseView, ReviewCase, WithdrawCase};
use crate::domain::types::PublicCaseKind;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn CasesListPage() -> impl IntoView {
    let review = ServerAction::<ReviewCase>::new();
    let withdraw = ServerAction::<WithdrawCase>::new();
    let page = Resource::new(move || (review.version().get(), withdraw.version().get()), |_| public_cases_staff());
    let failed = move || {
        let e = review.value().get().and_then(|r| r.err()).or_else(|| withdraw.value().get().and_then(|r| r.err()));
        e.map(|e| e.field("note").unwrap_or_else(|| e.to_string()))
    };
    view! {
        <leptos_meta::Title text="公开案例"/>
        <section class="panel">
            <h1>"公开案例"</h1>
            <p class="hint">"第三十五条：热线定期报道投诉举报案例、发布咨询热点问题和政策解读。案例由热线管理中心从已办结事项中推荐，去除个人信息（地点只到乡镇、街道），经另一名审核员审核后在"<a href="/cases">"公开页面"</a>"发布。"</p>
            {move || failed().map(|m| view! { <p class="error-summary" role="alert" id="case-error">{m}</p> })}
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || page.get().map(|r| match r {
                    Ok(p) => {
                        let (may_review, me) = (p.may_review, p.me.clone());
                        view! {
                            {p.may_propose.then(|| view! { <p><A href="/staff/cases/new">"推荐案例"</A></p> })}
                            {p.cases.is_empty().then(|| view! { <p id="cases-empty">"尚无案例。"</p> })}
                            <div id="staff-cases">
                                {p.cases.into_iter().map(|c| case_card(c, may_review, &me, review, withdraw)).collect_view()}
                            </div>
                        }.into_any()
                    }
                    Err(e) => crate::ui::staff::load_failure(e),
                })}
            </Transition>
        </section>
    }
}

fn case_card(c: PublicCaseView, may_review: bool, me: &str, review: ServerAction<ReviewCase>, withdraw: ServerAction<WithdrawCase>) -> impl IntoView {
    let id = c.id;
    let note = RwSignal::new(String::new());
    let reviewable = may_review && c.state == "proposed" && c.proposed_by != me;
    let withdrawable = may_review && c.state == "published";
    let note_field = move |label: &'static str| view! {
        <label for=format!("case-note-{id}")>{label}</label>
        <textarea id=format!("case-note-{id}") rows="2" maxlength="500" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
    };
    view! {
        <article class="case" data-id=id data-state=c.state.clone()>
            <h2>{c.title}</h2>
            <p class="meta">{format!("{} · {} · {}", c.state_label, c.kind_label, c.meta)}</p>
            <p class="meta">{format!("来源：{} · {}", c.request_number, c.history)}</p>
            {c.review_note.map(|n| view! { <p class="meta">{format!("理由：{n}")}</p> })}
            <h3>"诉求概要"</h3>
            <p>{c.summary}</p>
            <h3>"办理结果"</h3>
            <p>{c.outcome}</p>
            {reviewable.then(|| view! {
                {note_field("退回理由（退回时必填）")}
                <p>
                    <button type="button" class="button" id=format!("publish-{id}") on:click=move |_| { review.dispatch(ReviewCase { id, approve: true, note: String::new() }); }>"审核通过，公开"</button>
                    " "
                    <button type="button" class="button secondary" id=format!("return-{id}") on:click=move |_| { review.dispatch(ReviewCase { id, approve: false, note: note.get_untracked() }); }>"退回"</button>
                </p>
            })}
            {withdrawable.then(|| view! {
                {note_field("撤下理由")}
                <p><button type="button" class="button secondary" id=format!("withdraw-{id}") on:click=move |_| { withdraw.dispatch(WithdrawCase { id, note: note.get_untracked() }); }>"撤下"</button></p>
            })}
        </article>
    }
}

#[component]
pub fn ProposeCasePage() -> impl IntoView {
    let query = use_query_map();
    let number = move || query.with(|q| q.get("number")).unwrap_or_default();
    let draft = Resource::new(number, |n| async move { if n.trim().is_empty() { None } else { Some(case_draft(n).await) } });
    view! {
        <leptos_meta::Title text="推荐案例"/>
        <section class="panel">
            <p><A href="/staff/cases">"← 公开案例"</A></p>
            <h1>"推荐案例"</h1>
            <form method="get" action="/staff/cases/new" novalidate="">
                <label for="case-number">"已办结事项的诉求编号"</label>
                <input type="text" id="case-number" name="number" maxlength="20" value=number/>
                <p><button type="submit" class="button secondary" id="case-load">"载入"</button></p>
            </form>
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || draft.get().flatten().map(|r| match r {
                    Ok(d) => view! { <ProposeForm d/> }.into_any(),
                    Err(e) => view! { <p class="error-summary" role="alert" id="case-draft-error">{e.field("number").unwrap_or_else(|| e.to_string())}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ProposeForm(d: crate::api::public_cases::CaseDraft) -> impl IntoView {
    let propose = ServerAction::<ProposeCase>::new();
    let form = RwSignal::new(CaseForm { number: d.number.clone(), kind: d.kind.clone(), title: d.title.clone(), summary: d.summary.clone(), outcome: d.outcome.clone() });
    let error = move |field: &str| propose.value().get().and_then(|r| r.err()).and_then(|e| e.field(field));
    let summary = move || propose.value().get().and_then(|r| r.err()).map(|e| e.to_string());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(_)) = propose.value().get() {
            navigate("/staff/cases", Default::default());
        }
    });
    let set = move |f: fn(&mut CaseForm, String)| move |ev: leptos::ev::Event| form.update(|c| f(c, event_target_value(&ev)));
    let field_error = move |name: &'static str| move || error(name).map(|m| view! { <p class="field-error" id=format!("case-{name}-error")>{m}</p> });
    view! {
        <p class="hint">{format!("公开时显示：{}。请改写标题、诉求概要和办理结果，删去姓名、电话、证件号码和详细地址等个人信息。", d.meta)}</p>
        {move || summary().map(|s| view! { <p class="error-summary" role="alert" id="case-propose-error">{s}</p> })}
        <form on:submit=move |ev| { ev.prevent_default(); propose.dispatch(ProposeCase { form: form.get_untracked() }); }>
            <label for="case-kind">"公开为"</label>
            {field_error("kind")}
            <select id="case-kind" prop:value=move || form.with(|f| f.kind.clone()) on:change=set(|c, v| c.kind = v)>
                {PublicCaseKind::ALL.iter().map(|k| view! { <option value=k.code() selected=k.code() == d.kind>{k.label()}</option> }).collect_view()}
            </select>
            <label for="case-title">"标题"</label>
            {field_error("title")}
            <input type="text" id="case-title" maxlength="60" value=d.title.clone() prop:value=move || form.with(|f| f.title.clone()) on:input=set(|c, v| c.title = v)/>
            <label for="case-summary">"诉求概要"</label>
            {field_error("summary")}
            <textarea id="case-summary" rows="5" maxlength="1000" prop:value=move || form.with(|f| f.summary.clone()) on:input=set(|c, v| c.summary = v) inner_html=crate::ui::served_text::textarea_html(&d.summary)></textarea>
            <label for="case-outcome">"办理结果"</label>
            {field_error("outcome")}
            <textarea id="case-outcome" rows="5" maxlength="2000" prop:value=move || form.with(|f| f.outcome.clone()) on:input=set(|c, v| c.outcome = v) inner_html=crate::ui::served_text::textarea_html(&d.outcome)></textarea>
            <p><button type="submit" class="button" id="case-propose">"提交审核"</button></p>
        </form>
    }
}
