//! The verdict as JSON text, written straight into a caller's buffer: byte for byte what
//! `serde_json::to_writer(&verdict)` writes (field order, skipped empty fields, escapes), without the
//! serde machinery and with an escape loop that copies runs of plain bytes eight at a time. `check
//! --batch` and the benchmark use it; a test holds it to serde_json's output over the case suite.

use crate::citation::{Citation, CitationText};
use crate::role::Role;
use crate::verdict::{
    ChainStep, Deadline, DeadlineStatus, Finding, ManualStep, Outcome, Step, Verdict,
};

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
    out.extend_from_slice(v.status.json().as_bytes());
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
    out.extend_from_slice(c.json().as_bytes());
}

/// A citation's object, written once per citation (`Citation::json`): in the field order of the
/// struct (as serde writes it), or with the keys sorted (as serde_json writes it inside a map, e.g.
/// in a verdict's `status`). An empty quote is left out.
pub(crate) fn citation_object(out: &mut Vec<u8>, c: &CitationText, keys_sorted: bool) {
    let quote = (!c.quote.is_empty()).then_some(("quote", &c.quote));
    let fields = if keys_sorted {
        [
            Some(("article", &c.article)),
            Some(("profile", &c.profile)),
            quote,
            Some(("text", &c.text)),
        ]
    } else {
        [
            Some(("profile", &c.profile)),
            Some(("article", &c.article)),
            Some(("text", &c.text)),
            quote,
        ]
    };
    out.push(b'{');
    for (i, (k, v)) in fields.into_iter().flatten().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'"');
        out.extend_from_slice(k.as_bytes());
        out.extend_from_slice(b"\":");
        string(out, v);
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

/// Whether any byte of the text needs an escape. Each 16-byte block becomes a mask (0xff where a byte
/// needs an escape; `min(x, 0x1f) == x` is x < 0x20 as one unsigned vector compare) or-ed into one
/// 128-bit word, tested once at the end: a handful of vector instructions per block and no branch
/// (escapes are rare, so an early exit would not pay).
#[inline]
pub(crate) fn has_escapes(b: &[u8]) -> bool {
    let (blocks, rest) = b.as_chunks::<16>();
    let mut acc = 0u128;
    for blk in blocks {
        let m = blk.map(|x| {
            if (x.min(0x1f) == x) | (x == b'"') | (x == b'\\') {
                0xffu8
            } else {
                0
            }
        });
        acc |= u128::from_ne_bytes(m);
    }
    // The rest (most keys and ids are shorter than 16 bytes): eight bytes a word, then byte by byte.
    let mut words = rest.chunks_exact(8);
    let mut tail = false;
    for w in words.by_ref() {
        let mut a = [0u8; 8];
        a.copy_from_slice(w);
        tail |= needs_escape(u64::from_le_bytes(a));
    }
    tail || acc != 0
        || words
            .remainder()
            .iter()
            .any(|&x| x < 0x20 || x == b'"' || x == b'\\')
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

/// The inside of a JSON string for `s` with serde_json's escapes (`\"`, `\\`, `\b \f \n \r \t`, other
/// controls `\u00XX`), handed to `put` in pieces: the runs that need no escape (cut at ASCII bytes, so
/// on character boundaries) and the escapes. Words of eight plain bytes are skipped at once.
fn escaped(s: &str, mut put: impl FnMut(&str)) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let b = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if let Some(w) = b.get(i..i + 8) {
            let mut a = [0u8; 8];
            a.copy_from_slice(w);
            if !needs_escape(u64::from_le_bytes(a)) {
                i += 8;
                continue;
            }
        }
        let c = b[i];
        let mut control = *b"\\u0000";
        let esc = match c {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => {
                control[4] = HEX[usize::from(c >> 4)];
                control[5] = HEX[usize::from(c & 0xf)];
                // ASCII by construction.
                std::str::from_utf8(&control).unwrap_or_default()
            }
            _ => {
                i += 1;
                continue;
            }
        };
        put(s.get(start..i).unwrap_or_default());
        put(esc);
        i += 1;
        start = i;
    }
    put(s.get(start..).unwrap_or_default());
}

/// A JSON string into a `String` (see [`string`]).
pub(crate) fn push_string(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    if has_escapes(s.as_bytes()) {
        escaped(s, |piece| out.push_str(piece));
    } else {
        out.push_str(s);
    }
    out.push('"');
}

/// A JSON string with serde_json's escapes. Nearly every string needs none: a vectorised scan
/// decides that, and the whole string is copied at once.
fn string(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    if has_escapes(s.as_bytes()) {
        escaped(s, |piece| out.extend_from_slice(piece.as_bytes()));
    } else {
        out.extend_from_slice(s.as_bytes());
    }
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
    fn has_escapes_sees_every_position_of_blocks_words_and_tail() {
        // Lengths across the 16-byte blocks, the 8-byte words and the byte tail; every bad byte at
        // every position, among plain ASCII and among multi-byte characters (whose bytes are ≥ 0x80).
        for len in 0..70usize {
            for fill in [b'a', 0xe4] {
                let clean = vec![fill; len];
                assert!(!has_escapes(&clean), "len {len}");
                for pos in 0..len {
                    for bad in [b'"', b'\\', 0u8, b'\n', 0x1f] {
                        let mut b = clean.clone();
                        b[pos] = bad;
                        assert!(has_escapes(&b), "len {len} pos {pos} byte {bad:#x}");
                    }
                    let mut b = clean.clone();
                    b[pos] = 0x20;
                    assert!(!has_escapes(&b));
                }
            }
        }
    }

    #[test]
    fn push_string_escapes_as_serde_json() {
        for c in 0u8..=0x7f {
            let s = format!("会议{}x", c as char);
            let mut out = String::new();
            push_string(&mut out, &s);
            assert_eq!(out, serde_json::to_string(&s).unwrap());
        }
    }

    #[test]
    fn status_objects_are_written_as_serde_json_writes_the_map() {
        use crate::citation::Citation;
        use crate::verdict::StatusObj;
        let cite = Citation::new("liaocheng", "第二十条", "聊城 第二十条", "须有\"半数以上\"");
        let st = StatusObj::new()
            .bool("a", true)
            .citation("b", Some(&cite))
            .citation("c", None)
            .int("d", i64::MIN)
            .int("e", u64::MAX)
            .null("f")
            .opt_str("g", Some("x\ny"))
            .roles("h", &[Role::Head, Role::ExecutiveDeputy])
            .ser("i", &[1, 2])
            .str("j", "tab\there")
            .str_with("k", |s| s.push_str("会议"))
            .str_with("l", |s| s.push_str("引\"号\\与\n换行"))
            .finish();
        let expected = serde_json::json!({
            "a": true,
            "b": cite,
            "c": null,
            "d": i64::MIN,
            "e": u64::MAX,
            "f": null,
            "g": "x\ny",
            "h": ["head", "executive_deputy"],
            "i": [1, 2],
            "j": "tab\there",
            "k": "会议",
            "l": "引\"号\\与\n换行",
        });
        assert_eq!(st.json(), serde_json::to_string(&expected).unwrap());
        assert_eq!(st.value(), expected);
        assert_eq!(cite.json(), serde_json::to_string(&*cite).unwrap());
        // Serialised inside a verdict through serde, the status is embedded as it is.
        assert_eq!(serde_json::to_value(&st).unwrap(), expected);
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
