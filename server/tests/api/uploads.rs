//! Uploads against the real `hotline serve` (issue 19 §1.4): sixteen 50 MB
//! uploads at once keep the server's memory bounded (they are spooled to
//! disk and cleaned a few at a time); a citizen over the form's limit is
//! refused before the body is read; uploads wait for a free turn, and a
//! body that does not arrive in time gives its turn up.

use crate::support::processes::{gateway, serve_process_with, wait_ready, Instance};
use crate::support::TestDb;
use axum::body::Bytes;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const MB: usize = 1024 * 1024;

/// A JPEG of 4000×3000 pixels a little under 10 MB: its frame header, then
/// entropy-coded bytes (never 0xFF) up to the end-of-image marker. The
/// cleaner keeps all of it, so every byte goes the whole way to the disk.
fn big_jpeg() -> Bytes {
    let mut b = vec![0xFF, 0xD8];
    b.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x0B, 0xB8, 0x0F, 0xA0, 0x01, 0x01, 0x11, 0x00]);
    b.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);
    let scan = 10 * MB - 4 * 1024;
    b.extend((0..scan).map(|i| (i % 251) as u8));
    b.extend_from_slice(&[0xFF, 0xD9]);
    Bytes::from(b)
}

/// A complete submit form with five photos.
fn form_with_photos(photo: &Bytes) -> reqwest::multipart::Form {
    let fields = [
        ("request_type", "complaint"),
        ("category", "urban.water"),
        ("title", "小区停水三天"),
        ("content", "小区从周一开始停水，至今没有恢复，也没有通知。"),
        ("county", "伊宁市"),
        ("name", "李四"),
        ("phone", "13912345678"),
        ("consent", "on"),
    ];
    let form = fields.iter().fold(reqwest::multipart::Form::new(), |f, (k, v)| f.text(*k, *v));
    (0..5).fold(form, |f, i| {
        let part = reqwest::multipart::Part::stream_with_length(reqwest::Body::from(photo.clone()), photo.len() as u64)
            .file_name(format!("photo{i}.jpg"))
            .mime_str("image/jpeg")
            .unwrap();
        f.part("photos", part)
    })
}

async fn submit(base: &str, form: reqwest::multipart::Form, address: &str) -> reqwest::Response {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    client
        .post(format!("{base}/api/citizen/check"))
        .header("accept", "text/html")
        .header("referer", format!("{base}/submit"))
        .header("x-forwarded-for", address)
        .multipart(form)
        .send()
        .await
        .expect("the upload is answered")
}

/// The most memory the process has held (kB in /proc), in MB.
fn peak_rss_mb(instance: &Instance) -> u64 {
    let pid = instance.child.id().expect("the server runs");
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kb: u64 = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok()).unwrap();
    kb / 1024
}

fn files_in(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir).map(|d| d.filter(|e| e.as_ref().is_ok_and(|e| e.path().is_file())).count()).unwrap_or(0)
}

async fn serve(db: &TestDb, dir: &std::path::Path, settings: &[(&str, &str)]) -> Instance {
    server::seed::seed_reference_data(&db.store).await.unwrap();
    let (gateway_url, _) = gateway().await;
    let instance = serve_process_with(&db.url, dir, 0, &gateway_url, settings).await;
    wait_ready(&instance.base).await;
    instance
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixteen_uploads_of_fifty_megabytes_keep_memory_bounded() {
    let db = TestDb::sqlite().await;
    let dir = tempfile::tempdir().unwrap();
    let instance = serve(&db, dir.path(), &[]).await;
    let before = peak_rss_mb(&instance);
    let photo = big_jpeg();
    let sent = (0..16).map(|n| {
        let (base, form) = (instance.base.clone(), form_with_photos(&photo));
        async move { submit(&base, form, &format!("10.7.0.{n}")).await }
    });
    let answers = futures::future::join_all(sent).await;
    for res in &answers {
        let location = res.headers().get("location").map(|l| l.to_str().unwrap().to_string());
        assert_eq!(location.as_deref(), Some("/submit/check"), "each draft is saved with its photos: {}", res.status());
    }
    let peak = peak_rss_mb(&instance);
    eprintln!("peak RSS: {before} MB at start, {peak} MB after 16 parallel uploads of 50 MB");
    assert!(peak < 300, "16 parallel 50 MB uploads took the server to {peak} MB");
    let uploads = dir.path().join("uploads");
    assert_eq!(files_in(&uploads), 80, "every photo stored");
    assert_eq!(files_in(&uploads.join("incoming")), 0, "no spooled file left behind");
}

/// Sends a request head declaring a 50 MB multipart body (as a script
/// would: the app's errors come back as JSON) and the body's first kilobyte.
async fn start_upload(base: &str, address: &str) -> TcpStream {
    let host = base.trim_start_matches("http://");
    let mut s = TcpStream::connect(host).await.unwrap();
    let head = format!(
        "POST /api/citizen/check HTTP/1.1\r\nHost: {host}\r\nX-Forwarded-For: {address}\r\n\
         Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: {}\r\n\r\n",
        50 * MB
    );
    s.write_all(head.as_bytes()).await.unwrap();
    let part = "--XyZ\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n";
    s.write_all(part.as_bytes()).await.unwrap();
    s.write_all(&[0u8; 1024]).await.unwrap();
    s
}

/// The status line of the answer, if one comes within `wait`.
async fn status_line(s: &mut TcpStream, wait: Duration) -> Option<String> {
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(wait, s.read(&mut buf)).await.ok()?.ok()?;
    String::from_utf8_lossy(&buf[..n]).lines().next().map(str::to_string)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_citizen_over_the_limit_is_refused_before_the_body_is_read() {
    let db = TestDb::sqlite().await;
    let dir = tempfile::tempdir().unwrap();
    let instance = serve(&db, dir.path(), &[]).await;
    let base = &instance.base;
    // A form of many small fields is refused whole: its text is held in memory.
    let many = (0..70).fold(reqwest::multipart::Form::new(), |f, i| f.text(format!("f{i}"), "x"));
    let res = reqwest::Client::new().post(format!("{base}/api/citizen/check")).header("x-forwarded-for", "10.8.0.9").multipart(many).send().await.unwrap();
    assert_eq!(res.status(), 400, "seventy parts");
    // The address's drafts for the hour (30), each a small form.
    let form = || reqwest::multipart::Form::new().text("title", "停水");
    for _ in 0..30 {
        assert!(submit(base, form(), "10.8.0.1").await.status().is_redirection(), "within the limit");
    }
    // The next upload is answered while its body is still on the way.
    let mut over = start_upload(base, "10.8.0.1").await;
    let answer = status_line(&mut over, Duration::from_secs(5)).await;
    assert!(answer.as_deref().is_some_and(|l| l.contains(" 429 ")), "refused before the 50 MB arrive: {answer:?}");
    // Another address is not refused: its body is awaited.
    let mut other = start_upload(base, "10.8.0.2").await;
    assert_eq!(status_line(&mut other, Duration::from_secs(2)).await, None, "another client's upload is read");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_wait_for_a_turn_and_a_stalled_one_gives_it_up() {
    let db = TestDb::sqlite().await;
    let dir = tempfile::tempdir().unwrap();
    let settings = [("HOTLINE_MAX_UPLOADS", "1"), ("HOTLINE_UPLOAD_WAIT_SECONDS", "1"), ("HOTLINE_UPLOAD_SECONDS", "4")];
    let instance = serve(&db, dir.path(), &settings).await;
    let base = &instance.base;
    // One upload holds the only turn, its body stalled after a kilobyte.
    let started = Instant::now();
    let mut stalled = start_upload(base, "10.9.0.1").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Another waits a second for a turn, then hears "busy, try again".
    let busy = submit(base, reqwest::multipart::Form::new().text("title", "停水"), "10.9.0.2").await;
    assert_eq!(busy.status(), 503);
    assert_eq!(busy.headers().get("retry-after").map(|v| v.to_str().unwrap()), Some("30"));
    assert!(busy.text().await.unwrap().contains("正在上传的人较多"));
    // The stalled body's deadline passes: it is answered and its turn freed.
    let answer = status_line(&mut stalled, Duration::from_secs(10)).await;
    assert!(answer.as_deref().is_some_and(|l| l.contains(" 400 ")), "the stalled upload ends: {answer:?}");
    assert!(started.elapsed() >= Duration::from_secs(4), "not before its deadline");
    let next = submit(base, reqwest::multipart::Form::new().text("title", "停水"), "10.9.0.3").await;
    assert!(next.status().is_redirection(), "the turn is free again: {}", next.status());
    assert_eq!(files_in(&dir.path().join("uploads").join("incoming")), 0, "the stalled upload's spool file is gone");
}
