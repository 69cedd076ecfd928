//! Bulk actions on the work list where the center needs them (issue 14 §2):
//! dispatch several new registrations to one unit; supervise several overdue
//! requests (Art. 31(5)), each with its own assigned unit. Each request is
//! changed as if done one by one, and the list says which were not, and why.

use crate::api::inbox::{dispatch_units, InboxItem};
use crate::api::requests::{ApplyCommands, BulkOutcome};
use crate::domain::machine::{Command, Target};
use crate::domain::request::AssignmentRole;
use crate::domain::types::{Note, SupervisionSource, WorkList};
use crate::domain::unit::UnitId;
use leptos::prelude::*;
use std::collections::BTreeSet;

/// Which bulk action a work list offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bulk {
    /// 待受理: dispatch the chosen to one unit as lead (Art. 14).
    Dispatch,
    /// 已超期: supervise the chosen, each its own unit (Art. 31(5)).
    Supervise,
}

impl Bulk {
    /// The bulk action of a hotline office's list, if it has one.
    pub fn of(center: bool, list: WorkList) -> Option<Bulk> {
        match (center, list) {
            (true, WorkList::Registered) => Some(Bulk::Dispatch),
            (true, WorkList::Overdue) => Some(Bulk::Supervise),
            _ => None,
        }
    }
}

/// The command a bulk action gives one row: `None` when a field does not parse.
fn command(bulk: Bulk, unit: &str, days: &str, instruction: &str) -> Option<Command> {
    Some(match bulk {
        Bulk::Dispatch => Command::Dispatch {
            targets: vec![Target { unit: UnitId::parse(unit).ok()?, role: AssignmentRole::Lead }],
            for_explanation: false,
            vertical_exception: None,
            note: None,
        },
        Bulk::Supervise => Command::Supervise {
            source: SupervisionSource::Overdue,
            unit: UnitId::parse(unit).ok()?,
            days: days.trim().parse().ok()?,
            instruction: Note::parse(instruction).ok()?,
        },
    })
}

/// The commands for the chosen rows; a row the action cannot take is told, not sent.
fn commands(bulk: Bulk, chosen: &BTreeSet<String>, items: &[InboxItem], unit: &str, days: &str, instruction: &str) -> (Vec<(String, Command)>, Vec<BulkOutcome>) {
    let mut send = Vec::new();
    let mut skipped = Vec::new();
    for item in items.iter().filter(|i| chosen.contains(&i.number)) {
        // A supervision goes to the row's own assigned unit.
        let unit = match bulk {
            Bulk::Dispatch => unit,
            Bulk::Supervise => match &item.unit_id {
                Some(u) => u.as_str(),
                None => {
                    skipped.push(BulkOutcome { number: item.number.clone(), error: Some("尚未派单，无可督办的单位".into()) });
                    continue;
                }
            },
        };
        match command(bulk, unit, days, instruction) {
            Some(c) => send.push((item.number.clone(), c)),
            None => skipped.push(BulkOutcome { number: item.number.clone(), error: Some("请填写完整".into()) }),
        }
    }
    (send, skipped)
}

/// A work list's bulk action, kept by the page above the list: a live
/// reload of the list (the very changes it made) keeps the choice and the outcome.
#[derive(Clone, Copy)]
pub struct BulkState {
    pub chosen: RwSignal<BTreeSet<String>>,
    act: ServerAction<ApplyCommands>,
    skipped: RwSignal<Vec<BulkOutcome>>,
}

impl BulkState {
    pub fn new() -> BulkState {
        let state = BulkState { chosen: RwSignal::new(BTreeSet::new()), act: ServerAction::new(), skipped: RwSignal::new(Vec::new()) };
        // Done ones leave the selection (and, live, the list); refused ones stay chosen.
        Effect::new(move |_| {
            if let Some(Ok(outcomes)) = state.act.value().get() {
                state.chosen.update(|c| {
                    for o in outcomes.iter().filter(|o| o.error.is_none()) {
                        c.remove(&o.number);
                    }
                });
            }
        });
        state
    }
}

impl Default for BulkState {
    fn default() -> Self {
        BulkState::new()
    }
}

/// What the last bulk action did: how many were done, which were not and why.
#[component]
pub fn BulkOutcomes(state: BulkState) -> impl IntoView {
    let BulkState { act, skipped, .. } = state;
    move || {
        let mut refused = skipped.get();
        let mut done = 0;
        match act.value().get() {
            Some(Ok(outcomes)) => {
                done = outcomes.iter().filter(|o| o.error.is_none()).count();
                refused.extend(outcomes.into_iter().filter(|o| o.error.is_some()));
            }
            Some(Err(e)) => return Some(view! { <p class="error-summary" role="alert">{e.to_string()}</p> }.into_any()),
            None => {}
        }
        (done > 0 || !refused.is_empty()).then(|| {
            view! {
                <div role="status" id="bulk-outcome">
                    {(done > 0).then(|| view! { <p class="notice">{format!("已完成 {done} 件。")}</p> })}
                    {(!refused.is_empty()).then(|| view! {
                        <ul class="error-summary">
                            {refused.into_iter().map(|o| view! { <li>{format!("{}：{}", o.number, o.error.unwrap_or_default())}</li> }).collect_view()}
                        </ul>
                    })}
                </div>
            }
            .into_any()
        })
    }
}

#[component]
pub fn BulkBar(bulk: Bulk, state: BulkState, items: Vec<InboxItem>) -> impl IntoView {
    let BulkState { chosen, act, skipped } = state;
    let unit = RwSignal::new(String::new());
    let days = RwSignal::new("3".to_string());
    let instruction = RwSignal::new("已超过办理期限，请立即办理并反馈。".to_string());
    let problem = RwSignal::new(None::<String>);
    let units = LocalResource::new(move || async move { if bulk == Bulk::Dispatch { dispatch_units().await.unwrap_or_default() } else { Vec::new() } });
    let items = StoredValue::new(items);
    let count = move || chosen.with(BTreeSet::len);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if count() == 0 {
            problem.set(Some("请先勾选事项".into()));
            return;
        }
        if bulk == Bulk::Dispatch && unit.get_untracked().is_empty() {
            problem.set(Some("请选择承办单位".into()));
            return;
        }
        problem.set(None);
        let (send, left) = items.with_value(|items| chosen.with_untracked(|c| commands(bulk, c, items, &unit.get_untracked(), &days.get_untracked(), &instruction.get_untracked())));
        skipped.set(left);
        if !send.is_empty() {
            act.dispatch(ApplyCommands { items: send });
        }
    };
    view! {
        <form class="bulk" id="bulk" on:submit=send>
            <h2>{match bulk { Bulk::Dispatch => "批量派单", Bulk::Supervise => "批量督办（第三十一条第（五）项）" }}</h2>
            {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
            {match bulk {
                Bulk::Dispatch => view! {
                    <label for="bulk-unit">"承办单位（主办）"</label>
                    <select id="bulk-unit" bind:value=unit>
                        <option value="">"请选择"</option>
                        {move || units.get().map(|list| list.into_iter().map(|u| view! { <option value=u.id>{u.name}</option> }).collect_view())}
                    </select>
                }.into_any(),
                Bulk::Supervise => view! {
                    <label for="bulk-days">"办理时限（工作日）"</label>
                    <input type="number" id="bulk-days" min="1" max="15" class="short" value=days.get_untracked() bind:value=days/>
                    <label for="bulk-instruction">"督办要求"</label>
                    <textarea id="bulk-instruction" rows="2" maxlength="500" inner_html=crate::ui::served_text::textarea_html(&instruction.get_untracked()) bind:value=instruction></textarea>
                }.into_any(),
            }}
            <button type="submit" class="button" id="bulk-do">
                {move || match bulk {
                    Bulk::Dispatch => format!("派单（{} 件）", count()),
                    Bulk::Supervise => format!("督办（{} 件）", count()),
                }}
            </button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(number: &str, unit: Option<&str>) -> InboxItem {
        InboxItem {
            number: number.into(),
            title: String::new(),
            request_type: String::new(),
            state: String::new(),
            emergency: false,
            unit_name: None,
            unit_id: unit.map(String::from),
            county: None,
            status: None,
            due: None,
            warning: "red".into(),
            snippet: Vec::new(),
        }
    }

    #[test]
    fn a_bulk_supervision_names_each_requests_own_unit() {
        let items = [item("YL2026113000001", Some("yining")), item("YL2026113000002", Some("huocheng")), item("YL2026113000003", None)];
        let chosen: BTreeSet<String> = items.iter().map(|i| i.number.clone()).collect();
        let (send, skipped) = commands(Bulk::Supervise, &chosen, &items, "", "3", "请立即办理");
        let units: Vec<String> = send
            .iter()
            .map(|(_, c)| match c {
                Command::Supervise { unit, .. } => unit.to_string(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(units, ["yining", "huocheng"]);
        assert_eq!(skipped.len(), 1, "a request with no unit is told, not sent");
        // Only the chosen, and a dispatch goes to the one unit chosen for all.
        let one: BTreeSet<String> = ["YL2026113000002".to_string()].into();
        let (send, _) = commands(Bulk::Dispatch, &one, &items, "yining", "", "");
        assert_eq!(send.len(), 1);
        assert_eq!(send[0].0, "YL2026113000002");
        assert_eq!(Bulk::of(true, WorkList::Registered), Some(Bulk::Dispatch));
        assert_eq!(Bulk::of(false, WorkList::Overdue), None, "a unit's lists have no bulk action");
    }
}
