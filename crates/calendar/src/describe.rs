//! Renders notes as one line of explanation: "跳过 2026-10-01…2026-10-07 国庆节；2026-10-10 周六调休上班".

use crate::daynum::{day_number, weekday0};
use crate::schedule::{weekday_en, weekday_zh};
use crate::{Note, NoteKind, push_ymd};
use std::fmt::Write as _;

/// Beyond this many ordinary weekends, they are summarised in one clause (long periods such as a month
/// would otherwise list every weekend).
const WEEKENDS_LISTED: usize = 4;

/// English name of a Chinese holiday name (each part of `A、B`); unknown names stay as they are.
pub fn holiday_name_en(zh: &str) -> String {
    let mut out = String::new();
    push_holiday_name_en(&mut out, zh);
    out
}

fn push_holiday_name_en(out: &mut String, zh: &str) {
    for (i, p) in zh.split('、').enumerate() {
        if i > 0 {
            out.push_str(" + ");
        }
        out.push_str(match p {
            "元旦" => "New Year's Day",
            "春节" => "Spring Festival",
            "清明节" => "Qingming Festival",
            "劳动节" => "Labour Day",
            "端午节" => "Dragon Boat Festival",
            "中秋节" => "Mid-Autumn Festival",
            "国庆节" => "National Day",
            other => other,
        });
    }
}

/// `2026-10-01` or `2026-10-01…2026-10-07`.
fn span(out: &mut String, n: &Note) {
    push_ymd(out, n.from);
    if n.from != n.to {
        out.push('…');
        push_ymd(out, n.to);
    }
}

fn wd(d: jiff::civil::Date) -> u8 {
    weekday0(day_number(d))
}

fn weekend_count(notes: &[Note]) -> usize {
    notes.iter().filter(|n| n.kind == NoteKind::Weekend).count()
}

fn days(n: &Note) -> i32 {
    day_number(n.to) - day_number(n.from) + 1
}

/// The total days and whether any is provisional, over the weekend runs.
fn weekend_summary(notes: &[Note]) -> (usize, i32, bool) {
    let runs = notes.iter().filter(|n| n.kind == NoteKind::Weekend);
    let count = runs.clone().count();
    let total = runs.clone().map(days).sum();
    let prov = runs.clone().any(|n| n.provisional);
    (count, total, prov)
}

pub fn describe_zh(notes: &[Note]) -> String {
    let mut out = String::with_capacity(64 * notes.len());
    write_zh(&mut out, notes);
    out
}

/// `describe_zh`, appended to `out`.
pub fn write_zh(out: &mut String, notes: &[Note]) {
    let summarise = weekend_count(notes) > WEEKENDS_LISTED;
    let mut first = true;
    for n in notes {
        if summarise && n.kind == NoteKind::Weekend {
            continue;
        }
        if !first {
            out.push('；');
        }
        first = false;
        match n.kind {
            NoteKind::Holiday => {
                out.push_str("跳过 ");
                span(out, n);
                out.push(' ');
                out.push_str(&n.name);
            }
            NoteKind::Weekend if n.from == n.to => {
                out.push_str("跳过 ");
                push_ymd(out, n.from);
                out.push(' ');
                out.push_str(weekday_zh(wd(n.from)));
            }
            NoteKind::Weekend => {
                out.push_str("跳过 ");
                span(out, n);
                out.push_str(" 周末");
            }
            NoteKind::MakeUpWorkday if n.from == n.to => {
                push_ymd(out, n.from);
                out.push(' ');
                out.push_str(weekday_zh(wd(n.from)));
                out.push_str("调休上班");
            }
            NoteKind::MakeUpWorkday => {
                span(out, n);
                out.push_str(" 周末调休上班");
            }
        }
        if n.provisional {
            out.push_str("（暂定）");
        }
    }
    if summarise {
        let (count, total, prov) = weekend_summary(notes);
        if !first {
            out.push('；');
        }
        let prov = if prov { "（部分暂定）" } else { "" };
        let _ = write!(out, "跳过普通周末 {count} 次共 {total} 天{prov}");
    }
}

pub fn describe_en(notes: &[Note]) -> String {
    let mut out = String::with_capacity(96 * notes.len());
    write_en(&mut out, notes);
    out
}

/// `describe_en`, appended to `out`.
pub fn write_en(out: &mut String, notes: &[Note]) {
    let summarise = weekend_count(notes) > WEEKENDS_LISTED;
    let mut first = true;
    for n in notes {
        if summarise && n.kind == NoteKind::Weekend {
            continue;
        }
        if !first {
            out.push_str("; ");
        }
        first = false;
        match n.kind {
            NoteKind::Holiday => {
                out.push_str("skipping ");
                span(out, n);
                out.push(' ');
                push_holiday_name_en(out, &n.name);
                out.push_str(" (");
                out.push_str(&n.name);
                out.push(')');
            }
            NoteKind::Weekend if n.from == n.to => {
                out.push_str("skipping ");
                push_ymd(out, n.from);
                out.push_str(" (");
                out.push_str(weekday_en(wd(n.from)));
                out.push(')');
            }
            NoteKind::Weekend => {
                out.push_str("skipping the weekend ");
                span(out, n);
            }
            NoteKind::MakeUpWorkday if n.from == n.to => {
                push_ymd(out, n.from);
                out.push_str(" (");
                out.push_str(weekday_en(wd(n.from)));
                out.push_str(") is a make-up working day");
            }
            NoteKind::MakeUpWorkday => {
                span(out, n);
                out.push_str(" are make-up working days");
            }
        }
        if n.provisional {
            out.push_str(" (provisional)");
        }
    }
    if summarise {
        let (count, total, prov) = weekend_summary(notes);
        if !first {
            out.push_str("; ");
        }
        let prov = if prov { " (partly provisional)" } else { "" };
        let _ = write!(
            out,
            "skipping {count} ordinary weekends, {total} days{prov}"
        );
    }
}
