//! The outbox as administrators see it: every message to citizens with its
//! delivery state (a development aid while the log sender is in use).

use crate::api::outbox::outbox_messages;
use leptos::prelude::*;

#[component]
pub fn OutboxPage() -> impl IntoView {
    let messages = Resource::new(|| (), |_| outbox_messages());
    view! {
        <leptos_meta::Title text="短信发送记录"/>
        <section class="panel">
            <h1>"短信发送记录"</h1>
            <Suspense fallback=|| view! { <p>"加载中…"</p> }>
                {move || messages.get().map(|r| match r {
                    Ok(list) => view! {
                        <table class="table" id="outbox">
                            <thead><tr><th>"时间"</th><th>"手机"</th><th>"类型"</th><th>"内容"</th><th>"状态"</th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|m| view! {
                                    <tr>
                                        <td>{m.created_at}</td>
                                        <td>{m.recipient}</td>
                                        <td>{crate::domain::types::MessageKind::parse(&m.kind).map(|k| k.label()).unwrap_or("其他")}</td>
                                        <td class="body">{m.body}</td>
                                        <td>{if m.sent {
                                            "已发送".to_string()
                                        } else {
                                            format!("待发送（已尝试 {} 次）{}", m.attempts, m.last_error.map(|e| format!("：{e}")).unwrap_or_default())
                                        }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(e) => crate::ui::staff::load_failure(e),
                })}
            </Suspense>
        </section>
    }
}
