//! Demo requests in every state, made by issuing the real commands through
//! the service at past instants, so that their events and clocks are genuine.

use crate::service::Service;
use app::api::auth::StaffUser;
use app::api::AppError;
use app::domain::deadline::{cst, cst_date};
use app::domain::machine::{Actor, Command};
use app::domain::request::RequestDraft;
use app::domain::types::Role;
use chrono::{DateTime, Duration, NaiveTime, Utc};
use serde_json::{json, Value};

/// How many demo requests to make.
pub const DEMO_REQUESTS: usize = 392;

/// How far a demo request is taken (its state, or an approved extension).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    Registered,
    Rejected,
    Answered,
    Dispatched,
    Handling,
    ReturnRequested,
    Redispatch,
    Extended,
    CompletionReview,
    Closed,
    Supplementary,
    Finished,
    Redo,
    Callback,
}

/// The stages a demo request is taken to, one per request in turn.
const STAGES: &[Stage] = &[
    Stage::Registered,
    Stage::Rejected,
    Stage::Answered,
    Stage::Dispatched,
    Stage::Handling,
    Stage::ReturnRequested,
    Stage::Redispatch,
    Stage::Extended,
    Stage::CompletionReview,
    Stage::Closed,
    Stage::Supplementary,
    Stage::Finished,
    Stage::Redo,
    Stage::Callback,
];

/// (type, category, title, content, county, township)
const MATTERS: &[(&str, &str, &str, &str, &str, &str)] = &[
    ("complaint", "environment.noise", "夜间施工噪音扰民", "小区旁工地每天夜里十一点后仍在施工，噪音很大，影响休息，请有关部门查处。", "伊宁市", "墩买里街道"),
    ("help", "urban.heating", "家中暖气不热", "本单元暖气一直不热，室温只有十二度左右，家里有老人，请帮助协调供热公司处理。", "伊宁市", "艾兰木巴格街道"),
    ("consultation", "labour.social_card", "社保卡补办需要哪些材料", "社保卡丢失了，想咨询补办需要带哪些材料、在哪里办理、多长时间能拿到。", "霍城县", "水定镇"),
    ("complaint", "labour.wages", "工地拖欠农民工工资", "在某建筑工地干了三个月活，老板一直拖欠工资不给，多次讨要无果。", "霍城县", "清水河镇"),
    ("suggestion", "transport.taxi", "建议增加夜间公交线路", "城区晚上九点以后公交车很少，建议增加夜间线路，方便下夜班的群众出行。", "伊宁市", "墩买里街道"),
    ("help", "urban.water", "小区停水两天未恢复", "小区从前天开始停水，至今没有恢复，也没有任何通知，生活很不方便。", "伊宁市", "艾兰木巴格街道"),
    ("complaint", "market.consumer", "超市销售过期食品", "在某超市买的酸奶已经过期三天，要求退货被拒绝，请市场监管部门处理。", "伊宁市", "墩买里街道"),
    ("consultation", "education", "小学入学报名时间", "孩子今年满六周岁，想咨询小学入学的报名时间和需要准备的材料。", "霍城县", "水定镇"),
];

const NAMES: &[&str] = &["张伟", "王芳", "李娜", "刘洋", "陈静", "阿依古丽", "努尔兰", "马军", "杨帆", "赵磊"];

/// Units that handle demo requests, with the demo handler acting for each.
const HANDLERS: &[(&str, &str)] = &[
    ("yining", "yining-handler"),
    ("huocheng", "huocheng-handler"),
    ("zhou-zhujian", "zhujian-handler"),
    ("yining-dunmaili", "dunmaili-handler"),
];

fn staff(username: &str, role: Role, unit: &str) -> StaffUser {
    StaffUser {
        id: 0,
        username: username.into(),
        display_name: username.into(),
        role,
        unit_id: unit.into(),
        unit_name: String::new(),
        post: None,
    }
}

fn command(v: Value) -> Result<Command, AppError> {
    serde_json::from_value(v).map_err(|e| AppError::Invalid(format!("demo command: {e}")))
}

pub async fn seed_requests(service: &Service) -> anyhow::Result<usize> {
    let today = cst_date(Utc::now());
    for i in 0..DEMO_REQUESTS {
        // Spread over the last five weeks, in office hours (09:00–16:00 China
        // time): each request's steps take a few hours and stay within its day.
        let day = today - Duration::days(1 + (i % 35) as i64);
        let local = day.and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default())
            + Duration::minutes((i * 37 % 420) as i64);
        let start = local.and_local_timezone(cst()).single().map(|t| t.with_timezone(&Utc)).unwrap_or_else(Utc::now);
        make(service, i, start).await.map_err(|e| anyhow::anyhow!("demo request {i}: {e}"))?;
    }
    Ok(DEMO_REQUESTS)
}

async fn make(service: &Service, i: usize, start: DateTime<Utc>) -> Result<(), AppError> {
    let stage = STAGES[i % STAGES.len()];
    let (kind, category, title, content, county, township) = MATTERS[i % MATTERS.len()];
    // Consultations can be answered at once; other stages need a 15-day item.
    let kind = match stage {
        Stage::Answered => "consultation",
        Stage::Registered | Stage::Rejected => kind,
        _ if kind == "consultation" => "help",
        _ => kind,
    };
    let agent = staff("agent", Role::Agent, "center");
    let reviewer = staff("reviewer", Role::Reviewer, "center");
    let (unit, handler_name) = HANDLERS[i % HANDLERS.len()];
    let handler = staff(handler_name, Role::Handler, unit);
    let draft: RequestDraft = serde_json::from_value(json!({
        "channel": if i % 3 == 0 { "web" } else { "phone" },
        "type": kind,
        "category": category,
        "title": title,
        "content": content,
        "location": {"county": county, "township": township, "address": format!("{}号", 10 + i % 90)},
        "requester": {"name": NAMES[i % NAMES.len()], "phone": format!("1{}{:08}", [38, 39, 58, 77, 86][i % 5], 10_000 + i * 7919 % 90_000_000)},
        "anonymous_to_unit": i % 10 == 0,
    }))
    .map_err(|e| AppError::Invalid(format!("demo request: {e}")))?;
    let view = service.register_request_at(&agent, draft, start).await?;
    let number = view.number;
    let mut at = start;
    let mut step = |minutes: i64| {
        at += Duration::minutes(minutes);
        at
    };
    let s = service;
    match stage {
        Stage::Registered => return Ok(()),
        Stage::Rejected => {
            let c = command(json!({"type": "reject", "reason": "out_of_scope", "basis": "《自治州12345政务服务便民热线管理办法（试行）》第十二条第（一）项"}))?;
            s.apply_command_at(&agent, &number, c, step(5)).await?;
            return Ok(());
        }
        Stage::Answered => {
            let c = command(json!({"type": "answer", "entry": "kb-social-card-01", "answer": "补办社保卡请携带本人身份证到就近的社保卡服务网点办理，现场制卡约二十分钟。"}))?;
            s.apply_command_at(&agent, &number, c, step(3)).await?;
            return Ok(());
        }
        _ => {}
    }
    let dispatch = command(json!({"type": "dispatch", "targets": [{"unit": unit, "role": "lead"}]}))?;
    s.apply_command_at(&agent, &number, dispatch, step(10)).await?;
    if stage == Stage::Dispatched {
        return Ok(());
    }
    if matches!(stage, Stage::ReturnRequested | Stage::Redispatch) {
        let c = command(json!({"type": "request_return", "reason": "该事项不属于本单位职责范围", "basis": "本单位三定方案"}))?;
        s.apply_command_at(&handler, &number, c, step(30)).await?;
        if stage == Stage::Redispatch {
            let c = command(json!({"type": "decide_return", "unit": unit, "approve": true, "reason": "经核实不属该单位职责，另行派单"}))?;
            s.apply_command_at(&reviewer, &number, c, step(30)).await?;
        }
        return Ok(());
    }
    s.apply_command_at(&handler, &number, command(json!({"type": "acknowledge"}))?, step(20)).await?;
    match stage {
        Stage::Handling => return Ok(()),
        Stage::Extended => {
            let c = command(json!({"type": "request_extension", "reason": "需协调多个部门现场核查"}))?;
            s.apply_command_at(&handler, &number, c, step(60)).await?;
            s.apply_command_at(&reviewer, &number, command(json!({"type": "decide_extension", "approve": true}))?, step(30)).await?;
            return Ok(());
        }
        _ => {}
    }
    submit(s, &handler, &number, kind, unit, step(120), false).await?;
    if stage == Stage::CompletionReview {
        return Ok(());
    }
    s.apply_command_at(&reviewer, &number, command(json!({"type": "review_completion", "approve": true}))?, step(30)).await?;
    let citizen = Actor::citizen("requester");
    if stage == Stage::Supplementary {
        let c = command(json!({"type": "object", "reason": "答复未说明施工何时停止，请补充答复"}))?;
        s.apply_as(&citizen, None, &number, c, step(60)).await?;
    }
    if matches!(stage, Stage::Closed | Stage::Supplementary) {
        return Ok(());
    }
    let first = if stage == Stage::Finished { "satisfied" } else { "dissatisfied" };
    s.apply_as(&citizen, None, &number, command(json!({"type": "rate", "rating": first}))?, step(60)).await?;
    if stage != Stage::Callback {
        return Ok(());
    }
    submit(s, &handler, &number, kind, unit, step(120), true).await?;
    s.apply_command_at(&reviewer, &number, command(json!({"type": "review_completion", "approve": true}))?, step(30)).await?;
    let c = command(json!({"type": "rate", "rating": "very_dissatisfied", "comment": "问题仍未解决"}))?;
    s.apply_as(&citizen, None, &number, c, step(60)).await?;
    Ok(())
}

async fn submit(
    s: &Service,
    handler: &StaffUser,
    number: &str,
    kind: &str,
    unit: &str,
    at: DateTime<Utc>,
    redo: bool,
) -> Result<(), AppError> {
    let mut c = json!({
        "type": "submit_result",
        "result": {
            "handled_at": at.with_timezone(&cst()).to_rfc3339(),
            "unit": unit,
            "handler": handler.username,
            "result": "经现场核查，已责成相关责任方整改，问题已得到处理。",
            "basis": "《中华人民共和国环境噪声污染防治法》等相关规定",
            "reply": {"method": "phone", "at": at.with_timezone(&cst()).to_rfc3339(), "summary": "已电话告知诉求人办理结果"}
        }
    });
    if kind == "complaint" {
        c["case_filing"] = json!({"status": "not_filed", "reasons": "经核查未发现违法事实", "basis": "《行政处罚法》第四十条"});
    }
    if redo {
        c["redo"] = json!({"option": "targeted_answer"});
    }
    s.apply_command_at(handler, number, command(c)?, at).await.map(|_| ())
}

/// One complaint made by the domain in memory, in two shapes the bulk
/// preload copies: dispatched to 伊宁市 and being handled; and finished
/// (result approved, rated satisfied).
pub async fn template_bundles(service: &Service) -> anyhow::Result<(crate::store::Bundle, crate::store::Bundle)> {
    use crate::service::projection;
    use app::domain::request::{NewRequest, Request};
    use app::domain::types::RequestNumber;
    use app::domain::unit::UnitId;
    let world = service.world();
    let ctx = world.ctx();
    let at = Utc::now() - Duration::days(3);
    let number = RequestNumber::new(cst_date(at), RequestNumber::MAX_SEQUENCE)?;
    let (_, category, title, content, county, township) = MATTERS[0];
    let draft: RequestDraft = serde_json::from_value(json!({
        "channel": "phone", "type": "complaint", "category": category, "title": title, "content": content,
        "location": {"county": county, "township": township},
        "requester": {"name": "张三", "phone": "13900000000"},
    }))?;
    let refused = |r: app::domain::machine::Refusal| anyhow::anyhow!("template request: {r}");
    let agent = Actor::new(Role::Agent, Some(UnitId::parse("center")?), "agent");
    let handler = Actor::new(Role::Handler, Some(UnitId::parse("yining")?), "yining-handler");
    let reviewer = Actor::new(Role::Reviewer, Some(UnitId::parse("center")?), "reviewer");
    let (mut req, mut events) = Request::register(NewRequest { number, draft }, &agent, at, &ctx).map_err(refused)?;
    let step = |req: &mut Request, actor: &Actor, minutes: i64, c: Value| -> anyhow::Result<Vec<_>> {
        Ok(req.apply(command(c)?, actor, at + Duration::minutes(minutes), &ctx).map_err(refused)?)
    };
    events.extend(step(&mut req, &agent, 5, json!({"type": "dispatch", "targets": [{"unit": "yining", "role": "lead"}]}))?);
    events.extend(step(&mut req, &handler, 30, json!({"type": "acknowledge"}))?);
    let bundle = |req: &Request, events: &[app::domain::machine::Event]| -> anyhow::Result<crate::store::Bundle> {
        Ok((projection::request_row(req, &world)?, projection::assignment_rows(req, &world), projection::event_rows(events)?))
    };
    let handling = bundle(&req, &events)?;
    let handled_at = (at + Duration::minutes(120)).with_timezone(&cst()).to_rfc3339();
    events.extend(step(&mut req, &handler, 120, json!({"type": "submit_result",
        "result": {"handled_at": handled_at, "unit": "yining", "handler": "yining-handler",
                   "result": "已责令施工单位停止夜间施工。", "basis": "《中华人民共和国噪声污染防治法》",
                   "reply": {"method": "phone", "at": handled_at}},
        "case_filing": {"status": "not_filed", "reasons": "经核查未发现违法事实", "basis": "《行政处罚法》第四十条"}}))?);
    events.extend(step(&mut req, &reviewer, 150, json!({"type": "review_completion", "approve": true}))?);
    events.extend(step(&mut req, &Actor::citizen("requester"), 200, json!({"type": "rate", "rating": "satisfied"}))?);
    Ok((handling, bundle(&req, &events)?))
}
