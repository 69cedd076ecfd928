//! Demo requests in every state, made by issuing the real commands through
//! the service at past instants, so that their events and clocks are genuine.

use crate::service::Service;
use app::api::auth::StaffUser;
use app::api::AppError;
use app::domain::deadline::{cst, cst_date};
use app::domain::machine::{Actor, Command, Target};
use app::domain::request::{AssignmentRole, CaseFiling, RedoChoice, RequestDraft, RequesterReply, ResultDraft};
use app::domain::types::{Rating, RejectionReason, Resolution, ReplyMethod, RequestType, Role};
use chrono::{DateTime, Duration, NaiveTime, Utc};
use serde_json::json;
use std::str::FromStr;

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
const MATTERS: &[(RequestType, &str, &str, &str, &str, &str)] = &[
    (RequestType::Complaint, "environment.noise", "夜间施工噪音扰民", "小区旁工地每天夜里十一点后仍在施工，噪音很大，影响休息，请有关部门查处。", "伊宁市", "墩买里街道"),
    (RequestType::Help, "urban.heating", "家中暖气不热", "本单元暖气一直不热，室温只有十二度左右，家里有老人，请帮助协调供热公司处理。", "伊宁市", "艾兰木巴格街道"),
    (RequestType::Consultation, "labour.social_card", "社保卡补办需要哪些材料", "社保卡丢失了，想咨询补办需要带哪些材料、在哪里办理、多长时间能拿到。", "霍城县", "水定镇"),
    (RequestType::Complaint, "labour.wages", "工地拖欠农民工工资", "在某建筑工地干了三个月活，老板一直拖欠工资不给，多次讨要无果。", "霍城县", "清水河镇"),
    (RequestType::Suggestion, "transport.taxi", "建议增加夜间公交线路", "城区晚上九点以后公交车很少，建议增加夜间线路，方便下夜班的群众出行。", "伊宁市", "墩买里街道"),
    (RequestType::Help, "urban.water", "小区停水两天未恢复", "小区从前天开始停水，至今没有恢复，也没有任何通知，生活很不方便。", "伊宁市", "艾兰木巴格街道"),
    (RequestType::Complaint, "market.consumer", "超市销售过期食品", "在某超市买的酸奶已经过期三天，要求退货被拒绝，请市场监管部门处理。", "伊宁市", "墩买里街道"),
    (RequestType::Consultation, "education", "小学入学报名时间", "孩子今年满六周岁，想咨询小学入学的报名时间和需要准备的材料。", "霍城县", "水定镇"),
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

/// A demo text parsed as the domain type it fills.
fn text<T: FromStr>(s: &str) -> Result<T, AppError>
where
    T::Err: std::fmt::Display,
{
    s.parse().map_err(|e| AppError::Invalid(format!("demo text {s:?}: {e}")))
}

fn approve() -> Command {
    Command::ReviewCompletion { approve: true, reason: None, units: Vec::new() }
}

/// A demo rating; the requester's answer to 问题是否解决 goes with how
/// satisfied they are.
fn rate(rating: Rating, comment: Option<&str>) -> Result<Command, AppError> {
    let resolution = match rating {
        Rating::VerySatisfied | Rating::Satisfied => Resolution::Resolved,
        Rating::BasicallySatisfied => Resolution::Partly,
        Rating::Dissatisfied | Rating::VeryDissatisfied => Resolution::Unresolved,
    };
    Ok(Command::Rate { rating, resolution: Some(resolution), comment: comment.map(text).transpose()? })
}

fn dispatch_to(unit: &str) -> Result<Command, AppError> {
    Ok(Command::Dispatch {
        targets: vec![Target { unit: text(unit)?, role: AssignmentRole::Lead }],
        for_explanation: false,
        vertical_exception: None,
        note: None,
    })
}

/// A complaint's case filing (Art. 22(3)): not filed, with reasons and basis.
fn not_filed() -> Result<CaseFiling, AppError> {
    Ok(CaseFiling::NotFiled { reasons: text("经核查未发现违法事实")?, basis: text("《行政处罚法》第四十条")? })
}

/// An Art. 22(1) result handled and answered by phone at `at`.
fn result_at(at: DateTime<Utc>, unit: &str, handler: &str, result: &str, basis: &str, summary: Option<&str>) -> Result<ResultDraft, AppError> {
    Ok(ResultDraft {
        handled_at: Some(at),
        unit: Some(text(unit)?),
        handler: Some(text(handler)?),
        result: Some(text(result)?),
        basis: Some(text(basis)?),
        reply: Some(RequesterReply { method: ReplyMethod::Phone, at, summary: summary.map(text).transpose()? }),
    })
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
        Stage::Answered => RequestType::Consultation,
        Stage::Registered | Stage::Rejected => kind,
        _ if kind == RequestType::Consultation => RequestType::Help,
        _ => kind,
    };
    let agent = staff("agent", Role::Agent, "center");
    let reviewer = staff("reviewer", Role::Reviewer, "center");
    let (unit, handler_name) = HANDLERS[i % HANDLERS.len()];
    let handler = staff(handler_name, Role::Handler, unit);
    let draft: RequestDraft = serde_json::from_value(json!({
        "channel": if i % 3 == 0 { "web" } else { "phone" },
        "type": kind.code(),
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
    // Most callers rate the call itself (Art. 24), mostly well: the front desk's assessment reads them.
    if i % 3 != 0 && i % 4 != 0 {
        let rating = [Rating::VerySatisfied, Rating::Satisfied, Rating::BasicallySatisfied, Rating::Satisfied, Rating::Dissatisfied][i % 5];
        s.apply_as(&Actor::citizen("requester"), None, &number, Command::RateCallService { rating, comment: None }, step(2)).await?;
    }
    match stage {
        Stage::Registered => return Ok(()),
        Stage::Rejected => {
            let c = Command::Reject {
                reason: Some(RejectionReason::OutOfScope),
                basis: Some(text("《自治州12345政务服务便民热线管理办法（试行）》第十二条第（一）项")?),
                note: None,
                handover: None,
            };
            s.apply_command_at(&agent, &number, c, step(5)).await?;
            return Ok(());
        }
        Stage::Answered => {
            let c = Command::Answer {
                entry: text("kb-social-card-01")?,
                answer: text("补办社保卡请携带本人身份证到就近的社保卡服务网点办理，现场制卡约二十分钟。")?,
            };
            s.apply_command_at(&agent, &number, c, step(3)).await?;
            return Ok(());
        }
        _ => {}
    }
    s.apply_command_at(&agent, &number, dispatch_to(unit)?, step(10)).await?;
    if stage == Stage::Dispatched {
        return Ok(());
    }
    if matches!(stage, Stage::ReturnRequested | Stage::Redispatch) {
        let c = Command::RequestReturn { reason: text("该事项不属于本单位职责范围")?, basis: text("本单位三定方案")? };
        s.apply_command_at(&handler, &number, c, step(30)).await?;
        if stage == Stage::Redispatch {
            let c = Command::DecideReturn { unit: text(unit)?, approve: true, reason: Some(text("经核实不属该单位职责，另行派单")?) };
            s.apply_command_at(&reviewer, &number, c, step(30)).await?;
        }
        return Ok(());
    }
    s.apply_command_at(&handler, &number, Command::Acknowledge {}, step(20)).await?;
    match stage {
        Stage::Handling => return Ok(()),
        Stage::Extended => {
            let c = Command::RequestExtension { reason: text("需协调多个部门现场核查")? };
            s.apply_command_at(&handler, &number, c, step(60)).await?;
            let c = Command::DecideExtension { approve: true, reason: None };
            s.apply_command_at(&reviewer, &number, c, step(30)).await?;
            return Ok(());
        }
        _ => {}
    }
    submit(s, &handler, &number, kind, unit, step(120), false).await?;
    if stage == Stage::CompletionReview {
        return Ok(());
    }
    s.apply_command_at(&reviewer, &number, approve(), step(30)).await?;
    let citizen = Actor::citizen("requester");
    if stage == Stage::Supplementary {
        let c = Command::Object { reason: text("答复未说明施工何时停止，请补充答复")?, unit: None };
        s.apply_as(&citizen, None, &number, c, step(60)).await?;
    }
    if matches!(stage, Stage::Closed | Stage::Supplementary) {
        return Ok(());
    }
    let first = if stage == Stage::Finished { Rating::Satisfied } else { Rating::Dissatisfied };
    s.apply_as(&citizen, None, &number, rate(first, None)?, step(60)).await?;
    if stage != Stage::Callback {
        return Ok(());
    }
    submit(s, &handler, &number, kind, unit, step(120), true).await?;
    s.apply_command_at(&reviewer, &number, approve(), step(30)).await?;
    s.apply_as(&citizen, None, &number, rate(Rating::VeryDissatisfied, Some("问题仍未解决"))?, step(60)).await?;
    Ok(())
}

async fn submit(
    s: &Service,
    handler: &StaffUser,
    number: &str,
    kind: RequestType,
    unit: &str,
    at: DateTime<Utc>,
    redo: bool,
) -> Result<(), AppError> {
    let c = Command::SubmitResult {
        result: result_at(
            at,
            unit,
            &handler.username,
            "经现场核查，已责成相关责任方整改，问题已得到处理。",
            "《中华人民共和国环境噪声污染防治法》等相关规定",
            Some("已电话告知诉求人办理结果"),
        )?,
        case_filing: if kind == RequestType::Complaint { Some(not_filed()?) } else { None },
        redo: redo.then_some(RedoChoice::TargetedAnswer),
    };
    s.apply_command_at(handler, number, c, at).await.map(|_| ())
}

/// One request registered by phone at `at` about the `matter`-th demo
/// matter (a consultation is taken as the next one: it is answered at
/// intake), made by the domain in memory, in two shapes the bulk preload
/// copies: dispatched to 伊宁市 and being handled; and finished (result
/// approved, rated satisfied).
pub fn template_bundles(service: &Service, at: DateTime<Utc>, matter: usize) -> anyhow::Result<(crate::store::Bundle, crate::store::Bundle)> {
    use crate::service::projection;
    use app::domain::request::{NewRequest, Request};
    use app::domain::types::RequestNumber;
    use app::domain::unit::UnitId;
    let world = service.world();
    let ctx = world.ctx();
    let number = RequestNumber::new(cst_date(at), RequestNumber::MAX_SEQUENCE)?;
    let dispatched = MATTERS.iter().cycle().skip(matter % MATTERS.len()).find(|m| m.0 != RequestType::Consultation);
    let (kind, category, title, content, county, township) = *dispatched.ok_or_else(|| anyhow::anyhow!("no matter to dispatch"))?;
    let draft: RequestDraft = serde_json::from_value(json!({
        "channel": "phone", "type": kind.code(), "category": category, "title": title, "content": content,
        "location": {"county": county, "township": township},
        "requester": {"name": "张三", "phone": "13900000000"},
    }))?;
    let refused = |r: app::domain::machine::Refusal| anyhow::anyhow!("template request: {r}");
    let agent = Actor::new(Role::Agent, Some(UnitId::parse("center")?), "agent");
    let handler = Actor::new(Role::Handler, Some(UnitId::parse("yining")?), "yining-handler");
    let reviewer = Actor::new(Role::Reviewer, Some(UnitId::parse("center")?), "reviewer");
    let (mut req, mut events) = Request::register(NewRequest { number, draft }, &agent, at, &ctx).map_err(refused)?;
    let step = |req: &mut Request, actor: &Actor, minutes: i64, c: Command| -> anyhow::Result<Vec<_>> {
        Ok(req.apply(c, actor, at + Duration::minutes(minutes), &ctx).map_err(refused)?)
    };
    events.extend(step(&mut req, &agent, 5, dispatch_to("yining")?)?);
    events.extend(step(&mut req, &handler, 30, Command::Acknowledge {})?);
    let bundle = |req: &Request, events: &[app::domain::machine::Event]| -> anyhow::Result<crate::store::Bundle> {
        Ok((projection::request_row(req, &world)?, projection::assignment_rows(req, &world), projection::event_rows(events)?))
    };
    let handling = bundle(&req, &events)?;
    let handled_at = at + Duration::minutes(120);
    let result = result_at(handled_at, "yining", "yining-handler", "已责令施工单位停止夜间施工。", "《中华人民共和国噪声污染防治法》", None)?;
    let case_filing = if kind == RequestType::Complaint { Some(not_filed()?) } else { None };
    let c = Command::SubmitResult { result, case_filing, redo: None };
    events.extend(step(&mut req, &handler, 120, c)?);
    events.extend(step(&mut req, &reviewer, 150, approve())?);
    events.extend(step(&mut req, &Actor::citizen("requester"), 200, rate(Rating::Satisfied, None)?)?);
    Ok((handling, bundle(&req, &events)?))
}
