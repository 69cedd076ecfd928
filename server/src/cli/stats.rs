//! `hotline stats` and `hotline export events`: the indicators of SPEC §7
//! checked from outside. Both outputs are contracts (README): `stats` prints
//! one JSON object, `export events` one JSON object per line.

use super::{block_on, emit, usage_error};
use crate::service::stats::StatsScope;
use app::domain::indicators::{Indicator, Period, Tally};
use app::domain::unit::UnitId;
use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

#[derive(clap::Args, Debug)]
pub struct PeriodArgs {
    /// The first day counted (CST), YYYY-MM-DD.
    #[arg(long)]
    pub from: String,
    /// The last day counted (CST), YYYY-MM-DD; at most five years after --from.
    #[arg(long)]
    pub to: String,
    /// Count as of this instant (RFC 3339) instead of now: whether an open
    /// request is overdue depends on it. Give the same to `stats` and
    /// `export events` to compare them.
    #[arg(long)]
    pub as_of: Option<DateTime<Utc>>,
}

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct StatsArgs {
    #[command(subcommand)]
    pub command: Option<StatsCommand>,
    /// The first day counted (CST), YYYY-MM-DD.
    #[arg(long)]
    pub from: Option<String>,
    /// The last day counted (CST), YYYY-MM-DD; at most five years after --from.
    #[arg(long)]
    pub to: Option<String>,
    /// Count as of this instant (RFC 3339) instead of now (see `export events`).
    #[arg(long)]
    pub as_of: Option<DateTime<Utc>>,
    /// Only the assignments held by this unit's subtree (lead or separate units).
    #[arg(long)]
    pub unit: Option<String>,
    /// Only the requests located in this county or city (e.g. 伊宁市).
    #[arg(long)]
    pub county: Option<String>,
}

#[derive(clap::Subcommand, Debug)]
pub enum StatsCommand {
    /// Count the rollups again from the stored events (stop the server first).
    Rebuild,
}

#[derive(clap::Subcommand, Debug)]
pub enum ExportCommand {
    /// Every counted event of the requests that count in the period, as JSON lines
    /// (no personal data, no free text).
    Events(PeriodArgs),
}

fn period_of(args: &PeriodArgs) -> Result<Period, i32> {
    Period::parse(&args.from, &args.to).map_err(|e| usage_error(e))
}

pub fn run_stats(args: &StatsArgs, url: &str) -> i32 {
    if let Some(StatsCommand::Rebuild) = args.command {
        return block_on(async {
            let service = super::service_for_cli(url).await?;
            let started = std::time::Instant::now();
            let n = service.rebuild_rollups(Utc::now()).await?;
            emit(format_args!("statistics rollups rebuilt from the events of {n} requests in {:.1} s", started.elapsed().as_secs_f64()));
            Ok(())
        });
    }
    let (Some(from), Some(to)) = (&args.from, &args.to) else {
        return usage_error("--from and --to are required (or: hotline stats rebuild)");
    };
    let period = match Period::parse(from, to) {
        Ok(p) => p,
        Err(e) => return usage_error(e),
    };
    let unit = match args.unit.as_deref().map(str::parse::<UnitId>).transpose() {
        Ok(u) => u,
        Err(e) => return usage_error(format!("invalid --unit: {e}")),
    };
    let county = args.county.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(String::from);
    let as_of = args.as_of.unwrap_or_else(Utc::now);
    block_on(async {
        let service = super::service_for_cli(url).await?;
        let scope = StatsScope { unit, county };
        let counters = service.recount(period, &scope, as_of).await?;
        let mut out = Map::new();
        out.insert("from".into(), period.from().to_string().into());
        out.insert("to".into(), period.to().to_string().into());
        out.insert("as_of".into(), cst_instant(as_of).into());
        out.insert("unit".into(), scope.unit.map(|u| u.to_string()).into());
        out.insert("county".into(), scope.county.into());
        let points = service.rating_points(period).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        for i in Indicator::ALL {
            out.insert(i.code().into(), tally_json(counters.tally(*i, &points)));
        }
        emit(Value::Object(out));
        Ok(())
    })
}

pub fn run_export(command: &ExportCommand, url: &str) -> i32 {
    let ExportCommand::Events(args) = command;
    let period = match period_of(args) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let as_of = args.as_of.unwrap_or_else(Utc::now);
    block_on(async {
        let service = super::service_for_cli(url).await?;
        let n = service
            .export_counted(period, as_of, |line| {
                emit(serde_json::to_string(line)?);
                Ok(())
            })
            .await?;
        eprintln!("{n} events of the requests counted from {} to {} as of {}", period.from(), period.to(), cst_instant(as_of));
        Ok(())
    })
}

/// An instant as people in Ili read it, to the second: `2026-11-30T17:22:40+08:00`.
fn cst_instant(at: DateTime<Utc>) -> String {
    at.with_timezone(&app::domain::deadline::cst()).to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// `{"numerator", "denominator", "value"}`, whole numbers without a decimal point.
fn tally_json(t: Tally) -> Value {
    json!({ "numerator": number(t.numerator), "denominator": t.denominator, "value": t.value.map(number) })
}

fn number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        json!(x as i64)
    } else {
        json!(x)
    }
}
