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
    // Thu 31 Dec 2026 (1), Fri 1 Jan 2027 off, Mon 4 Jan (2): no warning any more.
    let out = hotline(&["deadline", "--rule", "emergency", "--from", "2026-12-31T10:00:00+08:00"], &db, None);
    let v: serde_json::Value = serde_json::from_str(text(&out.stdout).trim()).unwrap();
    assert_eq!(v["due"], "2027-01-04T23:59:59+08:00");
    assert!(v.get("calendar_warning").is_none());
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
