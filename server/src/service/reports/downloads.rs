//! The workbooks staff download: an issued (or draft) monthly report, one
//! sheet per table; and an ad-hoc report (Art. 10 按需形成报告) — any
//! period, the viewer's scope, every indicator broken down one way. Each
//! download is audited.

use super::super::dashboard::scope_of;
use super::super::stats::Breakdown;
use super::super::{internal, Service};
use super::audit;
use super::xlsx::{workbook, Cell, Table};
use app::api::auth::StaffUser;
use app::api::reports::{ReportBackend, ReportView};
use app::api::AppError;
use app::domain::indicators::{Counters, Indicator, Period, RatingPoints, ValueKind};
use app::domain::report::RANKING_RULE;
use app::domain::types::AuditAction;
use chrono::Utc;

/// A downloaded file: its name and bytes.
pub type Download = (String, Vec<u8>);

/// What an ad-hoc report breaks its numbers down by, as its form names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdHocBy {
    Total,
    Unit,
    Rollup(Breakdown),
}

impl AdHocBy {
    pub fn parse(code: &str) -> Option<AdHocBy> {
        Some(match code {
            "" | "all" => AdHocBy::Total,
            "unit" => AdHocBy::Unit,
            "county" => AdHocBy::Rollup(Breakdown::County),
            "category" => AdHocBy::Rollup(Breakdown::Category),
            "type" => AdHocBy::Rollup(Breakdown::Type),
            "channel" => AdHocBy::Rollup(Breakdown::Channel),
            _ => return None,
        })
    }

    fn label(self) -> &'static str {
        match self {
            AdHocBy::Total => "合计",
            AdHocBy::Unit => "单位",
            AdHocBy::Rollup(Breakdown::County) => "县（市）",
            AdHocBy::Rollup(Breakdown::Category) => "类别",
            AdHocBy::Rollup(Breakdown::Type) => "诉求类型",
            AdHocBy::Rollup(Breakdown::Channel) => "渠道",
            AdHocBy::Rollup(Breakdown::Intake) => "受理时段",
            AdHocBy::Rollup(Breakdown::All) => "合计",
        }
    }
}

/// A value as its kind is written: rates as fractions, scores and counts as numbers.
fn value_cell(kind: ValueKind, value: Option<f64>) -> Cell {
    match kind {
        ValueKind::Rate => Cell::rate(value),
        ValueKind::Score | ValueKind::Count => Cell::number(value),
    }
}

/// The tables of a report, in the order it reads.
pub fn report_tables(v: &ReportView) -> Vec<Table> {
    let c = &v.content;
    let mut about = Table::new("概况", &["项目", "内容"]);
    for (k, val) in [
        ("报告", format!("{}{}月报", v.author, v.month_name)),
        ("报送", v.addressees.clone()),
        ("版本", v.status.clone()),
        ("更正原因", v.correction.clone().unwrap_or_default()),
        ("统计范围", c.scope.clone()),
        ("数据时间", super::super::china_time::minute(c.generated_at)),
    ] {
        about.row(vec![Cell::text(k), Cell::text(val)]);
    }
    about.row(vec![Cell::text("受理量"), Cell::count(c.registered)]);

    let mut indicators = Table::new("指标", &["指标", "分子", "分母", "本月", c.previous_name.as_str(), c.last_year_name.as_str()]);
    for i in &c.indicators {
        indicators.row(vec![
            Cell::text(i.label.clone()),
            Cell::Number(i.numerator),
            i.denominator.map(Cell::count).unwrap_or(Cell::Empty),
            value_cell(i.kind, i.value),
            value_cell(i.kind, i.previous),
            value_cell(i.kind, i.last_year),
        ]);
    }
    let counts = |name: &str, what: &str, lines: &[app::domain::report::CountLine]| {
        let mut t = Table::new(name, &[what, "受理量"]);
        for l in lines {
            t.row(vec![Cell::text(l.label.clone()), Cell::count(l.count)]);
        }
        t
    };
    let mut categories = Table::new("类别前十", &["类别", "本月", c.previous_name.as_str()]);
    for l in &c.top_categories {
        categories.row(vec![Cell::text(l.label.clone()), Cell::count(l.count), l.previous.map(Cell::count).unwrap_or(Cell::Empty)]);
    }
    let mut spots = Table::new("热点", &["地点", "关键词", "件数", "首次来电", "最近来电", "状态"]);
    for s in &c.hot_spots {
        spots.row(vec![
            Cell::text(s.place.clone()),
            Cell::text(s.words.join(" ")),
            Cell::Number(s.size as f64),
            Cell::text(s.first_day.clone()),
            Cell::text(s.last_day.clone()),
            Cell::text(if s.open { "处置中" } else { "已处置" }),
        ]);
    }
    let mut units = Table::new("单位排名", &["名次", "单位", "派单量", "响应率", "按时办结率", "满意率", "超期", "督办"]);
    for u in &c.units {
        units.row(vec![
            u.rank.map(|r| Cell::count(r)).unwrap_or(Cell::text("不排名")),
            Cell::text(u.name.clone()),
            Cell::count(u.dispatched),
            Cell::rate(u.response_rate),
            Cell::rate(u.on_time_rate),
            Cell::rate(u.satisfaction_rate),
            Cell::count(u.overdue),
            Cell::count(u.supervised),
        ]);
    }
    units.row(vec![Cell::text("说明"), Cell::text(RANKING_RULE)]);
    let mut cases = Table::new("典型案例", &["诉求编号", "类型", "类别", "承办单位", "状态", "入选理由"]);
    for k in &c.cases {
        cases.row(vec![
            Cell::text(k.number.clone()),
            Cell::text(k.request_type.clone()),
            Cell::text(k.category.clone()),
            Cell::text(k.units.join("、")),
            Cell::text(k.state.clone()),
            Cell::text(k.note.clone()),
        ]);
    }
    let mut texts = Table::new("简报", &["部分", "内容"]);
    texts.row(vec![Cell::text("工作简报"), Cell::text(v.briefing.clone())]);
    texts.row(vec![Cell::text("专报"), Cell::text(v.special.clone())]);
    vec![
        about,
        indicators,
        counts("按类型", "诉求类型", &c.by_type),
        counts("按渠道", "渠道", &c.by_channel),
        counts("按县市", "县（市）", &c.by_county),
        categories,
        spots,
        units,
        cases,
        texts,
    ]
}

/// One row per key: every indicator's numerator, denominator and value.
fn indicator_table(by: AdHocBy, rows: Vec<(String, Counters)>, points: &RatingPoints) -> Table {
    let mut header = vec![by.label().to_string()];
    for i in Indicator::ALL {
        if i.is_count() {
            header.push(i.label().to_string());
        } else {
            header.extend([format!("{}分子", i.label()), format!("{}分母", i.label()), i.label().to_string()]);
        }
    }
    let mut t = Table { name: "指标".into(), header, rows: Vec::new() };
    for (label, c) in rows {
        let mut cells = vec![Cell::text(label)];
        for i in Indicator::ALL {
            let tally = c.tally(*i, points);
            if i.is_count() {
                cells.push(Cell::Number(tally.numerator));
            } else {
                cells.extend([Cell::Number(tally.numerator), tally.denominator.map(Cell::count).unwrap_or(Cell::Empty), value_cell(ValueKind::of(*i), tally.value)]);
            }
        }
        t.row(cells);
    }
    t
}

impl Service {
    /// A report's workbook (the frozen numbers once issued).
    pub async fn report_xlsx(&self, session: &str, id: i64) -> Result<Download, AppError> {
        use app::api::auth::SessionBackend as _;
        let user = self.session_user(session).await?.ok_or(AppError::Unauthenticated)?;
        let view = self.report(&user, id).await?;
        let bytes = workbook(&report_tables(&view)).map_err(internal)?;
        let entry = audit(&user, AuditAction::DownloadReport, None, format!("report {id} v{} xlsx", view.number));
        self.store.audit(&entry).await.map_err(internal)?;
        Ok((format!("report-{}-v{}.xlsx", view.month, view.number), bytes))
    }

    /// An ad-hoc workbook of `period` (a period code) in the viewer's scope.
    pub async fn adhoc_xlsx(&self, session: &str, period: &str, by: &str) -> Result<Download, AppError> {
        use app::api::auth::SessionBackend as _;
        let user: StaffUser = self.session_user(session).await?.ok_or(AppError::Unauthenticated)?;
        let period = Period::parse_code(period).map_err(|e| AppError::on_field("period", e.message()))?;
        let by = AdHocBy::parse(by.trim()).ok_or_else(|| AppError::on_field("by", "请选择按什么分列：单位、县（市）、类别、诉求类型或渠道"))?;
        self.rollups_caught_up().await?;
        let world = self.world();
        let (scope, scope_name, top) = scope_of(&user, &world);
        let rows: Vec<(String, Counters)> = match by {
            AdHocBy::Total => vec![("合计".into(), self.whole(period, &scope).await?)],
            AdHocBy::Unit => self.units_below(period, top.as_ref(), &world).await?.into_iter().map(|(_, name, c)| (name, c)).collect(),
            AdHocBy::Rollup(b) => self.rollup(period, &scope, b).await.map_err(internal)?.into_iter().map(|(k, c)| (b.label(&k, &world), c)).collect(),
        };
        let mut about = Table::new("概况", &["项目", "内容"]);
        for (k, v) in [
            ("统计期间", format!("{}（{} 至 {}）", period.name(), period.from(), period.to())),
            ("统计范围", scope_name),
            ("分列", by.label().to_string()),
            ("数据时间", super::super::china_time::minute(Utc::now())),
        ] {
            about.row(vec![Cell::text(k), Cell::text(v)]);
        }
        let points = self.rating_points(period).await?;
        let bytes = workbook(&[about, indicator_table(by, rows, &points)]).map_err(internal)?;
        let entry = audit(&user, AuditAction::DownloadReport, None, format!("ad hoc {} by {}", period.code(), by.label()));
        self.store.audit(&entry).await.map_err(internal)?;
        Ok((format!("stats-{}.xlsx", period.code().replace("..", "_")), bytes))
    }
}
