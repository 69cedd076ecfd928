//! Appeals against published results (Art. 38): the form a unit's
//! administrator fills on its publication, the list of appeals with their
//! states, and one appeal with the center's answer form beside what is
//! appealed.

use crate::api::appeals::{appeal, appeals, AnswerAppeal, AppealForm, AppealLine, AppealView, LodgeAppeal};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

/// The appeal form on a unit's publication; `items`: the indicators it was
/// scored on (code, name).
#[component]
pub fn AppealFormView(publication: i64, items: Vec<(String, String)>, until: String) -> impl IntoView {
    let lodge = ServerAction::<LodgeAppeal>::new();
    let form = RwSignal::new(AppealForm { publication, on: "data_point".into(), ..AppealForm::default() });
    let error = move |field: &str| lodge.value().get().and_then(|r| r.err()).and_then(|e| e.field(field));
    let summary = move || lodge.value().get().and_then(|r| r.err()).filter(|e| e.field("on").is_none()).map(|e| e.to_string());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = lodge.value().get() {
            navigate(&format!("/staff/assessment/appeals/{id}"), Default::default());
        }
    });
    let set = move |f: fn(&mut AppealForm, String)| move |ev: leptos::ev::Event| form.update(|a| f(a, event_target_value(&ev)));
    let on_data = move || form.with(|f| f.on == "data_point");
    view! {
        <section class="command" id="appeal">
            <h2>"提出申诉"</h2>
            <p class="hint">{format!("第三十八条：对考核结果有异议的，可于{until}前（含）提出申诉，写明理由。可就整体结果申诉，也可就某件诉求被计入某项指标申诉；同一事项只申诉一次。")}</p>
            {move || summary().map(|s| view! { <p class="error-summary" role="alert" id="appeal-error">{s}</p> })}
            <form on:submit=move |ev| { ev.prevent_default(); lodge.dispatch(LodgeAppeal { form: form.get_untracked() }); }>
                <fieldset>
                    <legend>"申诉事项"</legend>
                    <div class="radio">
                        <input type="radio" id="appeal-on-data" name="on" value="data_point" checked=form.with_untracked(|f| f.on == "data_point") prop:checked=on_data on:change=set(|a, v| a.on = v)/>
                        <label for="appeal-on-data">"某件诉求被计入的数据"</label>
                    </div>
                    <div class="radio">
                        <input type="radio" id="appeal-on-result" name="on" value="result" checked=form.with_untracked(|f| f.on != "data_point") prop:checked=move || !on_data() on:change=set(|a, v| a.on = v)/>
                        <label for="appeal-on-result">"本单位整体考核结果"</label>
                    </div>
                </fieldset>
                <Show when=on_data>
                    <label for="appeal-number">"诉求编号"</label>
                    {move || error("number").map(|m| view! { <p class="field-error" id="appeal-number-error">{m}</p> })}
                    <input type="text" id="appeal-number" maxlength="20" prop:value=move || form.with(|f| f.number.clone()) on:input=set(|a, v| a.number = v)/>
                    <label for="appeal-indicator">"被计入的指标"</label>
                    {move || error("indicator").map(|m| view! { <p class="field-error" id="appeal-indicator-error">{m}</p> })}
                    <select id="appeal-indicator" prop:value=move || form.with(|f| f.indicator.clone()) on:change=set(|a, v| a.indicator = v)>
                        <option value="">"请选择"</option>
                        {items.clone().into_iter().map(|(code, label)| view! { <option value=code>{label}</option> }).collect_view()}
                    </select>
                </Show>
                <label for="appeal-reasons">"申诉理由"</label>
                {move || error("reasons").map(|m| view! { <p class="field-error" id="appeal-reasons-error">{m}</p> })}
                <textarea id="appeal-reasons" rows="4" maxlength="1000" prop:value=move || form.with(|f| f.reasons.clone()) on:input=set(|a, v| a.reasons = v)></textarea>
                <AppealFiles form error=Signal::derive(move || error("files"))/>
                <p><button type="submit" class="button" id="appeal-submit">"提交申诉"</button></p>
            </form>
        </section>
    }
}

/// The files sent with the reasons: each chosen file is uploaded at once
/// (scans are cleaned on the server) and named in the form by its id.
#[component]
fn AppealFiles(form: RwSignal<AppealForm>, error: Signal<Option<String>>) -> impl IntoView {
    // (id, the file's name on the uploader's computer), in upload order.
    let uploaded = RwSignal::new(Vec::<(String, String)>::new());
    let failed = RwSignal::new(None::<String>);
    let sync = move || form.update(|f| f.files = uploaded.with(|u| u.iter().map(|(id, _)| id.clone()).collect()));
    let on_change = move |_ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(input) = _ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(list) = input.files() else { return };
            failed.set(None);
            for i in 0..list.length() {
                let Some(file) = list.get(i) else { continue };
                let Ok(data) = web_sys::FormData::new() else { return };
                let _ = data.append_with_blob_and_filename("file", &file, &file.name());
                let name = file.name();
                leptos::task::spawn_local(async move {
                    match crate::api::appeals::upload_appeal_file(data.into()).await {
                        Ok(id) => {
                            uploaded.update(|u| u.push((id, name)));
                            sync();
                        }
                        Err(e) => failed.set(Some(format!("{name}：{e}"))),
                    }
                });
            }
            input.set_value("");
        }
    };
    let remove = move |id: String| {
        uploaded.update(|u| u.retain(|(i, _)| *i != id));
        sync();
    };
    view! {
        <label for="appeal-files">{format!("证明材料（PDF 或扫描图片，最多 {} 个，可不上传）", crate::domain::assessment::APPEAL_FILES_MAX)}</label>
        {move || error.get().or_else(|| failed.get()).map(|m| view! { <p class="field-error" id="appeal-files-error">{m}</p> })}
        <input type="file" id="appeal-files" multiple accept="application/pdf,image/jpeg,image/png,image/webp" on:change=on_change/>
        <ul id="appeal-file-list">
            {move || uploaded.get().into_iter().map(|(id, name)| {
                let gone = id.clone();
                view! {
                    <li data-file=id>
                        {name}" "
                        <button type="button" class="button secondary small" on:click=move |_| remove(gone.clone())>"移除"</button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn AppealsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| appeals());
    view! {
        <leptos_meta::Title text="考核申诉"/>
        <section class="panel">
            <p><A href="/staff/assessment">"← 考核"</A></p>
            <h1>"考核申诉"</h1>
            <p class="hint">"第三十八条：被考核单位对通报的考核结果有异议的，自通报之日起3个工作日内申诉；热线管理中心核查后答复，申诉成立的更正数据、重新计分并重新通报。"</p>
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || list.get().map(|r| match r {
                    Ok(lines) => appeal_table(lines).into_any(),
                    Err(e) => crate::ui::staff::load_failure(e),
                })}
            </Transition>
        </section>
    }
}

fn appeal_table(lines: Vec<AppealLine>) -> impl IntoView {
    if lines.is_empty() {
        return view! { <p id="no-appeals">"尚无申诉。"</p> }.into_any();
    }
    view! {
        <table class="table" id="appeals">
            <thead><tr>
                <th scope="col">"单位"</th><th scope="col">"考核期"</th><th scope="col">"申诉事项"</th>
                <th scope="col">"提出"</th><th scope="col">"状态"</th>
            </tr></thead>
            <tbody>
                {lines.into_iter().map(|l| view! {
                    <tr data-appeal=l.id class:open=l.open>
                        <td>{l.unit}</td><td>{l.period}</td>
                        <td><A href=format!("/staff/assessment/appeals/{}", l.id)>{l.subject}</A></td>
                        <td>{l.lodged}</td><td>{l.state}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
pub fn AppealPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let answer = ServerAction::<AnswerAppeal>::new();
    let loaded = Resource::new(id, appeal);
    view! {
        <leptos_meta::Title text="考核申诉"/>
        <section class="panel">
            <p><A href="/staff/assessment/appeals">"← 全部申诉"</A></p>
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || loaded.get().map(|r| match r {
                    Ok(a) => view! { <AppealDetail a answer/> }.into_any(),
                    Err(e) => crate::ui::staff::load_failure(e),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn AppealDetail(a: AppealView, answer: ServerAction<AnswerAppeal>) -> impl IntoView {
    let id = a.line.id;
    // The page as loaded, then as the answer returned it.
    let shown = Memo::new(move |_| answer.value().get().and_then(|r| r.ok()).unwrap_or_else(|| a.clone()));
    let error = move |field: &str| answer.value().get().and_then(|r| r.err()).and_then(|e| e.field(field));
    let summary = move || answer.value().get().and_then(|r| r.err()).filter(|e| e.field("answer").is_none()).map(|e| e.to_string());
    let text = RwSignal::new(String::new());
    let correction = RwSignal::new("exclude".to_string());
    let decide = move |upheld: bool| {
        answer.dispatch(AnswerAppeal { id, upheld, correction: correction.get_untracked(), answer: text.get_untracked() });
    };
    view! {
        {move || {
            let a = shown.get();
            view! {
                <h1 id="appeal-title">{format!("{} · {}考核结果申诉", a.line.unit, a.line.period)}</h1>
                <dl class="facts" id="appeal-facts">
                    <dt>"申诉事项"</dt><dd id="appeal-subject">{a.line.subject.clone()}</dd>
                    {a.request.clone().map(|n| view! {
                        <dt>"诉求"</dt>
                        <dd><A href=format!("/staff/requests/{n}") attr:id="appeal-request">{format!("查看诉求 {n} 的办理过程")}</A></dd>
                    })}
                    {a.counted.clone().map(|c| view! { <dt>"本期计入本单位"</dt><dd id="appeal-counted">{c}</dd> })}
                    <dt>"提出"</dt><dd>{a.line.lodged.clone()}</dd>
                    <dt>"申诉理由"</dt><dd id="appeal-reasons-text">{a.reasons.clone()}</dd>
                    {(!a.files.is_empty()).then(|| view! {
                        <dt>"证明材料"</dt>
                        <dd id="appeal-files-sent">
                            {a.files.clone().into_iter().map(|(label, href)| view! { <a href=href target="_blank" rel="noopener">{label}</a>" " }).collect_view()}
                        </dd>
                    })}
                    <dt>"状态"</dt><dd id="appeal-state">{a.line.state.clone()}</dd>
                    {a.answer.clone().map(|t| view! { <dt>"答复"</dt><dd id="appeal-answer">{t}</dd> })}
                </dl>
                {a.publication.map(|p| view! {
                    <p><A href=format!("/staff/assessment/published/{p}") attr:id="appeal-publication">"查看本期考核通报（现行版本）"</A></p>
                })}
            }
        }}
        <Show when=move || shown.with(|a| a.may_answer)>
            <section class="command" id="appeal-answer-form">
                <h2>"答复申诉"</h2>
                <p class="hint">"申诉成立的，该诉求不再计入所申诉的指标，或按达标重新计算（整体结果申诉则按现有数据重新计分），本期结果重新计分并作为新版本通报，各单位收到通知；已印发的月报不变。"</p>
                {move || summary().map(|s| view! { <p class="error-summary" role="alert" id="answer-error">{s}</p> })}
                <Show when=move || shown.with(|a| a.may_recount)>
                    <fieldset>
                        <legend>"申诉成立时如何更正"</legend>
                        {move || error("correction").map(|m| view! { <p class="field-error" id="appeal-correction-error">{m}</p> })}
                        <div class="radio">
                            <input type="radio" id="appeal-exclude" name="correction" value="exclude" checked=correction.get_untracked() == "exclude" prop:checked=move || correction.get() == "exclude" on:change=move |_| correction.set("exclude".into())/>
                            <label for="appeal-exclude">"不计入该项指标（如不属本单位职责）"</label>
                        </div>
                        <div class="radio">
                            <input type="radio" id="appeal-recount" name="correction" value="recount" checked=correction.get_untracked() == "recount" prop:checked=move || correction.get() == "recount" on:change=move |_| correction.set("recount".into())/>
                            <label for="appeal-recount">"按达标重新计算（如实际已按时签收、按时办结，或退回、延期、重办不应算作本单位的）"</label>
                        </div>
                    </fieldset>
                </Show>
                <label for="appeal-answer-text">"答复理由"</label>
                {move || error("answer").map(|m| view! { <p class="field-error" id="appeal-answer-text-error">{m}</p> })}
                <textarea id="appeal-answer-text" rows="3" maxlength="1000" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <p>
                    <button type="button" class="button" id="appeal-uphold" on:click=move |_| decide(true)>"申诉成立，更正并重新通报"</button>
                    " "
                    <button type="button" class="button secondary" id="appeal-dismiss" on:click=move |_| decide(false)>"申诉不成立"</button>
                </p>
            </section>
        </Show>
    }
}
