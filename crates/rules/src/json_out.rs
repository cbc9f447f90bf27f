//! The verdict as JSON text, written straight into a caller's buffer: byte for byte what
//! `serde_json::to_writer(&verdict)` writes (field order, skipped empty fields, escapes), without the
//! serde machinery and with an escape loop that copies runs of plain bytes eight at a time. `check
//! --batch` and the benchmark use it; a test holds it to serde_json's output over the case suite.

use crate::citation::Citation;
use crate::role::Role;
use crate::verdict::{
    ChainStep, Deadline, DeadlineStatus, Finding, ManualStep, Outcome, Step, Verdict,
};
use serde_json::Value;

/// Appends the verdict's JSON (compact, as `serde_json::to_writer`) to `out`.
pub fn write_verdict(v: &Verdict, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"kind\":");
    string(out, &v.kind);
    out.extend_from_slice(b",\"profile\":");
    string(out, &v.profile);
    out.extend_from_slice(b",\"rules_version\":");
    string(out, &v.rules_version);
    out.extend_from_slice(b",\"outcome\":\"");
    out.extend_from_slice(match v.outcome {
        Outcome::Allowed => b"allowed".as_slice(),
        Outcome::AllowedWithWarning => b"allowed_with_warning",
        Outcome::Refused => b"refused",
    });
    out.extend_from_slice(b"\",\"violations\":");
    list(out, &v.violations, finding);
    out.extend_from_slice(b",\"warnings\":");
    list(out, &v.warnings, finding);
    out.extend_from_slice(b",\"deadlines\":");
    list(out, &v.deadlines, deadline);
    out.extend_from_slice(b",\"chain\":");
    list(out, &v.chain, chain_step);
    if !v.manual_steps.is_empty() {
        out.extend_from_slice(b",\"manual_steps\":");
        list(out, &v.manual_steps, manual_step);
    }
    out.extend_from_slice(b",\"status\":");
    value(out, &v.status);
    out.extend_from_slice(b",\"provisional\":");
    boolean(out, v.provisional);
    out.push(b'}');
}

fn list<T>(out: &mut Vec<u8>, items: &[T], f: fn(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        f(out, x);
    }
    out.push(b']');
}

fn boolean(out: &mut Vec<u8>, b: bool) {
    out.extend_from_slice(if b { b"true" } else { b"false" });
}

fn citation(out: &mut Vec<u8>, c: &Citation) {
    out.extend_from_slice(b"{\"profile\":");
    string(out, &c.profile);
    out.extend_from_slice(b",\"article\":");
    string(out, &c.article);
    out.extend_from_slice(b",\"text\":");
    string(out, &c.text);
    if !c.quote.is_empty() {
        out.extend_from_slice(b",\"quote\":");
        string(out, &c.quote);
    }
    out.push(b'}');
}

fn finding(out: &mut Vec<u8>, f: &Finding) {
    out.extend_from_slice(b"{\"rule\":");
    string(out, &f.rule);
    out.extend_from_slice(b",\"citation\":");
    citation(out, &f.citation);
    out.extend_from_slice(b",\"message\":");
    string(out, &f.message);
    out.extend_from_slice(b",\"message_en\":");
    string(out, &f.message_en);
    out.push(b'}');
}

fn deadline(out: &mut Vec<u8>, d: &Deadline) {
    out.extend_from_slice(b"{\"what\":");
    string(out, &d.what);
    out.extend_from_slice(b",\"what_en\":");
    string(out, &d.what_en);
    out.extend_from_slice(b",\"due\":");
    string(out, &d.due);
    out.extend_from_slice(b",\"status\":\"");
    out.extend_from_slice(match d.status {
        DeadlineStatus::Pending => b"pending".as_slice(),
        DeadlineStatus::Met => b"met",
        DeadlineStatus::Missed => b"missed",
    });
    out.extend_from_slice(b"\",\"provisional\":");
    boolean(out, d.provisional);
    out.extend_from_slice(b",\"citation\":");
    citation(out, &d.citation);
    out.extend_from_slice(b",\"explain\":");
    string(out, &d.explain);
    out.extend_from_slice(b",\"explain_en\":");
    string(out, &d.explain_en);
    out.push(b'}');
}

fn step_id(s: Step) -> &'static str {
    match s {
        Step::Review => "review",
        Step::Recheck => "recheck",
        Step::Countersign => "countersign",
        Step::Approve => "approve",
        Step::Sign => "sign",
        Step::Confirm => "confirm",
        Step::Report => "report",
        Step::Act => "act",
        Step::Escalate => "escalate",
        Step::File => "file",
        Step::Preside => "preside",
    }
}

fn role(out: &mut Vec<u8>, r: &Role) {
    out.push(b'"');
    out.extend_from_slice(r.id().as_bytes());
    out.push(b'"');
}

fn chain_step(out: &mut Vec<u8>, c: &ChainStep) {
    out.extend_from_slice(b"{\"step\":\"");
    out.extend_from_slice(step_id(c.step).as_bytes());
    out.extend_from_slice(b"\",\"role\":");
    role(out, &c.role);
    out.extend_from_slice(b",\"title\":");
    string(out, &c.title);
    if !c.alternatives.is_empty() {
        out.extend_from_slice(b",\"alternatives\":");
        list(out, &c.alternatives, role);
    }
    if !c.note.is_empty() {
        out.extend_from_slice(b",\"note\":");
        string(out, &c.note);
    }
    if let Some(ct) = &c.citation {
        out.extend_from_slice(b",\"citation\":");
        citation(out, ct);
    }
    out.push(b'}');
}

fn manual_step(out: &mut Vec<u8>, m: &ManualStep) {
    out.extend_from_slice(b"{\"step\":");
    string(out, &m.step);
    out.extend_from_slice(b",\"reason\":");
    string(out, &m.reason);
    if let Some(ct) = &m.citation {
        out.extend_from_slice(b",\"citation\":");
        citation(out, ct);
    }
    out.push(b'}');
}

fn value(out: &mut Vec<u8>, v: &Value) {
    match v {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => boolean(out, *b),
        Value::String(s) => string(out, s),
        Value::Array(a) => list(out, a, value),
        Value::Object(m) => {
            out.push(b'{');
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                string(out, k);
                out.push(b':');
                value(out, x);
            }
            out.push(b'}');
        }
        // Integers in plain decimal, as serde_json's itoa writes them; floats through serde_json
        // (ryu). Writing into a Vec cannot fail.
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => decimal(out, u),
            (None, Some(i)) => {
                out.push(b'-');
                decimal(out, i.unsigned_abs());
            }
            _ => {
                let _ = serde_json::to_writer(&mut *out, n);
            }
        },
    }
}

/// An unsigned integer in decimal.
fn decimal(out: &mut Vec<u8>, mut u: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (u % 10) as u8;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// Whether any byte of the word is `"`, `\` or a control character (< 0x20).
#[inline]
fn needs_escape(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    // Bytes < 0x20: (b - 0x20) borrows into the high bit for b < 0x20 when b < 0x80.
    let lt_space = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    has_zero(w ^ (ONES * u64::from(b'"'))) | has_zero(w ^ (ONES * u64::from(b'\\'))) | lt_space != 0
}

/// A JSON string with serde_json's escapes: `\"`, `\\`, `\b \f \n \r \t`, other controls `\u00XX`.
fn string(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    out.reserve(b.len() + 2);
    out.push(b'"');
    // Nearly every string needs no escape: a branch-free scan (which the compiler vectorises) decides
    // that, and the whole string is copied at once.
    if !b.iter().fold(false, |acc, &c| {
        acc | (c < 0x20) | (c == b'"') | (c == b'\\')
    }) {
        out.extend_from_slice(b);
        out.push(b'"');
        return;
    }
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if i + 8 <= b.len() {
            let mut w = [0u8; 8];
            w.copy_from_slice(&b[i..i + 8]);
            if !needs_escape(u64::from_le_bytes(w)) {
                i += 8;
                continue;
            }
        }
        let c = b[i];
        let esc: &[u8] = match c {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            0x0c => b"\\f",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..=0x1f => {
                out.extend_from_slice(&b[start..i]);
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(c >> 4)]);
                out.push(HEX[usize::from(c & 0xf)]);
                i += 1;
                start = i;
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(&b[start..i]);
        out.extend_from_slice(esc);
        i += 1;
        start = i;
    }
    out.extend_from_slice(&b[start..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_does() {
        let samples = [
            "",
            "plain ascii text, long enough for words",
            "聊城 第四十七条「会议议题一般应于会前５个工作日」",
            "q\"uo\\te\n\r\t\u{8}\u{c}\u{1}\u{1f}\u{7f} end",
            "12345678\"12345678\\1234567\u{0}",
            "éàü\u{2028}\u{2029}",
        ];
        for s in samples {
            let mut out = Vec::new();
            string(&mut out, s);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(s).unwrap()
            );
        }
        for c in 0u8..=0x7f {
            let s = format!("abcdefgh{}ijklmnop", c as char);
            let mut out = Vec::new();
            string(&mut out, &s);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(&s).unwrap()
            );
        }
    }

    #[test]
    fn numbers_are_written_as_serde_json_does() {
        let samples = serde_json::json!([
            0,
            7,
            10,
            -1,
            -10,
            12345,
            u64::MAX,
            i64::MIN,
            i64::MAX,
            0.5,
            -2.25,
            1e300
        ]);
        let mut out = Vec::new();
        value(&mut out, &samples);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string(&samples).unwrap()
        );
    }

    #[test]
    fn step_ids_are_the_serde_names() {
        use Step::*;
        for s in [
            Review,
            Recheck,
            Countersign,
            Approve,
            Sign,
            Confirm,
            Report,
            Act,
            Escalate,
            File,
            Preside,
        ] {
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", step_id(s))
            );
        }
        for r in Role::ALL {
            let mut out = Vec::new();
            role(&mut out, &r);
            assert_eq!(
                serde_json::to_string(&r).unwrap().as_bytes(),
                out.as_slice()
            );
        }
    }
}
