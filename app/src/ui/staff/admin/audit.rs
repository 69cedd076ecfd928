//! The audit log for administrators: every reveal of personal data and
//! every search by phone number, with who, when and why; filtered by user,
//! request and action through the address (a plain GET form).

use crate::api::admin::audit_log;
use crate::api::admin::AuditQuery;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

/// The actions written to the log, with their names.
const ACTIONS: &[(&str, &str)] = &[
    ("reveal_requester", "查看诉求人信息"),
    ("caller_history", "来电号码查询"),
    ("search_phone", "按电话号码检索"),
    ("export", "导出"),
    ("caller_flags", "查询来电人标记"),
    ("flag_caller", "标记来电人"),
    ("review_flag", "复核来电人标记"),
    ("refer_flag_to_police", "移送公安机关"),
    ("register_release", "登记资料调取申请"),
    ("approve_release", "批准资料调取"),
    ("refuse_release", "不予批准资料调取"),
    ("release_record", "调取诉求资料"),
    ("hand_over_release", "移交调取资料包"),
    ("download_release_package", "下载调取资料包"),
    ("archive_request", "归档"),
    ("erase_requester_data", "到期删除诉求人个人信息"),
    ("citizen_data_access", "诉求人查阅本人信息"),
    ("ask_data_correction", "诉求人申请更正个人信息"),
    ("correct_requester_data", "更正诉求人个人信息"),
    ("refuse_data_correction", "不予更正诉求人个人信息"),
];

fn action_name(code: &str) -> String {
    ACTIONS.iter().find(|(c, _)| *c == code).map(|(_, n)| n.to_string()).unwrap_or_else(|| code.to_string())
}

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
                            {ACTIONS.iter().map(|(code, label)| {
                                let selected = get("action") == *code;
                                view! { <option value=*code selected=selected>{*label}</option> }
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
                                        <td>{action_name(&e.action)}</td>
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
