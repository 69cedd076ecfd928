//! The `hotline` command line from outside: exit codes, one-line errors, and
//! the replay and calendar commands against their documented outputs.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn hotline(args: &[&str], db: &str, stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hotline"))
        .args(args)
        .env("DATABASE_URL", db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run hotline");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn temp_db() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/h.db?mode=rwc", dir.path().display());
    (dir, url)
}

#[test]
fn replay_examples_match_their_expected_output() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/replay");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let expected = std::fs::read_to_string(path.with_extension("out.jsonl")).unwrap();
        let out = hotline(&["replay", path.to_str().unwrap()], "sqlite::memory:", None);
        assert!(out.status.success(), "{}: {}", path.display(), text(&out.stderr));
        let got: Vec<serde_json::Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        let want: Vec<serde_json::Value> = expected.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(got, want, "{}", path.display());
        checked += 1;
    }
    assert!(checked >= 4, "expected the replay examples, found {checked}");
}

#[test]
fn replay_refuses_a_malformed_script_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    std::fs::write(&path, "{\"units\": 5}").unwrap();
    let out = hotline(&["replay", path.to_str().unwrap()], "sqlite::memory:", None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stderr).trim().lines().count(), 1, "{}", text(&out.stderr));
    let out = hotline(&["replay", "/no/such/file.json"], "sqlite::memory:", None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn deadline_contract_and_refusals() {
    let (_d, db) = temp_db();
    let out = hotline(&["deadline", "--rule", "complaint", "--from", "2024-09-23T09:00:00+08:00", "--extensions", "2"], &db, None);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_str(text(&out.stdout).trim()).unwrap();
    // 16 Oct + 5 working days → 23 Oct; + 5 → 30 Oct 2024.
    assert_eq!(v["due"], "2024-10-30T23:59:59+08:00");
    let out = hotline(&["deadline", "--rule", "complaint", "--from", "2024-09-23T09:00:00+08:00", "--extensions", "3"], &db, None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).starts_with("Art. 20"), "{}", text(&out.stderr));
    let out = hotline(&["deadline", "--rule", "emergency", "--from", "2024-09-23T09:00:00+08:00", "--extensions", "1"], &db, None);
    assert_eq!(out.status.code(), Some(1));
    for bad in [["--rule", "bogus", "--from", "2024-09-23T09:00:00+08:00"], ["--rule", "help", "--from", "yesterday"]] {
        let mut args = vec!["deadline"];
        args.extend(bad);
        let out = hotline(&args, &db, None);
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(text(&out.stderr).trim().lines().count(), 1);
    }
}

#[test]
fn deadline_counts_xinjiang_festivals_and_names_them() {
    let (_dir, db) = temp_db();
    let deadline = |rule: &str, from: &str| {
        let out = hotline(&["deadline", "--rule", rule, "--from", from], &db, None);
        assert!(out.status.success(), "{}", text(&out.stderr));
        serde_json::from_str::<serde_json::Value>(text(&out.stdout).trim()).unwrap()
    };
    // 古尔邦节 2025: 6–10 Jun off in Xinjiang (Mon 9, Tue 10 are national working days).
    let v = deadline("emergency", "2025-06-05T10:00:00+08:00");
    assert_eq!(v["due"], "2025-06-11T23:59:59+08:00", "{v}");
    assert_eq!(v["explanation"], "期间含古尔邦节放假（6月6日至6月10日）", "{v}");
    // 肉孜节 2023: Fri 21 Apr off; Sun 23 Apr a national working day.
    let v = deadline("return", "2023-04-21T09:00:00+08:00");
    assert_eq!(v["due"], "2023-04-23T23:59:59+08:00", "{v}");
    assert_eq!(v["explanation"], "期间含肉孜节放假（4月21日）", "{v}");
    // 古尔邦节 2022: 9–13 Jul. A consultation from Fri 8 Jul: 8, 14, 15, 18, 19.
    let v = deadline("consultation", "2022-07-08T09:00:00+08:00");
    assert_eq!(v["due"], "2022-07-19T23:59:59+08:00", "{v}");
    assert!(v.get("calendar_warning").is_none(), "{v}");
    // Without a festival in the period: no explanation.
    assert!(deadline("return", "2024-12-02T09:00:00+08:00").get("explanation").is_none());
    // 2020: no regional notice shipped, the count is flagged.
    let v = deadline("consultation", "2020-06-01T09:00:00+08:00");
    assert!(v["calendar_warning"].as_str().unwrap().starts_with("no calendar data for year 2020"), "{v}");
    let out = hotline(&["calendar", "show", "2025"], &db, None);
    let shown = text(&out.stdout);
    assert!(shown.contains("2025-06-09\toff\t古尔邦节\tregional"), "{shown}");
    assert!(shown.contains("national and regional notices loaded"), "{shown}");
}

#[test]
fn calendar_import_then_show_and_deadline_use_the_new_year() {
    let (dir, db) = temp_db();
    let out = hotline(&["calendar", "show", "2027"], &db, None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no calendar data for year 2027"));
    let file = dir.path().join("2027.json");
    std::fs::write(
        &file,
        r#"{"year":2027,"papers":[],"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]}"#,
    )
    .unwrap();
    let out = hotline(&["calendar", "import", file.to_str().unwrap()], &db, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = hotline(&["calendar", "show", "2027"], &db, None);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("2027-01-01\toff\t元旦"));
    assert!(text(&out.stdout).contains("no Xinjiang regional notice"), "{}", text(&out.stdout));
    // Thu 31 Dec 2026 (1), Fri 1 Jan 2027 off, Mon 4 Jan (2): still flagged
    // until Xinjiang's notice of the year is imported too.
    let emergency = || {
        let out = hotline(&["deadline", "--rule", "emergency", "--from", "2026-12-31T10:00:00+08:00"], &db, None);
        serde_json::from_str::<serde_json::Value>(text(&out.stdout).trim()).unwrap()
    };
    let v = emergency();
    assert_eq!(v["due"], "2027-01-04T23:59:59+08:00");
    assert!(v["calendar_warning"].as_str().unwrap().starts_with("no calendar data for year 2027"), "{v}");
    let regional = dir.path().join("2027-xj.json");
    std::fs::write(&regional, r#"{"year":2027,"papers":[],"days":[{"name":"肉孜节","date":"2027-03-10","isOffDay":true}]}"#).unwrap();
    let out = hotline(&["calendar", "import", regional.to_str().unwrap(), "--layer", "regional"], &db, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v = emergency();
    assert_eq!(v["due"], "2027-01-04T23:59:59+08:00");
    assert!(v.get("calendar_warning").is_none(), "{v}");
    let out = hotline(&["calendar", "import", "/no/such.json"], &db, None);
    assert_eq!(out.status.code(), Some(2));
    let out = hotline(&["calendar", "import", file.to_str().unwrap(), "--layer", "galactic"], &db, None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn user_add_reads_the_password_from_stdin() {
    let (_d, db) = temp_db();
    let out = hotline(&["seed-demo"], &db, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = hotline(&["user", "add", "--username", "new-agent", "--role", "agent", "--unit", "center"], &db, Some("a long password\n"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = hotline(&["user", "add", "--username", "x", "--role", "wizard", "--unit", "center"], &db, Some("a long password\n"));
    assert_eq!(out.status.code(), Some(2));
    // As on the admin screen: a county's office may have agents, a street office not (Art. 4).
    let out = hotline(&["user", "add", "--username", "hc-agent", "--role", "reviewer", "--unit", "huocheng"], &db, Some("a long password\n"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = hotline(&["user", "add", "--username", "dm-agent", "--role", "agent", "--unit", "yining-dunmaili"], &db, Some("a long password\n"));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("hotline office"), "{}", text(&out.stderr));
    let out = hotline(&["user", "add", "--username", "y", "--role", "agent", "--unit", "nowhere"], &db, Some("a long password\n"));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("unknown unit"));
    let out = hotline(&["user", "add", "--username", "z", "--role", "agent", "--unit", "center"], &db, Some("short\n"));
    assert_eq!(out.status.code(), Some(2));
    // Seeding twice does not duplicate.
    let out = hotline(&["seed-demo"], &db, None);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("already has data"));
}

#[test]
fn reindex_rebuilds_the_search_index_from_the_store() {
    let (d, db) = temp_db();
    let out = hotline(&["seed-demo"], &db, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let requests = text(&out.stdout).split(" requests").next().and_then(|s| s.rsplit(' ').next()).and_then(|n| n.parse::<u64>().ok()).expect("seeded count");
    let reindex = || {
        Command::new(env!("CARGO_BIN_EXE_hotline"))
            .arg("reindex")
            .env("DATABASE_URL", &db)
            .env("HOTLINE_INDEX_DIR", d.path().join("index"))
            .output()
            .unwrap()
    };
    let out = reindex();
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Every request and the 16 demo knowledge entries.
    assert!(text(&out.stdout).contains(&format!(": {} documents", requests + 16)), "{}", text(&out.stdout));
    // Again over the existing index: the same documents, not twice as many.
    let out = reindex();
    assert!(text(&out.stdout).contains(&format!(": {} documents", requests + 16)), "{}", text(&out.stdout));
}

#[test]
fn stats_prints_every_indicator_and_refuses_bad_periods() {
    let (_d, db) = temp_db();
    let out = hotline(&["seed-demo"], &db, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let today = app::domain::deadline::cst_date(chrono::Utc::now());
    let from = (today - chrono::Duration::days(365)).to_string();
    let to = today.to_string();
    let out = hotline(&["stats", "--from", &from, "--to", &to], &db, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_str(text(&out.stdout).trim()).unwrap();
    for key in [
        "response_rate", "on_time_rate", "satisfaction_rate", "satisfaction_score", "resolution_rate", "direct_answer_rate",
        "return_rate", "extension_rate", "redo_rate", "overdue", "supervised",
    ] {
        let t = &v[key];
        let numerator = t["numerator"].as_f64().unwrap_or_else(|| panic!("{key}: {t}"));
        match t["denominator"].as_u64() {
            Some(0) => assert!(t["value"].is_null(), "{key}: nothing to rate has no value: {t}"),
            Some(d) => assert_eq!(t["value"].as_f64().unwrap(), (numerator / d as f64 * 10_000.0).round() / 10_000.0, "{key}: {t}"),
            None => assert_eq!(t["value"].as_f64(), Some(numerator), "{key}: a count is its own value: {t}"),
        }
    }
    assert!(v["satisfaction_rate"]["denominator"].as_u64().unwrap() > 0, "{v}");
    // The same numbers for a unit's subtree and a county are smaller or equal.
    let out = hotline(&["stats", "--from", &from, "--to", &to, "--unit", "yining"], &db, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let unit: serde_json::Value = serde_json::from_str(text(&out.stdout).trim()).unwrap();
    assert_eq!(unit["unit"], "yining");
    assert!(unit["return_rate"]["denominator"].as_u64() <= v["return_rate"]["denominator"].as_u64());
    // Bad input: a clear line on stderr, exit 2; an unknown unit fails with 1.
    for (args, code) in [
        (vec!["stats", "--from", "2024-09-30", "--to", "2024-09-01"], 2),
        (vec!["stats", "--from", "2019-01-01", "--to", "2024-12-31"], 2),
        (vec!["stats", "--from", "yesterday", "--to", "2024-12-31"], 2),
        (vec!["stats", "--from", "2024-09-01", "--to", "2024-09-30", "--unit", "nowhere"], 1),
        (vec!["export", "events", "--from", "2024-09-30", "--to", "2024-09-01"], 2),
    ] {
        let out = hotline(&args, &db, None);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", text(&out.stderr));
        assert_eq!(text(&out.stderr).trim().lines().count(), 1, "{args:?}: {}", text(&out.stderr));
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // The export: one JSON object per line, no personal data.
    let out = hotline(&["export", "events", "--from", &from, "--to", &to], &db, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines = text(&out.stdout);
    assert!(lines.lines().count() > 10);
    let allowed = [
        "request", "seq", "at", "county", "kind", "request_type", "channel", "emergency", "due", "within_30_minutes", "targets",
        "unit", "to", "units", "round", "rating", "resolution",
    ];
    for line in lines.lines() {
        let l: app::domain::indicators::CountedLine = serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        assert!(!l.request.is_empty());
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert!(keys.iter().all(|k| allowed.contains(&k.as_str())), "only codes, units, days and ratings: {line}");
    }
}

/// `hotline backup` and `hotline restore` from outside: a copy of a
/// migrated store, restored where no store is, opens; restoring over a
/// store, or backing up over a file, exits 1 with one line.
#[test]
fn backup_and_restore_from_the_command_line() {
    let (dir, url) = temp_db();
    assert!(hotline(&["migrate"], &url, None).status.success());
    let file = dir.path().join("copy.db");
    let file = file.to_str().unwrap();
    let out = hotline(&["backup", file], &url, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("backup of"), "{}", text(&out.stdout));
    let again = hotline(&["backup", file], &url, None);
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("exists already"), "{}", text(&again.stderr));
    let elsewhere = format!("sqlite://{}/restored/h.db?mode=rwc", dir.path().display());
    let restored = hotline(&["restore", file], &elsewhere, None);
    assert!(restored.status.success(), "{}", text(&restored.stderr));
    assert!(hotline(&["migrate"], &elsewhere, None).status.success());
    let over = hotline(&["restore", file], &url, None);
    assert_eq!(over.status.code(), Some(1));
    assert!(text(&over.stderr).contains("stop the server"), "{}", text(&over.stderr));
}
