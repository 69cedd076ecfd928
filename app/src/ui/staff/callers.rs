//! Callers flagged for misuse (Art. 41): the hotline office's list, the form
//! that flags a number, and on each flag its review and police referral.
//! The intake desk shows a number's flags beside its history (`FlagWarning`).

use crate::api::misuse::{caller_flags, misuse_flags, FlagCaller, FlagList, FlagStep, FlagView, NewFlag, StepFlag};
use crate::domain::types::MisuseKind;
use crate::ui::staff::live::Live;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn CallersPage() -> impl IntoView {
    let flag = ServerAction::<FlagCaller>::new();
    let step = ServerAction::<StepFlag>::new();
    let live = Live::get();
    let list = Resource::new(move || (flag.version().get(), step.version().get(), live.version.get()), |_| misuse_flags());
    let error = move || {
        let failed = |v: Option<Result<FlagView, crate::api::AppError>>| v.and_then(|r| r.err()).map(|e| e.to_string());
        failed(flag.value().get()).or_else(|| failed(step.value().get()))
    };
    view! {
        <leptos_meta::Title text="来电人标记"/>
        <section class="panel">
            <h1>"来电人标记"</h1>
            <p class="hint">
                "依据《管理办法》第四十一条，对故意提供虚假事项、恶意攻击、骚扰、占用话务资源的来电人作出标记。"
                "标记只提醒接听人员，不删除、不隐藏任何诉求，来电仍须照常登记；到期自动失效；每次标记、复核和移送公安机关都记入审计日志。"
            </p>
            {move || error().map(|e| view! { <p class="error-summary" role="alert" id="flag-error">{e}</p> })}
            <Transition fallback=|| view! { <p>"加载中…"</p> }>
                {move || list.get().map(|r| match r {
                    Ok(FlagList { flags, may_flag }) => view! {
                        {may_flag.then(|| view! { <NewFlagForm flag/> })}
                        <FlagTable flags step/>
                    }.into_any(),
                    Err(e) => crate::ui::staff::load_failure(e),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn NewFlagForm(flag: ServerAction<FlagCaller>) -> impl IntoView {
    let text = || RwSignal::new(String::new());
    let (phone, kind, reason, evidence, until) = (text(), text(), text(), text(), text());
    view! {
        <details class="command" id="new-flag">
            <summary>"标记来电人"</summary>
            <form on:submit=move |ev| {
                ev.prevent_default();
                flag.dispatch(FlagCaller { flag: NewFlag {
                    phone: phone.get_untracked(), kind: kind.get_untracked(), reason: reason.get_untracked(),
                    evidence: evidence.get_untracked(), until: until.get_untracked(),
                } });
            }>
                <label for="flag-phone">"来电号码"</label>
                <input type="tel" id="flag-phone" autocomplete="off" bind:value=phone/>
                <label for="flag-kind">"情形"</label>
                <select id="flag-kind" bind:value=kind>
                    <option value="">"请选择"</option>
                    {MisuseKind::ALL.iter().map(|k| view! { <option value=k.code()>{k.label()}</option> }).collect_view()}
                </select>
                <label for="flag-reason">"理由"</label>
                <textarea id="flag-reason" rows="3" maxlength="1000" bind:value=reason></textarea>
                <label for="flag-evidence">"作为依据的诉求编号（该号码提出的，空格分隔）"</label>
                <input type="text" id="flag-evidence" autocomplete="off" bind:value=evidence/>
                <label for="flag-until">"有效至（最长一年）"</label>
                <input type="date" id="flag-until" bind:value=until/>
                <p><button type="submit" class="button" id="flag-submit">"作出标记"</button></p>
            </form>
        </details>
    }
}

#[component]
fn FlagTable(flags: Vec<FlagView>, step: ServerAction<StepFlag>) -> impl IntoView {
    if flags.is_empty() {
        return view! { <p id="no-flags">"暂无标记。"</p> }.into_any();
    }
    view! {
        <table class="table" id="flags">
            <thead><tr><th>"号码"</th><th>"情形与理由"</th><th>"依据"</th><th>"决定"</th><th>"状态"</th><th>"复核与移送"</th></tr></thead>
            <tbody>{flags.into_iter().map(|f| view! { <FlagRow f step/> }).collect_view()}</tbody>
        </table>
    }
    .into_any()
}

#[component]
fn FlagRow(f: FlagView, step: ServerAction<StepFlag>) -> impl IntoView {
    let id = f.id;
    let history = f
        .reviews
        .iter()
        .map(|r| view! { <li>{format!("{} {} 复核：{}。{}", r.at, r.by, r.outcome, r.note)}</li> })
        .collect_view();
    let referral = f.referral.clone().map(|r| view! {
        <li class="referral">{format!("{} {} 移送{}{}。{}", r.at, r.by, r.station, r.record.map(|n| format!("（编号 {n}）")).unwrap_or_default(), r.note)}</li>
    });
    view! {
        <tr data-flag=id>
            <td>{f.phone.clone()}</td>
            <td><strong>{f.kind.clone()}</strong><br/>{f.reason.clone()}</td>
            <td>{f.evidence.clone().into_iter().map(|n| view! { <A href=format!("/staff/requests/{n}")>{n}</A> " " }).collect_view()}</td>
            <td>{format!("{} {}", f.decided_at, f.decided_by)}</td>
            <td class="flag-status">{format!("{}（至 {}）", f.status, f.until)}</td>
            <td>
                <ul class="plain">{history}{referral}</ul>
                {f.may_review.then(|| view! { <ReviewForm id step/> })}
                {f.may_refer.then(|| view! { <ReferForm id step/> })}
            </td>
        </tr>
    }
}

#[component]
fn ReviewForm(id: i64, step: ServerAction<StepFlag>) -> impl IntoView {
    let (note, until, lift) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new("lift".to_string()));
    view! {
        <details class="flag-review">
            <summary>"复核"</summary>
            <form on:submit=move |ev| {
                ev.prevent_default();
                step.dispatch(StepFlag { id, step: FlagStep::Review { lift: lift.get_untracked() == "lift", until: until.get_untracked(), note: note.get_untracked() } });
            }>
                <label for=format!("review-outcome-{id}")>"复核结果"</label>
                <select id=format!("review-outcome-{id}") bind:value=lift>
                    <option value="lift">"撤销标记"</option>
                    <option value="uphold">"维持标记"</option>
                </select>
                <label for=format!("review-until-{id}")>"维持至（维持时填写）"</label>
                <input type="date" id=format!("review-until-{id}") bind:value=until/>
                <label for=format!("review-note-{id}")>"复核意见"</label>
                <textarea id=format!("review-note-{id}") rows="2" bind:value=note></textarea>
                <p><button type="submit" class="button secondary small">"提交复核"</button></p>
            </form>
        </details>
    }
}

#[component]
fn ReferForm(id: i64, step: ServerAction<StepFlag>) -> impl IntoView {
    let text = || RwSignal::new(String::new());
    let (station, record, note) = (text(), text(), text());
    view! {
        <details class="flag-refer">
            <summary>"移送公安机关"</summary>
            <form on:submit=move |ev| {
                ev.prevent_default();
                step.dispatch(StepFlag { id, step: FlagStep::ReferToPolice { station: station.get_untracked(), record: record.get_untracked(), note: note.get_untracked() } });
            }>
                <label for=format!("refer-station-{id}")>"接收的公安机关"</label>
                <input type="text" id=format!("refer-station-{id}") maxlength="50" bind:value=station/>
                <label for=format!("refer-record-{id}")>"接警或受案编号（如有）"</label>
                <input type="text" id=format!("refer-record-{id}") maxlength="50" bind:value=record/>
                <label for=format!("refer-note-{id}")>"移送说明"</label>
                <textarea id=format!("refer-note-{id}") rows="2" bind:value=note></textarea>
                <p><button type="submit" class="button secondary small">"记录移送"</button></p>
            </form>
        </details>
    }
}

/// The flags on the number being typed at the intake desk: those in force
/// as a warning, the rest as history. Nothing here stops the registration.
#[component]
pub fn FlagWarning(phone: Memo<Option<String>>) -> impl IntoView {
    let flags = Resource::new(move || phone.get(), |phone| async move {
        match phone {
            Some(p) => caller_flags(p).await.unwrap_or_default(),
            None => Vec::new(),
        }
    });
    view! {
        <Transition fallback=|| ()>
            {move || flags.get().map(|list| {
                let (live, past): (Vec<FlagView>, Vec<FlagView>) = list.into_iter().partition(|f| f.in_force);
                view! {
                    {live.into_iter().map(|f| view! {
                        <div class="warning" role="alert" id="caller-flag-warning">
                            {format!("该号码被标记为「{}」，至 {}。理由：{}。标记不影响受理：请照常登记，如实记录。", f.kind, f.until, f.reason.trim_end_matches('。'))}
                        </div>
                    }).collect_view()}
                    {(!past.is_empty()).then(|| view! {
                        <ul class="plain hint" id="caller-past-flags">
                            {past.into_iter().map(|f| view! { <li>{format!("曾被标记为「{}」（{}，{}）", f.kind, f.status, f.until)}</li> }).collect_view()}
                        </ul>
                    })}
                }
            })}
        </Transition>
    }
}
