//! The work list's preview pane (issue 14 §2): the chosen row's request
//! beside the list — what was asked, by whom (masked), its clocks, what waits
//! for the viewer and the latest steps — so that an agent can go down the
//! list without opening each request; the next step is one click or key away.

use crate::api::requests::{apply_command, request_view, RequestView};
use crate::domain::machine::{Command, CommandCode};
use crate::ui::staff::request::command_forms::lead_action;
use crate::ui::staff::request::ClockLine;
use leptos::prelude::*;

/// The work-list row chosen (by a click, or j / k), by request number.
#[derive(Clone, Copy)]
pub struct Selection(pub RwSignal<Option<String>>);

impl Selection {
    pub fn provide() -> Selection {
        let selection = Selection(RwSignal::new(None));
        provide_context(selection);
        selection
    }
    /// The page's selection (a fresh one outside a work list).
    pub fn get() -> Selection {
        use_context::<Selection>().unwrap_or(Selection(RwSignal::new(None)))
    }
}

/// How many of the latest steps the pane shows.
const LATEST: usize = 3;

#[component]
pub fn Preview() -> impl IntoView {
    let Selection(selected) = Selection::get();
    let live = crate::ui::staff::live::Live::get();
    // Read in the browser only: nothing is chosen on the server's page.
    let view = LocalResource::new(move || {
        let number = selected.get();
        live.version.track();
        async move {
            match number {
                Some(n) => Some(request_view(n).await),
                None => None,
            }
        }
    });
    view! {
        <aside class="preview panel" id="preview" aria-label="事项预览">
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || match view.get() {
                    Some(Some(Ok(v))) => view! { <PreviewOf v/> }.into_any(),
                    Some(Some(Err(e))) => view! { <p class="error-summary" role="alert">{e.to_string()}</p> }.into_any(),
                    _ => view! { <p class="hint" id="preview-empty">"点击一行，或按 j / k，在此预览事项。"</p> }.into_any(),
                }}
            </Transition>
        </aside>
    }
}

#[component]
fn PreviewOf(v: RequestView) -> impl IntoView {
    let failed = RwSignal::new(None::<String>);
    let number = v.number.clone();
    let acknowledge = move |_| {
        let number = number.clone();
        leptos::task::spawn_local(async move {
            // The list and this pane reload on the live news of the change.
            if let Err(e) = apply_command(number, Command::Acknowledge {}).await {
                failed.set(Some(e.to_string()));
            }
        });
    };
    let next = lead_action(&v.allowed);
    let regional = v.regional_days.clone();
    let href = format!("/staff/requests/{}", v.number);
    view! {
        <p class="caption">
            {v.type_label()}
            " · " {crate::domain::request::state_label(&v.state)}
        </p>
        <h2 id="preview-title">{v.title.clone()}</h2>
        <p>"编号 " <strong>{v.number.clone()}</strong>
            {v.emergency.then(|| view! { " " <strong class="tag-emergency">"突发"</strong> })}</p>
        <p class="content preview-content">{v.content.clone()}</p>
        <p class="who">{format!("诉求人：{} {}", v.requester_name, v.requester_phone)}</p>
        {(!v.clocks.is_empty()).then(|| view! {
            <ul class="clocks">
                {v.clocks.iter().cloned().map(|c| view! { <ClockLine clock=c regional=regional.clone()/> }).collect_view()}
            </ul>
        })}
        {v.pending.iter().map(|p| view! { <p class="pending-heading"><strong>"待决定："</strong>{p.heading.clone()}</p> }).collect_view()}
        {(!v.events.is_empty()).then(|| view! {
            <h3>"最近办理过程"</h3>
            <ol class="timeline" id="preview-timeline">
                {v.events.iter().rev().take(LATEST).map(|e| view! {
                    <li>
                        <span class="when">{e.when_and_who()}</span>
                        <span class="what">{e.summary.clone()}</span>
                    </li>
                }).collect_view()}
            </ol>
        })}
        <p id="preview-next">{match next {
            Some(code) => format!("下一步：{}", code.label()),
            None => "当前没有您可以执行的操作。".to_string(),
        }}</p>
        <div class="preview-actions">
            <a class="button" href=href id="preview-open">"打开办理"</a>
            {v.allowed.contains(&CommandCode::Acknowledge).then(|| view! {
                <button type="button" class="button secondary" id="preview-acknowledge" on:click=acknowledge>"签收（a）"</button>
            })}
        </div>
        {move || failed.get().map(|e| view! { <p class="error-summary" role="alert">{e}</p> })}
    }
}
