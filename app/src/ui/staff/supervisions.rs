//! The supervision list (Art. 31): what is under supervision in the
//! viewer's scope — to respond to (units), to watch and judge (the hotline
//! office) — overdue first, each line opening its request.

use crate::api::supervisions::{supervisions, SupervisionLine, SupervisionList};
use crate::ui::staff::live::Live;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SupervisionsPage() -> impl IntoView {
    let query = use_query_map();
    let filter = move || query.with(|q| q.get("filter")).unwrap_or_default();
    let live = Live::get();
    let list = Resource::new(move || (filter(), live.version.get()), |(f, _)| supervisions(f));
    view! {
        <leptos_meta::Title text="督办"/>
        <section class="panel">
            <h1>"督办"</h1>
            <p class="hint">"第三十一条：热线管理中心对领导批示交办、热点难点、逾期未办结、重办后仍不满意等事项督办。被督办单位在督办期限内反馈，热线管理中心审核反馈：到位的督办办结，不到位的继续督办。"</p>
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || list.get().map(|r| match r {
                    Ok(l) => supervision_list(l).into_any(),
                    Err(e) => crate::ui::staff::load_failure(e),
                })}
            </Transition>
        </section>
    }
}

fn supervision_list(l: SupervisionList) -> impl IntoView {
    let current = l.filter.clone();
    let empty = l.lines.is_empty();
    let verdict_hint = l.judges.then(|| view! { <p class="hint">"打开诉求，在“审核督办反馈”中给出审核意见。"</p> });
    let oversight = l.oversight.then(|| view! { <p><a href="/staff/oversight" id="oversight-link">"监督处理线索（第三十四条）"</a></p> });
    view! {
        <nav class="tabs" aria-label="筛选">
            {l.filters.into_iter().map(|(code, label, count)| {
                let here = current == code;
                view! {
                    <A href=format!("/staff/supervisions?filter={code}") attr:aria-current=here.then_some("page")
                        attr:class=if here { "tab tab--current" } else { "tab" } attr:id=format!("tab-{code}")>{format!("{label}（{count}）")}</A>
                }
            }).collect_view()}
        </nav>
        {verdict_hint}
        {oversight}
        {l.truncated.then(|| view! { <p class="hint">"督办事项较多，仅显示最早登记的一部分。"</p> })}
        {empty.then(|| view! { <p id="supervisions-empty">"没有此类督办事项。"</p> })}
        {(!empty).then(|| view! {
            <table class="table" id="supervisions">
                <thead><tr>
                    <th scope="col">"诉求编号"</th><th scope="col">"标题"</th><th scope="col">"被督办单位"</th>
                    <th scope="col">"督办情形"</th><th scope="col">"督办日期"</th><th scope="col">"反馈期限"</th><th scope="col">"状态"</th>
                </tr></thead>
                <tbody>{l.lines.into_iter().map(line).collect_view()}</tbody>
            </table>
        })}
    }
}

fn line(s: SupervisionLine) -> impl IntoView {
    let class = if s.overdue { "row--red" } else { "row--normal" };
    let stage = match s.found_wanting {
        0 => s.stage_label.clone(),
        n => format!("{}（已继续督办 {n} 次）", s.stage_label),
    };
    let (href, number) = (format!("/staff/requests/{}", s.number), s.number.clone());
    view! {
        <tr class=class data-number=s.number data-stage=s.stage>
            <td><A href=href>{number}</A></td>
            <td>{s.title}</td>
            <td>{s.unit}</td>
            <td>{s.source}</td>
            <td>{s.opened}</td>
            <td>{s.due}{(!s.left.is_empty()).then(|| view! { <br/><span class="hint">{s.left}</span> })}</td>
            <td>{stage}</td>
        </tr>
    }
}
