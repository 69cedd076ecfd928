//! "My requests": the phone receives a one-time code; once entered, the
//! phone's requests are listed for two hours on this device.

use super::fields::{group_class, FieldError};
use crate::api::citizen::{my_requests, SendCode, VerifyCode};
use crate::api::AppError;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn MinePage() -> impl IntoView {
    let list = Resource::new(|| (), |_| my_requests());
    view! {
        <Suspense fallback=|| view! { <p>"加载中…"</p> }>
            {move || list.get().map(|r| behind_session(r, |items| view! {
                <section class="panel">
                    <h1>"我的诉求"</h1>
                    {items.is_empty().then(|| view! { <p>"这个手机号码还没有提交过诉求。"</p> })}
                    <ul class="request-list" id="my-requests">
                        {items.into_iter().map(|i| view! {
                            <li>
                                <a href=format!("/mine/{}", i.number)>{i.title}</a>
                                <span class="meta">{format!("{} · {} · {}", i.number, i.registered_at, i.status)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                    <p><a href="/mine/data" id="my-data-link">"查看和更正我的个人信息"</a></p>
                </section>
            }.into_any()))}
        </Suspense>
    }
}

/// A page behind the phone's session: its view, the phone form without a
/// session, or what went wrong.
pub(super) fn behind_session<T>(result: Result<T, AppError>, page: impl FnOnce(T) -> AnyView) -> AnyView {
    match result {
        Ok(v) => page(v),
        Err(AppError::Unauthenticated) => view! { <PhoneForm/> }.into_any(),
        Err(e) => view! { <p class="error-summary" role="alert">{e.to_string()}</p> }.into_any(),
    }
}

#[component]
fn PhoneForm() -> impl IntoView {
    let send = ServerAction::<SendCode>::new();
    let error = Signal::derive(move || {
        send.value().get().and_then(|r| r.err()).map(|e| e.field("phone").unwrap_or_else(|| e.to_string()))
    });
    view! {
        <section class="panel narrow">
            <h1>"查看我的诉求"</h1>
            <p>"我们会向您的手机发送一条验证码短信。"</p>
            <ActionForm action=send>
                <div class=move || group_class(error.get().is_some())>
                    <label for="phone">"手机号码"</label>
                    <FieldError id="phone" message=error/>
                    <input type="tel" id="phone" name="phone" inputmode="numeric" autocomplete="tel" maxlength="20"/>
                </div>
                <button type="submit" class="button" id="send-code">"获取验证码"</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn CodePage() -> impl IntoView {
    let verify = ServerAction::<VerifyCode>::new();
    let error = Signal::derive(move || {
        verify.value().get().and_then(|r| r.err()).map(|e| e.field("code").unwrap_or_else(|| e.to_string()))
    });
    view! {
        <section class="panel narrow">
            <h1>"输入验证码"</h1>
            <p>"验证码已发送到您的手机，10 分钟内有效。"</p>
            <ActionForm action=verify>
                <div class=move || group_class(error.get().is_some())>
                    <label for="code">"6 位验证码"</label>
                    <FieldError id="code" message=error/>
                    <input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" class="short"/>
                </div>
                <button type="submit" class="button" id="verify-code">"确定"</button>
            </ActionForm>
            <p><a href="/mine">"没有收到？重新获取"</a></p>
        </section>
    }
}
