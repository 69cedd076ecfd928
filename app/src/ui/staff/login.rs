use crate::api::auth::Login;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// Staff login. The form posts to the server function and works without WASM.
#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let error = move || login.value().get().and_then(|r| r.err()).map(|e| e.to_string());
    view! {
        <leptos_meta::Title text="员工登录"/>
        <section class="panel narrow">
            <h1>"工作人员登录"</h1>
            {move || error().map(|e| view! { <p class="error-summary" role="alert">{e}</p> })}
            <ActionForm action=login>
                <label for="username">"用户名"</label>
                <input id="username" name="username" type="text" autocomplete="username" required maxlength="64"/>
                <label for="password">"密码"</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256"/>
                <button type="submit" class="button">"登录"</button>
            </ActionForm>
        </section>
    }
}
