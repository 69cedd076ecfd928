//! Submitting, step 2: the citizen checks what will be sent, then confirms.
//! The draft (named by this browser's cookie) is the idempotency key:
//! tapping twice, or retrying on a bad network, still makes one request.
//! Once confirmed, the draft's contents are not shown again; confirming
//! once more leads to the request.

use super::fields::size_text;
use crate::api::citizen::{get_draft, ConfirmRequest};
use crate::api::citizen_views::DraftView;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn CheckPage() -> impl IntoView {
    let draft = Resource::new(|| (), |_| get_draft());
    view! {
        <Suspense fallback=|| view! { <p>"加载中…"</p> }>
            {move || draft.get().map(|r| match r {
                Ok(d) => view! { <CheckView draft=d/> }.into_any(),
                Err(e) => view! {
                    <section class="panel">
                        <p class="error-summary" role="alert">{e.to_string()}</p>
                        <a class="button" href="/submit">"重新填写"</a>
                    </section>
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn CheckView(draft: DraftView) -> impl IntoView {
    let confirm = ServerAction::<ConfirmRequest>::new();
    let error = move || confirm.value().get().and_then(|r| r.err()).map(|e| e.to_string());
    if draft.submitted {
        // Back on this page after confirming: nothing of the form is shown again.
        return view! {
            <section class="panel">
                <h1>"这份诉求已经提交"</h1>
                <p>"为保护您的个人信息，已提交的内容不再在此显示。"</p>
                {move || error().map(|e| view! { <p class="error-summary" role="alert">{e}</p> })}
                <ActionForm action=confirm attr:data-single-submit="">
                    <button type="submit" class="button" id="confirm">"查看办理进度"</button>
                </ActionForm>
            </section>
        }
        .into_any();
    }
    let f = &draft.form;
    let place: Vec<String> = [&f.county, &f.township, &f.address]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().to_string())
        .collect();
    let rows: Vec<(&str, String)> = vec![
        ("诉求类型", draft.type_label.clone()),
        ("分类", draft.category_label.clone()),
        ("标题", f.title.trim().to_string()),
        ("发生了什么", f.content.trim().to_string()),
        ("地点", place.join(" ")),
        ("定位", if f.coordinates.is_empty() { "未附上".into() } else { "已附上".into() }),
        ("姓名", f.name.trim().to_string()),
        ("手机号码", f.phone.trim().to_string()),
        ("对承办单位保密身份", if f.anonymous { "是".into() } else { "否".into() }),
        (
            "照片",
            if draft.photos.is_empty() {
                "无".into()
            } else {
                draft.photos.iter().map(|p| size_text(p.bytes)).collect::<Vec<_>>().join("，")
            },
        ),
    ];
    view! {
        <section class="panel">
            <h1>"请核对您的诉求"</h1>
            {move || error().map(|e| view! { <p class="error-summary" role="alert">{e}</p> })}
            <dl class="summary" id="check-summary">
                {rows.into_iter().map(|(k, v)| view! {
                    <div class="summary-row"><dt>{k}</dt><dd>{v}</dd></div>
                }).collect_view()}
            </dl>
            <p><a href="/submit?draft=1" id="change">"修改"</a></p>
            <p>"提交即表示以上内容真实。热线会在规定的工作日内答复您。"</p>
            <ActionForm action=confirm attr:data-single-submit="">
                <button type="submit" class="button" id="confirm">"确认提交"</button>
            </ActionForm>
        </section>
    }
    .into_any()
}
