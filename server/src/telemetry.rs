//! The process's metrics (issue 16 §4): one Prometheus recorder, what the
//! HTTP layer and the background jobs count, and its text rendering for
//! `/metrics`.

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::Duration;

/// Latency buckets, seconds: from a cached page to a slow report.
const BUCKETS: [f64; 12] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

/// The process's recorder, installed on first use (one per process: tests
/// start several servers in one).
fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full("hotline_http_request_duration_seconds".into()), &BUCKETS)
            .expect("the buckets are not empty");
        match builder.install_recorder() {
            Ok(handle) => handle,
            // Another recorder is in place (nothing here installs one): nothing is recorded.
            Err(_) => PrometheusBuilder::new().build_recorder().handle(),
        }
    })
}

/// Counts an answered HTTP request.
pub fn http_request(route: String, method: &str, status: u16, elapsed: Duration) {
    handle();
    metrics::counter!("hotline_http_requests_total", "route" => route.clone(), "method" => method.to_string(), "status" => status.to_string()).increment(1);
    metrics::histogram!("hotline_http_request_duration_seconds", "route" => route).record(elapsed.as_secs_f64());
}

/// Counts a background job's pass: `ran`, `skipped` (another instance had
/// it) or `failed`.
pub fn job_pass(job: &'static str, outcome: &'static str) {
    handle();
    metrics::counter!("hotline_job_runs_total", "job" => job, "outcome" => outcome).increment(1);
}

/// Everything recorded, in the Prometheus text format.
pub fn render() -> String {
    handle().render()
}
