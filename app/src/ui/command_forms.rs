//! The actions on a request page: one small form per command the viewer may
//! issue now and this page knows how to ask for. Each builds the typed
//! command (the domain parses it, so a missing reason is refused with its
//! article) and sends it; the page reloads the request afterwards. The
//! server checks everything again.

use crate::api::requests::ApplyCommand;
use crate::domain::machine::{action_of, Command};
use leptos::prelude::*;
use serde_json::{json, Value};

/// The commands with a form here; others are listed by name only.
pub const WITH_FORMS: [&str; 8] = [
    "reject",
    "dispatch",
    "acknowledge",
    "request_return",
    "request_extension",
    "decide_return",
    "decide_extension",
    "review_completion",
];

/// A free-text field of a command form.
#[derive(Clone, Copy)]
struct Field {
    name: &'static str,
    label: &'static str,
}

fn fields_of(code: &str) -> &'static [Field] {
    const REASON: Field = Field { name: "reason", label: "理由" };
    const BASIS: Field = Field { name: "basis", label: "依据" };
    match code {
        "request_return" => &[REASON, BASIS],
        "reject" => &[BASIS],
        "dispatch" => &[Field { name: "note", label: "派单说明（可不填）" }],
        "request_extension" => &[REASON],
        "decide_return" | "decide_extension" | "review_completion" => &[Field { name: "reason", label: "理由（不同意时必填）" }],
        _ => &[],
    }
}

/// Decisions come as approve / refuse.
fn is_decision(code: &str) -> bool {
    matches!(code, "decide_return" | "decide_extension" | "review_completion")
}

/// The command as JSON from the form's values. `choice` is what the form's
/// list chose: the unit a return decision is about, the unit dispatched to
/// (as the lead), or the Art. 12 item of a rejection.
fn command_json(code: &str, values: &[(&'static str, String)], approve: bool, choice: Option<&str>) -> Value {
    let mut cmd = json!({ "type": code });
    for (name, value) in values {
        if !value.trim().is_empty() {
            cmd[*name] = Value::String(value.trim().to_string());
        }
    }
    if is_decision(code) {
        cmd["approve"] = Value::Bool(approve);
    }
    match (code, choice.filter(|c| !c.is_empty())) {
        ("dispatch", Some(unit)) => cmd["targets"] = json!([{ "unit": unit, "role": "lead" }]),
        ("dispatch", None) => cmd["targets"] = json!([]),
        ("reject", Some(reason)) => cmd["reason"] = Value::String(reason.to_string()),
        (_, Some(unit)) => cmd["unit"] = Value::String(unit.to_string()),
        _ => {}
    }
    cmd
}

#[component]
pub fn CommandForms(
    number: String,
    allowed: Vec<String>,
    /// The unit whose return awaits a decision, if any.
    return_unit: Option<String>,
    /// The units the viewer may dispatch to.
    dispatch_targets: Vec<crate::api::views::UnitOption>,
    action: ServerAction<ApplyCommand>,
) -> impl IntoView {
    // A form the domain cannot parse (a required reason left empty) is told at once.
    let incomplete = RwSignal::new(None::<String>);
    let error = move || incomplete.get().or_else(|| action.value().get().and_then(|r| r.err()).map(|e| e.to_string()));
    let forms = allowed
        .into_iter()
        .filter(|c| WITH_FORMS.contains(&c.as_str()))
        .map(|code| {
            let code: &'static str = WITH_FORMS.iter().find(|c| **c == code).copied().unwrap_or("acknowledge");
            let values: Vec<(&'static str, RwSignal<String>)> =
                fields_of(code).iter().map(|f| (f.name, RwSignal::new(String::new()))).collect();
            let number = number.clone();
            let return_unit = return_unit.clone();
            let choice = RwSignal::new(String::new());
            let targets = dispatch_targets.clone();
            let send = {
                let values = values.clone();
                move |approve: bool| {
                    let raw: Vec<(&'static str, String)> = values.iter().map(|(n, s)| (*n, s.get())).collect();
                    let chosen = choice.get();
                    let unit = match code {
                        "decide_return" => return_unit.as_deref(),
                        "dispatch" | "reject" => Some(chosen.as_str()),
                        _ => None,
                    };
                    match serde_json::from_value::<Command>(command_json(code, &raw, approve, unit)) {
                        Ok(command) => {
                            incomplete.set(None);
                            action.dispatch(ApplyCommand { number: number.clone(), command });
                        }
                        Err(_) => incomplete.set(Some(format!("请填写{}所需的全部内容", action_of(code)))),
                    }
                }
            };
            let send_yes = send.clone();
            view! {
                <form class="command" data-command=code on:submit=move |ev| {
                    ev.prevent_default();
                    send_yes(true);
                }>
                    <h3>{action_of(code)}</h3>
                    {(code == "dispatch").then(|| view! {
                        <label for="dispatch-unit">"承办单位（主办）"</label>
                        <select id="dispatch-unit" bind:value=choice>
                            <option value="">"请选择"</option>
                            {targets.iter().map(|u| view! { <option value=u.id.clone()>{u.name.clone()}</option> }).collect_view()}
                        </select>
                    })}
                    {(code == "reject").then(|| view! {
                        <label for="reject-reason">"不予受理的情形（第十二条）"</label>
                        <select id="reject-reason" bind:value=choice>
                            <option value="">"请选择"</option>
                            {crate::domain::types::RejectionReason::ALL.iter().map(|r| view! {
                                <option value=r.code()>{format!("{}：{}", r.article(), r.text())}</option>
                            }).collect_view()}
                        </select>
                        <p class="hint">"依据将告知诉求人（第十五条）。"</p>
                    })}
                    {values.iter().zip(fields_of(code)).map(|((_, signal), f)| {
                        let id = format!("{code}-{}", f.name);
                        let signal = *signal;
                        view! {
                            <label for=id.clone()>{f.label}</label>
                            <textarea id=id rows="2" maxlength="1000" bind:value=signal></textarea>
                        }
                    }).collect_view()}
                    <button type="submit" class="button" id=format!("do-{code}")>
                        {if is_decision(code) { "同意" } else { "提交" }}
                    </button>
                    {is_decision(code).then(|| {
                        let send_no = send.clone();
                        view! {
                            " "
                            <button type="button" class="button secondary" id=format!("refuse-{code}")
                                on:click=move |_| send_no(false)>"不同意"</button>
                        }
                    })}
                </form>
            }
        })
        .collect_view();
    view! {
        {move || error().map(|e| view! { <p class="error-summary" role="alert" id="command-error">{e}</p> })}
        {forms}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_build_commands_the_domain_accepts_or_refuses() {
        let ack: Command = serde_json::from_value(command_json("acknowledge", &[], true, None)).unwrap();
        assert_eq!(ack.code(), "acknowledge");
        let ret = command_json("request_return", &[("reason", " 不属本单位职责 ".into()), ("basis", "三定方案".into())], true, None);
        let ret: Command = serde_json::from_value(ret).unwrap();
        assert_eq!(ret.code(), "request_return");
        // An empty reason is left out, so the domain's parse refuses the command.
        assert!(serde_json::from_value::<Command>(command_json("request_extension", &[("reason", "  ".into())], true, None)).is_err());
        let refuse = command_json("decide_return", &[("reason", "属本单位职责".into())], false, Some("yining"));
        assert_eq!(refuse["approve"], false);
        assert_eq!(serde_json::from_value::<Command>(refuse).unwrap().code(), "decide_return");
        let dispatch: Command = serde_json::from_value(command_json("dispatch", &[], true, Some("yining"))).unwrap();
        assert_eq!(dispatch.code(), "dispatch");
        let reason = crate::domain::types::RejectionReason::ALL[0].code();
        let reject = command_json("reject", &[("basis", "《管理办法》第十二条".into())], true, Some(reason));
        assert_eq!(serde_json::from_value::<Command>(reject).unwrap().code(), "reject");
        for code in WITH_FORMS {
            assert_ne!(action_of(code), "do this", "{code}");
        }
    }
}
