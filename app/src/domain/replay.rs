//! Replays a JSON script through the state machine (`hotline replay FILE`):
//! units, calendar overrides, one registration and a list of steps; one JSON
//! value comes out per step. The schema is documented in docs/replay.md.

use super::calendar::{DeclaredDay, Layer, WorkCalendar};
use super::machine::{Actor, Clock, Command, Context, Event};
use super::request::{NewRequest, OriginalOutcome, Request};
use super::types::{CategoryCode, RequestNumber};
use super::unit::{Unit, UnitTree};
use chrono::{DateTime, NaiveDate, Utc};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Why a script could not be run. Display gives the line and column of a
/// JSON syntax error, or the path of the offending field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: {message}")]
    Field { path: String, message: String },
}

fn field_error(path: &str, message: impl ToString) -> ReplayError {
    ReplayError::Field {
        path: path.to_string(),
        message: message.to_string(),
    }
}

/// Deserializes `value` reporting errors at `path`.
fn parse<T: DeserializeOwned>(value: &Value, path: &str) -> Result<T, ReplayError> {
    T::deserialize(value).map_err(|e| field_error(path, e))
}

/// Takes the members of an object, refusing keys outside `allowed`.
fn object<'v>(value: &'v Value, path: &str, allowed: &[&str]) -> Result<&'v Map<String, Value>, ReplayError> {
    let map = value
        .as_object()
        .ok_or_else(|| field_error(path, "expected an object"))?;
    if let Some(k) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(field_error(
            path,
            format!("unknown field `{k}`, expected one of: {}", allowed.join(", ")),
        ));
    }
    Ok(map)
}

fn required<'v>(map: &'v Map<String, Value>, key: &str, path: &str) -> Result<&'v Value, ReplayError> {
    map.get(key)
        .ok_or_else(|| field_error(path, format!("missing field `{key}`")))
}

/// A calendar override: a regional holiday or working day by default.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarDay {
    date: NaiveDate,
    name: String,
    off: bool,
    #[serde(default = "regional")]
    layer: Layer,
}

fn regional() -> Layer {
    Layer::Regional
}

/// One step, parsed.
enum Step {
    Command {
        at: DateTime<Utc>,
        actor: Actor,
        command: Box<Command>,
    },
    /// Let the system issue its automatic commands (Art. 31(5)).
    Tick { at: DateTime<Utc> },
}

fn parse_step(value: &Value, path: &str) -> Result<Step, ReplayError> {
    let map = object(value, path, &["at", "actor", "command", "tick", "comment"])?;
    let at: DateTime<Utc> = parse(required(map, "at", path)?, &format!("{path}.at"))?;
    match (map.get("tick"), map.get("command")) {
        (Some(Value::Bool(true)), None) => {
            if map.contains_key("actor") {
                return Err(field_error(path, "a tick has no actor: the system acts"));
            }
            Ok(Step::Tick { at })
        }
        (Some(_), _) => Err(field_error(path, "`tick` is `true` and comes without `command`")),
        (None, Some(command)) => {
            let actor = parse(required(map, "actor", path)?, &format!("{path}.actor"))?;
            let command = Box::new(parse(command, &format!("{path}.command"))?);
            Ok(Step::Command { at, actor, command })
        }
        (None, None) => Err(field_error(path, "missing field `command` (or `tick: true`)")),
    }
}

/// The world a script sets up.
struct World {
    calendar: WorkCalendar,
    units: UnitTree,
    category_limits: BTreeMap<CategoryCode, u16>,
    originals: BTreeMap<RequestNumber, OriginalOutcome>,
}

fn parse_world(root: &Map<String, Value>) -> Result<World, ReplayError> {
    let mut units = UnitTree::new();
    let list = required(root, "units", "script")?
        .as_array()
        .ok_or_else(|| field_error("units", "expected a list"))?;
    for (i, v) in list.iter().enumerate() {
        let path = format!("units[{i}]");
        let unit: Unit = parse(v, &path)?;
        units.insert(unit).map_err(|e| field_error(&path, e))?;
    }
    let mut calendar = WorkCalendar::builtin();
    if let Some(v) = root.get("calendar") {
        let days = v.as_array().ok_or_else(|| field_error("calendar", "expected a list"))?;
        for (i, d) in days.iter().enumerate() {
            let day: CalendarDay = parse(d, &format!("calendar[{i}]"))?;
            calendar.declare(
                day.layer,
                DeclaredDay {
                    date: day.date,
                    name: day.name,
                    off: day.off,
                },
            );
        }
    }
    let category_limits = match root.get("category_limits") {
        Some(v) => parse(v, "category_limits")?,
        None => BTreeMap::new(),
    };
    let originals = match root.get("originals") {
        Some(v) => parse(v, "originals")?,
        None => BTreeMap::new(),
    };
    Ok(World {
        calendar,
        units,
        category_limits,
        originals,
    })
}

fn outcome(step: usize, request: &Request, events: &[Event], at: DateTime<Utc>, ctx: &Context) -> Value {
    let clocks: Map<String, Value> = request
        .clocks(at, ctx)
        .iter()
        .map(|c: &Clock| {
            let mut clock = json!({"due": c.due_text(), "warning": c.warning});
            // Only when a year was assumed, so certain clocks read as before.
            if !c.assumed_years.is_empty() {
                clock["assumed_years"] = json!(c.assumed_years);
            }
            (c.key(), clock)
        })
        .collect();
    json!({
        "step": step,
        "events": events,
        "state": request.state_code(),
        "clocks": clocks,
    })
}

/// Runs a script. Step 0 is the registration; steps 1… follow the script's
/// `steps`. A refused step yields `{"step": i, "refused": "<rule>"}`, changes
/// nothing, and the run continues; a refused registration ends the run.
pub fn run(script: &str) -> Result<Vec<Value>, ReplayError> {
    let root: Value = serde_json::from_str(script).map_err(|e| ReplayError::Syntax {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let root = object(
        &root,
        "script",
        &[
            "description",
            "units",
            "calendar",
            "category_limits",
            "originals",
            "register",
            "steps",
        ],
    )?;
    let world = parse_world(root)?;
    let ctx = Context::new(&world.calendar, &world.units)
        .with_category_limits(&world.category_limits)
        .with_originals(&world.originals);

    let reg = object(
        required(root, "register", "script")?,
        "register",
        &["at", "actor", "request"],
    )?;
    let at: DateTime<Utc> = parse(required(reg, "at", "register")?, "register.at")?;
    let actor: Actor = parse(required(reg, "actor", "register")?, "register.actor")?;
    let new: NewRequest = parse(required(reg, "request", "register")?, "register.request")?;
    // Parse every step before running any, so a malformed script runs nothing.
    let steps = match root.get("steps") {
        None => Vec::new(),
        Some(v) => {
            let list = v.as_array().ok_or_else(|| field_error("steps", "expected a list"))?;
            list.iter()
                .enumerate()
                .map(|(i, s)| parse_step(s, &format!("steps[{i}]")))
                .collect::<Result<Vec<_>, _>>()?
        }
    };

    let mut out = Vec::with_capacity(steps.len() + 1);
    let mut request = match Request::register(new, &actor, at, &ctx) {
        Ok((request, events)) => {
            out.push(outcome(0, &request, &events, at, &ctx));
            request
        }
        Err(refusal) => {
            out.push(json!({"step": 0, "refused": refusal.to_string()}));
            return Ok(out);
        }
    };
    let system = world.units.root().map(|u| Actor::system(u.id.clone()));
    for (i, step) in steps.into_iter().enumerate() {
        let n = i + 1;
        match step {
            Step::Command { at, actor, command } => match request.apply(*command, &actor, at, &ctx) {
                Ok(events) => out.push(outcome(n, &request, &events, at, &ctx)),
                Err(refusal) => out.push(json!({"step": n, "refused": refusal.to_string()})),
            },
            Step::Tick { at } => {
                let mut events = Vec::new();
                let mut refused = None;
                if let Some(system) = &system {
                    for cmd in request.automatic_commands(at) {
                        match request.apply(cmd, system, at, &ctx) {
                            Ok(mut e) => events.append(&mut e),
                            Err(r) => refused = Some(r.to_string()),
                        }
                    }
                }
                match refused {
                    Some(r) if events.is_empty() => out.push(json!({"step": n, "refused": r})),
                    _ => out.push(outcome(n, &request, &events, at, &ctx)),
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOLDEN: [(&str, &str, &str); 4] = [
        (
            "complaint_return_extension",
            include_str!("../../../server/tests/replay/complaint_return_extension.json"),
            include_str!("../../../server/tests/replay/complaint_return_extension.out.jsonl"),
        ),
        (
            "redo_callback_2026",
            include_str!("../../../server/tests/replay/redo_callback_2026.json"),
            include_str!("../../../server/tests/replay/redo_callback_2026.out.jsonl"),
        ),
        (
            "emergency_overdue",
            include_str!("../../../server/tests/replay/emergency_overdue.json"),
            include_str!("../../../server/tests/replay/emergency_overdue.out.jsonl"),
        ),
        (
            "repeat_rejection_scope",
            include_str!("../../../server/tests/replay/repeat_rejection_scope.json"),
            include_str!("../../../server/tests/replay/repeat_rejection_scope.out.jsonl"),
        ),
    ];

    #[test]
    fn the_example_scripts_give_their_expected_output() {
        for (name, script, expected) in GOLDEN {
            let got = run(script).unwrap_or_else(|e| panic!("{name}: {e}"));
            let want: Vec<Value> = expected.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
            assert_eq!(got.len(), want.len(), "{name}");
            for (g, w) in got.iter().zip(&want) {
                assert_eq!(g, w, "{name} step {}", w["step"]);
            }
        }
    }

    /// A minimal script with `steps` appended.
    fn script(steps: &str) -> String {
        format!(
            r#"{{
  "units": [{{"id": "center", "name": "热线管理中心", "parent": null}},
            {{"id": "water", "name": "供水公司", "parent": "center"}}],
  "register": {{
    "at": "2024-12-02T09:00:00+08:00",
    "actor": {{"role": "agent", "unit": "center", "user": "a"}},
    "request": {{"number": "YL2024120200001", "channel": "phone", "type": "help",
                "title": "停水", "content": "小区停水。",
                "requester": {{"name": "张三", "phone": "13812345678"}}}}
  }},
  "steps": [{steps}]
}}"#
        )
    }

    #[test]
    fn steps_run_and_refusals_do_not_stop_the_run() {
        let out = run(&script(
            r#"{"at": "2024-12-02T09:10:00+08:00", "actor": {"role": "handler", "unit": "water", "user": "h"}, "command": {"type": "acknowledge"}},
               {"at": "2024-12-02T09:20:00+08:00", "actor": {"role": "agent", "unit": "center", "user": "a"}, "command": {"type": "dispatch", "targets": [{"unit": "water", "role": "lead"}]}},
               {"at": "2024-12-02T09:30:00+08:00", "actor": {"role": "handler", "unit": "water", "user": "h"}, "command": {"type": "acknowledge"}}"#,
        ))
        .unwrap();
        assert_eq!(out.len(), 4);
        assert_eq!(out[0]["state"], "registered");
        // Mon 2 Dec 2024 + 15 working days: 20 Dec.
        assert_eq!(out[0]["clocks"]["handling"]["due"], "2024-12-20T23:59:59+08:00");
        assert_eq!(
            out[1],
            json!({"step": 1, "refused": "state: cannot acknowledge an assignment while the request is registered"})
        );
        assert_eq!(out[2]["state"], "dispatched");
        assert_eq!(out[3]["state"], "handling");
        assert_eq!(out[3]["events"][0]["kind"]["type"], "acknowledged");
        assert_eq!(out[3]["events"][0]["public_text"], "供水公司已签收您的诉求。");
    }

    #[test]
    fn a_result_without_its_basis_or_handler_is_a_refused_step() {
        let handler = r#""actor": {"role": "handler", "unit": "water", "user": "h"}"#;
        let result = |fields: &str| {
            format!(
                r#"{{"at": "2024-12-03T10:00:00+08:00", {handler}, "command": {{"type": "submit_result", "result": {{"handled_at": "2024-12-03T09:00:00+08:00", "unit": "water", {fields} "result": "已恢复供水。", "reply": {{"method": "phone", "at": "2024-12-03T09:30:00+08:00"}}}}}}}}"#
            )
        };
        let steps = [
            r#"{"at": "2024-12-02T09:20:00+08:00", "actor": {"role": "agent", "unit": "center", "user": "a"}, "command": {"type": "dispatch", "targets": [{"unit": "water", "role": "lead"}]}}"#.to_string(),
            format!(r#"{{"at": "2024-12-02T09:30:00+08:00", {handler}, "command": {{"type": "acknowledge"}}}}"#),
            result(r#""handler": "马明","#),
            result(r#""handler": " ", "basis": "《城市供水条例》","#),
            result(r#""handler": "马明", "basis": "《城市供水条例》","#),
        ];
        let out = run(&script(&steps.join(","))).unwrap();
        assert_eq!(out[3], json!({"step": 3, "refused": "Art. 22(1): the result must state the legal or policy basis"}));
        assert_eq!(out[4], json!({"step": 4, "refused": "Art. 22(1): the result must state the handler"}));
        assert_eq!(out[5]["state"], "completion_review");
    }

    #[test]
    fn a_refused_registration_ends_the_run() {
        let s = script("").replace(
            r#""role": "agent", "unit": "center", "user": "a"}"#,
            r#""role": "citizen", "user": "c"}"#,
        );
        let out = run(&s).unwrap();
        assert_eq!(
            out,
            vec![
                json!({"step": 0, "refused": "role: a citizen submits only through the web, WeChat, Weibo or the app, not phone"})
            ]
        );
    }

    #[test]
    fn calendar_overrides_and_category_limits_apply() {
        let s = script("")
            .replace(r#""units""#, r#""calendar": [{"date": "2024-12-03", "name": "地区调休", "off": true}], "category_limits": {"water.outage": 3}, "units""#)
            .replace(r#""type": "help","#, r#""type": "help", "category": "water.outage","#);
        let out = run(&s).unwrap();
        // 2 Dec (1), 3 Dec off, 4 Dec (2), 5 Dec (3).
        assert_eq!(out[0]["clocks"]["handling"]["due"], "2024-12-05T23:59:59+08:00");
    }

    #[test]
    fn malformed_scripts_name_the_line_or_the_field() {
        let err = |s: &str| run(s).unwrap_err().to_string();
        assert!(
            err("{\n  \"units\": [,]\n}").starts_with("line 2, column 13: "),
            "{}",
            err("{\n  \"units\": [,]\n}")
        );
        assert_eq!(err("[]"), "script: expected an object");
        assert!(err(r#"{"unitz": []}"#).starts_with("script: unknown field `unitz`"));
        assert_eq!(err(r#"{"units": []}"#), "script: missing field `register`");
        let bad_unit = script("").replace(r#""parent": "center"}"#, r#""parent": "nowhere"}"#);
        assert_eq!(
            err(&bad_unit),
            "units[1]: unit water: parent nowhere is unknown (insert parents first)"
        );
        let bad_phone = script("").replace("13812345678", "12345");
        assert!(
            err(&bad_phone).starts_with("register.request: phone: "),
            "{}",
            err(&bad_phone)
        );
        let bad_step = script(
            r#"{"at": "2024-12-02T09:10:00+08:00", "actor": {"role": "agent", "unit": "center", "user": "a"}, "command": {"type": "teleport"}}"#,
        );
        assert!(
            err(&bad_step).starts_with("steps[0].command: unknown variant `teleport`"),
            "{}",
            err(&bad_step)
        );
        let bad_reason = script(
            r#"{"at": "2024-12-02T09:10:00+08:00", "actor": {"role": "agent", "unit": "center", "user": "a"}, "command": {"type": "reject", "reason": "art12_10", "basis": "x"}}"#,
        );
        assert!(
            err(&bad_reason).starts_with("steps[0].command: rejection reason: \"art12_10\" is not one of"),
            "{}",
            err(&bad_reason)
        );
        let bad_time = script(r#"{"at": "yesterday", "tick": true}"#);
        assert!(err(&bad_time).starts_with("steps[0].at: "));
        let no_command =
            script(r#"{"at": "2024-12-02T09:10:00+08:00", "actor": {"role": "agent", "unit": "center", "user": "a"}}"#);
        assert_eq!(err(&no_command), "steps[0]: missing field `command` (or `tick: true`)");
        let typo = script(
            r#"{"at": "2024-12-02T09:10:00+08:00", "actor": {"role": "agent", "unit": "center", "user": "a"}, "command": {"type": "reject", "reasn": "other"}}"#,
        );
        assert!(
            err(&typo).starts_with("steps[0].command: unknown field `reasn`"),
            "{}",
            err(&typo)
        );
        // A malformed later step means nothing runs at all.
        let late = script(r#"{"at": "2024-12-02T09:10:00+08:00", "tick": true}, {"at": "x", "tick": true}"#);
        assert!(err(&late).starts_with("steps[1].at: "));
    }

    #[test]
    fn a_tick_applies_the_automatic_commands() {
        let out = run(&script(
            r#"{"at": "2024-12-02T09:20:00+08:00", "actor": {"role": "agent", "unit": "center", "user": "a"}, "command": {"type": "dispatch", "targets": [{"unit": "water", "role": "lead"}]}},
               {"at": "2024-12-20T23:00:00+08:00", "tick": true},
               {"at": "2024-12-21T00:00:00+08:00", "tick": true}"#,
        ))
        .unwrap();
        assert_eq!(out[2]["events"], json!([]));
        assert_eq!(out[3]["events"][0]["kind"]["type"], "supervision_opened");
        assert_eq!(out[3]["events"][0]["actor"]["user"], "system");
        assert_eq!(out[3]["clocks"]["handling"]["warning"], "red");
    }
}
