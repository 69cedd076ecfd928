//! The bar above every staff page once logged in: home, work list and the
//! notification list with its count of unseen notices. It opens the live
//! stream, so counts and pages follow what others do.

use crate::api::notices::unseen_notices;
use crate::ui::is_staff_path;
use crate::ui::staff::live::Live;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn StaffBar() -> impl IntoView {
    let live = Live::get();
    let location = use_location();
    let show = move || {
        let path = location.pathname.get();
        is_staff_path(&path) && path != "/staff/login"
    };
    let unseen = Resource::new(
        move || (show(), live.version.get()),
        |(show, _)| async move {
            match show {
                true => unseen_notices().await.ok(),
                false => None,
            }
        },
    );
    // Logged in: follow the changes.
    Effect::new(move |_| {
        if matches!(unseen.get(), Some(Some(_))) {
            live.connect();
        }
    });
    view! {
        <Transition fallback=|| ()>
            {move || unseen.get().flatten().map(|n| view! {
                <nav class="staff-bar" aria-label="工作人员导航">
                    <a href="/staff">"首页"</a>
                    <a href="/staff/inbox">"工作台"</a>
                    <a href="/staff/intake" id="intake-link">"来电登记"</a>
                    <a href="/staff/search" id="search-link">"查询"</a>
                    <a href="/staff/knowledge" id="knowledge-link">"知识库"</a>
                    <a href="/staff/hotspots" id="hot-spots-link">"热点"</a>
                    <a href="/staff/supervisions" id="supervisions-link">"督办"</a>
                    <a href="/staff/dashboard" id="dashboard-link">"统计"</a>
                    <a href="/staff/notices" id="notices-link">
                        "通知"
                        {(n > 0).then(|| view! {
                            " " <span class="badge" id="notices-unseen">{if n >= 100 { "99+".to_string() } else { n.to_string() }}</span>
                        })}
                    </a>
                </nav>
            })}
        </Transition>
    }
}
