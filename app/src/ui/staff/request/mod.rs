//! A request as a staff member sees it (issue 4, first part): what was
//! asked, the requester (masked, or hidden when they asked for anonymity),
//! every running clock with its live countdown and warning (SPEC §4), the
//! units' assignments, the photos, the whole timeline with internal notes,
//! and which commands the viewer may issue now. Out-of-scope requests are
//! "not found", as the server decides.

pub mod command_forms;
mod document_input;
mod pending_matter;
pub mod knowledge_picker;

use crate::api::requests::{request_view, ApplyCommand};
use crate::api::requests::{ClockView, RequestView};
use crate::api::AppError;
use crate::domain::deadline::assumed_years_text;
use crate::ui::staff::request::command_forms::CommandForms;
use crate::ui::countdown::Countdown;
use leptos::prelude::*;
use leptos_router::components::{Form, Redirect};
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/staff/requests/<number>`, or `/staff/requests?number=…` from the look-up form.
#[component]
pub fn RequestDetailPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let number = move || {
        params
            .with(|p| p.get("number"))
            .or_else(|| query.with(|q| q.get("number")))
            .unwrap_or_default()
            .trim()
            .to_uppercase()
    };
    let act = ServerAction::<ApplyCommand>::new();
    // The newest stored version this page shows. A live change newer than it
    // reloads the page once; the page's own command is no news, since its
    // answer is the request as it now is and is shown as it comes.
    let shown = RwSignal::new(0i64);
    let changed = crate::ui::staff::live::Live::get().touches(number, move || shown.get_untracked());
    let fetched = Resource::new(
        move || {
            let (news, resyncs) = changed.get();
            (number(), news, resyncs)
        },
        |(n, _, _)| request_view(n),
    );
    // The last command's answer; a refused command leaves it as it was.
    let answered = Memo::new(move |prev: Option<&Option<RequestView>>| {
        act.value().with(|r| match r {
            Some(Ok(v)) => Some(v.clone()),
            _ => prev.cloned().flatten(),
        })
    });
    let current = move || {
        let fetched = fetched.get();
        match (fetched, answered.get()) {
            (Some(Ok(f)), Some(a)) if a.number == f.number && a.version >= f.version => Some(Ok(a)),
            (fetched, _) => fetched,
        }
    };
    Effect::new(move |_| {
        if let Some(Ok(v)) = current() {
            shown.set(v.version);
        }
    });
    // What is typed into the forms outlives a reload of the page's data.
    let drafts = crate::ui::staff::request::command_forms::Drafts::provide();
    Effect::new(move |_| {
        if let Some(Ok(_)) = act.value().get() {
            drafts.done();
        }
    });
    // What just happened, said politely to a screen reader: the latest event
    // in words. Set by an effect, so that the server's page and the hydrated
    // one start alike (empty), whenever the data arrives.
    let latest = Memo::new(move |_| current().and_then(|r| r.ok()).and_then(|v| v.events.last().map(|e| e.summary.clone())));
    let announced = RwSignal::new(String::new());
    Effect::new(move |_| announced.set(latest.get().unwrap_or_default()));
    // A transition keeps the page in place while a live change reloads it.
    view! {
        <p class="visually-hidden" role="status" aria-live="polite" id="request-live">{move || announced.get()}</p>
        <Transition fallback=|| view! { <p>"加载中…"</p> }>
            {move || current().map(|r| match r {
                Ok(v) => view! { <RequestDetail v act/> }.into_any(),
                Err(AppError::Unauthenticated) => view! { <Redirect path="/staff/login"/> }.into_any(),
                Err(e) => view! {
                    <section class="panel">
                        <p class="error-summary" role="alert" id="request-error">{e.to_string()}</p>
                        <OpenRequest/>
                    </section>
                }.into_any(),
            })}
        </Transition>
    }
}

/// Opens a request by its number.
#[component]
pub fn OpenRequest() -> impl IntoView {
    view! {
        <Form action="/staff/requests" method="GET">
            <label for="open-number">"按编号打开事项"</label>
            <input type="text" id="open-number" name="number" maxlength="20" placeholder="YL2026112700001" autocomplete="off"/>
            <button type="submit" class="button secondary" id="open-request">"打开"</button>
        </Form>
    }
}

fn warning_text(w: &str) -> &'static str {
    match w {
        "red" => "已超期",
        "amber" => "即将到期",
        _ => "正常",
    }
}

#[component]
pub(crate) fn ClockLine(clock: ClockView, regional: Vec<crate::domain::calendar::DeclaredDay>) -> impl IntoView {
    let who = clock.unit_name.clone().map(|u| format!("（{u}）")).unwrap_or_default();
    let class = format!("clock clock--{}", clock.warning);
    let id = format!("clock-{}", clock.key.replace(':', "-"));
    view! {
        <li class=class id=id.clone()>
            <span class="clock-label">{format!("{}{who}", clock.label)}</span>
            <span class="clock-warning">{warning_text(&clock.warning)}</span>
            {match clock.last_day.clone() {
                Some(day) => view! {
                    <Countdown last_day=day what=clock.label.clone() regional id=format!("{id}-countdown") served=clock.counted.clone()/>
                }.into_any(),
                None => view! { <p class="countdown">{format!("截止 {}", crate::api::requests::to_minute(&clock.due_at))}</p> }.into_any(),
            }}
            <span class="clock-article">{clock.article.clone()}</span>
            {clock.explanation.clone().map(|e| view! { <p class="clock-explanation">{e}</p> })}
            {assumed_years_text(&clock.assumed_years).map(|w| view! { <p class="clock-uncertain">{w}</p> })}
        </li>
    }
}

#[component]
fn RequestDetail(v: RequestView, act: ServerAction<ApplyCommand>) -> impl IntoView {
    let regional = v.regional_days.clone();
    // The title comes with the request's data, after the page's head was
    // sent: it is put in place once the page is mounted in the browser
    // (a title hydrated from a streamed part does not reach the document).
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    let page_title = format!("{} {}", v.title, v.number);
    view! {
        {move || mounted.get().then(|| view! { <leptos_meta::Title text=page_title.clone()/> })}
        <div class="request-layout">
            <div class="request-facts">
                <section class="panel" id="request-detail">
                    <p class="caption">
                        {v.type_label()}
                        " · "
                        <span id="request-state" data-state=v.state.clone()>{crate::domain::request::state_label(&v.state)}</span>
                    </p>
                    <h1 id="request-title">{v.title.clone()}</h1>
                    <p>"编号 " <strong id="request-number">{v.number.clone()}</strong>
                        {v.emergency.then(|| view! { " " <strong class="tag-emergency">"突发"</strong> })}
                        {v.tags.iter().map(|t| view! { " " <span class="tag" data-tag=t.clone()>{t.clone()}</span> }).collect_view()}</p>
                    <p class="content">{v.content.clone()}</p>
                    <p class="who" id="requester">{format!("诉求人：{} {}", v.requester_name, v.requester_phone)}</p>
                </section>
                <section class="panel" id="clocks">
                    <h2>"期限"</h2>
                    {v.clocks.is_empty().then(|| view! { <p>"当前没有正在计算的期限。"</p> })}
                    <ul class="clocks">
                        {v.clocks.iter().cloned().map(|c| view! { <ClockLine clock=c regional=regional.clone()/> }).collect_view()}
                    </ul>
                </section>
                <section class="panel" id="assignments">
                    <h2>"承办单位"</h2>
                    <table class="table">
                        <thead><tr><th>"单位"</th><th>"角色"</th><th>"状态"</th></tr></thead>
                        <tbody>
                            {v.assignments.iter().map(|a| view! {
                                <tr>
                                    <td>{a.unit_name.clone()}</td>
                                    <td>{match a.role.as_str() { "lead" => "主办", "co" => "协办", _ => "分别办理" }}</td>
                                    <td>{crate::domain::request::status_label(&a.status).unwrap_or("其他")}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
                {(!v.attachments.is_empty()).then(|| view! {
                    <section class="panel" id="photos">
                        <h2>"照片"</h2>
                        <ul class="photos">
                            {v.attachments.iter().enumerate().map(|(i, id)| view! {
                                <li><a href=format!("/staff/photos/{id}") target="_blank" rel="noopener">{format!("照片 {}", i + 1)}</a></li>
                            }).collect_view()}
                        </ul>
                    </section>
                })}
                <section class="panel" id="timeline">
                    <h2>"办理过程"</h2>
                    <ol class="timeline">
                        {v.events.iter().rev().map(|e| view! {
                            <li data-kind=e.kind.clone()>
                                <span class="when">{e.when_and_who()}</span>
                                <span class="what">{e.summary.clone()}</span>
                                {e.public_text.clone().map(|t| view! { <span class="told">{format!("告知诉求人：{t}")}</span> })}
                                {e.internal_note.clone().map(|n| view! { <span class="internal">{format!("内部备注：{n}")}</span> })}
                            </li>
                        }).collect_view()}
                    </ol>
                </section>
            </div>
            <aside class="request-actions" aria-label="待办操作">
                <section class="panel" id="allowed">
                    <h2>"待办操作"</h2>
                    {v.allowed.is_empty().then(|| view! { <p>"当前没有您可以执行的操作。"</p> })}
                    <CommandForms v=v.clone() action=act/>
                </section>
            </aside>
        </div>
    }
}
