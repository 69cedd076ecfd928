//! What each event says to staff, in Chinese, from the event's own data:
//! the timeline reads "伊宁市住建局申请延期 5 个工作日。理由：…", never a
//! code such as `extension_requested`. A reviewer reads here what was asked
//! and what was submitted, with its reasons, before deciding.

use super::event::EventKind;
use super::refusal_text::article_cn;
use super::{cn_date, Target};
use crate::domain::deadline::cst;
use crate::domain::request::{CaseFiling, FilingRecord, HandlingResult, RedoChoice, RelationKind, Round};
use crate::domain::unit::UnitId;
use chrono::{DateTime, Utc};

/// An article as staff read it (第十九条第三款), whatever the code wrote.
pub fn article_words(article: &str) -> String {
    let parts: Vec<String> = article.split(", ").map(|a| article_cn(a).unwrap_or_else(|| a.to_string())).collect();
    parts.join("、")
}

/// An instant as staff read it, China time: 2026年11月30日 12:04.
pub fn cn_date_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&cst()).format("%Y年%-m月%-d日 %H:%M").to_string()
}

fn round_words(round: Round) -> &'static str {
    match round {
        Round::Answer => "即时答复",
        Round::First => "首次办理",
        Round::Redo => "重办",
    }
}

/// A reason or other free text, ending in one full stop.
fn sentence(label: &str, text: &str) -> String {
    format!("{label}：{}。", text.trim().trim_end_matches('。'))
}

/// The parts of a submitted result, one sentence each, as the reviewer checks them (Art. 22).
pub fn result_words(result: &HandlingResult, unit: &dyn Fn(&UnitId) -> String) -> Vec<(&'static str, String)> {
    let f = result.fields();
    let mut reply = format!("{}，{}", f.reply.method.label(), cn_date_time(f.reply.at));
    if let Some(summary) = &f.reply.summary {
        reply.push_str(&format!("：{summary}"));
    }
    let mut parts = vec![
        ("办理结果", f.result.to_string()),
        ("法律法规政策依据", f.basis.to_string()),
        ("具体办理单位", unit(&f.unit)),
        ("经办人", f.handler.to_string()),
        ("办理时间", cn_date_time(f.handled_at)),
        ("回复诉求人的情况", reply),
    ];
    if let Some(filing) = result.case_filing() {
        parts.push((
            "立案情况",
            match filing {
                CaseFiling::Filed { date, record: FilingRecord::CaseNumber(n) } => {
                    format!("已于{}立案，立案编号 {n}", cn_date(*date))
                }
                CaseFiling::Filed { date, record: FilingRecord::DecisionDocument(_) } => {
                    format!("已于{}立案（附立案决定书）", cn_date(*date))
                }
                CaseFiling::NotFiled { reasons, basis } => format!("不予立案。理由：{reasons}；依据：{basis}"),
            },
        ));
    }
    parts
}

/// The Art. 26 option of a redone result, in words.
pub fn redo_words(redo: &RedoChoice) -> String {
    let option = redo.option();
    let mut words = format!("{}（{}）", option.label(), article_words(option.article()));
    if let RedoChoice::DutyStatement { signer: Some(signer), signer_post, .. } = redo {
        let post = signer_post.map(|p| p.label()).unwrap_or("");
        words.push_str(&format!("，履责意见签发人：{signer}{post}"));
    }
    words
}

fn targets_words(targets: &[Target], unit: &dyn Fn(&UnitId) -> String) -> String {
    let names: Vec<String> = targets.iter().map(|t| format!("{}（{}）", unit(&t.unit), t.role.label())).collect();
    names.join("、")
}

fn units_words(units: &[UnitId], unit: &dyn Fn(&UnitId) -> String) -> String {
    let names: Vec<String> = units.iter().map(unit).collect();
    names.join("、")
}

impl EventKind {
    /// The event in the staff's words, with the unit names `unit` gives.
    pub fn staff_words(&self, unit: &dyn Fn(&UnitId) -> String) -> String {
        use EventKind::*;
        match self {
            Registered { request_type, channel, emergency, limit, due, .. } => format!(
                "{}登记（{}）{}，办理时限 {} 个工作日（{}），截止{}。",
                channel.label(),
                request_type.label(),
                if *emergency { "，突发事项" } else { "" },
                limit.working_days(),
                article_words(limit.article()),
                cn_date(*due)
            ),
            Rejected { reason, basis, handover } => {
                let mut w = format!("不予受理：{}（{}）。{}", reason.text(), article_words(&reason.article()), sentence("依据", basis.as_str()));
                if let Some(h) = handover {
                    w.push_str(&format!("已于{}转{}", cn_date_time(h.at), h.service.label()));
                    if let Some(r) = &h.reference {
                        w.push_str(&format!("，接警编号 {r}"));
                    }
                    w.push('。');
                }
                w
            }
            Answered { entry, answer } => format!("按知识库条目 {entry} 即时答复。{}", sentence("答复", answer.as_str())),
            Dispatched { targets, for_explanation, redispatch } => format!(
                "{}{}：{}。",
                if *redispatch { "重新派单" } else { "派单" },
                if *for_explanation { "（做好解释工作，第十四条第（五）项）" } else { "" },
                targets_words(targets, unit)
            ),
            EmergencyNotified { within_30_minutes } => {
                if *within_30_minutes {
                    "已在登记后 30 分钟内通知承办单位（第二十九条）。".into()
                } else {
                    "通知承办单位晚于登记后 30 分钟（第二十九条）。".into()
                }
            }
            Acknowledged { unit: u } => format!("{}签收。", unit(u)),
            ReturnRequested { unit: u, reason, basis } => {
                format!("{}申请退回（{}）。{}{}", unit(u), article_words("Art. 16(2)"), sentence("理由", reason.as_str()), sentence("依据", basis.as_str()))
            }
            ReturnApproved { unit: u } => format!("同意{}退回（第十七条）。", unit(u)),
            ReturnRefused { unit: u, reason } => {
                format!("不同意{}退回，由其继续办理（第十七条）。{}", unit(u), sentence("理由", reason.as_str()))
            }
            Coordinated { unit: u, basis } => {
                format!("协调确定{}为承办单位（第十八条）。{}", unit(u), sentence("依据", basis.as_str()))
            }
            ExtensionRequested { unit: u, reason, days } => {
                format!("{}申请延期 {days} 个工作日（第二十一条）。{}", unit(u), sentence("理由", reason.as_str()))
            }
            ExtensionApproved { from, to, count } => {
                format!("批准第{}次延期：办理期限由{}延至{}（第二十条）。", super::cn_number(*count), cn_date(*from), cn_date(*to))
            }
            ExtensionRefused { reason } => format!("不批准延期（第二十一条）。{}", sentence("理由", reason.as_str())),
            ExtensionLapsed => "延期申请未经审核即失效：事项已不在办理中。".into(),
            Forwarded { unit: u, to } => format!("{}转交下级单位{}办理（仍由{}负责）。", unit(u), unit(to), unit(u)),
            OpinionGiven { unit: u, opinion } => format!("{}提出协办意见（第十四条第（四）项）：{}", unit(u), opinion),
            ResultSubmitted { unit: u, round, result, redo } => {
                let mut w = format!("{}提交{}结果（第二十二条）。", unit(u), round_words(*round));
                for (label, text) in result_words(result, unit) {
                    w.push_str(&sentence(label, &text));
                }
                if let Some(redo) = redo {
                    w.push_str(&sentence("重办方式", &redo_words(redo)));
                }
                w
            }
            CompletionRequested { round } => format!("{}结果已全部提交，等待热线管理中心审核（第二十三条）。", round_words(*round)),
            CompletionApproved { round } => format!("审核通过{}结果，事项办结（第二十三条）。", round_words(*round)),
            CompletionRefused { round, units, reason } => format!(
                "审核不通过{}结果，退回{}重新办理（第二十三条）。{}",
                round_words(*round),
                units_words(units, unit),
                sentence("理由", reason.as_str())
            ),
            Objected { unit: u, reason } => {
                format!("诉求人对{}的答复提出异议（第二十二条第（二）项）。{}", unit(u), sentence("异议", reason.as_str()))
            }
            SupplementaryAnswered { unit: u, answer } => format!("{}补充答复：{answer}", unit(u)),
            Rated { round, rating, resolution } => match resolution {
                Some(r) => format!("诉求人评价{}：{}，问题{}（第二十四条）。", round_words(*round), rating.label(), r.label()),
                None => format!("诉求人评价{}：{}（第二十四条）。", round_words(*round), rating.label()),
            },
            RedoStarted { due, units } => {
                format!("发回{}重办，重办期限至{}（第二十五条）。", units_words(units, unit), cn_date(*due))
            }
            CallbackRequired => "重办后仍不满意，由热线管理中心回访（第二十七条）。".into(),
            CallbackAsked { note } => match note {
                Some(n) => format!("诉求人要求回电：{n}"),
                None => "诉求人要求回电。".into(),
            },
            CalledBack { reason, disposition, method } => format!(
                "回访{}：不满意的原因：{}；处理方式：{}（第二十七条）。",
                method.map(|m| format!("（{}）", m.label())).unwrap_or_default(),
                reason.as_str().trim_end_matches('。'),
                disposition.label()
            ),
            SupervisionOpened { source, unit: u, due, .. } => format!(
                "督办{}：{}（{}），{}前反馈。",
                unit(u),
                source.text(),
                article_words(&source.article()),
                cn_date(*due)
            ),
            SupervisionAnswered { unit: u, .. } => format!("{}反馈督办情况（第三十一条）。", unit(u)),
            SupervisionConcluded { unit: u, due: None, .. } => format!("热线管理中心认可{}的督办反馈，督办办结（第三十一条）。", unit(u)),
            SupervisionConcluded { unit: u, due: Some(due), .. } => {
                format!("热线管理中心认为{}的督办反馈不到位，继续督办，{}前重新反馈（第三十一条）。", unit(u), cn_date(*due))
            }
            InformationAdded { text, attachments } => {
                let photos = if attachments.is_empty() { String::new() } else { format!("（附 {} 张照片）", attachments.len()) };
                format!("诉求人补充材料{photos}：{text}")
            }
            Linked { relation } => format!(
                "关联为{}的{}。",
                relation.original,
                match relation.kind {
                    RelationKind::RepeatOf => "重复诉求",
                    RelationKind::DuplicateOf => "重复登记",
                }
            ),
            EmergencyMarked { reason, due, .. } => {
                format!("认定为突发事项（第二十九条），办理期限至{}。{}", cn_date(*due), sentence("情形", reason.as_str()))
            }
            Tagged { tag } => format!("标记为“{}”。", tag.label()),
            AnswerReviewRequired => "诉求人对即时答复不满意，等待热线管理中心审核（第十四条第（一）项、第二十五条）。".into(),
            ProgressReported { unit: u, progress } => format!("{}告知阶段性办理情况（{}）：{progress}", unit(u), article_words("Art. 19(2)")),
            EmergencyReported { to, report, follow_up } => {
                format!("{}{to}（第二十九条）：{report}", if *follow_up { "续报" } else { "报告" })
            }
            ForceMajeureFound { reason, evidence, attachment } => format!(
                "认定不可抗力（第二十九条），停止逾期督办。{}{}{}",
                sentence("情形", reason.as_str()),
                sentence("依据", evidence.as_str()),
                if attachment.is_some() { "附证明材料。" } else { "" }
            ),
            Archived => "归档（第三条），此后只读。".into(),
            RequesterDataErased { photos } => format!("保存期满，删除诉求人个人信息及 {} 张照片（第四十条）。", photos.len()),
            CallServiceRated { rating } => format!("诉求人评价话务服务：{}（第二十四条）。", rating.label()),
            RequesterDataCorrected { fields } => {
                let names: Vec<&str> = fields.iter().map(|f| f.label()).collect();
                format!("应诉求人申请更正个人信息：{}。", names.join("、"))
            }
        }
    }
}
