//! The assessment (Art. 36–37): the center's reviewers and administrators
//! set each year's scheme as versions; the center and analysts read every
//! assessed unit's score of any period under the version in force on its
//! first day — the units just below the center (departments, counties), each
//! with its whole subtree, read from the same rollups as the dashboard.
//! A unit reads its own results once they are published, and may appeal
//! them (`appeals.rs`); upheld appeals take their requests out of the
//! indicators they name, in every score read afterwards.

mod appeals;
mod front_desk;

use super::china_time::minute;
use super::stats::{Breakdown, RollupScope};
use super::{internal, Service};
use crate::store::{AuditEntry, StaffNoticeRow};
use app::api::assessment::{AssessmentBackend, ItemLine, PublicationLine, PublicationView, SchemePage, ScoreDetail, ScoreRow, ScoresPage};
use app::api::auth::StaffUser;
use app::api::dashboard::PeriodView;
use app::api::AppError;
use super::jobs::indexer::entry_is_read;
use app::domain::assessment::{ranks, score, CorrectionKind, KnowledgeUpkeep, Publication, Scheme, SchemeForm, SchemeVersion, ScoreCard, UnitPeriod, UnitResult};
use app::domain::deadline::{cst_date, end_of_day};
use app::domain::knowledge::is_stale;
use app::domain::indicators::{Counter, Counters, Indicator, Period, RatingPoints, ValueKind};
use app::domain::report::ReportMonth;
use app::domain::types::{AuditAction, RequestNumber, Role};
use app::domain::unit::UnitId;
use chrono::{Datelike, Utc};
use std::collections::BTreeMap;

/// The notice kind of a publication; its `request_number` holds the publication's id.
pub const PUBLICATION_NOTICE: &str = "assessment";
/// An upheld appeal's correction: this request leaves this indicator for this unit.
/// An upheld appeal's correction: this unit's request in this indicator, left out or counted again.
type Correction = (UnitId, RequestNumber, Indicator, CorrectionKind);

/// How many publications the list shows.
const PUBLICATIONS_LISTED: i64 = 60;

/// How an indicator's target and floor are entered.
fn entered_as(i: Indicator) -> &'static str {
    match ValueKind::of(i) {
        ValueKind::Rate => "%",
        ValueKind::Score => "分",
        ValueKind::Count => "件",
    }
}

/// A period's knowledge-base facts (Art. 36), read once for every unit:
/// each version staff wrote (the writer's unit, whether it began its
/// entry), and the owning unit of each entry stale at the period's end.
struct KnowledgeFacts {
    written: Vec<(String, bool)>,
    stale_owners: Vec<String>,
}

/// A period's first instant and the instant after it (China time).
fn instants(period: Period) -> (chrono::DateTime<Utc>, chrono::DateTime<Utc>) {
    (end_of_day(period.from().pred_opt().unwrap_or(period.from())), end_of_day(period.to()))
}

fn score_row(unit: UnitId, name: String, rank: Option<u32>, c: &ScoreCard) -> ScoreRow {
    ScoreRow { rank, unit: unit.to_string(), name, total: c.total, base: c.base, bonus: c.bonus, deduction: c.deduction }
}

/// A unit's score card in words: each item's value with what it was made of.
fn detail_of(unit: &UnitId, name: String, period: Period, scheme: String, card: &ScoreCard) -> ScoreDetail {
    let items = card
        .items
        .iter()
        .map(|i| {
            let kind = ValueKind::of(i.indicator);
            let made_of = match i.denominator {
                Some(d) => format!("（{} / {d}）", i.numerator),
                None => String::new(),
            };
            ItemLine {
                code: i.indicator.code().into(),
                label: i.indicator.label().into(),
                weight: i.weight,
                target: kind.show(Some(i.target)),
                floor: kind.show(Some(i.floor)),
                value: i.value.map(|v| format!("{}{made_of}", kind.show(Some(v)))).unwrap_or_else(|| "无数据".into()),
                points: i.points,
                excluded: match (i.excluded, i.recounted) {
                    (0, 0) => None,
                    (e, 0) => Some(format!("不计 {e} 件（申诉成立）")),
                    (0, r) => Some(format!("按达标重新计算 {r} 件（申诉成立）")),
                    (e, r) => Some(format!("不计 {e} 件、按达标重新计算 {r} 件（申诉成立）")),
                },
            }
        })
        .collect();
    ScoreDetail {
        unit: unit.to_string(),
        name,
        period: PeriodView::of(period),
        scheme,
        items,
        base: card.base,
        bonuses: card.bonuses.clone(),
        bonus: card.bonus,
        deductions: card.deductions.clone(),
        deduction: card.deduction,
        total: card.total,
    }
}

/// `得分 86.50，第 3 名` (or why not).
fn own_line(r: &UnitResult) -> String {
    match (r.card.total, r.rank) {
        (Some(t), Some(n)) => format!("得分 {t:.2}，第 {n} 名"),
        _ => "本期无可评价数据，不计分".into(),
    }
}

/// A notice to each unit of a publication (its subject the publication, set when stored).
fn notices_to_units(p: &Publication, body: impl Fn(&UnitResult) -> String) -> Vec<StaffNoticeRow> {
    p.results
        .iter()
        .map(|r| StaffNoticeRow { unit_id: r.unit.to_string(), kind: PUBLICATION_NOTICE.into(), request_number: String::new(), body: body(r) })
        .collect()
}

impl Service {
    /// The results to publish: every assessed unit's card and rank.
    async fn unit_results(&self, period: Period, scheme: &SchemeVersion, corrections: &[Correction]) -> Result<Vec<UnitResult>, AppError> {
        Ok(self
            .score_units(period, scheme, corrections)
            .await?
            .into_iter()
            .map(|(unit, name, rank, card)| UnitResult { unit, name, rank, card })
            .collect())
    }

    /// Every assessed unit's score card of the period, with its rank, the
    /// `corrections` taken out.
    async fn score_units(&self, period: Period, scheme: &SchemeVersion, corrections: &[Correction]) -> Result<Vec<(UnitId, String, Option<u32>, ScoreCard)>, AppError> {
        self.rollups_caught_up().await?;
        let points = scheme.scheme.rating_points;
        let knowledge = self.knowledge_facts(period).await?;
        let mut cards: Vec<(UnitId, String, ScoreCard)> = Vec::new();
        for (unit, name) in self.assessed_units() {
            let card = score(&scheme.scheme, &self.unit_period(period, &unit, corrections, &knowledge).await?, &points);
            cards.push((unit, name, card));
        }
        let totals: Vec<Option<f64>> = cards.iter().map(|(_, _, c)| c.total).collect();
        let mut out: Vec<(UnitId, String, Option<u32>, ScoreCard)> = cards.into_iter().zip(ranks(&totals)).map(|((u, n, c), r)| (u, n, r, c)).collect();
        out.sort_by(|a, b| a.2.unwrap_or(u32::MAX).cmp(&b.2.unwrap_or(u32::MAX)).then_with(|| a.1.cmp(&b.1)));
        Ok(out)
    }

    /// The assessed unit a staff member belongs to: their unit's ancestor just below the center.
    fn assessed_of(&self, user: &StaffUser) -> Option<UnitId> {
        let world = self.world();
        let mut unit = world.units.get(&UnitId::parse(&user.unit_id).ok()?)?;
        while let Some(parent) = unit.parent.as_ref().and_then(|p| world.units.get(p)) {
            if parent.parent.is_none() {
                return Some(unit.id.clone());
            }
            unit = parent;
        }
        None
    }

    fn publication_summary(&self, p: &Publication) -> String {
        let by = self.world().staff_name(&p.by);
        format!("{}考核结果（第{}版，{} {} 通报）", p.period.name(), p.version, minute(p.at), by)
    }

    /// The center's staff and analysts read scores; its reviewers and administrators set schemes.
    fn assessment_reader(&self, user: &StaffUser) -> Result<(), AppError> {
        if self.world().is_root(&user.unit_id) || user.role == Role::Analyst {
            Ok(())
        } else {
            Err(AppError::Forbidden("考核结果由热线管理中心公布后，承办单位方可查看本单位得分".into()))
        }
    }

    fn scheme_writer(&self, user: &StaffUser) -> bool {
        self.world().is_root(&user.unit_id) && matches!(user.role, Role::Reviewer | Role::Admin)
    }

    async fn scheme_versions(&self, year: i32) -> Result<Vec<SchemeVersion>, AppError> {
        let mut versions = Vec::new();
        for s in self.store.schemes(year).await.map_err(internal)? {
            versions.push(serde_json::from_str(&s).map_err(internal)?);
        }
        Ok(versions)
    }

    fn scheme_summary(&self, v: &SchemeVersion) -> String {
        let by = self.world().staff_name(&v.by);
        format!("{}年第{}版，{} 起施行（{} {}）", v.scheme.year, v.version, v.in_force_from, by, minute(v.at))
    }

    async fn scheme_page(&self, user: &StaffUser, year: i32) -> Result<SchemePage, AppError> {
        let versions = self.scheme_versions(year).await?;
        let form = versions.last().map(|v| v.scheme.form()).unwrap_or_else(|| Scheme::standard(year).form());
        Ok(SchemePage {
            year,
            versions: versions.iter().map(|v| self.scheme_summary(v)).collect(),
            form,
            indicators: Indicator::ALL.iter().map(|i| (i.code().into(), i.label().into(), entered_as(*i).into())).collect(),
            may_write: self.scheme_writer(user),
        })
    }

    /// A period code, or last month when empty.
    fn scored_period(code: &str) -> Result<Period, AppError> {
        let period = match code.trim() {
            "" => ReportMonth::last_before(cst_date(Utc::now())).map(|m| m.period()).map_err(|e| AppError::on_field("period", e.message())),
            code => Period::parse_code(code).map_err(|e| AppError::on_field("period", e.message())),
        }?;
        Ok(period)
    }

    /// What one unit did in the period, for its score, less what the
    /// `corrections` of this unit take out; `knowledge`: the period's
    /// knowledge-base facts, read once for every unit.
    async fn unit_period(&self, period: Period, unit: &UnitId, corrections: &[Correction], knowledge: &KnowledgeFacts) -> Result<UnitPeriod, AppError> {
        let scope = RollupScope::Unit(unit.clone());
        let dispatched = |m: BTreeMap<String, Counters>| m.into_iter().map(|(k, c)| (k, c.get(Counter::Dispatched))).collect();
        let mut done = UnitPeriod {
            counters: self.whole(period, &scope).await?,
            by_category: dispatched(self.rollup(period, &scope, Breakdown::Category).await.map_err(internal)?),
            by_category_last_year: dispatched(self.rollup(period.a_year_before(), &scope, Breakdown::Category).await.map_err(internal)?),
            ..UnitPeriod::default()
        };
        done.knowledge = self.knowledge_upkeep(knowledge, unit);
        for (_, number, indicator, kind) in corrections.iter().filter(|(u, ..)| u == unit) {
            let counted = self.counted_in(unit, period, number, *indicator).await?;
            match kind {
                CorrectionKind::Exclude => done.exclude(*indicator, &counted),
                // An indicator without a recount cannot be upheld so (the domain refuses it).
                CorrectionKind::Recount => {
                    done.recount(*indicator, &counted);
                }
            }
        }
        Ok(done)
    }

    /// The period's knowledge-base facts (Art. 36): the versions staff
    /// wrote in it, and the owners of the entries stale at its end. An entry
    /// reviewed since counts as it stands: its earlier review is not kept.
    async fn knowledge_facts(&self, period: Period) -> Result<KnowledgeFacts, AppError> {
        let (from, end) = instants(period);
        let written = self.store.knowledge_written(from, end).await.map_err(internal)?;
        let stale_days = super::knowledge::stale_days();
        let stale_owners = self
            .store
            .all_knowledge()
            .await
            .map_err(internal)?
            .into_iter()
            .filter(|e| entry_is_read(e, period.to()) && is_stale(e.reviewed_at, end, stale_days))
            .filter_map(|e| e.unit_id)
            .collect();
        Ok(KnowledgeFacts { written, stale_owners })
    }

    /// The entries the unit's subtree added and revised, and those of its own stale.
    fn knowledge_upkeep(&self, facts: &KnowledgeFacts, unit: &UnitId) -> KnowledgeUpkeep {
        let world = self.world();
        let ours = |u: &str| UnitId::parse(u).is_ok_and(|u| world.units.is_within(&u, unit));
        let mut upkeep = KnowledgeUpkeep::default();
        for (_, new) in facts.written.iter().filter(|(writer, _)| ours(writer)) {
            *(if *new { &mut upkeep.added } else { &mut upkeep.revised }) += 1;
        }
        upkeep.stale = facts.stale_owners.iter().filter(|o| ours(o)).count() as u64;
        upkeep
    }

    /// What a request counted for a unit's subtree in the period in the
    /// indicator's numerator and denominator, as the rollups hold it (empty:
    /// it did not count).
    async fn counted_in(&self, unit: &UnitId, period: Period, number: &RequestNumber, indicator: Indicator) -> Result<Counters, AppError> {
        let Some(request) = self.store.load_request(&number.to_string()).await.map_err(internal)? else {
            return Ok(Counters::default());
        };
        let world = self.world();
        let of_indicator = indicator.counters();
        let mut counted = Counters::default();
        for f in self.held_facts(request.id).await.map_err(internal)? {
            let mine = f.unit.as_ref().is_some_and(|u| world.units.is_within(u, unit));
            if mine && period.contains(f.day) && of_indicator.contains(&f.counter) {
                counted.add(f.counter, f.amount);
            }
        }
        Ok(counted)
    }

    /// The satisfaction score's points for reading a period (SPEC §7: set
    /// in the scheme): those of the version in force on its first day, or
    /// the default when the year has none.
    pub(crate) async fn rating_points(&self, period: Period) -> Result<RatingPoints, AppError> {
        Ok(self.scheme_for(period).await?.map(|v| v.scheme.rating_points).unwrap_or_default())
    }

    /// The version scoring `period`, or a clear refusal.
    async fn scheme_for(&self, period: Period) -> Result<Option<SchemeVersion>, AppError> {
        let versions = self.scheme_versions(period.from().year()).await?;
        Ok(SchemeVersion::in_force(&versions, period).cloned())
    }

    /// The assessed units: those just below the center, active.
    fn assessed_units(&self) -> Vec<(UnitId, String)> {
        let world = self.world();
        let root = world.units.root().map(|u| u.id.clone());
        world.units.iter().filter(|u| u.active && u.parent.is_some() && u.parent == root).map(|u| (u.id.clone(), u.name.to_string())).collect()
    }
}

#[async_trait::async_trait]
impl AssessmentBackend for Service {
    async fn assessment_scheme(&self, user: &StaffUser, year: &str) -> Result<SchemePage, AppError> {
        self.assessment_reader(user)?;
        let year = match year.trim() {
            "" => cst_date(Utc::now()).year(),
            y => y.parse::<i32>().ok().filter(|y| (2000..=2100).contains(y)).ok_or_else(|| AppError::on_field("year", "请填写考核年度，如 2026"))?,
        };
        self.scheme_page(user, year).await
    }

    async fn save_scheme(&self, user: &StaffUser, form: SchemeForm) -> Result<SchemePage, AppError> {
        if !self.scheme_writer(user) {
            return Err(AppError::Forbidden("考核方案由热线管理中心审核员或管理员设定".into()));
        }
        let (scheme, in_force_from) = form.parse().map_err(AppError::Fields)?;
        let year = scheme.year;
        let version = self.scheme_versions(year).await?.last().map(|v| v.version).unwrap_or(0) + 1;
        let now = Utc::now();
        let v = SchemeVersion { version, in_force_from, scheme, by: user.username.clone(), at: now };
        let snapshot = serde_json::to_string(&v).map_err(internal)?;
        let entry = AuditEntry {
            at: now,
            username: user.username.clone(),
            action: AuditAction::SchemeChange,
            request_number: None,
            reason: None,
            detail: Some(format!("scheme {year} v{version} in force from {in_force_from}")),
        };
        self.store
            .insert_scheme(year, i64::from(version), &in_force_from.to_string(), &snapshot, now, entry)
            .await
            .map_err(internal)?
            .ok_or(AppError::Conflict)?;
        self.scheme_page(user, year).await
    }

    async fn assessment_scores(&self, user: &StaffUser, period: &str) -> Result<ScoresPage, AppError> {
        self.assessment_reader(user)?;
        let period = Service::scored_period(period)?;
        let Some(scheme) = self.scheme_for(period).await? else {
            return Ok(ScoresPage { period: PeriodView::of(period), scheme: None, rows: Vec::new(), published: None, may_publish: false });
        };
        let corrections = self.corrections(period, None).await?;
        let rows = self.score_units(period, &scheme, &corrections).await?.into_iter().map(|(unit, name, rank, c)| score_row(unit, name, rank, &c)).collect();
        let published = self.store.publication_of(&period.code()).await.map_err(internal)?.map(|p| p.id);
        Ok(ScoresPage { period: PeriodView::of(period), scheme: Some(self.scheme_summary(&scheme)), rows, published, may_publish: self.scheme_writer(user) })
    }

    async fn assessment_detail(&self, user: &StaffUser, period: &str, unit: &str) -> Result<ScoreDetail, AppError> {
        self.assessment_reader(user)?;
        let period = Service::scored_period(period)?;
        let (unit, name) = self
            .assessed_units()
            .into_iter()
            .find(|(u, _)| u.as_str() == unit)
            .ok_or_else(|| AppError::NotFound("被考核单位".into()))?;
        let scheme = self
            .scheme_for(period)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("{}年的考核方案", period.from().year())))?;
        self.rollups_caught_up().await?;
        let corrections = self.corrections(period, None).await?;
        let knowledge = self.knowledge_facts(period).await?;
        let card = score(&scheme.scheme, &self.unit_period(period, &unit, &corrections, &knowledge).await?, &scheme.scheme.rating_points);
        Ok(detail_of(&unit, name, period, self.scheme_summary(&scheme), &card))
    }

    async fn publish_assessment(&self, user: &StaffUser, period: &str) -> Result<i64, AppError> {
        if !self.scheme_writer(user) {
            return Err(AppError::Forbidden("考核结果由热线管理中心审核员或管理员通报".into()));
        }
        let period = Period::parse_code(period).map_err(|e| AppError::on_field("period", e.message()))?;
        if let Some(done) = self.store.publication_of(&period.code()).await.map_err(internal)? {
            let p: Publication = serde_json::from_str(&done.snapshot).map_err(internal)?;
            return Err(AppError::refused(Some("period"), format!("{}已通报，不再重复通报", self.publication_summary(&p))));
        }
        let scheme = self
            .scheme_for(period)
            .await?
            .ok_or_else(|| AppError::refused(Some("period"), format!("{}年尚未设定考核方案", period.from().year())))?;
        let corrections = self.corrections(period, None).await?;
        let results = self.unit_results(period, &scheme, &corrections).await?;
        let now = Utc::now();
        let publication = Publication::new(period, self.scheme_summary(&scheme), results, &user.username, now, &self.world().calendar)
            .map_err(|e| AppError::refused(Some("period"), e.message()))?;
        let until = publication.appeal_until.format("%-m月%-d日");
        let notices = notices_to_units(&publication, |r| format!("{}考核结果已通报：{}。如有异议，可于{until}前（含）申诉。", period.name(), own_line(r)));
        let snapshot = serde_json::to_string(&publication).map_err(internal)?;
        let entry = AuditEntry {
            at: now,
            username: user.username.clone(),
            action: AuditAction::PublishAssessment,
            request_number: None,
            reason: None,
            detail: Some(format!("assessment {} v1, {} units", period.code(), publication.results.len())),
        };
        self.store
            .insert_publication(&period.code(), 1, &snapshot, now, &notices, entry)
            .await
            .map_err(internal)?
            .ok_or_else(|| AppError::refused(Some("period"), format!("{}考核结果已通报，不再重复通报", period.name())))
    }

    async fn assessment_publications(&self, user: &StaffUser) -> Result<Vec<PublicationLine>, AppError> {
        let reader = self.assessment_reader(user).is_ok();
        let mine = self.assessed_of(user);
        if !reader && mine.is_none() {
            return Err(AppError::Forbidden("考核结果只向热线管理中心和被考核单位公布".into()));
        }
        let mut lines = Vec::new();
        for row in self.store.publications(PUBLICATIONS_LISTED).await.map_err(internal)? {
            let p: Publication = serde_json::from_str(&row.snapshot).map_err(internal)?;
            let own = mine.as_ref().and_then(|u| p.result_of(u)).map(own_line);
            lines.push(PublicationLine { id: row.id, summary: self.publication_summary(&p), own });
        }
        Ok(lines)
    }

    async fn assessment_publication(&self, user: &StaffUser, id: i64) -> Result<PublicationView, AppError> {
        let reader = self.assessment_reader(user).is_ok();
        let mine = self.assessed_of(user);
        let row = self.store.publication(id).await.map_err(internal)?.ok_or_else(|| AppError::NotFound("考核通报".into()))?;
        let p: Publication = serde_json::from_str(&row.snapshot).map_err(internal)?;
        let own = mine.as_ref().and_then(|u| p.result_of(u));
        if !reader && own.is_none() {
            return Err(AppError::NotFound("考核通报".into()));
        }
        let today = cst_date(Utc::now());
        let until = p.appeal_until.format("%Y年%-m月%-d日");
        let appeal = if p.appeal_open(today) { format!("可于{until}前（含）申诉（第三十八条）") } else { format!("申诉期已于{until}届满") };
        // The center sees every unit; a unit only its own line.
        let rows = p
            .results
            .iter()
            .filter(|r| reader || Some(&r.unit) == mine.as_ref())
            .map(|r| score_row(r.unit.clone(), r.name.clone(), r.rank, &r.card))
            .collect();
        let latest = self.store.publication_of(&p.period.code()).await.map_err(internal)?.map(|l| l.id);
        Ok(PublicationView {
            id,
            summary: self.publication_summary(&p),
            appeal,
            appeal_until: until.to_string(),
            rows,
            own: own.map(|r| detail_of(&r.unit, r.name.clone(), p.period, p.scheme.clone(), &r.card)),
            superseded_by: latest.filter(|l| *l != id),
            may_appeal: own.is_some_and(|r| r.unit.as_str() == user.unit_id) && user.role == Role::UnitAdmin && p.appeal_open(today),
        })
    }
}
