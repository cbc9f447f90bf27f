//! Throughput of the O(1) queries: `add_working_days` and `is_working_day` on random dates 2020–2026.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use zhengwu_calendar::{Calendar, Date};

const QUERIES: usize = 4096;

/// Deterministic pseudo-random queries (xorshift), so runs compare.
fn queries() -> Vec<(Date, i32)> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let start = jiff::civil::date(2020, 1, 1);
    (0..QUERIES)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let day = i64::try_from(x % 2557).unwrap_or(0); // 2020-01-01 … 2026-12-31
            let n = i32::try_from(x >> 40).unwrap_or(0) % 41 - 20; // −20 … 20
            let d = start
                .checked_add(jiff::Span::new().days(day))
                .unwrap_or(start);
            (d, n)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let cal = Calendar::official();
    let qs = queries();
    let mut g = c.benchmark_group("calendar");
    g.throughput(Throughput::Elements(QUERIES as u64));
    g.bench_function("add_working_days", |b| {
        b.iter(|| {
            let mut acc = 0i32;
            for &(d, n) in &qs {
                if let Ok(a) = cal.add_working_days(black_box(d), black_box(n)) {
                    acc = acc.wrapping_add(i32::from(a.value.day()));
                }
            }
            acc
        })
    });
    g.bench_function("is_working_day", |b| {
        b.iter(|| {
            let mut acc = 0u32;
            for &(d, _) in &qs {
                if let Ok(a) = cal.is_working_day(black_box(d)) {
                    acc += u32::from(a.value);
                }
            }
            acc
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
