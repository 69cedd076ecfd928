//! Every server function, fuzzed over HTTP (issue 19 §2): malformed JSON,
//! broken forms and multipart bodies, huge and strange fields, wrong
//! content types and methods — anonymous and with a staff session. Each
//! answer must be the caller's mistake or a refusal: never a status of 500
//! or more (a panic is a 500 too).

use crate::support::http::{client, staff, start};
use crate::support::TestDb;
use reqwest::StatusCode;

on_both_backends!(no_server_function_fails_on_malformed_input);

/// Bodies and their content types.
fn bodies() -> Vec<(&'static str, Vec<u8>)> {
    let json = "application/json";
    let form = "application/x-www-form-urlencoded";
    let deep = "[".repeat(20_000);
    vec![
        (json, b"".to_vec()),
        (json, b"{".to_vec()),
        (json, b"null".to_vec()),
        (json, b"[]".to_vec()),
        (json, b"{}".to_vec()),
        (json, br#"{"number": 12, "id": "x", "period": [], "form": null, "command": {"type": 7}}"#.to_vec()),
        (json, br#"{"id": 1e309, "page": -1, "number": "YL\u0000", "text": "\ud800"}"#.to_vec()),
        (json, format!(r#"{{"number": "{}", "query": "{}"}}"#, "9".repeat(60_000), "查".repeat(20_000)).into_bytes()),
        (json, deep.into_bytes()),
        (json, vec![0xFF, 0xFE, 0x00, 0x7B]),
        (form, b"a=%ZZ&=&&number".to_vec()),
        (form, format!("number={}&phone=%00%00&title={}", "1".repeat(50_000), "%E4%B8".repeat(100)).into_bytes()),
        ("multipart/form-data; boundary=XYZ", b"--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n\r\n\xFF\xD8\xFF\r\n--XY".to_vec()),
        ("multipart/form-data; boundary=XYZ", b"--XYZ--\r\n".to_vec()),
        ("text/plain", b"{\"number\": \"YL2026010100001\"}".to_vec()),
        ("application/cbor", vec![0xA1, 0x61, 0x61, 0x01]),
    ]
}

async fn no_server_function_fails_on_malformed_input(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let mut paths: Vec<(String, String)> = leptos::server_fn::axum::server_fn_paths().map(|(p, m)| (p.to_string(), m.to_string())).collect();
    paths.sort();
    assert!(paths.len() >= 90, "{name}: every server function is registered: {}", paths.len());
    let anonymous = client();
    let agent = staff(base, "agent").await;
    let mut failures = Vec::new();
    let mut sent = 0;
    for (path, method) in &paths {
        // Logging out would end the session the rest of the run needs.
        let callers: Vec<&reqwest::Client> = if path.ends_with("/logout") { vec![&anonymous] } else { vec![&anonymous, &agent] };
        for c in callers {
            for (kind, body) in bodies() {
                let res = c.post(format!("{base}{path}")).header("content-type", kind).body(body).send().await.unwrap();
                sent += 1;
                if res.status().is_server_error() {
                    failures.push(format!("POST {path} ({kind}): {}", res.status()));
                }
            }
            // The wrong method, with junk in the query.
            let res = c.get(format!("{base}{path}?number=%FF%FE&id=-9&{method}=1")).send().await.unwrap();
            sent += 1;
            if res.status().is_server_error() {
                failures.push(format!("GET {path}: {}", res.status()));
            }
        }
    }
    assert!(failures.is_empty(), "{name}: {} of {sent} calls failed on the server:\n{}", failures.len(), failures.join("\n"));
    // Every upload takes a body above the 1 MiB of the other calls (a scan, a PDF): refused
    // for who is asking (an agent appeals nothing), not for its size.
    for path in ["/api/appeal_file", "/api/register_release", "/api/document"] {
        let part = reqwest::multipart::Part::bytes(vec![b'%'; 2 * 1024 * 1024]).file_name("scan.pdf");
        let res = agent.post(format!("{base}{path}")).multipart(reqwest::multipart::Form::new().part("file", part)).send().await.unwrap();
        assert!(res.status() != StatusCode::PAYLOAD_TOO_LARGE && !res.status().is_server_error(), "{name}: {path}: {}", res.status());
    }
    // The server still works.
    let res = agent.get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{name}");
    run.db.drop_db().await;
}
