//! Categories and their stricter statutory limits (Art. 19(3)): a category
//! whose law sets a shorter limit than the type's gets it on registration.

use crate::api::admin::{admin_categories, SetCategoryDays};
use leptos::prelude::*;

#[component]
pub fn CategoriesPage() -> impl IntoView {
    let set = ServerAction::<SetCategoryDays>::new();
    let list = Resource::new(move || set.version().get(), |_| admin_categories());
    let error = move || set.value().get().and_then(|r| r.err()).map(|e| e.to_string());
    view! {
        <leptos_meta::Title text="分类与法定时限"/>
        <section class="panel">
            <h1>"分类与法定时限"</h1>
            <p class="hint">"法律法规对办理时限另有规定且短于一般时限的，按规定时限办理（第十九条第（三）项）。留空表示按一般时限。"</p>
            {move || error().map(|e| view! { <p class="error-summary" role="alert" id="categories-error">{e}</p> })}
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || list.get().map(|r| match r {
                    Ok(items) => view! {
                        <table class="table" id="categories">
                            <thead><tr><th>"分类"</th><th>"法定时限（工作日）"</th><th><span class="visually-hidden">"保存"</span></th></tr></thead>
                            <tbody>
                                {items.into_iter().map(|c| {
                                    let days = RwSignal::new(c.statutory_days.map(|d| d.to_string()).unwrap_or_default());
                                    let code = c.code.clone();
                                    view! {
                                        <tr data-code=c.code.clone()>
                                            <td style:padding-left=if c.parent.is_some() { "1.5rem" } else { "0.5rem" }>{c.name} " " <code>{c.code.clone()}</code></td>
                                            <td><input type="number" min="1" max="14" class="short" aria-label="法定时限" id=format!("days-{}", c.code.replace('.', "-")) value=days.get_untracked() bind:value=days/></td>
                                            <td><button type="button" class="button secondary small" on:click=move |_| {
                                                let d = days.get().trim().parse::<i64>().ok();
                                                set.dispatch(SetCategoryDays { code: code.clone(), days: d });
                                            }>"保存"</button></td>
                                        </tr>
                                    }
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
