//! The intake desk (Art. 11–15): an agent registers a phone call. The form
//! is keyboard-first (the caller's number first, every field in reading
//! order, Ctrl+Enter registers from anywhere). As soon as the number is
//! complete the caller's earlier requests show beside the form, so a repeat
//! is linked to its original (Art. 12(7), 14(5)); that look-up is audited.
//! The same parse as the server's names every wrong field at once.

pub mod assist;

use crate::api::citizen::submit_choices;
use crate::api::intake::caller_history;
use crate::api::requests::{registration_key, RegisterRequest};
use crate::api::citizen_views::SubmitChoices;
use crate::api::intake::{CallerRequest, RegisterCall};
use crate::domain::citizen_form::{message_for, SubmitForm};
use crate::domain::intake_form::IntakeForm;
use crate::domain::types::{EmergencyKind, Phone};
use crate::ui::citizen::TYPES;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn IntakePage() -> impl IntoView {
    let choices = Resource::new(|| (), |_| submit_choices());
    // One idempotency key per call: a retried registration is the same request.
    let key = Resource::new(|| (), |_| registration_key());
    view! {
        <leptos_meta::Title text="来电登记"/>
        <Transition fallback=|| view! { <p>"加载中…"</p> }>
            {move || choices.get().zip(key.get()).map(|r| match r {
                (Ok(choices), Ok(key)) => view! { <IntakeDesk choices key/> }.into_any(),
                (Err(e), _) | (_, Err(e)) => view! { <p class="error-summary" role="alert">{e.to_string()}</p> }.into_any(),
            })}
        </Transition>
    }
}

/// Where the intake form posts itself before the app has loaded.
fn register_call_path() -> &'static str {
    <RegisterCall as leptos::server_fn::ServerFn>::PATH
}

#[component]
fn IntakeDesk(choices: SubmitChoices, key: String) -> impl IntoView {
    let register = ServerAction::<RegisterRequest>::new();
    let key = StoredValue::new(key);
    let navigate = use_navigate();
    // A knowledge-base entry chosen while talking: a consultation is answered at once (Art. 14(1)).
    let (entry, reply) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let answer_failed = RwSignal::new(None::<String>);
    // Registered: answered from the knowledge base if an entry was chosen for
    // a consultation, then on to the request's page (dispatch or reject there).
    Effect::new(move |_| {
        let Some(Ok(v)) = register.value().get() else { return };
        let page = format!("/staff/requests/{}", v.number);
        let navigate = navigate.clone();
        let chosen = entry.get_untracked();
        let answer = crate::domain::types::Reference::parse(&chosen)
            .and_then(|entry| Ok(crate::domain::machine::Command::Answer { entry, answer: crate::domain::types::Content::parse(&reply.get_untracked())? }));
        match answer {
            Ok(command) if v.allowed.contains(&crate::domain::machine::CommandCode::Answer) => {
                leptos::task::spawn_local(async move {
                    match crate::api::requests::apply_command(v.number.clone(), command).await {
                        Ok(_) => navigate(&page, Default::default()),
                        Err(e) => answer_failed.set(Some(format!("已登记 {}，但未能答复：{e}", v.number))),
                    }
                });
            }
            _ => navigate(&page, Default::default()),
        }
    });

    let text = |s: &str| RwSignal::new(s.to_string());
    let (phone, name, request_type, category, title, content) = (text(""), text(""), text(""), text(""), text(""), text(""));
    let (county, township, address, repeat_of, organisation) = (text(""), text(""), text(""), text(""), text(""));
    let emergency = RwSignal::new(false);
    let emergency_kind = RwSignal::new(String::new());
    // What the caller says, as the agent types it: the knowledge base suggests answers to it.
    let caller_words = Signal::derive(move || format!("{} {}", title.get(), content.get()));
    let assist_query = Signal::derive(move || crate::api::intake::AssistQuery {
        text: caller_words.get(),
        county: county.get(),
        township: township.get(),
    });
    let anonymous = RwSignal::new(false);
    // A form posted before the app had loaded and refused comes back with its fields' problems in the address.
    let query = leptos_router::hooks::use_query_map();
    let posted = crate::ui::citizen::fields::url_error::<RegisterCall>(&query);
    let (posted_fields, posted_refusal) = match posted {
        Some(crate::api::AppError::Fields(fields)) => (fields, None),
        other => (Vec::new(), other.map(|e| e.to_string())),
    };
    let errors = RwSignal::new(posted_fields);
    let err = move |field: &'static str| move || errors.with(|e| message_for(e, field).map(String::from));

    // The caller's earlier requests, once the number parses.
    let valid_phone = Memo::new(move |_| Phone::parse(&phone.get()).ok().map(|p| p.reveal().to_string()));
    let history = Resource::new(move || valid_phone.get(), |phone| async move {
        match phone {
            Some(p) => caller_history(p).await.map(Some),
            None => Ok(None),
        }
    });

    let submit = move || {
        let form = IntakeForm {
            form: SubmitForm {
                request_type: request_type.get_untracked(),
                category: category.get_untracked(),
                title: title.get_untracked(),
                content: content.get_untracked(),
                county: county.get_untracked(),
                township: township.get_untracked(),
                address: address.get_untracked(),
                name: name.get_untracked(),
                phone: phone.get_untracked(),
                organisation: organisation.get_untracked(),
                anonymous: anonymous.get_untracked(),
                ..SubmitForm::default()
            },
            emergency: emergency.get_untracked(),
            emergency_kind: emergency_kind.get_untracked(),
            repeat_of: repeat_of.get_untracked(),
        };
        match form.parse() {
            Ok(new) => {
                errors.set(Vec::new());
                register.dispatch(RegisterRequest { new, key: Some(key.get_value()) });
            }
            Err(e) => errors.set(e),
        }
    };
    let server_error = move || {
        answer_failed.get().or_else(|| register.value().get().and_then(|r| r.err()).map(|e| e.to_string())).or_else(|| posted_refusal.clone())
    };

    view! {
        <div class="intake">
            <section class="panel intake-form">
                <h1>"来电登记"</h1>
                {move || server_error().map(|e| view! { <p class="error-summary" role="alert" id="intake-error">{e}</p> })}
                {move || (!errors.with(Vec::is_empty)).then(|| view! {
                    <div class="error-summary" role="alert" id="intake-errors">
                        <ul>{errors.get().into_iter().map(|e| view! { <li><a href=format!("#intake-{}", e.field)>{e.message}</a></li> }).collect_view()}</ul>
                    </div>
                })}
                // Before the app has loaded, the form posts itself (register_call):
                // a click then registers the call instead of wiping what was typed.
                <form id="intake" novalidate method="post" action=register_call_path()
                    on:submit=move |ev| { ev.prevent_default(); submit(); }
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                            ev.prevent_default();
                            submit();
                        }
                    }>
                    <input type="hidden" name="key" value=key.get_value()/>
                    <Field id="phone" label="来电号码（手机、固定电话可带分机，境外号码以 + 开头）" error=err("phone")>
                        <input type="tel" id="intake-phone" name="phone" inputmode="tel" autocomplete="off" maxlength="30" autofocus bind:value=phone
                            aria-describedby=move || err("phone")().map(|_| "intake-phone-error")/>
                    </Field>
                    // Art. 41: the number's flags, where the agent is looking.
                    <crate::ui::staff::callers::FlagWarning phone=valid_phone/>
                    <Field id="name" label="来电人姓名（不愿留名可不填）" error=err("name")>
                        <input type="text" id="intake-name" name="name" maxlength="40" autocomplete="off" bind:value=name/>
                    </Field>
                    <Field id="organisation" label="单位名称（法人或其他组织来电时填写，须留联系人姓名）" error=err("organisation")>
                        <input type="text" id="intake-organisation" name="organisation" maxlength="100" autocomplete="off" bind:value=organisation/>
                    </Field>
                    <Field id="request_type" label="诉求类型" error=err("request_type")>
                        <select id="intake-request_type" name="request_type" bind:value=request_type>
                            <option value="">"请选择"</option>
                            {TYPES.iter().map(|(code, label, _)| view! { <option value=*code>{*label}</option> }).collect_view()}
                        </select>
                    </Field>
                    <Field id="category" label="分类" error=err("category")>
                        <select id="intake-category" name="category" bind:value=category>
                            <option value="">"（暂不分类）"</option>
                            {choices.categories.iter().map(|o| view! { <option value=o.code.clone()>{o.name.clone()}</option> }).collect_view()}
                        </select>
                    </Field>
                    <Field id="title" label="标题" error=err("title")>
                        <input type="text" id="intake-title" name="title" maxlength="100" autocomplete="off" bind:value=title/>
                    </Field>
                    <Field id="content" label="诉求内容" error=err("content")>
                        <textarea id="intake-content" name="content" rows="5" maxlength="5000" bind:value=content></textarea>
                    </Field>
                    <Field id="county" label="县市" error=err("county")>
                        <select id="intake-county" name="county" bind:value=county>
                            <option value="">"请选择"</option>
                            {choices.counties.iter().map(|name| view! { <option value=name.clone()>{name.clone()}</option> }).collect_view()}
                        </select>
                    </Field>
                    <Field id="township" label="乡镇（街道）" error=err("township")>
                        <input type="text" id="intake-township" name="township" maxlength="60" autocomplete="off" bind:value=township/>
                    </Field>
                    <Field id="address" label="详细地址" error=err("address")>
                        <input type="text" id="intake-address" name="address" maxlength="200" autocomplete="off" bind:value=address/>
                    </Field>
                    <Field id="repeat_of" label="重复诉求的原事项编号（可不填）" error=err("repeat_of")>
                        <input type="text" id="intake-repeat_of" name="repeat_of" maxlength="20" autocomplete="off" bind:value=repeat_of/>
                    </Field>
                    <div class="checkbox">
                        <input type="checkbox" id="intake-emergency" name="emergency" value="true" bind:checked=emergency/>
                        <label for="intake-emergency">"突发事件（第二十九条：30 分钟内通知承办单位）"</label>
                    </div>
                    <Show when=move || emergency.get()>
                        <Field id="emergency_kind" label="突发事项类别（第二十九条）" error=err("emergency_kind")>
                            <select id="intake-emergency_kind" name="emergency_kind" bind:value=emergency_kind>
                                <option value="">"请选择"</option>
                                {EmergencyKind::ALL.iter().map(|k| view! { <option value=k.code()>{k.label()}</option> }).collect_view()}
                            </select>
                        </Field>
                    </Show>
                    <div class="checkbox">
                        <input type="checkbox" id="intake-anonymous" name="anonymous" value="true" bind:checked=anonymous/>
                        <label for="intake-anonymous">"对承办单位保密来电人信息"</label>
                    </div>
                    <button type="submit" class="button" id="intake-register">"登记（Ctrl+Enter）"</button>
                </form>
                <crate::ui::staff::intake::assist::AssistPanel query=assist_query words=content.into() category repeat_of/>
            </section>
            <aside class="panel intake-knowledge" id="intake-knowledge" aria-labelledby="intake-knowledge-title">
                <h2 id="intake-knowledge-title">"知识库"</h2>
                <p class="hint">"咨询类事项选用条目后登记，即时答复诉求人（第十四条第（一）项）。"</p>
                <crate::ui::staff::request::knowledge_picker::KnowledgePicker id="intake-entry".to_string() entry reply=Some(reply) typed=caller_words/>
                <label for="intake-reply">"答复内容"</label>
                <textarea id="intake-reply" rows="4" maxlength="5000" bind:value=reply></textarea>
            </aside>
            <aside class="panel intake-history" id="caller-history" aria-live="polite" aria-labelledby="caller-history-title">
                <h2 id="caller-history-title">"来电人的历史诉求"</h2>
                <Transition fallback=|| view! { <p>"查询中…"</p> }>
                    {move || history.get().map(|r| match r {
                        Ok(None) => view! { <p class="hint">"输入完整来电号码后显示。查询将记入审计日志。"</p> }.into_any(),
                        Ok(Some(list)) if list.is_empty() => view! { <p id="caller-history-empty">"该号码没有历史诉求。"</p> }.into_any(),
                        Ok(Some(list)) => view! { <CallerHistory list repeat_of/> }.into_any(),
                        Err(e) => view! { <p class="error-summary" role="alert">{e.to_string()}</p> }.into_any(),
                    })}
                </Transition>
            </aside>
        </div>
    }
}

/// A labelled field with its error above it.
#[component]
fn Field<E>(id: &'static str, label: &'static str, error: E, children: Children) -> impl IntoView
where
    E: Fn() -> Option<String> + Copy + Send + Sync + 'static,
{
    view! {
        <div class=move || if error().is_some() { "form-group form-group--error" } else { "form-group" } id=format!("intake-{id}-group")>
            <label for=format!("intake-{id}")>{label}</label>
            {move || error().map(|m| view! { <p class="field-error" id=format!("intake-{id}-error")>{m}</p> })}
            {children()}
        </div>
    }
}

#[component]
fn CallerHistory(list: Vec<CallerRequest>, repeat_of: RwSignal<String>) -> impl IntoView {
    view! {
        <ul class="plain caller-history">
            {list.into_iter().map(|r| {
                let number = r.number.clone();
                view! {
                    <li data-number=r.number.clone()>
                        <a href=format!("/staff/requests/{}", r.number) target="_blank" rel="noopener">{r.number.clone()}</a>
                        {format!(" {} · {} · {}", r.registered, r.state, r.title)}
                        {r.repeat_candidate.then(|| view! { " " <strong class="tag-repeat">"可能重复"</strong> })}
                        " "
                        <button type="button" class="button secondary small" on:click=move |_| repeat_of.set(number.clone())>
                            "关联为重复诉求"
                        </button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
