//! The front desk's assessment (Art. 36 受理前台服务质量): once a month is
//! over, the center's reviewer draws a random sample of every agent's
//! registrations of that month (as many as the scheme in force says), once,
//! and reviews each on the checklist; an agent's score weighs the reviewed
//! sample with the callers' ratings of the month's calls (Art. 24). The
//! center and analysts read every agent's line; an agent reads their own.

use super::super::china_time::minute;
use super::super::{internal, Service};
use crate::store::{AuditEntry, SampleReview, SampleRow};
use app::api::auth::StaffUser;
use app::api::front_desk::{AgentLine, FrontDeskBackend, FrontDeskPage, ReviewLine, SampleLine, SampleReviewForm};
use app::api::AppError;
use app::domain::assessment::{agent_score, checklist_points, ranks, AgentMonth, FrontDeskRules};
use app::domain::deadline::cst_date;
use app::domain::indicators::RatingPoints;
use app::domain::machine::EventKind;
use app::domain::report::ReportMonth;
use app::domain::types::{AuditAction, FrontDeskCheck, RequestType, Role};
use chrono::Utc;
use rand::seq::SliceRandom;
use std::collections::{BTreeMap, BTreeSet};

/// The longest note a reviewer writes on a sample.
const NOTE_LIMIT: usize = 500;

fn parse_month(code: &str) -> Result<ReportMonth, AppError> {
    match code.trim() {
        "" => ReportMonth::last_before(cst_date(Utc::now())),
        code => ReportMonth::parse(code),
    }
    .map_err(|e| AppError::on_field("month", e.message()))
}

/// The checks a stored review passed (a JSON array of codes).
fn passed_checks(json: &str) -> BTreeSet<FrontDeskCheck> {
    serde_json::from_str::<Vec<String>>(json).unwrap_or_default().iter().filter_map(|c| FrontDeskCheck::parse(c).ok()).collect()
}

impl Service {
    /// The front-desk rules and rating points of the scheme in force in the
    /// month, with the scheme in words (the defaults when the year has none).
    async fn front_desk_rules(&self, month: ReportMonth) -> Result<(FrontDeskRules, RatingPoints, String), AppError> {
        Ok(match self.scheme_for(month.period()).await? {
            Some(v) => (v.scheme.front_desk.clone(), v.scheme.rating_points, self.scheme_summary(&v)),
            None => (FrontDeskRules::default(), RatingPoints::default(), "默认规则（本年度尚未设定考核方案）".into()),
        })
    }

    /// Who reads the front desk: an agent themself only (not their
    /// colleagues), the center's other staff and analysts every agent.
    fn front_desk_reader(&self, user: &StaffUser) -> Result<Option<String>, AppError> {
        if user.role == Role::Agent {
            Ok(Some(user.username.clone()))
        } else if self.assessment_reader(user).is_ok() {
            Ok(None)
        } else {
            Err(AppError::Forbidden("受理前台考核由热线管理中心开展".into()))
        }
    }

    /// Every agent's month: registrations, the call ratings, and `samples` (the month's) with their reviews.
    async fn agent_months(&self, month: ReportMonth, samples: &[SampleRow]) -> Result<BTreeMap<String, (u32, AgentMonth)>, AppError> {
        let (from, to) = super::instants(month.period());
        let mut agents: BTreeMap<String, (u32, AgentMonth)> = BTreeMap::new();
        for (agent, _) in self.store.agent_registrations(from, to).await.map_err(internal)? {
            agents.entry(agent).or_default().0 += 1;
        }
        for (agent, payload) in self.store.call_ratings(from, to).await.map_err(internal)? {
            if let Ok(EventKind::CallServiceRated { rating }) = serde_json::from_str::<EventKind>(&payload) {
                agents.entry(agent).or_default().1.call_ratings.push(rating);
            }
        }
        for s in samples {
            let m = &mut agents.entry(s.agent.clone()).or_default().1;
            m.sampled += 1;
            if let Some(passed) = &s.passed {
                m.reviewed.push(checklist_points(&passed_checks(passed)));
            }
        }
        Ok(agents)
    }

    fn sample_line(&self, s: SampleRow) -> SampleLine {
        let world = self.world();
        let kind = RequestType::parse(&s.request_type).map(|t| t.label().to_string()).unwrap_or_else(|_| s.request_type.clone());
        let category = s.category.as_ref().map(|c| world.category_name(c));
        let review = s.passed.as_ref().map(|p| {
            let passed = passed_checks(p);
            ReviewLine {
                points: checklist_points(&passed),
                failed: FrontDeskCheck::ALL.iter().filter(|c| !passed.contains(c)).map(|c| c.label().to_string()).collect(),
                note: s.note.clone(),
                by: format!("{} {}", world.staff_name(s.reviewed_by.as_deref().unwrap_or_default()), s.reviewed_at.map(minute).unwrap_or_default()),
            }
        });
        SampleLine {
            id: s.id,
            agent: world.staff_name(&s.agent),
            number: s.number,
            title: s.title,
            kind: [Some(kind), category].into_iter().flatten().collect::<Vec<_>>().join(" · "),
            review,
        }
    }
}

#[async_trait::async_trait]
impl FrontDeskBackend for Service {
    async fn front_desk(&self, user: &StaffUser, month: &str) -> Result<FrontDeskPage, AppError> {
        let only = self.front_desk_reader(user)?;
        let month = parse_month(month)?;
        let (rules, points, scheme) = self.front_desk_rules(month).await?;
        let samples = self.store.front_desk_samples(&month.code()).await.map_err(internal)?;
        let agents: Vec<(String, u32, _)> = self
            .agent_months(month, &samples)
            .await?
            .into_iter()
            .map(|(agent, (registered, m))| (agent, registered, agent_score(&rules, &m, &points)))
            .collect();
        let ranked = ranks(&agents.iter().map(|(_, _, s)| s.total).collect::<Vec<_>>());
        let world = self.world();
        let mut lines: Vec<(String, AgentLine)> = agents
            .into_iter()
            .zip(ranked)
            .map(|((agent, registered, score), rank)| (agent.clone(), AgentLine { rank, name: world.staff_name(&agent), registered, score }))
            .filter(|(agent, _)| only.as_ref().is_none_or(|me| me == agent))
            .collect();
        lines.sort_by(|a, b| a.1.rank.unwrap_or(u32::MAX).cmp(&b.1.rank.unwrap_or(u32::MAX)).then_with(|| a.1.name.cmp(&b.1.name)));
        let samples = samples
            .into_iter()
            .filter(|s| only.as_ref().is_none_or(|me| *me == s.agent))
            .map(|s| self.sample_line(s))
            .collect();
        let drawn = self.store.front_desk_draw(&month.code()).await.map_err(internal)?;
        let writer = self.scheme_writer(user);
        Ok(FrontDeskPage {
            month: month.code(),
            name: month.name(),
            previous: month.previous().code(),
            next: month.next().code(),
            rules: format!("每名话务员抽检 {} 件，话务服务评价占 {}%（{scheme}）", rules.sample_size, rules.call_weight),
            may_draw: writer && drawn.is_none() && month.is_over(cst_date(Utc::now())),
            drawn: drawn.map(|(by, at)| format!("{} 于 {} 抽取", world.staff_name(&by), minute(at))),
            agents: lines.into_iter().map(|(_, l)| l).collect(),
            samples,
            checks: FrontDeskCheck::choices(),
            may_review: writer,
        })
    }

    async fn draw_front_desk_sample(&self, user: &StaffUser, month: &str) -> Result<(), AppError> {
        if !self.scheme_writer(user) {
            return Err(AppError::Forbidden("受理前台抽检由热线管理中心审核员或管理员开展".into()));
        }
        let month = ReportMonth::parse(month).map_err(|e| AppError::on_field("month", e.message()))?;
        if !month.is_over(cst_date(Utc::now())) {
            return Err(AppError::refused(Some("month"), format!("{}尚未结束，月底后再抽检", month.name())));
        }
        let (rules, _, _) = self.front_desk_rules(month).await?;
        let (from, to) = super::instants(month.period());
        let mut by_agent: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        for (agent, id) in self.store.agent_registrations(from, to).await.map_err(internal)? {
            by_agent.entry(agent).or_default().push(id);
        }
        if by_agent.is_empty() {
            return Err(AppError::refused(Some("month"), format!("{}没有话务员登记的诉求，无可抽检", month.name())));
        }
        // Drawn by the server at random, so that no one chooses which calls are reviewed.
        // (The generator is not Send: it is gone before the next await.)
        let drawn: Vec<(String, i64)> = {
            let mut rng = rand::thread_rng();
            by_agent
                .iter()
                .flat_map(|(agent, ids)| ids.choose_multiple(&mut rng, rules.draws(ids.len())).map(move |id| (agent.clone(), *id)))
                .collect()
        };
        let now = Utc::now();
        let entry = AuditEntry {
            at: now,
            username: user.username.clone(),
            action: AuditAction::DrawFrontDeskSample,
            request_number: None,
            reason: None,
            detail: Some(format!("front desk {}: {} registrations of {} agents", month.code(), drawn.len(), by_agent.len())),
        };
        self.store
            .insert_front_desk_draw(&month.code(), &drawn, &user.username, now, entry)
            .await
            .map_err(internal)?
            .map(|_| ())
            .ok_or_else(|| AppError::refused(Some("month"), format!("{}已抽检，不再重复抽取", month.name())))
    }

    async fn review_front_desk_sample(&self, user: &StaffUser, form: SampleReviewForm) -> Result<(), AppError> {
        if !self.scheme_writer(user) {
            return Err(AppError::Forbidden("受理前台抽检由热线管理中心审核员或管理员评查".into()));
        }
        let (month, number) = self.store.front_desk_sample(form.sample).await.map_err(internal)?.ok_or_else(|| AppError::NotFound("抽检样本".into()))?;
        let mut passed = BTreeSet::new();
        for code in &form.passed {
            passed.insert(FrontDeskCheck::parse(code).map_err(|_| AppError::on_field("passed", "评查项不在清单中，请重新勾选"))?);
        }
        let note = form.note.trim();
        if note.chars().count() > NOTE_LIMIT {
            return Err(AppError::on_field("note", format!("评查意见不超过 {NOTE_LIMIT} 字")));
        }
        if passed.len() < FrontDeskCheck::ALL.len() && note.is_empty() {
            return Err(AppError::on_field("note", "有未达标的评查项，请写明问题"));
        }
        let codes: Vec<&str> = passed.iter().map(|c| c.code()).collect();
        let passed_json = serde_json::to_string(&codes).map_err(internal)?;
        let now = Utc::now();
        let entry = AuditEntry {
            at: now,
            username: user.username.clone(),
            action: AuditAction::ReviewFrontDeskSample,
            request_number: Some(number),
            reason: None,
            detail: Some(format!("front desk {month}: {} of {} checks passed", passed.len(), FrontDeskCheck::ALL.len())),
        };
        let review = SampleReview { id: form.sample, passed: &passed_json, note: (!note.is_empty()).then_some(note), by: &user.username };
        if self.store.review_front_desk_sample(review, now, entry).await.map_err(internal)? {
            Ok(())
        } else {
            Err(AppError::refused(None, "该样本已评查，不再重复评查".into()))
        }
    }
}
