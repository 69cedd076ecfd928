//! Records release (Art. 42): the register of applications, the form that
//! registers one with the body's scanned letter and its two officials, the
//! leader's approval or refusal, and the hand-over of the generated package.
//! Each application shows who must approve it, so no one has to look it up.

use crate::api::releases::{releases, DecideRelease, HandOverRelease, ReleaseRegister, ReleaseView};
use crate::domain::types::RequestingBody;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ReleasesPage() -> impl IntoView {
    let decide = ServerAction::<DecideRelease>::new();
    let hand_over = ServerAction::<HandOverRelease>::new();
    let registered = RwSignal::new(0u32);
    let register_error = RwSignal::new(None::<String>);
    let register = Resource::new(move || (decide.version().get(), hand_over.version().get(), registered.get()), |_| releases());
    let error = move || {
        let failed = |v: Option<Result<ReleaseView, crate::api::AppError>>| v.and_then(|r| r.err()).map(|e| e.to_string());
        register_error.get().or_else(|| failed(decide.value().get())).or_else(|| failed(hand_over.value().get()))
    };
    view! {
        <leptos_meta::Title text="资料调取"/>
        <section class="panel">
            <h1>"资料调取登记"</h1>
            <p class="hint">
                "依据《管理办法》第四十二条：司法机关、纪委监委、行政机关调取热线资料，须持所在单位公函和两名工作人员的工作证件，经政务信息中心主要领导批准；"
                "律师事务所、仲裁委员会等机构须经州政务服务管理局主要领导批准。未经批准不得提供任何资料；每一步都记入审计日志。"
            </p>
            {move || error().map(|e| view! { <p class="error-summary" role="alert" id="release-error">{e}</p> })}
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || register.get().map(|r| match r {
                    Ok(ReleaseRegister { releases, may_register }) => view! {
                        {may_register.then(|| view! { <RegisterForm registered error=register_error/> })}
                        <ReleaseList releases decide hand_over/>
                    }.into_any(),
                    Err(e) => crate::ui::staff::load_failure(e),
                })}
            </Transition>
        </section>
    }
}

/// A multipart form: the fields and the letter go up together.
#[component]
fn RegisterForm(registered: RwSignal<u32>, error: RwSignal<Option<String>>) -> impl IntoView {
    let _ = (registered, error);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
            let Ok(data) = web_sys::FormData::new_with_form(&form) else { return };
            leptos::task::spawn_local(async move {
                match crate::api::releases::register_release(data.into()).await {
                    Ok(_) => {
                        error.set(None);
                        form.reset();
                        registered.update(|n| *n += 1);
                    }
                    Err(e) => error.set(Some(e.to_string())),
                }
            });
        }
    };
    view! {
        <details class="command" id="new-release">
            <summary>"登记调取申请"</summary>
            <form on:submit=on_submit>
                <label for="release-body">"申请机构类别"</label>
                <select id="release-body" name="body">
                    <option value="">"请选择"</option>
                    {RequestingBody::ALL.iter().map(|b| view! {
                        <option value=b.code()>{format!("{}（须经{}批准）", b.label(), b.approver().label())}</option>
                    }).collect_view()}
                </select>
                <label for="release-body-name">"机构名称"</label>
                <input type="text" id="release-body-name" name="body_name" maxlength="50"/>
                <label for="release-letter-number">"公函文号"</label>
                <input type="text" id="release-letter-number" name="letter_number" maxlength="50"/>
                <label for="release-letter">"公函扫描件（PDF 或图片）"</label>
                <input type="file" id="release-letter" name="letter" accept="application/pdf,image/jpeg,image/png,image/webp"/>
                <fieldset>
                    <legend>"两名工作人员及工作证件"</legend>
                    <label for="release-o1-name">"工作人员一 姓名"</label>
                    <input type="text" id="release-o1-name" name="official1_name" maxlength="50"/>
                    <label for="release-o1-credential">"工作人员一 证件号码"</label>
                    <input type="text" id="release-o1-credential" name="official1_credential" maxlength="50"/>
                    <label for="release-o2-name">"工作人员二 姓名"</label>
                    <input type="text" id="release-o2-name" name="official2_name" maxlength="50"/>
                    <label for="release-o2-credential">"工作人员二 证件号码"</label>
                    <input type="text" id="release-o2-credential" name="official2_credential" maxlength="50"/>
                </fieldset>
                <label for="release-records">"调取的诉求编号（空格分隔）"</label>
                <textarea id="release-records" name="records" rows="2"></textarea>
                <label class="checkbox" for="release-personal">
                    <input type="checkbox" id="release-personal" name="personal_data"/>
                    " 含诉求人个人信息（姓名、电话、证件号码）"
                </label>
                <label for="release-purpose">"调取用途"</label>
                <textarea id="release-purpose" name="purpose" rows="2" maxlength="1000"></textarea>
                <p><button type="submit" class="button" id="release-submit">"登记申请"</button></p>
            </form>
        </details>
    }
}

#[component]
fn ReleaseList(releases: Vec<ReleaseView>, decide: ServerAction<DecideRelease>, hand_over: ServerAction<HandOverRelease>) -> impl IntoView {
    if releases.is_empty() {
        return view! { <p id="no-releases">"暂无调取申请。"</p> }.into_any();
    }
    view! {
        <ol class="plain releases" id="releases">
            {releases.into_iter().map(|r| view! { <ReleaseItem r decide hand_over/> }).collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
fn ReleaseItem(r: ReleaseView, decide: ServerAction<DecideRelease>, hand_over: ServerAction<HandOverRelease>) -> impl IntoView {
    let id = r.id;
    let note = RwSignal::new(String::new());
    let decision = r.decision.clone().map(|d| view! {
        <p class="release-decision">{format!("{}：{}（{}）{}。意见：{}", if d.approved { "批准" } else { "不予批准" }, d.by, d.post, d.at, d.note)}</p>
    });
    let package = r.package.clone().map(|p| view! {
        <p class="release-package">
            {format!("{} 由 {} 移交资料包，{} 件，SHA-256 {}。", p.at, p.by, p.requests, p.sha256)}
            " " <a href=p.url.clone() download="">"下载资料包"</a>
        </p>
    });
    view! {
        <li class="release" data-release=id>
            <h2>{format!("第 {} 号 · {} {}", r.id, r.body, r.body_name)} " " <span class="tag release-state">{r.state_label.clone()}</span></h2>
            <dl class="facts">
                <dt>"公函"</dt><dd>{r.letter_number.clone()} " " <a href=r.letter_url.clone() target="_blank" rel="noopener">"查看公函"</a></dd>
                <dt>"工作人员"</dt><dd>{r.officials.join("；")}</dd>
                <dt>"调取诉求"</dt>
                <dd>{r.records.clone().into_iter().map(|n| view! { <A href=format!("/staff/requests/{n}")>{n}</A> " " }).collect_view()}
                    {if r.personal_data { "（含个人信息）" } else { "（不含个人信息）" }}</dd>
                <dt>"用途"</dt><dd>{r.purpose.clone()}</dd>
                <dt>"审批"</dt><dd>{format!("须经{}批准", r.approver)}</dd>
                <dt>"登记"</dt><dd>{format!("{} {}", r.registered_at, r.registered_by)}</dd>
            </dl>
            {decision}
            {package}
            {r.may_decide.then(|| view! {
                <form class="command release-decide" on:submit=move |ev| ev.prevent_default()>
                    <label for=format!("release-note-{id}")>"审批意见"</label>
                    <textarea id=format!("release-note-{id}") rows="2" bind:value=note></textarea>
                    <p>
                        <button type="button" class="button" on:click=move |_| { decide.dispatch(DecideRelease { id, approve: true, note: note.get_untracked() }); }>"批准"</button>
                        " "
                        <button type="button" class="button secondary" on:click=move |_| { decide.dispatch(DecideRelease { id, approve: false, note: note.get_untracked() }); }>"不予批准"</button>
                    </p>
                </form>
            })}
            {r.may_release.then(|| view! {
                <button type="button" class="button release-hand-over" on:click=move |_| { hand_over.dispatch(HandOverRelease { id }); }>
                    "生成资料包并登记移交"
                </button>
            })}
        </li>
    }
}
