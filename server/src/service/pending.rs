//! What waits for a decision on a request, in full: a unit's return request
//! with its reason and basis (Art. 16–17), an extension request with its
//! reason and what the deadline becomes (Art. 20–21), the submitted results
//! with every Art. 22 part (Art. 23), the requester's objection (Art. 22(2)),
//! the dissatisfied rating a redo or a callback answers (Art. 25, 27), a
//! supervision to answer and a response to judge (Art. 31). The
//! request page shows each beside the form that decides it.

use super::world::World;
use app::api::requests::PendingMatter;
use app::domain::machine::{cn_date, cn_date_time, redo_words, result_words, CommandCode};
use app::domain::request::{AssignmentStatus, CaseFiling, FilingRecord, RedoChoice, Request, Round, State};
use app::domain::unit::UnitId;

fn fact(label: &str, text: impl Into<String>) -> (String, String) {
    (label.to_string(), text.into())
}

fn document(label: &str, id: &impl ToString) -> (String, String) {
    (label.to_string(), format!("/staff/photos/{}", id.to_string()))
}

/// The matters of `req` waiting for one of the `allowed` commands.
pub fn pending_matters(req: &Request, world: &World, allowed: &[CommandCode]) -> Vec<PendingMatter> {
    let name = |u: &UnitId| world.units.name_of(u);
    let mut matters = Vec::new();
    for a in req.assignments() {
        if let AssignmentStatus::ReturnRequested { requested_at, reason, basis, .. } = a.status() {
            matters.push(PendingMatter {
                decided_by: CommandCode::DecideReturn,
                unit_id: Some(a.unit().to_string()),
                heading: format!("{}申请退回（{}）", name(a.unit()), a.role().label()),
                facts: vec![
                    fact("退回理由", reason.to_string()),
                    fact("依据", basis.to_string()),
                    fact("申请时间", cn_date_time(*requested_at)),
                    fact("签收时限", format!("{}前可申请退回（第十六条第（二）项）", cn_date(a.return_window().last_day))),
                ],
                documents: vec![],
            });
        }
    }
    if let Some(p) = req.pending_extension() {
        let mut facts = vec![fact("延期理由", p.reason.to_string()), fact("申请时间", cn_date_time(p.requested_at))];
        if let Some(due) = req.due() {
            let extended = due.extended(&world.calendar, p.days);
            facts.push(fact("办理期限", format!("现为{}，批准后延至{}", cn_date(due.last_day), cn_date(extended.last_day))));
        }
        facts.push(fact("已延期", format!("{} 次（最多两次，第二十条）", req.extensions().len())));
        matters.push(PendingMatter {
            decided_by: CommandCode::DecideExtension,
            unit_id: Some(p.unit.to_string()),
            heading: format!("{}申请延期 {} 个工作日", name(&p.unit), p.days),
            facts,
            documents: vec![],
        });
    }
    if matches!(req.state(), State::CompletionReview { .. }) {
        let round = req.round();
        for s in req.submissions().iter().filter(|s| s.round == round && s.review.is_none()) {
            let mut facts: Vec<(String, String)> =
                result_words(&s.result, &name).into_iter().map(|(label, text)| fact(label, text)).collect();
            facts.push(fact("提交时间", cn_date_time(s.at)));
            let mut documents = Vec::new();
            if let Some(redo) = &s.redo {
                facts.push(fact("重办方式", redo_words(redo)));
                if let RedoChoice::DutyStatement { attachment, .. } = redo {
                    documents.push(document("书面履责意见", attachment));
                }
            }
            if let Some(CaseFiling::Filed { record: FilingRecord::DecisionDocument(doc), .. }) = s.result.case_filing() {
                documents.push(document("立案决定书", doc));
            }
            for o in req.opinions() {
                facts.push(fact(&format!("协办意见（{}）", name(&o.unit)), o.opinion.to_string()));
            }
            matters.push(PendingMatter {
                decided_by: CommandCode::ReviewCompletion,
                unit_id: Some(s.unit.to_string()),
                heading: format!("{}提交的{}结果", name(&s.unit), if round == Round::Redo { "重办" } else { "办理" }),
                facts,
                documents,
            });
        }
    }
    if let (State::Supplementary { .. }, Some(sup)) = (req.state(), req.supplement()) {
        let mut facts = vec![fact("异议", sup.objection.to_string()), fact("提出时间", cn_date_time(sup.objected_at))];
        if let Some(answered) = req.submissions().iter().rev().find(|s| s.unit == sup.unit && s.round == sup.round) {
            facts.push(fact("原办理结果", answered.result.fields().result.to_string()));
        }
        matters.push(PendingMatter {
            decided_by: CommandCode::SupplementaryAnswer,
            unit_id: Some(sup.unit.to_string()),
            heading: "诉求人对答复提出异议，请补充答复（第二十二条第（二）项）".into(),
            facts,
            documents: vec![],
        });
    }
    let dissatisfied = |round: Round| {
        req.ratings().iter().rev().find(|r| r.round == round && r.rating.is_dissatisfied()).map(|r| {
            let mut text = format!("{}（{}）", r.rating.label(), cn_date_time(r.at));
            if let Some(c) = &r.comment {
                text.push_str(&format!("：{c}"));
            }
            text
        })
    };
    if req.round() == Round::Redo && req.is_open() && !matches!(req.state(), State::CompletionReview { .. } | State::Callback { .. }) {
        if let Some(rating) = dissatisfied(Round::First).or_else(|| dissatisfied(Round::Answer)) {
            let mut facts = vec![fact("诉求人的评价", rating)];
            if let Some(redo) = req.redo() {
                facts.push(fact("重办期限", format!("{}前（第二十五条）", cn_date(redo.due.last_day))));
            }
            matters.push(PendingMatter {
                decided_by: CommandCode::SubmitResult,
                unit_id: None,
                heading: "诉求人对办理结果不满意，发回重办".into(),
                facts,
                documents: vec![],
            });
        }
    }
    if matches!(req.state(), State::Callback { .. }) {
        let facts = [Round::First, Round::Redo]
            .into_iter()
            .filter_map(|round| dissatisfied(round).map(|r| fact(if round == Round::Redo { "对重办的评价" } else { "对首次办理的评价" }, r)))
            .collect();
        matters.push(PendingMatter {
            decided_by: CommandCode::Callback,
            unit_id: None,
            heading: "重办后诉求人仍不满意，请回访（第二十七条）".into(),
            facts,
            documents: vec![],
        });
    }
    for sv in req.supervisions().iter().filter(|s| s.is_running()) {
        let mut facts = vec![
            fact("督办情形", format!("{}（{}）", sv.source.text(), app::domain::machine::article_words(&sv.source.article()))),
            fact("督办要求", sv.instruction.to_string()),
            fact("反馈期限", format!("{}前", cn_date(sv.due.last_day))),
        ];
        for w in &sv.found_wanting {
            facts.push(fact("此前的反馈", format!("{}（{}）", w.response.response, cn_date_time(w.response.at))));
            facts.push(fact("不到位的原因", format!("{}（{}）", w.reason, cn_date_time(w.at))));
        }
        let (decided_by, heading) = match &sv.response {
            None => (CommandCode::RespondSupervision, format!("{}被督办，请按期反馈（第三十一条）", name(&sv.unit))),
            Some(r) => {
                facts.push(fact("单位反馈", r.response.to_string()));
                facts.push(fact("反馈时间", cn_date_time(r.at)));
                (CommandCode::ConcludeSupervision, format!("{}对督办的反馈，请审核（第三十一条）", name(&sv.unit)))
            }
        };
        matters.push(PendingMatter { decided_by, unit_id: Some(sv.unit.to_string()), heading, facts, documents: vec![] });
    }
    matters.retain(|m| allowed.contains(&m.decided_by));
    matters
}
