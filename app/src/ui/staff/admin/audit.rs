//! The audit log for administrators: every reveal of personal data, every
//! search by phone number, every record released and every administrator's
//! change, with who, when and why; filtered by user, request and action
//! through the address (a plain GET form).

use crate::api::admin::audit_log;
use crate::api::admin::AuditQuery;
use crate::domain::types::AuditAction;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let get = move |name: &str| query.with(|q| q.get(name)).unwrap_or_default();
    let asked = move || AuditQuery {
        username: get("username"),
        request_number: get("request_number"),
        action: get("action"),
        page: get("page").parse().unwrap_or(1),
    };
    let entries = Resource::new(asked, audit_log);
    view! {
        <leptos_meta::Title text="审计日志"/>
        <section class="panel">
            <h1>"审计日志"</h1>
            <Form action="/staff/admin/audit" method="GET">
                <div class="search-grid">
                    <div class="form-group">
                        <label for="audit-username">"用户名"</label>
                        <input type="text" id="audit-username" name="username" value=get("username") autocomplete="off"/>
                    </div>
                    <div class="form-group">
                        <label for="audit-request">"事项编号"</label>
                        <input type="text" id="audit-request" name="request_number" value=get("request_number") autocomplete="off"/>
                    </div>
                    <div class="form-group">
                        <label for="audit-action">"操作"</label>
                        <select id="audit-action" name="action">
                            <option value="">"不限"</option>
                            {AuditAction::ALL.iter().map(|a| {
                                let selected = get("action") == a.code();
                                view! { <option value=a.code() selected=selected>{a.label()}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                </div>
                <button type="submit" class="button" id="audit-filter">"筛选"</button>
            </Form>
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || entries.get().map(|r| match r {
                    Ok(list) if list.is_empty() => view! { <p id="audit-empty">"没有符合条件的记录。"</p> }.into_any(),
                    Ok(list) => view! {
                        <table class="table" id="audit">
                            <thead><tr><th>"时间"</th><th>"用户"</th><th>"操作"</th><th>"事项"</th><th>"原因"</th><th>"说明"</th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|e| view! {
                                    <tr>
                                        <td>{e.at}</td>
                                        <td>{e.username}</td>
                                        <td>{e.action.label()}</td>
                                        <td>{e.request_number.map(|n| view! { <a href=format!("/staff/requests/{n}")>{n.clone()}</a> })}</td>
                                        <td>{e.reason.unwrap_or_default()}</td>
                                        <td>{e.detail.unwrap_or_default()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(e) => crate::ui::staff::load_failure(e),
                })}
            </Transition>
        </section>
    }
}
