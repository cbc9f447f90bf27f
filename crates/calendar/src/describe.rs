//! Renders notes as one line of explanation: "跳过 2026-10-01…2026-10-07 国庆节；2026-10-10 周六调休上班".

use crate::daynum::{day_number, weekday0};
use crate::schedule::{weekday_en, weekday_zh};
use crate::{Note, NoteKind};

/// Beyond this many ordinary weekends, they are summarised in one clause (long periods such as a month
/// would otherwise list every weekend).
const WEEKENDS_LISTED: usize = 4;

/// English name of a Chinese holiday name (each part of `A、B`); unknown names stay as they are.
pub fn holiday_name_en(zh: &str) -> String {
    zh.split('、')
        .map(|p| match p {
            "元旦" => "New Year's Day",
            "春节" => "Spring Festival",
            "清明节" => "Qingming Festival",
            "劳动节" => "Labour Day",
            "端午节" => "Dragon Boat Festival",
            "中秋节" => "Mid-Autumn Festival",
            "国庆节" => "National Day",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

fn span(n: &Note) -> String {
    if n.from == n.to {
        n.from.to_string()
    } else {
        format!("{}…{}", n.from, n.to)
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

pub fn describe_zh(notes: &[Note]) -> String {
    let summarise = weekend_count(notes) > WEEKENDS_LISTED;
    let mut parts: Vec<String> = Vec::new();
    for n in notes {
        let mut s = match n.kind {
            NoteKind::Holiday => format!("跳过 {} {}", span(n), n.name),
            NoteKind::Weekend if summarise => continue,
            NoteKind::Weekend if n.from == n.to => {
                format!("跳过 {} {}", n.from, weekday_zh(wd(n.from)))
            }
            NoteKind::Weekend => format!("跳过 {} 周末", span(n)),
            NoteKind::MakeUpWorkday if n.from == n.to => {
                format!("{} {}调休上班", n.from, weekday_zh(wd(n.from)))
            }
            NoteKind::MakeUpWorkday => format!("{} 周末调休上班", span(n)),
        };
        if n.provisional {
            s.push_str("（暂定）");
        }
        parts.push(s);
    }
    if summarise {
        let runs: Vec<&Note> = notes
            .iter()
            .filter(|n| n.kind == NoteKind::Weekend)
            .collect();
        let total: i32 = runs.iter().map(|n| days(n)).sum();
        let prov = if runs.iter().any(|n| n.provisional) {
            "（部分暂定）"
        } else {
            ""
        };
        parts.push(format!("跳过普通周末 {} 次共 {total} 天{prov}", runs.len()));
    }
    parts.join("；")
}

pub fn describe_en(notes: &[Note]) -> String {
    let summarise = weekend_count(notes) > WEEKENDS_LISTED;
    let mut parts: Vec<String> = Vec::new();
    for n in notes {
        let mut s = match n.kind {
            NoteKind::Holiday => format!(
                "skipping {} {} ({})",
                span(n),
                holiday_name_en(&n.name),
                n.name
            ),
            NoteKind::Weekend if summarise => continue,
            NoteKind::Weekend if n.from == n.to => {
                format!("skipping {} ({})", n.from, weekday_en(wd(n.from)))
            }
            NoteKind::Weekend => format!("skipping the weekend {}", span(n)),
            NoteKind::MakeUpWorkday if n.from == n.to => {
                format!(
                    "{} ({}) is a make-up working day",
                    n.from,
                    weekday_en(wd(n.from))
                )
            }
            NoteKind::MakeUpWorkday => format!("{} are make-up working days", span(n)),
        };
        if n.provisional {
            s.push_str(" (provisional)");
        }
        parts.push(s);
    }
    if summarise {
        let runs: Vec<&Note> = notes
            .iter()
            .filter(|n| n.kind == NoteKind::Weekend)
            .collect();
        let total: i32 = runs.iter().map(|n| days(n)).sum();
        let prov = if runs.iter().any(|n| n.provisional) {
            " (partly provisional)"
        } else {
            ""
        };
        parts.push(format!(
            "skipping {} ordinary weekends, {total} days{prov}",
            runs.len()
        ));
    }
    parts.join("; ")
}
