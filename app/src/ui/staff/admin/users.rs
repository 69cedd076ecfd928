//! Staff accounts: who works in which unit with which role; add an account,
//! change role, unit and access, set a new password. Passwords are never shown.

use crate::api::admin::{admin_units, admin_users, ChangeUser};
use crate::api::admin::{AdminUnit, AdminUser, UserChange};
use crate::api::AppError;
use crate::domain::types::Role;
use leptos::prelude::*;

fn roles() -> Vec<(String, String)> {
    Role::ALL.iter().filter(|r| **r != Role::Citizen).map(|r| (r.code().to_string(), r.label().to_string())).collect()
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let change = ServerAction::<ChangeUser>::new();
    let data = Resource::new(move || change.version().get(), |_| async move {
        let users = admin_users().await?;
        let units = admin_units().await?;
        Ok::<_, AppError>((users, units))
    });
    let error = move || change.value().get().and_then(|r| r.err()).map(|e| e.to_string());
    view! {
        <leptos_meta::Title text="账号管理"/>
        <section class="panel">
            <h1>"账号管理"</h1>
            {move || error().map(|e| view! { <p class="error-summary" role="alert" id="users-error">{e}</p> })}
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || data.get().map(|r| match r {
                    Ok((users, units)) => {
                        let units: Vec<AdminUnit> = units.into_iter().filter(|u| u.active).collect();
                        view! { <AddUser units=units.clone() change/> <UserTable users units change/> }.into_any()
                    }
                    Err(e) => crate::ui::staff::load_failure(e),
                })}
            </Transition>
        </section>
    }
}

fn options(list: Vec<(String, String)>) -> impl IntoView {
    list.into_iter().map(|(value, label)| view! { <option value=value>{label}</option> }).collect_view()
}

#[component]
fn AddUser(units: Vec<AdminUnit>, change: ServerAction<ChangeUser>) -> impl IntoView {
    let text = || RwSignal::new(String::new());
    let (username, display, role, unit, password) = (text(), text(), text(), text(), text());
    view! {
        <form class="command" id="add-user" on:submit=move |ev| {
            ev.prevent_default();
            change.dispatch(ChangeUser { change: UserChange::Add {
                username: username.get(), display_name: display.get(), role: role.get(), unit: unit.get(), password: password.get(),
            } });
        }>
            <h2>"新增账号"</h2>
            <label for="user-username">"用户名"</label>
            <input type="text" id="user-username" maxlength="64" autocomplete="off" bind:value=username/>
            <label for="user-display">"姓名"</label>
            <input type="text" id="user-display" maxlength="100" autocomplete="off" bind:value=display/>
            <label for="user-role">"角色"</label>
            <select id="user-role" bind:value=role><option value="">"请选择"</option>{options(roles())}</select>
            <label for="user-unit">"所属单位"</label>
            <select id="user-unit" bind:value=unit>
                <option value="">"请选择"</option>
                {options(units.into_iter().map(|u| (u.id, u.name)).collect())}
            </select>
            <label for="user-password">"初始密码（至少 8 位）"</label>
            <input type="password" id="user-password" autocomplete="new-password" bind:value=password/>
            <button type="submit" class="button" id="add-user-submit">"新增"</button>
        </form>
    }
}

#[component]
fn UserTable(users: Vec<AdminUser>, units: Vec<AdminUnit>, change: ServerAction<ChangeUser>) -> impl IntoView {
    let unit_choices: Vec<(String, String)> = units.into_iter().map(|u| (u.id, u.name)).collect();
    view! {
        <table class="table" id="users">
            <thead><tr><th>"账号"</th><th>"角色"</th><th>"单位"</th><th>"启用"</th><th><span class="visually-hidden">"保存"</span></th><th>"新密码"</th></tr></thead>
            <tbody>
                {users.into_iter().map(|u| {
                    let (role, unit, active) = (RwSignal::new(u.role.clone()), RwSignal::new(u.unit_id.clone()), RwSignal::new(u.active));
                    let password = RwSignal::new(String::new());
                    let id = u.id;
                    let role_list = roles().into_iter().map(|(v, l)| { let sel = v == u.role; view! { <option value=v.clone() selected=sel>{l}</option> } }).collect_view();
                    let unit_list = unit_choices.iter().map(|(v, l)| { let sel = *v == u.unit_id; view! { <option value=v.clone() selected=sel>{l.clone()}</option> } }).collect_view();
                    view! {
                        <tr data-user=u.username.clone() class=if u.active { "" } else { "inactive" }>
                            <td>{u.display_name} " " <code>{u.username.clone()}</code></td>
                            <td><select aria-label="角色" bind:value=role>{role_list}</select></td>
                            <td><select aria-label="单位" bind:value=unit>{unit_list}</select></td>
                            <td><input type="checkbox" aria-label="启用" checked=u.active bind:checked=active/></td>
                            <td><button type="button" class="button secondary small" on:click=move |_| {
                                change.dispatch(ChangeUser { change: UserChange::Update { id, role: role.get(), unit: unit.get(), active: active.get() } });
                            }>"保存"</button></td>
                            <td>
                                <input type="password" aria-label="新密码" autocomplete="new-password" class="short" bind:value=password/>
                                " "
                                <button type="button" class="button secondary small" on:click=move |_| {
                                    change.dispatch(ChangeUser { change: UserChange::Password { id, password: password.get() } });
                                }>"重设"</button>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
