//! A minimal metrics registry rendered in the Prometheus text exposition format (version 0.0.4).
//! Hand-rolled because the server needs a few counters and one histogram, and counting must cost a
//! request almost nothing: the set of operations is fixed when the router is built (it is the
//! OpenAPI document's), so every series is an atomic in a table found by a short scan — no locks,
//! no allocation per request.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};

/// Upper bounds (seconds) of the request-duration histogram buckets.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

/// Status codes counted individually; anything else is counted under its class (`2xx` …).
const STATUSES: [u16; 17] = [
    200, 201, 204, 400, 401, 403, 404, 405, 409, 413, 415, 422, 428, 429, 500, 503, 304,
];
const CLASSES: [&str; 5] = ["1xx", "2xx", "3xx", "4xx", "5xx"];

pub const LOGIN_RESULTS: [&str; 4] = ["ok", "failed", "locked", "rate_limited"];
pub const CHECK_OUTCOMES: [&str; 4] = ["allowed", "allowed_with_warning", "refused", "invalid"];
pub const REFUSAL_REASONS: [&str; 2] = ["classified", "csrf"];

#[derive(Default)]
struct Histogram {
    buckets: [AtomicU64; BUCKETS.len()],
    count: AtomicU64,
    /// Sum in microseconds, so it can be an atomic integer.
    sum_micros: AtomicU64,
}

impl Histogram {
    fn observe(&self, secs: f64) {
        // Cumulative buckets are summed at render time; here only the first matching one counts.
        if let Some(i) = BUCKETS.iter().position(|le| secs <= *le) {
            self.buckets[i].fetch_add(1, Ordering::Relaxed);
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        self.sum_micros
            .fetch_add((secs * 1e6) as u64, Ordering::Relaxed);
    }
}

/// The series of one operation (method + route template).
struct Operation {
    method: String,
    route: String,
    statuses: [AtomicU64; STATUSES.len()],
    classes: [AtomicU64; CLASSES.len()],
    duration: Histogram,
}

impl Operation {
    fn new(method: &str, route: &str) -> Operation {
        Operation {
            method: method.to_string(),
            route: route.to_string(),
            statuses: Default::default(),
            classes: Default::default(),
            duration: Histogram::default(),
        }
    }

    fn record(&self, status: u16, secs: f64) {
        match STATUSES.iter().position(|s| *s == status) {
            Some(i) => self.statuses[i].fetch_add(1, Ordering::Relaxed),
            None => {
                let class = usize::from(status / 100).clamp(1, 5) - 1;
                self.classes[class].fetch_add(1, Ordering::Relaxed)
            }
        };
        self.duration.observe(secs);
    }
}

/// The server's metrics.
pub struct Metrics {
    operations: Vec<Operation>,
    /// Requests that matched no route (or no method of a route).
    unmatched: Operation,
    logins: [AtomicU64; LOGIN_RESULTS.len()],
    checks: [AtomicU64; CHECK_OUTCOMES.len()],
    refusals: [AtomicU64; REFUSAL_REASONS.len()],
}

fn bump(counters: &[AtomicU64], names: &[&str], name: &str) {
    if let Some(i) = names.iter().position(|n| *n == name) {
        counters[i].fetch_add(1, Ordering::Relaxed);
    }
}

impl Metrics {
    /// A registry for these operations (`(method, route template)`, method upper-case).
    pub fn new<'a>(operations: impl IntoIterator<Item = (&'a str, &'a str)>) -> Metrics {
        Metrics {
            operations: operations
                .into_iter()
                .map(|(m, r)| Operation::new(m, r))
                .collect(),
            unmatched: Operation::new("*", "unmatched"),
            logins: Default::default(),
            checks: Default::default(),
            refusals: Default::default(),
        }
    }

    /// Counts a login attempt; `result` is one of [`LOGIN_RESULTS`].
    pub fn login(&self, result: &str) {
        bump(&self.logins, &LOGIN_RESULTS, result);
    }

    /// Counts a rule check; `outcome` is one of [`CHECK_OUTCOMES`].
    pub fn check(&self, outcome: &str) {
        bump(&self.checks, &CHECK_OUTCOMES, outcome);
    }

    /// A request refused before reaching its handler; `reason` is one of [`REFUSAL_REASONS`].
    pub fn refusal(&self, reason: &str) {
        bump(&self.refusals, &REFUSAL_REASONS, reason);
    }

    /// Counts one answered request of a route template (`None`: no route matched).
    pub fn request(&self, method: &str, route: Option<&str>, status: u16, secs: f64) {
        let op = route
            .and_then(|r| {
                self.operations
                    .iter()
                    .find(|o| o.route == r && o.method == method)
            })
            .unwrap_or(&self.unmatched);
        op.record(status, secs);
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let all: Vec<&Operation> = self
            .operations
            .iter()
            .chain(std::iter::once(&self.unmatched))
            .collect();
        s.push_str("# HELP zhengwu_http_requests_total HTTP requests by method, route template and status.\n");
        s.push_str("# TYPE zhengwu_http_requests_total counter\n");
        for op in &all {
            let base = labels(&[("method", &op.method), ("route", &op.route)]);
            let statuses = STATUSES.iter().map(|s| s.to_string());
            let classes = CLASSES.iter().map(|c| c.to_string());
            for (status, n) in statuses
                .chain(classes)
                .zip(op.statuses.iter().chain(op.classes.iter()))
            {
                let n = n.load(Ordering::Relaxed);
                if n > 0 {
                    let _ = writeln!(
                        s,
                        "zhengwu_http_requests_total{{{base},status=\"{status}\"}} {n}"
                    );
                }
            }
        }
        s.push_str(
            "# HELP zhengwu_http_request_duration_seconds Time to answer an HTTP request.\n",
        );
        s.push_str("# TYPE zhengwu_http_request_duration_seconds histogram\n");
        for op in &all {
            let h = &op.duration;
            let count = h.count.load(Ordering::Relaxed);
            if count == 0 {
                continue;
            }
            let base = labels(&[("method", &op.method), ("route", &op.route)]);
            let mut cumulative = 0;
            for (i, le) in BUCKETS.iter().enumerate() {
                cumulative += h.buckets[i].load(Ordering::Relaxed);
                let _ = writeln!(
                    s,
                    "zhengwu_http_request_duration_seconds_bucket{{{base},le=\"{le}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                s,
                "zhengwu_http_request_duration_seconds_bucket{{{base},le=\"+Inf\"}} {count}"
            );
            let _ = writeln!(
                s,
                "zhengwu_http_request_duration_seconds_sum{{{base}}} {}",
                h.sum_micros.load(Ordering::Relaxed) as f64 / 1e6
            );
            let _ = writeln!(
                s,
                "zhengwu_http_request_duration_seconds_count{{{base}}} {count}"
            );
        }
        family(
            &mut s,
            "zhengwu_login_attempts_total",
            "Login attempts by result.",
            "result",
            &LOGIN_RESULTS,
            &self.logins,
        );
        family(
            &mut s,
            "zhengwu_checks_total",
            "Rule checks evaluated, by outcome.",
            "outcome",
            &CHECK_OUTCOMES,
            &self.checks,
        );
        family(
            &mut s,
            "zhengwu_refusals_total",
            "Requests refused at the door, by reason.",
            "reason",
            &REFUSAL_REASONS,
            &self.refusals,
        );
        s
    }
}

fn labels(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}=\"{}\"", escape(v)))
        .collect::<Vec<_>>()
        .join(",")
}

/// Label values escape backslash, double quote and newline (exposition format).
fn escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn family(
    s: &mut String,
    name: &str,
    help: &str,
    label: &str,
    names: &[&str],
    values: &[AtomicU64],
) {
    let _ = writeln!(s, "# HELP {name} {help}");
    let _ = writeln!(s, "# TYPE {name} counter");
    for (n, v) in names.iter().zip(values) {
        let _ = writeln!(s, "{name}{{{label}=\"{n}\"}} {}", v.load(Ordering::Relaxed));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_cumulative_histogram() {
        let m = Metrics::new([("GET", "/healthz"), ("GET", "/a\"b")]);
        m.request("GET", Some("/healthz"), 200, 0.0007);
        m.request("GET", Some("/healthz"), 200, 0.03);
        m.request("GET", Some("/healthz"), 418, 0.03);
        m.request("GET", Some("/a\"b"), 404, 0.0001);
        m.request("GET", Some("/elsewhere"), 404, 0.0001);
        m.login("ok");
        m.login("no-such-result");
        let text = m.render();
        assert!(text.contains(
            "zhengwu_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 2"
        ));
        assert!(text.contains(
            "zhengwu_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"4xx\"} 1"
        ));
        assert!(text.contains(
            "zhengwu_http_requests_total{method=\"*\",route=\"unmatched\",status=\"404\"} 1"
        ));
        assert!(text.contains("route=\"/a\\\"b\""));
        // Buckets are cumulative: 0.0007 falls in le=0.001 and above, 0.03 in le=0.05 and above.
        let bucket = |le: &str, n: u64| {
            format!(
                "zhengwu_http_request_duration_seconds_bucket{{method=\"GET\",route=\"/healthz\",le=\"{le}\"}} {n}\n"
            )
        };
        assert!(text.contains(&bucket("0.0005", 0)));
        assert!(text.contains(&bucket("0.001", 1)));
        assert!(text.contains(&bucket("0.025", 1)));
        assert!(text.contains(&bucket("0.05", 3)));
        assert!(text.contains(&bucket("+Inf", 3)));
        assert!(text.contains(
            "zhengwu_http_request_duration_seconds_count{method=\"GET\",route=\"/healthz\"} 3"
        ));
        assert!(text.contains("zhengwu_login_attempts_total{result=\"ok\"} 1"));
        assert!(text.contains("zhengwu_login_attempts_total{result=\"failed\"} 0"));
    }
}
