//! Finding a request by its number and the last four digits of the phone.

use super::fields::{group_class, FieldError};
use crate::api::citizen::FindRequest;
use crate::api::AppError;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn FindPage() -> impl IntoView {
    let find = ServerAction::<FindRequest>::new();
    let error_of = move |f: &'static str| {
        Signal::derive(move || find.value().get().and_then(|r| r.err()).and_then(|e| e.field(f)))
    };
    let general = move || {
        find.value().get().and_then(|r| r.err()).filter(|e| !matches!(e, AppError::Fields(_))).map(|e| e.to_string())
    };
    let (number_error, last4_error) = (error_of("number"), error_of("last4"));
    view! {
        <section class="panel narrow">
            <h1>"查询诉求"</h1>
            <p>"输入诉求编号和提交时所留手机号码的后四位。"</p>
            {move || general().map(|e| view! { <p class="error-summary" role="alert">{e}</p> })}
            <ActionForm action=find>
                <div class=move || group_class(number_error.get().is_some())>
                    <label for="number">"诉求编号"</label>
                    <p class="hint">"例如 YL2026112700001"</p>
                    <FieldError id="number" message=number_error/>
                    <input type="text" id="number" name="number" maxlength="20" autocomplete="off" autocapitalize="characters"/>
                </div>
                <div class=move || group_class(last4_error.get().is_some())>
                    <label for="last4">"手机号码后四位"</label>
                    <FieldError id="last4" message=last4_error/>
                    <input type="text" id="last4" name="last4" inputmode="numeric" maxlength="4" class="short" autocomplete="off"/>
                </div>
                <button type="submit" class="button" id="find">"查询"</button>
            </ActionForm>
            <p><a href="/mine">"用手机验证码查看我的全部诉求"</a></p>
        </section>
    }
}
