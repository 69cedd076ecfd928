//! The actions on a request page: one small form per command the viewer may
//! issue now. A table (`inputs_of`) says what each form asks; the answers
//! are put at their dotted paths into the command's JSON, which the domain
//! then parses, so a missing reason is refused at once and with its
//! article. The server checks everything again.

use super::document_input::DocumentInput;
use super::knowledge_picker::KnowledgePicker;
use super::pending_matter::PendingMatterCard;
use crate::api::requests::ApplyCommand;
use crate::api::AppError;
use crate::api::requests::RequestView;
use crate::domain::machine::{Command, CommandCode};
use crate::domain::types::{
    AssignmentStatusCode, CallbackDisposition, CallbackMethod, EmergencyKind, EmergencyService, Rating, RedoOption, Resolution, RejectionReason, ReplyMethod, SignerPost, SupervisionSource,
    SupervisionVerdict, Tag,
};
use leptos::prelude::*;
use serde_json::{json, Map, Value};

/// Where a list of units comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitList {
    /// The units the viewer may dispatch to.
    Dispatch,
    /// The units the viewer's result may name (its assignment's unit, or the sub-unit it forwarded to).
    Result,
    /// The viewer's sub-units only (forwarding).
    Below,
    /// The units assigned to the request.
    Assigned,
    /// The unit whose return waits for a decision (fixed, not asked).
    Returning,
}

#[derive(Clone, Copy, Debug)]
pub enum Kind {
    Line,
    Text,
    Number,
    /// Date and time, China time.
    When,
    Day,
    Choice(fn() -> Vec<(String, String)>),
    Units(UnitList),
    /// The request's supervisions waiting for the unit's response.
    Supervisions,
    /// Its supervisions whose response waits for the center's verdict.
    AnsweredSupervisions,
    /// A document uploaded at once; the answer is its id.
    Upload,
    /// A knowledge-base entry, looked up by words; choosing one fills in its answer.
    Knowledge,
}

/// Asked only in some cases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    Always,
    /// Complaints only (the case filing of Art. 22(3)).
    Complaint,
    /// In the redo round only (the options of Art. 26).
    Redo,
    /// When the answer at `path` is `value`.
    If(&'static str, &'static str),
}

#[derive(Clone, Copy, Debug)]
pub struct Input {
    /// Where the answer goes in the command (`result.reply.method`);
    /// `targets.<role>.<n>` adds a dispatch target.
    pub path: &'static str,
    pub label: &'static str,
    pub kind: Kind,
    pub shown: Shown,
}

const fn ask(path: &'static str, label: &'static str, kind: Kind) -> Input {
    Input { path, label, kind, shown: Shown::Always }
}

const fn ask_if(path: &'static str, label: &'static str, kind: Kind, shown: Shown) -> Input {
    Input { path, label, kind, shown }
}

fn rejection_reasons() -> Vec<(String, String)> {
    RejectionReason::ALL.iter().map(|r| (r.code().into(), format!("{}：{}", r.article(), r.text()))).collect()
}
fn supervision_sources() -> Vec<(String, String)> {
    SupervisionSource::ALL.iter().map(|s| (s.code().into(), format!("{}：{}", s.article(), s.text()))).collect()
}
fn redo_options() -> Vec<(String, String)> {
    RedoOption::ALL.iter().map(|o| (o.code().into(), format!("{}（{}）", o.label(), o.article()))).collect()
}
fn filing() -> Vec<(String, String)> {
    vec![("filed".into(), "已立案".into()), ("not_filed".into(), "不予立案".into())]
}
fn relations() -> Vec<(String, String)> {
    vec![("repeat_of".into(), "重复诉求".into()), ("duplicate_of".into(), "重复登记".into())]
}

const REASON: Input = ask("reason", "理由", Kind::Text);
const BASIS: Input = ask("basis", "依据", Kind::Text);
const DECISION_REASON: Input = ask("reason", "理由（不同意时必填）", Kind::Text);

/// What each command's form asks, in order (a const table, so the lists are static).
const FORMS: &[(CommandCode, &[Input])] = {
    use Kind::*;
    &[
        (CommandCode::Answer, &[
            ask("entry", "知识库条目（第十四条第（一）项）", Knowledge),
            ask("answer", "答复内容（可按来电情况修改）", Text),
        ]),
        (CommandCode::Reject, &[
            ask("reason", "不予受理的情形（第十二条）", Choice(rejection_reasons)),
            ask("basis", "依据（将告知诉求人，第十五条）", Text),
            ask_if("handover.service", "转交的紧急服务专线（第十二条第（二）项）", Choice(EmergencyService::choices), Shown::If("reason", "emergency_service")),
            ask_if("handover.reference", "专线接警编号（可不填）", Line, Shown::If("reason", "emergency_service")),
        ]),
        (CommandCode::Dispatch, &[
            ask("targets.lead.1", "承办单位（主办）", Units(UnitList::Dispatch)),
            ask("targets.co.1", "协办单位（可不选）", Units(UnitList::Dispatch)),
            ask("targets.co.2", "协办单位（可不选）", Units(UnitList::Dispatch)),
            ask("targets.separate.1", "或者分别派单：单位一（不设主办时选）", Units(UnitList::Dispatch)),
            ask("targets.separate.2", "分别派单：单位二", Units(UnitList::Dispatch)),
            ask("vertical_exception", "垂直管理单位例外的理由（第十四条第（二）项，通常不填）", Line),
            ask("note", "派单说明（可不填）", Text),
        ]),
        (CommandCode::Acknowledge, &[]),
        (CommandCode::RequestReturn, &[REASON, BASIS]),
        (CommandCode::RequestExtension, &[REASON]),
        (CommandCode::DecideReturn, &[ask("unit", "", Units(UnitList::Returning)), DECISION_REASON]),
        (CommandCode::DecideExtension, &[DECISION_REASON]),
        (CommandCode::ReviewCompletion, &[DECISION_REASON]),
        (CommandCode::Coordinate, &[ask("unit", "确定承办单位（第十八条）", Units(UnitList::Assigned)), BASIS]),
        (CommandCode::Forward, &[ask("to", "转办给下级单位", Units(UnitList::Below)), ask("note", "说明（可不填）", Text)]),
        (CommandCode::GiveOpinion, &[ask("opinion", "协办意见", Text)]),
        (CommandCode::SubmitResult, &[
            ask("result.handled_at", "办理时间", When),
            ask("result.unit", "具体办理单位", Units(UnitList::Result)),
            ask("result.handler", "经办人", Line),
            ask("result.result", "办理结果", Text),
            ask("result.basis", "法律法规政策依据", Text),
            ask("result.reply.method", "回复诉求人的方式", Choice(ReplyMethod::choices)),
            ask("result.reply.at", "回复时间", When),
            ask("result.reply.summary", "回复情况（可不填）", Text),
            ask_if("case_filing.status", "是否立案（投诉类，第二十二条第（三）项）", Choice(filing), Shown::Complaint),
            ask_if("case_filing.date", "立案日期", Day, Shown::If("case_filing.status", "filed")),
            ask_if("case_filing.record.case_number", "立案编号", Line, Shown::If("case_filing.status", "filed")),
            ask_if("case_filing.reasons", "不予立案的理由", Text, Shown::If("case_filing.status", "not_filed")),
            ask_if("case_filing.basis", "不予立案的依据", Text, Shown::If("case_filing.status", "not_filed")),
            ask_if("redo.option", "重办方式（第二十六条）", Choice(redo_options), Shown::Redo),
            ask_if("redo.attachment", "书面履责意见（签字盖章的 PDF 或扫描图片）", Upload, Shown::If("redo.option", "duty_statement")),
            ask_if("redo.signer", "履责意见签发人姓名", Line, Shown::If("redo.option", "duty_statement")),
            ask_if("redo.signer_post", "签发人职务（第四十三条第（八）项）", Choice(SignerPost::choices), Shown::If("redo.option", "duty_statement")),
        ]),
        (CommandCode::SupplementaryAnswer, &[ask("answer", "补充答复（第二十二条第（二）项）", Text)]),
        (CommandCode::RespondSupervision, &[ask("id", "督办事项", Supervisions), ask("response", "督办反馈", Text)]),
        (CommandCode::ConcludeSupervision, &[
            ask("id", "督办事项", AnsweredSupervisions),
            ask("verdict", "审核意见（第三十一条）", Choice(SupervisionVerdict::choices)),
            ask_if("days", "重新反馈的期限（工作日）", Number, Shown::If("verdict", "continued")),
            ask_if("reason", "反馈不到位的原因（告知承办单位）", Text, Shown::If("verdict", "continued")),
        ]),
        (CommandCode::Supervise, &[
            ask("source", "督办情形（第三十一条）", Choice(supervision_sources)),
            ask("unit", "被督办单位", Units(UnitList::Assigned)),
            ask("days", "办理时限（工作日）", Number),
            ask("instruction", "督办要求", Text),
        ]),
        (CommandCode::Callback, &[
            ask("reason", "不满意的原因", Text),
            ask("method", "回访方式（第二十七条：人工电话、网络、短信）", Choice(CallbackMethod::choices)),
            ask("disposition", "处理方式（第二十七条）", Choice(CallbackDisposition::choices)),
            ask_if("supervision.unit", "被督办单位", Units(UnitList::Assigned), Shown::If("disposition", "supervise")),
            ask_if("supervision.days", "督办时限（工作日）", Number, Shown::If("disposition", "supervise")),
            ask_if("supervision.instruction", "督办要求", Text, Shown::If("disposition", "supervise")),
        ]),
        (CommandCode::LinkRelated, &[
            ask("relation.kind", "关联类型", Choice(relations)),
            ask("relation.original", "原事项编号", Line),
        ]),
        (CommandCode::Rate, &[
            ask("rating", "诉求人的评价（第二十四条）", Choice(Rating::choices)),
            ask("resolution", "诉求人说问题是否解决（未回答可不选）", Choice(Resolution::choices)),
            ask("comment", "评价说明（可不填）", Text),
        ]),
        (CommandCode::Object, &[ask("reason", "诉求人的异议", Text)]),
        (CommandCode::AddInformation, &[ask("text", "补充内容", Text)]),
        (CommandCode::AskCallback, &[ask("note", "诉求人的要求（可不填）", Text)]),
        (CommandCode::MarkEmergency, &[
            ask("kind", "突发事项类别（第二十九条）", Choice(EmergencyKind::choices)),
            ask("reason", "突发事件的情形（停水、停电、灾害、设施隐患等）", Text),
        ]),
        (CommandCode::Tag, &[ask("tag", "标记", Choice(Tag::choices))]),
        (CommandCode::ReportProgress, &[ask("progress", "阶段性办理情况（诉求人可见，第十九条第（二）项）", Text)]),
        (CommandCode::ReportEmergency, &[
            ask("to", "报告对象（州政务服务管理局主要领导）", Line),
            ask("report", "报告内容：事态、预处理结果、领导指示（内部，第二十九条）", Text),
        ]),
        (CommandCode::Archive, &[]),
        (CommandCode::EraseRequesterData, &[]),
        // Only through the requester's own correction request (/staff/corrections).
        (CommandCode::CorrectRequesterData, &[]),
        // Only the requester rates the call service (on the portal); staff are never offered it.
        (CommandCode::RateCallService, &[ask("rating", "话务服务评价（第二十四条）", Choice(Rating::choices))]),
        (CommandCode::FindForceMajeure, &[
            ask("reason", "不可抗力情形（第二十九条：自然灾害等）", Text),
            ask("evidence", "认定依据（如气象、应急管理部门的通报）", Text),
            ask("attachment", "证明材料（PDF 或扫描图片，可不上传）", Upload),
        ]),
    ]
};

/// What a command's form asks; commands not listed have no form here.
pub fn inputs_of(code: CommandCode) -> Option<&'static [Input]> {
    FORMS.iter().find(|(c, _)| *c == code).map(|(_, inputs)| *inputs)
}

/// The answers typed into a page's forms, kept by the page (outside the
/// part that reloads) so that a reload of the request — the page's own
/// command seen live, someone else's change — does not lose them.
#[derive(Clone, Copy)]
pub struct Drafts {
    owner: StoredValue<Option<Owner>>,
    answers: StoredValue<std::collections::HashMap<String, RwSignal<String>>>,
    /// The command last sent, whose answers go once it is done.
    sent: StoredValue<Option<CommandCode>>,
    /// The folded actions the user opened: they stay open across reloads.
    opened: StoredValue<std::collections::HashSet<CommandCode>>,
}

impl Drafts {
    /// Provides the page's drafts (call in the page, outside its transition).
    pub fn provide() -> Drafts {
        let drafts = Drafts {
            owner: StoredValue::new(Owner::current()),
            answers: StoredValue::new(Default::default()),
            sent: StoredValue::new(None),
            opened: StoredValue::new(Default::default()),
        };
        provide_context(drafts);
        drafts
    }

    /// The answer at `key`, made with `start` the first time; it belongs to the page.
    fn answer(self, key: String, start: impl FnOnce() -> String) -> RwSignal<String> {
        if let Some(s) = self.answers.with_value(|m| m.get(&key).copied()) {
            return s;
        }
        let make = || RwSignal::new(start());
        let signal = match self.owner.get_value() {
            Some(owner) => owner.with(make),
            None => make(),
        };
        self.answers.update_value(|m| {
            m.insert(key, signal);
        });
        signal
    }

    fn is_open(self, code: CommandCode) -> bool {
        self.opened.with_value(|o| o.contains(&code))
    }

    fn set_open(self, code: CommandCode, open: bool) {
        self.opened.update_value(|o| {
            if open {
                o.insert(code);
            } else {
                o.remove(&code);
            }
        });
    }

    fn sending(self, code: CommandCode) {
        self.sent.set_value(Some(code));
    }

    /// Forgets the answers of the command just done (the others stay).
    pub fn done(self) {
        if let Some(code) = self.sent.get_value() {
            let part = format!("/{code}/");
            self.answers.update_value(|m| m.retain(|key, _| !key.contains(&part)));
        }
    }
}

/// Which action leads the page when several are offered: what waits for a
/// decision first, then the next step of the workflow (派单 before 不予受理);
/// anything not listed follows in the table's order.
const LEADS: &[CommandCode] = &[
    CommandCode::ReviewCompletion,
    CommandCode::DecideExtension,
    CommandCode::DecideReturn,
    CommandCode::SupplementaryAnswer,
    CommandCode::Callback,
    CommandCode::RespondSupervision,
    CommandCode::Dispatch,
    CommandCode::Acknowledge,
    CommandCode::SubmitResult,
    CommandCode::GiveOpinion,
    CommandCode::Answer,
];

fn lead_rank(code: CommandCode) -> usize {
    LEADS.iter().position(|c| *c == code).unwrap_or(LEADS.len())
}

/// The step the viewer most likely takes next, of those allowed now.
pub fn lead_action(allowed: &[CommandCode]) -> Option<CommandCode> {
    allowed.iter().copied().filter(|c| lead_rank(*c) < LEADS.len()).min_by_key(|c| lead_rank(*c))
}

/// Decisions come as approve / refuse.
fn is_decision(code: CommandCode) -> bool {
    decision_buttons(code).is_some()
}

/// A decision's two buttons, named by what each does.
fn decision_buttons(code: CommandCode) -> Option<(&'static str, &'static str)> {
    match code {
        CommandCode::DecideReturn => Some(("同意退回", "不同意退回")),
        CommandCode::DecideExtension => Some(("批准延期", "不批准延期")),
        CommandCode::ReviewCompletion => Some(("审核通过", "审核不通过，退回重办")),
        _ => None,
    }
}

/// Whether an input is asked, given the request and the answers so far.
pub fn is_shown(input: &Input, complaint: bool, redo: bool, answer: impl Fn(&str) -> String) -> bool {
    match input.shown {
        Shown::Always => true,
        Shown::Complaint => complaint,
        Shown::Redo => redo,
        Shown::If(path, value) => answer(path) == value,
    }
}

/// An answer as JSON: numbers as numbers, times in China time as RFC 3339.
fn answer_value(kind: Kind, raw: &str) -> Value {
    match kind {
        Kind::Number | Kind::Supervisions | Kind::AnsweredSupervisions => raw.parse::<u64>().map(Value::from).unwrap_or_else(|_| Value::String(raw.into())),
        Kind::When if raw.len() == 16 => Value::String(format!("{raw}:00+08:00")),
        _ => Value::String(raw.into()),
    }
}

/// The command as JSON from the answers `(input, raw answer)` of the shown inputs.
pub fn command_json(code: CommandCode, answers: &[(Input, String)], approve: bool) -> Value {
    let mut cmd = Map::new();
    cmd.insert("type".into(), Value::String(code.code().into()));
    let mut targets = Vec::new();
    for (input, raw) in answers {
        let raw = raw.trim();
        if raw.is_empty() {
            continue;
        }
        let mut parts = input.path.split('.');
        if input.path.starts_with("targets.") {
            let role = parts.nth(1).unwrap_or("lead");
            if !targets.iter().any(|t: &Value| t["unit"] == raw) {
                targets.push(json!({ "unit": raw, "role": role }));
            }
            continue;
        }
        let keys: Vec<&str> = parts.collect();
        let mut at = &mut cmd;
        for key in &keys[..keys.len() - 1] {
            at = at
                .entry(key.to_string())
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()
                .expect("form paths nest objects only");
        }
        at.insert(keys[keys.len() - 1].to_string(), answer_value(input.kind, raw));
    }
    if code == CommandCode::Dispatch {
        cmd.insert("targets".into(), Value::Array(targets));
    }
    if is_decision(code) {
        cmd.insert("approve".into(), Value::Bool(approve));
    }
    Value::Object(cmd)
}

/// Which shown input a form's problem belongs to, and what to tell: the
/// domain's own parse (a required answer missing), then a result's
/// completeness (Art. 22(1)), named by the part the domain found missing.
pub fn field_problem(code: CommandCode, shown: &[(Input, String)], approve: bool) -> Result<Command, (Option<&'static str>, String)> {
    let ask = |i: &Input| format!("请填写“{}”", i.label.split('（').next().unwrap_or(i.label));
    let command = match serde_json::from_value::<Command>(command_json(code, shown, approve)) {
        Ok(command) => command,
        Err(e) => {
            // "missing field `reason`": the leaf's name, matched against the shown inputs' paths.
            let message = e.to_string();
            let leaf = message.split('`').nth(1).filter(|_| message.starts_with("missing field"));
            let empty = |i: &&(Input, String)| i.1.trim().is_empty();
            let found = shown
                .iter()
                .filter(empty)
                .find(|(i, _)| leaf.is_some_and(|l| i.path == l || i.path.ends_with(&format!(".{l}"))));
            return Err(match found {
                Some((i, _)) => (Some(i.path), ask(i)),
                None => (None, format!("请检查“{}”中填写的内容", code.label())),
            });
        }
    };
    if let Command::SubmitResult { result, .. } = &command {
        if let Err(part) = result.clone().complete() {
            return Err((Some(part.path()), format!("请填写“{}”（第二十二条第（一）项）", part.label())));
        }
    }
    Ok(command)
}

/// A form field's element id: the command and the field's path ("submit_result-result-handled_at").
fn field_id(code: CommandCode, path: &str) -> String {
    format!("{code}-{}", path.replace('.', "-"))
}

/// Moves the focus to the field with a problem (in the browser).
fn focus(_id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(_id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }
}

/// Now in China time, as a `datetime-local` input wants it.
fn now_local() -> String {
    chrono::Utc::now().with_timezone(&crate::domain::deadline::cst()).format("%Y-%m-%dT%H:%M").to_string()
}

/// The choices of a unit list for this page.
fn unit_choices(which: UnitList, v: &RequestView) -> Vec<(String, String)> {
    let pairs = |list: &[crate::api::requests::UnitOption]| list.iter().map(|u| (u.id.clone(), u.name.clone())).collect::<Vec<_>>();
    match which {
        UnitList::Dispatch => pairs(&v.dispatch_targets),
        UnitList::Result => pairs(&v.result_units),
        UnitList::Below => pairs(v.own_units.get(1..).unwrap_or_default()),
        UnitList::Assigned | UnitList::Returning => {
            let mut seen = Vec::new();
            for a in &v.assignments {
                if (which == UnitList::Assigned || a.status == AssignmentStatusCode::ReturnRequested.code()) && !seen.iter().any(|(id, _)| id == &a.unit_id) {
                    seen.push((a.unit_id.clone(), a.unit_name.clone()));
                }
            }
            seen
        }
    }
}

#[component]
pub fn CommandForms(v: RequestView, action: ServerAction<ApplyCommand>) -> impl IntoView {
    // A form the domain cannot parse (a required reason left empty) is told at once.
    let incomplete = RwSignal::new(None::<String>);
    // The field a problem belongs to: its message shows beside it (`<code>-<path>`).
    let field_error = RwSignal::new(None::<(String, String)>);
    let error = move || incomplete.get().or_else(|| action.value().get().and_then(|r| r.err()).map(|e| e.to_string()));
    // A refusal the server found in one field (a handling time after the
    // submission, a unit without the assignment) is shown beside that field
    // of the form just sent, as the form's own checks are.
    let sent = StoredValue::new(None::<CommandCode>);
    Effect::new(move |_| {
        if let Some(Err(AppError::RefusedField { field, message })) = action.value().get() {
            if let Some(code) = sent.get_value() {
                let id = field_id(code, &field);
                focus(&id);
                field_error.set(Some((id, message)));
            }
        }
    });
    let complaint = v.request_type == "complaint";
    let redo = v.redo_round;
    let drafts = use_context::<Drafts>();
    let mut offered: Vec<(CommandCode, &'static [Input])> =
        v.allowed.iter().filter_map(|&code| inputs_of(code).map(|inputs| (code, inputs))).collect();
    // The decision at hand leads; the other actions are folded below it.
    offered.sort_by_key(|(code, _)| lead_rank(*code));
    let lead = offered.first().map(|(code, _)| *code);
    let forms = offered
        .into_iter()
        .map(|(code, inputs)| {
            let answers: Vec<(Input, RwSignal<String>)> = inputs
                .iter()
                .map(|i| {
                    let start = || match i.kind {
                        Kind::When => now_local(),
                        // The returning unit is fixed; a result names its own unit unless told otherwise.
                        Kind::Units(which @ (UnitList::Returning | UnitList::Result)) => {
                            unit_choices(which, &v).first().map(|u| u.0.clone()).unwrap_or_default()
                        }
                        _ => String::new(),
                    };
                    let signal = match drafts {
                        Some(d) => d.answer(format!("{}/{code}/{}", v.number, i.path), start),
                        None => RwSignal::new(start()),
                    };
                    (*i, signal)
                })
                .collect();
            let answer_of = {
                let answers = answers.clone();
                move |path: &str| answers.iter().find(|(i, _)| i.path == path).map(|(_, s)| s.get()).unwrap_or_default()
            };
            let number = v.number.clone();
            let send = {
                let answers = answers.clone();
                let answer_of = answer_of.clone();
                move |approve: bool| {
                    let given: Vec<(Input, String)> = answers
                        .iter()
                        .filter(|(i, _)| is_shown(i, complaint, redo, &answer_of))
                        .map(|(i, s)| (*i, s.get()))
                        .collect();
                    match field_problem(code, &given, approve) {
                        Ok(command) => {
                            incomplete.set(None);
                            field_error.set(None);
                            sent.set_value(Some(code));
                            if let Some(d) = drafts {
                                d.sending(code);
                            }
                            action.dispatch(ApplyCommand { number: number.clone(), command });
                        }
                        Err((path, message)) => {
                            incomplete.set(Some(message.clone()));
                            match path {
                                Some(path) => {
                                    let id = field_id(code, path);
                                    focus(&id);
                                    field_error.set(Some((id, message)));
                                }
                                None => field_error.set(None),
                            }
                        }
                    }
                }
            };
            let fields = answers
                .iter()
                .map(|(input, signal)| {
                    let (input, signal) = (*input, *signal);
                    let id = field_id(code, input.path);
                    let answer_of = answer_of.clone();
                    let shown = move || is_shown(&input, complaint, redo, &answer_of);
                    // What the field starts with is in the served page too (bind:value is not).
                    let served = signal.get_untracked();
                    let control = match input.kind {
                        Kind::Line => view! { <input type="text" id=id.clone() maxlength="200" value=served bind:value=signal/> }.into_any(),
                        Kind::Text => view! { <textarea id=id.clone() rows="2" maxlength="2000" inner_html=crate::ui::served_text::textarea_html(&served) bind:value=signal></textarea> }.into_any(),
                        Kind::Number => view! { <input type="number" id=id.clone() min="1" max="60" value=served bind:value=signal/> }.into_any(),
                        Kind::When => view! { <input type="datetime-local" id=id.clone() value=served bind:value=signal/> }.into_any(),
                        Kind::Day => view! { <input type="date" id=id.clone() value=served bind:value=signal/> }.into_any(),
                        Kind::Units(UnitList::Returning) => view! { <input type="hidden" id=id.clone() value=served bind:value=signal/> }.into_any(),
                        Kind::Knowledge => {
                            let reply = answers.iter().find(|(i, _)| i.path == "answer").map(|(_, s)| *s);
                            view! { <KnowledgePicker id=id.clone() entry=signal reply/> }.into_any()
                        }
                        Kind::Upload => view! { <DocumentInput id=id.clone() number=v.number.clone() value=signal error=incomplete/> }.into_any(),
                        kind => {
                            let choices = match kind {
                                Kind::Choice(list) => list(),
                                Kind::Units(which) => unit_choices(which, &v),
                                _ => {
                                    let answered = matches!(kind, Kind::AnsweredSupervisions);
                                    v.open_supervisions
                                        .iter()
                                        .filter(|s| s.answered == answered)
                                        .map(|s| (s.id.to_string(), format!("{}：{}（{} 前反馈）", s.unit_name, s.instruction, s.due)))
                                        .collect()
                                }
                            };
                            // The lead unit's list offers what similar past requests suggest (center only).
                            let suggest = (input.path == "targets.lead.1").then(|| {
                                let allowed: Vec<String> = choices.iter().map(|(value, _)| value.clone()).collect();
                                view! { <crate::ui::staff::intake::assist::UnitSuggestions text=format!("{} {}", v.title, v.content) choice=signal allowed/> }
                            });
                            // A long unit list gets a name filter (the unit-tree picker, Art. 14).
                            let searchable = matches!(kind, Kind::Units(_)) && choices.len() > 8;
                            let wanted = RwSignal::new(String::new());
                            let options = move || {
                                let w = wanted.get();
                                let w = w.trim();
                                choices
                                    .iter()
                                    .filter(|(value, label)| w.is_empty() || label.contains(w) || *value == signal.get_untracked())
                                    .map(|(value, label)| view! { <option value=value.clone() selected=*value == signal.get_untracked()>{label.clone()}</option> })
                                    .collect_view()
                            };
                            view! {
                                {searchable.then(|| view! {
                                    <input type="search" class="unit-filter" id=format!("{id}-filter") placeholder="按名称筛选单位" bind:value=wanted/>
                                })}
                                <select id=id.clone() bind:value=signal>
                                    <option value="">"请选择"</option>
                                    {options}
                                </select>
                                {suggest}
                            }
                            .into_any()
                        }
                    };
                    let label = (!input.label.is_empty()).then(|| view! { <label for=id.clone()>{input.label}</label> });
                    let problem = {
                        let id = id.clone();
                        move || field_error.get().filter(|(at, _)| *at == id).map(|(_, message)| message)
                    };
                    let has_problem = problem.clone();
                    view! {
                        <div class="field" class:form-group--error=move || has_problem().is_some()
                            style:display=move || if shown() { "block" } else { "none" }>
                            {label}
                            {move || problem().map(|m| view! { <p class="field-error" id=format!("{id}-error")>{m}</p> })}
                            {control}
                        </div>
                    }
                })
                .collect_view();
            let send_yes = send.clone();
            // What the form decides, beside it; a return is decided for the unit the form names.
            let returning = answers.iter().find(|(i, _)| matches!(i.kind, Kind::Units(UnitList::Returning))).map(|(_, s)| s.get_untracked());
            let matters = v
                .pending
                .iter()
                .filter(|m| m.decided_by == code && (returning.is_none() || m.unit_id == returning))
                .cloned()
                .map(|m| view! { <PendingMatterCard matter=m/> })
                .collect_view();
            let (yes, no) = decision_buttons(code).unwrap_or((code.label(), ""));
            let leads = Some(code) == lead;
            let form = view! {
                <form class="command" data-command=code.code() on:submit=move |ev| {
                    ev.prevent_default();
                    send_yes(true);
                }>
                    {leads.then(|| view! { <h3>{code.label()}</h3> })}
                    {matters}
                    {fields}
                    <button type="submit" class="button" id=format!("do-{code}")>{yes}</button>
                    {is_decision(code).then(|| {
                        let send_no = send.clone();
                        view! {
                            " "
                            <button type="button" class="button secondary" id=format!("refuse-{code}")
                                on:click=move |_| send_no(false)>{no}</button>
                        }
                    })}
                </form>
            };
            if leads {
                form.into_any()
            } else {
                let open = drafts.is_some_and(|d| d.is_open(code));
                let toggled = move |ev: leptos::ev::Event| {
                    if let Some(d) = drafts {
                        d.set_open(code, event_target::<leptos::web_sys::Element>(&ev).has_attribute("open"));
                    }
                };
                view! {
                    <details class="more-action" data-folded=code.code() open=open on:toggle=toggled>
                        <summary>{code.label()}</summary>
                        {form}
                    </details>
                }
                .into_any()
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

    fn code(c: &str) -> CommandCode {
        CommandCode::parse(c).unwrap_or_else(|| panic!("{c}"))
    }

    fn answers(c: &str, given: &[(&str, &str)]) -> Vec<(Input, String)> {
        inputs_of(code(c))
            .unwrap()
            .iter()
            .filter_map(|i| given.iter().find(|(p, _)| *p == i.path).map(|(_, v)| (*i, v.to_string())))
            .collect()
    }

    fn parse(c: &str, given: &[(&str, &str)], approve: bool) -> Result<Command, serde_json::Error> {
        serde_json::from_value(command_json(code(c), &answers(c, given), approve))
    }

    #[test]
    fn every_staff_command_has_a_form() {
        for code in CommandCode::ALL {
            assert!(inputs_of(*code).is_some(), "{code} has no form");
        }
        let answer = parse("answer", &[("entry", "KB-0001"), ("answer", "可携带身份证到服务网点补办。")], true).unwrap();
        assert_eq!(answer.code(), "answer");
    }

    #[test]
    fn forms_build_commands_the_domain_accepts_or_refuses() {
        assert_eq!(parse("acknowledge", &[], true).unwrap().code(), "acknowledge");
        let ret = parse("request_return", &[("reason", " 不属本单位职责 "), ("basis", "三定方案")], true).unwrap();
        assert_eq!(ret.code(), "request_return");
        // An empty reason is left out, so the domain's parse refuses the command.
        assert!(parse("request_extension", &[("reason", "  ")], true).is_err());
        let refuse = command_json(CommandCode::DecideReturn, &answers("decide_return", &[("unit", "yining"), ("reason", "属本单位职责")]), false);
        assert_eq!(refuse["approve"], false);
        assert_eq!(refuse["unit"], "yining");
        let reason = RejectionReason::ALL[0].code();
        assert_eq!(parse("reject", &[("reason", reason), ("basis", "《管理办法》第十二条")], true).unwrap().code(), "reject");
        let supervise = command_json(CommandCode::Supervise, &answers("supervise", &[("days", "5"), ("unit", "yining")]), true);
        assert_eq!(supervise["days"], 5, "numbers are numbers");
    }

    #[test]
    fn a_dispatch_has_one_lead_and_distinct_co_units() {
        let given = [("targets.lead.1", "yining"), ("targets.co.1", "yining_water"), ("targets.co.2", "yining_water")];
        let cmd = command_json(CommandCode::Dispatch, &answers("dispatch", &given), true);
        assert_eq!(cmd["targets"], json!([{"unit": "yining", "role": "lead"}, {"unit": "yining_water", "role": "co"}]));
        assert!(serde_json::from_value::<Command>(cmd).is_ok());
        let none = command_json(CommandCode::Dispatch, &[], true);
        assert_eq!(none["targets"], json!([]));
    }

    #[test]
    fn a_complaint_result_nests_its_fields_and_case_filing() {
        let given = [
            ("result.handled_at", "2026-11-27T10:30"),
            ("result.unit", "yining"),
            ("result.handler", "阿依古丽"),
            ("result.result", "已责令停止夜间施工。"),
            ("result.basis", "《噪声污染防治法》第七十七条"),
            ("result.reply.method", "phone"),
            ("result.reply.at", "2026-11-27T11:00"),
            ("case_filing.status", "not_filed"),
            ("case_filing.reasons", "情节轻微"),
            ("case_filing.basis", "《行政处罚法》第三十三条"),
        ];
        let cmd = command_json(CommandCode::SubmitResult, &answers("submit_result", &given), true);
        assert_eq!(cmd["result"]["handled_at"], "2026-11-27T10:30:00+08:00");
        assert_eq!(cmd["result"]["reply"]["method"], "phone");
        assert_eq!(cmd["case_filing"]["status"], "not_filed");
        let parsed: Command = serde_json::from_value(cmd).unwrap();
        assert_eq!(parsed.code(), "submit_result");
        // Without the result's text the command still parses; the domain
        // refuses it citing Art. 22(1) and naming the missing part.
        let short: Vec<_> = given.iter().copied().filter(|(p, _)| *p != "result.result").collect();
        match parse("submit_result", &short, true).unwrap() {
            Command::SubmitResult { result, .. } => {
                assert_eq!(result.complete(), Err(crate::domain::request::ResultPart::Result))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_problem_is_told_beside_its_field() {
        // A required answer left empty: named by the domain's own parse.
        let empty_reason = answers("request_extension", &[("reason", "  ")]);
        assert_eq!(field_problem(code("request_extension"), &empty_reason, true).unwrap_err(), (Some("reason"), "请填写“理由”".to_string()));
        let no_basis = answers("request_return", &[("reason", "不属本单位职责"), ("basis", "")]);
        assert_eq!(field_problem(code("request_return"), &no_basis, true).unwrap_err(), (Some("basis"), "请填写“依据”".to_string()));
        // A result without its handler: the part the domain finds missing (Art. 22(1)).
        let given = [
            ("result.handled_at", "2026-11-27T10:30"),
            ("result.unit", "yining"),
            ("result.handler", ""),
            ("result.result", "已处理。"),
            ("result.basis", "《噪声污染防治法》"),
            ("result.reply.method", "phone"),
            ("result.reply.at", "2026-11-27T11:00"),
        ];
        let (path, message) = field_problem(code("submit_result"), &answers("submit_result", &given), true).unwrap_err();
        assert_eq!(path, Some("result.handler"));
        assert!(message.contains("经办人"), "{message}");
        // Complete: the command itself.
        let ok = answers("request_return", &[("reason", "不属本单位职责"), ("basis", "三定方案")]);
        assert_eq!(field_problem(code("request_return"), &ok, true).unwrap().code(), "request_return");
    }

    #[test]
    fn conditional_inputs_follow_the_answers() {
        let inputs = inputs_of(CommandCode::SubmitResult).unwrap();
        let find = |p: &str| inputs.iter().find(|i| i.path == p).unwrap();
        let none = |_: &str| String::new();
        assert!(is_shown(find("result.result"), false, false, none));
        assert!(!is_shown(find("case_filing.status"), false, false, none));
        assert!(is_shown(find("case_filing.status"), true, false, none));
        assert!(!is_shown(find("redo.option"), true, false, none));
        assert!(is_shown(find("redo.option"), true, true, none));
        let filed = |p: &str| if p == "case_filing.status" { "filed".to_string() } else { String::new() };
        assert!(is_shown(find("case_filing.date"), true, false, filed));
        assert!(!is_shown(find("case_filing.reasons"), true, false, filed));
    }

    #[test]
    fn every_field_a_refusal_names_is_a_field_of_some_form() {
        use crate::domain::machine::Refusal;
        use crate::domain::request::ResultPart;
        use crate::domain::unit::UnitId;
        let unit = UnitId::parse("yining").unwrap();
        let at = chrono::Utc::now();
        let mut refusals = vec![
            Refusal::RejectionReasonMissing,
            Refusal::RejectionBasisMissing,
            Refusal::HandoverMissing,
            Refusal::NoTargets,
            Refusal::Vertical { unit: unit.clone(), head: unit.clone() },
            Refusal::ReasonMissing { article: "Art. 21".into(), what: "an extension".into() },
            Refusal::NotSubUnit { unit: unit.clone(), to: unit.clone() },
            Refusal::ComplaintFilingMissing,
            Refusal::ResultUnit { unit: unit.clone() },
            Refusal::HandledInFuture { handled_at: at },
            Refusal::RedoOptionMissing,
            Refusal::DutySignerMissing,
            Refusal::ObjectionUnitNeeded,
            Refusal::SupervisionDays { max: 10 },
            Refusal::SupervisedUnit { unit: unit.clone() },
            Refusal::NoSupervision { id: 1, unit },
            Refusal::EmergencyKindMissing,
            Refusal::SelfRelation,
        ];
        refusals.extend([ResultPart::HandledAt, ResultPart::Unit, ResultPart::Handler, ResultPart::Result, ResultPart::Basis, ResultPart::Reply].map(|part| Refusal::ResultIncomplete { part }));
        let paths: Vec<&str> = CommandCode::ALL.iter().filter_map(|c| inputs_of(*c)).flatten().map(|i| i.path).collect();
        for r in &refusals {
            let field = r.field().unwrap_or_else(|| panic!("{r:?} names no field"));
            assert!(paths.contains(&field), "{r:?} names {field}, which no form asks");
        }
        assert_eq!(Refusal::ExtensionPending.field(), None, "a refusal about the request as a whole stays above the forms");
    }
}
