//! The center's hot spots (Art. 10, 31(3)): the list the detector fills,
//! and a spot's page with its requests and the three orders for all of them
//! — mark emergencies, supervise, dispatch to one unit — and closing it.
//! After an order each request shows what happened to it.

use crate::api::hot_spots::{hot_spot, hot_spots, OrderHotSpot};
use crate::api::hot_spots::{HotSpotDetail, HotSpotItem, HotSpotOrder};
use crate::domain::types::EmergencyKind;
use crate::ui::staff::live::Live;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn HotSpotsPage() -> impl IntoView {
    let live = Live::get();
    let list = Resource::new(move || live.version.get(), |_| hot_spots());
    view! {
        <leptos_meta::Title text="热点诉求"/>
        <section class="panel">
            <h1>"热点"</h1>
            <p class="hint">"同一县市、乡镇（街道）在短时间内反映同一问题的诉求，系统每分钟检查一次。"</p>
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || list.get().map(|r| match r {
                    Ok(items) if items.is_empty() => view! { <p id="no-hot-spots">"暂无热点。"</p> }.into_any(),
                    Ok(items) => spot_table(items).into_any(),
                    Err(e) => crate::ui::staff::load_failure(e),
                })}
            </Transition>
        </section>
    }
}

fn spot_table(items: Vec<HotSpotItem>) -> impl IntoView {
    view! {
        <table class="table" id="hot-spots">
            <thead><tr><th>"地点"</th><th>"问题"</th><th>"件数"</th><th>"时间"</th><th>"状态"</th></tr></thead>
            <tbody>
                {items.into_iter().map(|s| view! {
                    <tr data-id=s.id>
                        <td><A href=format!("/staff/hotspots/{}", s.id)>{s.place}</A></td>
                        <td>{s.words.join("、")}</td>
                        <td>{s.size}</td>
                        <td>{format!("{} 至 {}", s.first_at, s.last_at)}</td>
                        <td>{if s.open { "待处理" } else { "已处理" }}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn HotSpotPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).and_then(|id| id.parse::<i64>().ok()).unwrap_or_default();
    let order = ServerAction::<OrderHotSpot>::new();
    let live = Live::get();
    let detail = Resource::new(move || (id(), live.version.get()), |(id, _)| hot_spot(id));
    // The last order's answer carries each request's outcome; a later reload does not.
    let shown = move || match order.value().get() {
        Some(Ok(d)) if d.spot.id == id() => Some(Ok(d)),
        _ => detail.get(),
    };
    let error = move || order.value().get().and_then(|r| r.err()).map(|e| e.to_string());
    view! {
        <leptos_meta::Title text="热点诉求详情"/>
        <section class="panel">
            <p><A href="/staff/hotspots">"← 全部热点"</A></p>
            {move || error().map(|e| view! { <p class="error-summary" role="alert" id="hot-spot-error">{e}</p> })}
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || shown().map(|r| match r {
                    Ok(d) => spot_page(d, order).into_any(),
                    Err(e) => crate::ui::staff::load_failure(e),
                })}
            </Transition>
        </section>
    }
}

fn spot_page(d: HotSpotDetail, order: ServerAction<OrderHotSpot>) -> impl IntoView {
    let id = d.spot.id;
    let all_outcomes = d.outcomes;
    let rows = d
        .members
        .into_iter()
        .map(|m| {
            let outcomes: Vec<_> = all_outcomes.iter().filter(|o| o.number == m.number).cloned().collect();
            let href = format!("/staff/requests/{}", m.number);
            let number = m.number.clone();
            view! {
                <tr data-number=m.number>
                    <td><A href=href>{number}</A></td>
                    <td>{m.title}</td>
                    <td class="state">{m.state}</td>
                    <td>{m.units.join("、")}</td>
                    <td>
                        {m.emergency.then_some(view! { <strong class="tag-emergency">"突发"</strong> " " })}
                        {m.supervised.then_some(view! { <span class="tag">"督办中"</span> })}
                    </td>
                    <td class="outcome">
                        {outcomes.into_iter().map(|o| view! {
                            <span class=if o.done { "hint" } else { "error" }>{o.message}</span>
                        }).collect_view()}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let send = move |o: HotSpotOrder| {
        order.dispatch(OrderHotSpot { id, order: o });
    };
    view! {
        <h1>{format!("热点：{}", d.spot.place)}</h1>
        <p id="hot-spot-summary">
            {format!("「{}」{} 件，{} 至 {}，{}", d.spot.words.join("、"), d.spot.size, d.spot.first_at, d.spot.last_at, if d.spot.open { "待处理" } else { "已处理" })}
        </p>
        <table class="table" id="hot-spot-members">
            <thead><tr><th>"编号"</th><th>"标题"</th><th>"状态"</th><th>"承办单位"</th><th>"标记"</th><th>"处理结果"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        {d.may_act.then(|| order_forms(d.dispatch_targets.clone(), d.spot.open, send))}
    }
}

fn order_forms(targets: Vec<crate::api::requests::UnitOption>, open: bool, send: impl Fn(HotSpotOrder) + Copy + Send + Sync + 'static) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    // Clusters of calls are most often outages (Art. 29(1)); the choice is shown and can be changed.
    let kind = RwSignal::new(EmergencyKind::Utilities.code().to_string());
    let unit = RwSignal::new(String::new());
    let days = RwSignal::new("2".to_string());
    let instruction = RwSignal::new(String::new());
    view! {
        <h2>"整体处理"</h2>
        <form class="command" id="hot-spot-emergency" on:submit=move |ev| {
            ev.prevent_default();
            send(HotSpotOrder::MarkEmergency { reason: reason.get_untracked(), kind: kind.get_untracked() });
        }>
            <h3>"全部标记为突发事件（第二十九条）"</h3>
            <label for="hs-kind">"突发事项类别"</label>
            <select id="hs-kind" bind:value=kind>
                {EmergencyKind::ALL.iter().map(|k| view! { <option value=k.code() selected=kind.get_untracked() == k.code()>{k.label()}</option> }).collect_view()}
            </select>
            <label for="hs-reason">"突发事件的情形"</label>
            <textarea id="hs-reason" rows="2" bind:value=reason></textarea>
            <button type="submit" class="button">"全部标记"</button>
        </form>
        <form class="command" id="hot-spot-dispatch" on:submit=move |ev| {
            ev.prevent_default();
            send(HotSpotOrder::Dispatch { unit: unit.get_untracked() });
        }>
            <h3>"待派单的诉求一次派给同一承办单位（第十四条）"</h3>
            <label for="hs-unit">"承办单位（主办）"</label>
            <select id="hs-unit" bind:value=unit>
                <option value="">"请选择"</option>
                {targets.into_iter().map(|u| view! { <option value=u.id>{u.name}</option> }).collect_view()}
            </select>
            <button type="submit" class="button">"全部派单"</button>
        </form>
        <form class="command" id="hot-spot-supervise" on:submit=move |ev| {
            ev.prevent_default();
            let days = days.get_untracked().trim().parse::<u16>().unwrap_or(0);
            send(HotSpotOrder::Supervise { days, instruction: instruction.get_untracked() });
        }>
            <h3>"全部督办（第三十一条第（三）项）"</h3>
            <label for="hs-days">"办理时限（工作日）"</label>
            <input id="hs-days" type="number" min="1" value=days.get_untracked() bind:value=days/>
            <label for="hs-instruction">"督办要求"</label>
            <textarea id="hs-instruction" rows="2" bind:value=instruction></textarea>
            <button type="submit" class="button">"全部督办"</button>
        </form>
        {open.then(|| view! {
            <p><button type="button" class="button secondary" id="hot-spot-close" on:click=move |_| send(HotSpotOrder::Close)>"处理完毕，关闭热点"</button></p>
        })}
    }
}
