//! `hotline deadline`: the calendar checked from outside. Its JSON output is
//! a contract: `due` is the end of the last allowed day, `…T23:59:59+08:00`.

use super::{usage_error, EXIT_FAILED, EXIT_OK};
use app::domain::calendar::WorkCalendar;
use app::domain::deadline::{cst_date, deadline_with_extensions, festival_note, notify_by, TimeLimit};
use chrono::{DateTime, Utc};

#[derive(clap::Args, Debug)]
pub struct DeadlineArgs {
    /// consultation | complaint | help | suggestion | emergency | return | redo | appeal
    #[arg(long)]
    pub rule: String,
    /// The start instant, RFC 3339 (e.g. 2024-09-23T09:00:00+08:00).
    #[arg(long)]
    pub from: String,
    /// Approved extensions (Art. 20: at most 2; none for emergency, return, redo, appeal).
    #[arg(long, default_value = "0")]
    pub extensions: String,
}

pub fn run(args: &DeadlineArgs, database_url: &str) -> i32 {
    let Some(limit) = TimeLimit::parse(args.rule.trim()) else {
        return usage_error(format!(
            "unknown rule {:?}; expected one of {}",
            args.rule,
            TimeLimit::RULE_CODES.join(", ")
        ));
    };
    let from = match DateTime::parse_from_rfc3339(args.from.trim()) {
        Ok(t) => t.with_timezone(&Utc),
        Err(e) => return usage_error(format!("invalid --from {:?}: {e} (expected RFC 3339)", args.from)),
    };
    let extensions: u8 = match args.extensions.trim().parse() {
        Ok(n) => n,
        Err(_) => return usage_error(format!("invalid --extensions {:?}: expected 0, 1 or 2", args.extensions)),
    };
    let cal = calendar_for_cli(database_url);
    let due = match deadline_with_extensions(&cal, limit, from, extensions) {
        Ok(d) => d,
        Err(refused) => {
            eprintln!("{refused}");
            return EXIT_FAILED;
        }
    };
    let mut out = serde_json::json!({
        "rule": args.rule.trim(),
        "article": limit.article(),
        "from": from.with_timezone(&app::domain::deadline::cst()).to_rfc3339(),
        "working_days": limit.working_days(),
        "extensions": extensions,
        "last_day": due.last_day.to_string(),
        "due": due.due_rfc3339(),
    });
    if let Some(note) = festival_note(&cal, cst_date(from), due.last_day) {
        out["explanation"] = note.into();
    }
    if limit == TimeLimit::Emergency {
        out["notify_by"] = notify_by(from).with_timezone(&app::domain::deadline::cst()).to_rfc3339().into();
    }
    if !due.is_certain() {
        let years: Vec<String> = due.assumed_years.iter().map(|y| y.to_string()).collect();
        let warning = format!(
            "no calendar data for year {}: a national or Xinjiang regional holiday notice is missing; the days it would declare were counted as plain weeks (fixed-date holidays 1 Jan, 1–2 May, 1–3 Oct kept), import the notice with `hotline calendar import`",
            years.join(", ")
        );
        eprintln!("warning: {warning}");
        out["calendar_warning"] = warning.into();
    }
    super::emit(out);
    EXIT_OK
}

/// The calendar with whatever has been imported into the store; the shipped
/// data alone when there is no database yet.
pub(super) fn calendar_for_cli(database_url: &str) -> WorkCalendar {
    if database_url.starts_with("sqlite:") && !sqlite_file_exists(database_url) {
        return WorkCalendar::builtin();
    }
    let loaded = super::block_on_value(async {
        let store = crate::store::Store::connect(database_url).await?;
        store.migrate().await?;
        store.calendar().await
    });
    match loaded {
        Ok(cal) => cal,
        Err(e) => {
            eprintln!("warning: cannot read imported calendar data ({e:#}); using the shipped notices only");
            WorkCalendar::builtin()
        }
    }
}

fn sqlite_file_exists(url: &str) -> bool {
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or_default();
    std::path::Path::new(path).exists()
}
