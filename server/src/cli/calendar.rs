//! `hotline calendar show|import`.

use super::{block_on, usage_error, EXIT_FAILED, EXIT_OK};
use app::domain::calendar::{HolidayNotice, Layer};

#[derive(clap::Subcommand, Debug)]
pub enum CalendarCommand {
    /// Print a year's off days and adjusted working days.
    Show { year: String },
    /// Import a notice in the holiday-cn JSON format.
    Import {
        file: std::path::PathBuf,
        /// national (the State Council notice) or regional (overrides national)
        #[arg(long, default_value = "national")]
        layer: String,
    },
}

pub fn run(command: CalendarCommand, database_url: &str) -> i32 {
    match command {
        CalendarCommand::Show { year } => show(&year, database_url),
        CalendarCommand::Import { file, layer } => import(&file, &layer, database_url),
    }
}

fn show(year: &str, database_url: &str) -> i32 {
    let year: i32 = match year.trim().parse() {
        Ok(y) if (1900..=2200).contains(&y) => y,
        _ => return usage_error(format!("invalid year {year:?}")),
    };
    let cal = super::deadline::calendar_for_cli(database_url);
    if !cal.covers(year) {
        eprintln!("no calendar data for year {year}; import the State Council notice with `hotline calendar import FILE`");
        return EXIT_FAILED;
    }
    if cal.is_known(year) {
        super::emit(format_args!("{year}: national and regional notices loaded"));
    } else {
        super::emit(format_args!(
            "{year}: national notice loaded; no Xinjiang regional notice (counts in {year} are flagged), import it with `hotline calendar import FILE --layer regional`"
        ));
    }
    for (layer, day) in cal.declared_in(year) {
        let what = if day.off { "off" } else { "working (adjusted)" };
        super::emit(format_args!("{}\t{}\t{}\t{}", day.date, what, day.name, layer.code()));
    }
    EXIT_OK
}

fn import(file: &std::path::Path, layer: &str, database_url: &str) -> i32 {
    let Some(layer) = Layer::parse(layer.trim()) else {
        return usage_error(format!("invalid --layer {layer:?}; expected national or regional"));
    };
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => return usage_error(format!("cannot read {}: {e}", file.display())),
    };
    let notice = match HolidayNotice::parse(&text) {
        Ok(n) => n,
        Err(e) => return usage_error(format!("{}: {e}", file.display())),
    };
    let source = file.display().to_string();
    block_on(async move {
        let store = crate::store::Store::connect(database_url).await?;
        store.migrate().await?;
        store.import_notice(&notice, layer, &source).await?;
        super::emit(format_args!("imported {} days of {} into the {} layer", notice.days.len(), notice.year, layer.code()));
        Ok(())
    })
}
