//! The unit tree for administrators (Art. 4): the tree in order with each
//! unit's settings — vertical management (Art. 14(2)), dispatch rights over
//! its subtree, active — a move under another parent, approval of proposed
//! sub-units, and a form to add (or, for a unit's administrator, propose)
//! a sub-unit.

use crate::api::admin::{admin_units, ChangeUnit};
use crate::api::admin::{AdminUnit, UnitChange};
use leptos::prelude::*;

#[component]
pub fn UnitsPage() -> impl IntoView {
    let change = ServerAction::<ChangeUnit>::new();
    let units = Resource::new(move || change.version().get(), |_| admin_units());
    let error = move || change.value().get().and_then(|r| r.err()).map(|e| e.to_string());
    view! {
        <leptos_meta::Title text="承办单位"/>
        <section class="panel">
            <h1>"单位管理"</h1>
            {move || error().map(|e| view! { <p class="error-summary" role="alert" id="units-error">{e}</p> })}
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || units.get().map(|r| match r {
                    Ok(list) => view! { <AddUnit units=list.clone() change/> <UnitTable units=list change/> }.into_any(),
                    Err(e) => crate::ui::staff::load_failure(e),
                })}
            </Transition>
        </section>
    }
}

fn send(change: ServerAction<ChangeUnit>, c: UnitChange) {
    change.dispatch(ChangeUnit { change: c });
}

#[component]
fn AddUnit(units: Vec<AdminUnit>, change: ServerAction<ChangeUnit>) -> impl IntoView {
    let (parent, id, name) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    view! {
        <form class="command" id="add-unit" on:submit=move |ev| {
            ev.prevent_default();
            send(change, UnitChange::Add { id: id.get(), name: name.get(), parent: parent.get() });
        }>
            <h2>"新增下级单位"</h2>
            <p class="hint">"承办单位管理员新增的下级单位，须经热线管理中心批准后启用（第四条）。"</p>
            <label for="unit-parent">"上级单位"</label>
            <select id="unit-parent" bind:value=parent>
                <option value="">"请选择"</option>
                {units.into_iter().filter(|u| u.active).map(|u| view! { <option value=u.id.clone()>{u.name.clone()}</option> }).collect_view()}
            </select>
            <label for="unit-id">"单位编码（小写字母、数字、连字符）"</label>
            <input type="text" id="unit-id" maxlength="64" autocomplete="off" bind:value=id/>
            <label for="unit-name">"单位名称"</label>
            <input type="text" id="unit-name" maxlength="100" autocomplete="off" bind:value=name/>
            <button type="submit" class="button" id="add-unit-submit">"新增"</button>
        </form>
    }
}

#[component]
fn UnitTable(units: Vec<AdminUnit>, change: ServerAction<ChangeUnit>) -> impl IntoView {
    let parents: Vec<(String, String)> = units.iter().filter(|u| u.active).map(|u| (u.id.clone(), u.name.clone())).collect();
    view! {
        <table class="table units" id="units">
            <thead><tr><th>"单位"</th><th>"垂直管理"</th><th>"向下级派单"</th><th>"启用"</th><th><span class="visually-hidden">"保存"</span></th><th>"移至"</th></tr></thead>
            <tbody>
                {units.into_iter().map(|u| {
                    let (vertical, dispatches, active) = (RwSignal::new(u.vertical), RwSignal::new(u.dispatches_subtree), RwSignal::new(u.active));
                    let target = RwSignal::new(String::new());
                    let id = u.id.clone();
                    let save = {
                        let id = id.clone();
                        move |_| send(change, UnitChange::Settings {
                            id: id.clone(), vertical: vertical.get(), dispatches_subtree: dispatches.get(), active: active.get(),
                        })
                    };
                    let approve = {
                        let id = id.clone();
                        move |_| send(change, UnitChange::Approve { id: id.clone() })
                    };
                    let relocate = {
                        let id = id.clone();
                        move |_| send(change, UnitChange::Move { id: id.clone(), parent: target.get() })
                    };
                    let choices = parents.iter().filter(|(p, _)| *p != u.id).cloned().collect::<Vec<_>>();
                    view! {
                        <tr data-unit=u.id.clone() class=if u.active { "" } else { "inactive" }>
                            <td style:padding-left=format!("{}rem", 0.5 + u.depth as f32 * 1.25)>
                                {u.name.clone()} " " <code>{u.id.clone()}</code>
                                {u.proposed.then(|| view! { " " <strong class="tag-new">"待批准"</strong> })}
                            </td>
                            <td><input type="checkbox" aria-label="垂直管理" checked=u.vertical bind:checked=vertical/></td>
                            <td><input type="checkbox" aria-label="向下级派单" checked=u.dispatches_subtree bind:checked=dispatches/></td>
                            <td><input type="checkbox" aria-label="启用" checked=u.active bind:checked=active/></td>
                            <td>
                                <button type="button" class="button secondary small" id=format!("save-{id}") on:click=save>"保存"</button>
                                {u.proposed.then(|| view! {
                                    " " <button type="button" class="button small" id=format!("approve-{id}") on:click=approve>"批准"</button>
                                })}
                            </td>
                            <td>
                                <select aria-label="新的上级单位" bind:value=target>
                                    <option value="">"—"</option>
                                    {choices.into_iter().map(|(pid, pname)| view! { <option value=pid>{pname}</option> }).collect_view()}
                                </select>
                                " "
                                <button type="button" class="button secondary small" on:click=relocate>"移动"</button>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
