//! The intake desk's assist panel (Art. 7): as the agent types the call, the
//! likely category (one click sets it), the likely handling unit (for the
//! dispatch that follows), and open requests of the same place that say
//! nearly the same — link the call as their repeat (Art. 12(7), 14(5)) or
//! merge the caller's words into one of them instead of registering anew.

use crate::api::intake::assist;
use crate::api::requests::apply_command;
use crate::api::intake::{AssistQuery, Suggestion};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// How long typing must pause before the assist asks the server.
const PAUSE_MS: u32 = 400;

#[component]
pub fn AssistPanel(
    /// The call as typed: title and content, county and township.
    query: Signal<AssistQuery>,
    /// The caller's words alone (what a merge adds to the original).
    words: Signal<String>,
    category: RwSignal<String>,
    repeat_of: RwSignal<String>,
) -> impl IntoView {
    let found = crate::ui::staff::lookup::after_pause(query, PAUSE_MS, |q: &AssistQuery| q.text.trim().chars().count() >= 2, |q| async move {
        assist(q).await.ok()
    });
    let failed = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let merge = move |number: String| {
        let navigate = navigate.clone();
        let text = words.get_untracked();
        let Ok(text) = crate::domain::types::Content::parse(&text) else {
            failed.set(Some("请先记录来电内容".into()));
            return;
        };
        let command = crate::domain::machine::Command::AddInformation { text, attachments: Vec::new() };
        leptos::task::spawn_local(async move {
            match apply_command(number.clone(), command).await {
                Ok(_) => navigate(&format!("/staff/requests/{number}"), Default::default()),
                Err(e) => failed.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <section class="assist" id="assist" aria-live="polite">
            {move || failed.get().map(|e| view! { <p class="error-summary" role="alert">{e}</p> })}
            {move || {
                let a = found.get();
                (!a.categories.is_empty()).then(|| view! {
                    <p class="assist-line" id="assist-categories">"建议分类："
                        {a.categories.into_iter().map(|s| {
                            let code = s.code.clone();
                            view! {
                                <button type="button" class="chip" data-code=s.code.clone() on:click=move |_| category.set(code.clone())>
                                    {label(&s)}
                                </button>
                            }
                        }).collect_view()}
                    </p>
                })
            }}
            {move || {
                let a = found.get();
                (!a.units.is_empty()).then(|| view! {
                    <p class="assist-line" id="assist-units">"建议承办单位："
                        {a.units.into_iter().map(|s| view! { <span class="chip" data-code=s.code.clone()>{label(&s)}</span> }).collect_view()}
                    </p>
                })
            }}
            {move || {
                let a = found.get();
                let merge = merge.clone();
                (!a.duplicates.is_empty()).then(|| view! {
                    <div id="assist-duplicates">
                        <p class="assist-line"><strong>"可能重复的在办诉求"</strong></p>
                        <ul class="plain">
                            {a.duplicates.into_iter().map(|d| {
                                let (link, merge_into) = (d.number.clone(), d.number.clone());
                                let merge = merge.clone();
                                view! {
                                    <li data-number=d.number.clone()>
                                        <a href=format!("/staff/requests/{}", d.number) target="_blank" rel="noopener">{d.number.clone()}</a>
                                        {format!(" {} · {} · {} · 相似度 {}%", d.registered, d.state, d.title, d.similarity)}
                                        " "
                                        <button type="button" class="button secondary small" on:click=move |_| repeat_of.set(link.clone())>"关联为重复诉求"</button>
                                        " "
                                        <button type="button" class="button secondary small merge" on:click=move |_| merge(merge_into.clone())>"合并到该诉求"</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </div>
                })
            }}
        </section>
    }
}

/// Under the dispatch form's lead unit: the units that kept similar past
/// requests, among those the viewer may dispatch to; a click chooses one.
#[component]
pub fn UnitSuggestions(text: String, choice: RwSignal<String>, allowed: Vec<String>) -> impl IntoView {
    let units = RwSignal::new(Vec::<Suggestion>::new());
    Effect::new(move |_| {
        let (text, allowed) = (text.clone(), allowed.clone());
        leptos::task::spawn_local(async move {
            // A unit's own dispatch gets no assist (the center's tool): nothing shows.
            if let Ok(a) = assist(AssistQuery { text, ..AssistQuery::default() }).await {
                units.set(a.units.into_iter().filter(|u| allowed.contains(&u.code)).collect());
            }
        });
    });
    view! {
        {move || {
            let list = units.get();
            (!list.is_empty()).then(|| view! {
                <p class="assist-line" id="dispatch-suggestions">"建议："
                    {list.into_iter().map(|s| {
                        let code = s.code.clone();
                        view! { <button type="button" class="chip" data-code=s.code.clone() on:click=move |_| choice.set(code.clone())>{label(&s)}</button> }
                    }).collect_view()}
                </p>
            })
        }}
    }
}

fn label(s: &Suggestion) -> String {
    format!("{}（{}%）", s.name, s.confidence)
}
