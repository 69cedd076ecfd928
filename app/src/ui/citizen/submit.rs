//! Submitting a request (Art. 11, 43), step 1: the form. It posts as a
//! plain multipart form, photos included, so it works before (and without)
//! the WASM; the server keeps what was typed as a draft and sends the
//! citizen back here with the messages beside the fields, or on to "check".

use super::fields::{described_by, group_class, size_text, ErrorSummary, FieldError};
use crate::api::citizen::{get_draft, submit_choices, CheckRequest};
use crate::api::citizen_views::{DraftView, SubmitChoices};
use crate::domain::citizen_form::message_for;
use crate::domain::types::RejectionReason;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The four request types, each in one line (Art. 11).
pub const TYPES: [(&str, &str, &str); 4] = [
    ("consultation", "咨询", "想了解政策、办事流程或公共服务信息"),
    ("help", "求助", "生活中遇到的非紧急困难，需要有关部门帮助"),
    ("complaint", "投诉举报", "对某个问题、单位或工作人员的不满，或举报违法违规行为"),
    ("suggestion", "建议", "对城市管理、公共服务等提出意见和建议"),
];

#[component]
pub fn SubmitPage() -> impl IntoView {
    let query = use_query_map();
    // `?draft=1`: go on with this browser's draft (after mistakes, or "change"
    // on the check page); the draft itself is named by its cookie only.
    let continuing = move || query.with(|q| q.get("draft")).is_some_and(|v| v == "1");
    let data = Resource::new(continuing, |continuing| async move {
        let choices = submit_choices().await?;
        let draft = match continuing {
            true => get_draft().await.ok().filter(|d| !d.submitted),
            false => None,
        };
        Ok::<_, crate::api::AppError>((choices, draft))
    });
    // An error the server sent back in the address (e.g. too many submissions, a photo too large).
    let refused = move || super::fields::url_error::<CheckRequest>(&query).map(|e| e.to_string());
    view! {
        <section class="emergency" role="note">
            <strong>"紧急情况请直接拨打 110（报警）、119（火警）、120（急救）、122（交通事故）。"</strong>
            " 网上提交的诉求按工作日办理，不能用于紧急求助。"
        </section>
        {move || refused().map(|e| view! { <p class="error-summary" role="alert" id="form-refused">{e}</p> })}
        <Suspense fallback=|| view! { <p>"加载中…"</p> }>
            {move || data.get().map(|r| match r {
                Ok((choices, draft)) => {
                    let continues = draft.is_some();
                    view! { <SubmitForm choices draft=draft.unwrap_or_default() continues/> }.into_any()
                }
                Err(e) => view! { <p class="error-summary" role="alert">{e.to_string()}</p> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn SubmitForm(choices: SubmitChoices, draft: DraftView, continues: bool) -> impl IntoView {
    let DraftView { form, errors, photos, .. } = draft;
    let err = |field: &str| message_for(&errors, field).map(String::from);
    let summary: Vec<(String, String)> = errors.iter().map(|e| (e.field.clone(), e.message.clone())).collect();

    let phone_error = err("phone");

    let type_error = err("request_type");
    let selected_type = form.request_type.clone();
    let category = form.category.clone();
    let county = form.county.clone();
    let photo_count = photos.len();
    view! {
        <section class="panel">
            <h1>"提交诉求"</h1>
            <p class="lead">"请如实填写。提交后您会得到诉求编号和一个查询链接，我们也会发短信告诉您。"</p>
            <ErrorSummary errors=summary/>
            <form method="post" action="/api/citizen/check" enctype="multipart/form-data" novalidate data-single-submit="">
                {continues.then(|| view! { <input type="hidden" name="continue" value="1"/> })}

                <fieldset class=group_class(type_error.is_some()) id="request_type">
                    <legend>"诉求类型"</legend>
                    {type_error.clone().map(|m| view! { <p class="field-error" id="request_type-error">{m}</p> })}
                    <div class="radios">
                        {TYPES.iter().map(|(code, label, hint)| {
                            let id = format!("type-{code}");
                            view! {
                                <div class="radio">
                                    <input type="radio" name="request_type" id=id.clone() value=*code
                                        checked=selected_type == *code/>
                                    <label for=id>{*label}<span class="hint">{*hint}</span></label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>

                <div class=group_class(err("category").is_some())>
                    <label for="category">"分类（可不选）"</label>
                    <FieldError id="category" message=Signal::stored(err("category"))/>
                    <select id="category" name="category">
                        <option value="">"不确定，由热线中心分类"</option>
                        {choices.categories.iter().map(|c| view! {
                            <option value=c.code.clone() selected=c.code == category>{c.name.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>

                <div class=group_class(err("title").is_some())>
                    <label for="title">"标题"</label>
                    <p class="hint" id="title-hint">"一句话说明问题，例如“解放路路灯不亮”。最多 100 个字。"</p>
                    <FieldError id="title" message=Signal::stored(err("title"))/>
                    <input type="text" id="title" name="title" maxlength="100" value=form.title.clone()
                        aria-describedby=described_by("title", true, err("title").is_some())/>
                </div>

                <div class=group_class(err("content").is_some())>
                    <label for="content">"发生了什么"</label>
                    <p class="hint" id="content-hint">"请写清时间、地点、经过和您的诉求。最多 4000 个字。"</p>
                    <FieldError id="content" message=Signal::stored(err("content"))/>
                    <textarea id="content" name="content" rows="6" maxlength="4000"
                        aria-describedby=described_by("content", true, err("content").is_some())>{form.content.clone()}</textarea>
                </div>

                <fieldset class="form-group">
                    <legend>"在哪里"</legend>
                    <div class=group_class(err("county").is_some())>
                        <label for="county">"县市"</label>
                        <FieldError id="county" message=Signal::stored(err("county"))/>
                        <select id="county" name="county">
                            <option value="">"请选择"</option>
                            {choices.counties.iter().map(|c| view! {
                                <option value=c.clone() selected=*c == county>{c.clone()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class=group_class(err("township").is_some())>
                        <label for="township">"乡镇（街道）（可不填）"</label>
                        <FieldError id="township" message=Signal::stored(err("township"))/>
                        <input type="text" id="township" name="township" maxlength="50" value=form.township.clone()/>
                    </div>
                    <div class=group_class(err("address").is_some())>
                        <label for="address">"详细地址（可不填）"</label>
                        <FieldError id="address" message=Signal::stored(err("address"))/>
                        <input type="text" id="address" name="address" maxlength="200" value=form.address.clone()/>
                    </div>
                    <input type="hidden" id="coordinates" name="coordinates" value=form.coordinates.clone()/>
                    <FieldError id="coordinates" message=Signal::stored(err("coordinates"))/>
                    // Shown by the portal WASM, which can ask the browser for the position.
                    <button type="button" class="button secondary" id="use-location" hidden>"使用我的位置"</button>
                    <p class="hint" id="location-note" role="status">
                        {(!form.coordinates.is_empty()).then_some("已附上您的位置。")}
                    </p>
                </fieldset>

                <fieldset class="form-group">
                    <legend>"您的联系方式"</legend>
                    <div class=group_class(err("name").is_some())>
                        <label for="name">"姓名"</label>
                        <FieldError id="name" message=Signal::stored(err("name"))/>
                        <input type="text" id="name" name="name" maxlength="50" autocomplete="name" value=form.name.clone()/>
                    </div>
                    <div class=group_class(phone_error.is_some())>
                        <label for="phone">"手机号码"</label>
                        <p class="hint" id="phone-hint">"用于接收办理进度短信和回访。"</p>
                        <FieldError id="phone" message=Signal::stored(phone_error.clone())/>
                        // The portal WASM checks the number as it is typed, with the server's rule.
                        <p class="field-error" id="phone-live-error" aria-live="polite"></p>
                        <input type="tel" id="phone" name="phone" inputmode="numeric" autocomplete="tel" maxlength="20"
                            value=form.phone.clone()
                            aria-describedby=described_by("phone", true, phone_error.is_some())/>
                    </div>
                    <div class="checkbox">
                        <input type="checkbox" id="anonymous" name="anonymous" value="on" checked=form.anonymous/>
                        <label for="anonymous">"对承办单位保密我的身份"<span class="hint">"承办单位看不到您的姓名和电话，只有热线中心可以联系您。"</span></label>
                    </div>
                </fieldset>

                <div class=group_class(err("photos").is_some())>
                    <label for="photos">"照片（可不传，最多 5 张，每张不超过 10 MB）"</label>
                    <p class="hint" id="photos-hint">"支持 JPG、PNG、WebP。照片中的拍摄位置等信息会被自动删除。"</p>
                    <FieldError id="photos" message=Signal::stored(err("photos"))/>
                    {(photo_count > 0).then(|| view! {
                        <ul class="photos" id="photo-list">
                            {photos.iter().enumerate().map(|(i, p)| view! {
                                <li>
                                    {format!("照片 {}（{}）", i + 1, size_text(p.bytes))}
                                    <label class="inline"><input type="checkbox" name="remove" value=p.id.clone()/>" 删除"</label>
                                </li>
                            }).collect_view()}
                        </ul>
                    })}
                    <input type="file" id="photos" name="photos" multiple accept="image/jpeg,image/png,image/webp"
                        aria-describedby=described_by("photos", true, err("photos").is_some())/>
                </div>

                <div class=group_class(err("consent").is_some())>
                    <FieldError id="consent" message=Signal::stored(err("consent"))/>
                    <div class="checkbox">
                        <input type="checkbox" id="consent" name="consent" value="on" checked=form.consent/>
                        <label for="consent">"我已阅读并同意个人信息保护说明"
                            <span class="hint">"您的个人信息只用于办理本诉求，除热线中心和（未选择保密时）承办单位外不向他人提供。"</span>
                        </label>
                    </div>
                </div>

                <details class="not-accepted">
                    <summary>"哪些事项热线不受理？"</summary>
                    <ol class="reasons">
                        {RejectionReason::ALL.iter().map(|r| view! { <li>{r.text()}</li> }).collect_view()}
                    </ol>
                </details>

                <button type="submit" class="button" id="continue">"继续"</button>
            </form>
        </section>
    }
}
