//! The knowledge base's upkeep (Art. 28, 36): the list with its tabs (all,
//! awaiting review, drafts, stale, expired) and, for the center, each unit's
//! activity; an entry's page with its form (a new version is a draft), the
//! review actions and every version.

use crate::api::knowledge::{knowledge_detail, knowledge_list, KnowledgeActionCall, SaveKnowledge};
use crate::api::knowledge::{KnowledgeDetail, KnowledgeEdit, KnowledgeList, KnowledgeQuery};
use crate::domain::knowledge::EntryForm;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

const TABS: [(&str, &str); 6] = [("", "全部"), ("review", "待审核"), ("draft", "草稿"), ("published", "已发布"), ("stale", "待复核"), ("expired", "已失效")];

#[component]
pub fn KnowledgePage() -> impl IntoView {
    let query = use_query_map();
    let show = move || query.with(|q| q.get("show")).unwrap_or_default();
    let page = move || query.with(|q| q.get("page")).and_then(|p| p.parse::<i64>().ok()).unwrap_or(1);
    let list = Resource::new(move || (show(), page()), |(show, page)| knowledge_list(KnowledgeQuery { show, page }));
    view! {
        <leptos_meta::Title text="知识库"/>
        <section class="panel">
            <h1>"知识库"</h1>
            <nav class="tabs" aria-label="筛选">
                {TABS.iter().map(|(code, label)| {
                    let current = move || show() == *code;
                    view! { <a href=format!("/staff/knowledge?show={code}") class=move || if current() { "tab tab--current" } else { "tab" } id=format!("kb-tab-{}", if code.is_empty() { "all" } else { code })>{*label}</a> }
                }).collect_view()}
            </nav>
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || list.get().map(|r| match r {
                    Ok(list) => view! { <KnowledgeTable list/> }.into_any(),
                    Err(e) => crate::ui::staff::load_failure(e),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn KnowledgeTable(list: KnowledgeList) -> impl IntoView {
    view! {
        {list.may_write.then(|| view! { <p><a href="/staff/knowledge/new" class="button" id="kb-new">"新建条目"</a></p> })}
        <p class="hint">{format!("共 {} 条。超过 {} 天未经审核的已发布条目标为“待复核”，请所属单位复核或修订。", list.total, list.stale_days)}</p>
        <table class="table" id="knowledge">
            <thead><tr><th>"编号"</th><th>"问题"</th><th>"状态"</th><th>"所属单位"</th><th>"更新"</th></tr></thead>
            <tbody>
                {list.items.into_iter().map(|e| {
                    let (href, code) = (format!("/staff/knowledge/{}", e.code), e.code.clone());
                    view! {
                    <tr data-code=e.code data-status=e.status_code>
                        <td><A href=href>{code}</A></td>
                        <td>{e.question}</td>
                        <td>{e.status}{e.live.then_some(" · 在用")}{e.stale.then(|| view! { " " <strong class="tag-repeat">"待复核"</strong> })}</td>
                        <td>{e.unit_name}</td>
                        <td>{e.updated}</td>
                    </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        {(!list.activity.is_empty()).then(|| view! {
            <h2>"各单位知识库维护情况"</h2>
            <table class="table" id="knowledge-activity">
                <thead><tr><th>"单位"</th><th>"条目"</th><th>"近 30 天更新"</th><th>"待复核"</th></tr></thead>
                <tbody>
                    {list.activity.into_iter().map(|a| view! {
                        <tr><td>{a.unit_name}</td><td>{a.entries}</td><td>{a.updates}</td><td>{a.stale}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
    }
}

/// `/staff/knowledge/new` and `/staff/knowledge/<code>`.
#[component]
pub fn KnowledgeEntryPage() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code")).unwrap_or_default();
    let save = ServerAction::<SaveKnowledge>::new();
    let act = ServerAction::<KnowledgeActionCall>::new();
    let entry = Resource::new(move || (code(), save.version().get(), act.version().get()), |(code, _, _)| async move {
        if code == "new" {
            Ok(None)
        } else {
            knowledge_detail(code).await.map(Some)
        }
    });
    // A new entry, once saved, has its own address.
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(d)) = save.value().get() {
            if code() == "new" {
                navigate(&format!("/staff/knowledge/{}", d.code), Default::default());
            }
        }
    });
    let error = move || {
        save.value().get().and_then(|r| r.err()).or_else(|| act.value().get().and_then(|r| r.err())).map(|e| e.to_string())
    };
    view! {
        <leptos_meta::Title text="知识库条目"/>
        <section class="panel">
            <p><A href="/staff/knowledge">"← 知识库"</A></p>
            {move || error().map(|e| view! { <p class="error-summary" role="alert" id="kb-error">{e}</p> })}
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || entry.get().map(|r| match r {
                    Ok(None) => view! { <h1>"新建知识库条目"</h1> <EntryEditor code=String::new() form=EntryForm::default() save/> }.into_any(),
                    Ok(Some(d)) => view! { <EntryView d save act/> }.into_any(),
                    Err(e) => crate::ui::staff::load_failure(e),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn EntryView(d: KnowledgeDetail, save: ServerAction<SaveKnowledge>, act: ServerAction<KnowledgeActionCall>) -> impl IntoView {
    let note = RwSignal::new(String::new());
    let editable = d.actions.iter().any(|(a, _)| a == "edit");
    let code = d.code.clone();
    view! {
        <h1>{format!("{} {}", d.code, d.form.question)}</h1>
        <p id="kb-status">
            {format!("最新版本：{} · 所属单位：{}", d.status, d.unit_name)}
            {match d.live_version { Some(v) => format!(" · 在用版本：第 {v} 版"), None => " · 暂无在用版本".to_string() }}
            {d.stale.then(|| view! { " " <strong class="tag-repeat">"待复核"</strong> })}
        </p>
        {editable.then(|| view! { <EntryEditor code=d.code.clone() form=d.form.clone() save/> })}
        {(!editable).then(|| view! {
            <dl class="summary">
                <dt>"答复内容"</dt><dd>{d.form.answer.clone()}</dd>
                <dt>"政策法规依据"</dt><dd>{d.form.basis.clone()}</dd>
            </dl>
        })}
        {let actions: Vec<(String, String)> = d.actions.iter().filter(|(a, _)| a != "edit").cloned().collect();
        (!actions.is_empty()).then(|| view! {
            <div class="actions" id="kb-actions">
                <label for="kb-note">"说明（退回修改时必填）"</label>
                <textarea id="kb-note" rows="2" maxlength="1000" bind:value=note></textarea>
                <p>
                    {actions.into_iter().map(|(action, label)| {
                        let code = code.clone();
                        let id = format!("kb-{action}");
                        view! {
                            <button type="button" class="button secondary" id=id on:click=move |_| {
                                act.dispatch(KnowledgeActionCall { code: code.clone(), action: action.clone(), note: note.get_untracked() });
                            }>{label}</button>
                            " "
                        }
                    }).collect_view()}
                </p>
            </div>
        })}
        <h2>"版本记录"</h2>
        <table class="table" id="kb-versions">
            <thead><tr><th>"版本"</th><th>"状态"</th><th>"编写"</th><th>"审核"</th><th>"说明"</th></tr></thead>
            <tbody>
                {d.versions.into_iter().map(|v| view! {
                    <tr data-version=v.version>
                        <td>{v.version}</td>
                        <td>{v.status}</td>
                        <td>{format!("{}（{}） {}", v.written_by, v.written_unit, v.written_at)}</td>
                        <td>{v.decided.unwrap_or_default()}</td>
                        <td>{v.note.unwrap_or_default()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The entry's fields; saving writes a new version (a draft).
#[component]
fn EntryEditor(code: String, form: EntryForm, save: ServerAction<SaveKnowledge>) -> impl IntoView {
    let field = |s: &String| RwSignal::new(s.clone());
    let (question, answer, basis, category) = (field(&form.question), field(&form.answer), field(&form.basis), field(&form.category));
    let (tags, valid_from, valid_until) = (field(&form.tags), field(&form.valid_from), field(&form.valid_until));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = EntryForm {
            question: question.get_untracked(),
            answer: answer.get_untracked(),
            basis: basis.get_untracked(),
            category: category.get_untracked(),
            tags: tags.get_untracked(),
            valid_from: valid_from.get_untracked(),
            valid_until: valid_until.get_untracked(),
        };
        save.dispatch(SaveKnowledge { edit: KnowledgeEdit { code: code.clone(), unit: String::new(), form } });
    };
    view! {
        <form id="kb-form" on:submit=submit novalidate>
            <label for="kb-question">"问题"</label>
            <input type="text" id="kb-question" maxlength="200" value=form.question.clone() bind:value=question/>
            <label for="kb-answer">"答复内容"</label>
            <textarea id="kb-answer" rows="6" maxlength="4000" inner_html=crate::ui::served_text::textarea_html(&form.answer) bind:value=answer></textarea>
            <label for="kb-basis">"政策法规依据"</label>
            <input type="text" id="kb-basis" maxlength="500" value=form.basis.clone() bind:value=basis/>
            <label for="kb-category">"分类代码（可空）"</label>
            <input type="text" id="kb-category" maxlength="60" value=form.category.clone() bind:value=category/>
            <label for="kb-tags">"标签（空格分隔）"</label>
            <input type="text" id="kb-tags" maxlength="300" value=form.tags.clone() bind:value=tags/>
            <label for="kb-valid_from">"生效日期（年-月-日，可空）"</label>
            <input type="text" id="kb-valid_from" maxlength="10" value=form.valid_from.clone() bind:value=valid_from/>
            <label for="kb-valid_until">"失效日期（年-月-日，可空）"</label>
            <input type="text" id="kb-valid_until" maxlength="10" value=form.valid_until.clone() bind:value=valid_until/>
            <p><button type="submit" class="button" id="kb-save">"保存为草稿"</button></p>
        </form>
    }
}
