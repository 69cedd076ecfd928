use crate::api::auth::Logout;
use crate::api::inbox::staff_home;
use crate::api::inbox::StaffHome;
use leptos::form::ActionForm;
use crate::domain::types::WorkList;
use leptos::prelude::*;

/// The staff member's home: who they are and the counts of their queue.
#[component]
pub fn StaffHomePage() -> impl IntoView {
    let live = crate::ui::staff::live::Live::get();
    let home = Resource::new(move || live.version.get(), |_| staff_home());
    view! {
        <leptos_meta::Title text="工作台"/>
        <Transition fallback=|| view! { <p>"加载中…"</p> }>
            {move || home.get().map(|r| match r {
                Ok(h) => view! { <StaffHomeView home=h/> }.into_any(),
                Err(e) => crate::ui::staff::load_failure(e),
            })}
        </Transition>
    }
}

#[component]
fn StaffHomeView(home: StaffHome) -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    let gaps = home.calendar_gaps;
    view! {
        <section class="panel">
            <h1 id="staff-greeting">{format!("您好，{}", home.user.display_name)}</h1>
            <p class="who">
                <span id="staff-role">{home.user.role.label()}</span>
                " · "
                <span id="staff-unit">{home.user.unit_name.clone()}</span>
            </p>
            {(!gaps.is_empty()).then(|| view! {
                <p class="warning" role="status">
                    {format!("注意：尚未导入 {} 年的节假日安排（国务院通知和自治区肉孜节、古尔邦节通知），相关期限按普通周末推算，请管理员尽快导入。",
                        gaps.iter().map(|y| y.to_string()).collect::<Vec<_>>().join("、"))}
                </p>
            })}
            <QueueTiles counts=home.counts id="queue-counts" tile="tile"/>
            <crate::ui::staff::request::OpenRequest/>
            <RecordsLinks user=home.user.clone()/>
            {(home.user.role == crate::domain::types::Role::Admin).then(|| view! {
                <p><a href="/staff/outbox" id="outbox-link">"短信发送记录"</a>" · "<a href="/staff/admin/audit" id="audit-link">"审计日志"</a>
                    " · "<a href="/staff/admin/units" id="units-link">"单位管理"</a>
                    " · "<a href="/staff/admin/users" id="users-link">"账号管理"</a>
                    " · "<a href="/staff/admin/categories" id="categories-link">"分类与时限"</a>
                    " · "<a href="/staff/admin/synonyms" id="synonyms-link">"检索同义词"</a>
                    " · "<a href="/staff/admin/calendar" id="calendar-link">"节假日"</a></p>
            })}
            <ActionForm action=logout>
                <button type="submit" class="button secondary">"退出登录"</button>
            </ActionForm>
        </section>
    }
}

/// The hotline office's records: flagged callers (Art. 41), records
/// releases (Art. 42) and requesters' corrections (PIPL Art. 46), for the
/// roles that keep or approve them; an agent's own front-desk review (Art. 36);
/// the public cases (Art. 35).
#[component]
fn RecordsLinks(user: crate::api::auth::StaffUser) -> impl IntoView {
    use crate::domain::types::Role;
    let links: Vec<(&'static str, &'static str, &'static str)> = [
        (matches!(user.role, Role::Agent | Role::Reviewer | Role::Analyst | Role::Admin), "/staff/callers", "callers-link", "来电人标记"),
        (matches!(user.role, Role::Reviewer | Role::Admin) || user.post.is_some(), "/staff/releases", "releases-link", "资料调取登记"),
        (matches!(user.role, Role::Reviewer | Role::Analyst), "/staff/corrections", "corrections-link", "个人信息更正申请"),
        (user.role == Role::Agent, "/staff/assessment/front-desk", "front-desk-link", "我的受理质量评查"),
        (matches!(user.role, Role::Agent | Role::Reviewer | Role::Analyst | Role::Admin), "/staff/cases", "cases-link", "公开案例"),
    ]
    .into_iter()
    .filter(|(shown, ..)| *shown)
    .map(|(_, href, id, label)| (href, id, label))
    .collect();
    (!links.is_empty()).then(|| view! {
        <p class="records-links">
            {links.into_iter().enumerate().map(|(i, (href, id, label))| view! {
                {(i > 0).then_some(" · ")}
                <a href=href id=id>{label}</a>
            }).collect_view()}
        </p>
    })
}

/// The open work in the viewer's scope, a tile per work list, each opening
/// it; each tile's id is `{tile}-{list}`.
#[component]
pub fn QueueTiles(counts: crate::api::inbox::QueueCounts, id: &'static str, tile: &'static str) -> impl IntoView {
    let c = counts;
    let tiles = [
        (WorkList::Registered, c.registered),
        (WorkList::ToAcknowledge, c.to_acknowledge),
        (WorkList::Handling, c.handling),
        (WorkList::AwaitingReview, c.awaiting_review),
        (WorkList::DueSoon, c.due_soon),
        (WorkList::Overdue, c.overdue),
    ];
    view! {
        <ul class="tiles" id=id>
            {tiles.into_iter().map(|(list, n)| view! {
                <li class="tile">
                    <a href=format!("/staff/inbox?filter={list}") id=format!("{tile}-{list}")>
                        <span class="count">{n}</span><span class="label">{list.label()}</span>
                    </a>
                </li>
            }).collect_view()}
        </ul>
    }
}
