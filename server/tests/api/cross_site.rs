//! Requests from other sites change nothing (issue 19 §1.6), over the real
//! server on both stores: a sibling subdomain's page (same site, so the
//! SameSite cookie rides along), another site's page in an older browser
//! (only `Origin`), a `text/plain` body posing as JSON, and a cross-site
//! login are refused with nothing written; the hotline's own page passes.

use crate::support::http::{client, staff, start};
use crate::support::TestDb;
use reqwest::StatusCode;
use serde_json::json;

on_both_backends!(requests_from_other_sites_change_nothing);

async fn requests_from_other_sites_change_nothing(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let host = base.trim_start_matches("http://");
    let agent = staff(base, "agent").await;
    let new = json!({"new": {
        "channel": "phone", "type": "help", "title": "楼道灯坏了", "content": "楼道灯坏了一周。",
        "location": {"county": "伊宁市"}, "requester": {"name": "张三", "phone": "13812345678"}
    }});
    let count = || async { sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM requests").fetch_one(run.db.store.pool()).await.unwrap() };
    let register = |headers: Vec<(&'static str, String)>| {
        let mut req = agent.post(format!("{base}/api/register_request")).json(&new);
        for (k, v) in headers {
            req = req.header(k, v);
        }
        async move {
            let res = req.send().await.unwrap();
            (res.status(), res.text().await.unwrap())
        }
    };

    let (status, body) = register(vec![("sec-fetch-site", "same-site".into()), ("origin", "https://news.yili.gov.cn".into())]).await;
    assert_eq!((status, body.as_str()), (StatusCode::FORBIDDEN, "已拒绝来自其他网站的请求。请在本网站页面上操作。"), "{name}: a sibling subdomain");
    let (status, _) = register(vec![("origin", "https://evil.example".into())]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{name}: another site, an older browser");
    let plain = agent
        .post(format!("{base}/api/register_request"))
        .header("content-type", "text/plain;charset=UTF-8")
        .header("sec-fetch-site", "same-origin")
        .body(new.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "{name}: text/plain is never JSON");
    assert_eq!(count().await, 0, "{name}: nothing registered");

    // Login CSRF: another site cannot log a browser in as someone else.
    let res = client()
        .post(format!("{base}/api/login"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("username", "agent"), ("password", server::seed::DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!((res.status(), res.headers().get("set-cookie").is_none()), (StatusCode::FORBIDDEN, true), "{name}");

    // The hotline's own page, as a browser sends it.
    let (status, body) = register(vec![("sec-fetch-site", "same-origin".into()), ("origin", format!("http://{host}"))]).await;
    assert_eq!(status, StatusCode::OK, "{name}: {body}");
    let (status, body) = register(vec![("origin", format!("http://{host}"))]).await;
    assert_eq!(status, StatusCode::OK, "{name}: an older browser on our page: {body}");
    assert_eq!(count().await, 2, "{name}");
}
