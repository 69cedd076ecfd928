use leptos::prelude::*;

/// The 404 page; on the server it also sets the status.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <section class="panel">
            <h1>"页面不存在"</h1>
            <p>"您访问的页面不存在或已被移除。"</p>
            <p><a href="/">"返回首页"</a></p>
        </section>
    }
}
