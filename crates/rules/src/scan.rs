//! Finds the top-level `kind` of a case without parsing it, so the case is parsed once, straight into
//! its kind's struct. Only a fast path: on anything unusual it answers `None` and the caller takes the
//! path that parses fully and reports errors with their field path. The parse that follows validates
//! the whole text (and rejects a second `kind`), so this scanner need only be right for valid JSON.

fn ws(b: &[u8], mut i: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = b.get(i) {
        i += 1;
    }
    i
}

/// A string starting at `b[i] == '"'`: (content start, content end, index after the closing quote,
/// whether it has escapes).
fn string(b: &[u8], i: usize) -> Option<(usize, usize, usize, bool)> {
    let start = i + 1;
    let mut j = start;
    let mut escaped = false;
    loop {
        // The next quote or backslash: keys, ids and dates are short, so the first bytes are looked at
        // one by one (a vector search costs more to set up than it saves there), the rest a vector at
        // a time.
        let rest = b.get(j..)?;
        let near = &rest[..rest.len().min(24)];
        j += match near.iter().position(|&c| c == b'"' || c == b'\\') {
            Some(k) => k,
            None => near.len() + memchr::memchr2(b'"', b'\\', &rest[near.len()..])?,
        };
        if b[j] == b'"' {
            return Some((start, j, j + 1, escaped));
        }
        escaped = true;
        j += 2;
    }
}

/// Skips one value starting at `b[i]` (not whitespace); the index after it.
fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' => string(b, i).map(|s| s.2),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            loop {
                match *b.get(j)? {
                    b'"' => {
                        j = string(b, j)?.2;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        _ => {
            // A number, true, false or null: up to the next delimiter.
            let mut j = i;
            while let Some(c) = b.get(j) {
                if matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                    break;
                }
                j += 1;
            }
            Some(j)
        }
    }
}

/// The value of the first top-level key `kind` when it is a string without escapes.
pub(crate) fn top_level_kind(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    let mut i = ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    loop {
        i = ws(b, i);
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let (ks, ke, next, _) = string(b, i)?;
        i = ws(b, next);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = ws(b, i + 1);
        if &b[ks..ke] == b"kind" {
            if b.get(i) != Some(&b'"') {
                return None;
            }
            let (vs, ve, _, escaped) = string(b, i)?;
            return if escaped { None } else { s.get(vs..ve) };
        }
        i = ws(b, skip_value(b, i)?);
        if b.get(i) != Some(&b',') {
            return None;
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::top_level_kind;

    #[test]
    fn finds_the_top_level_kind_only() {
        assert_eq!(top_level_kind(r#"{"kind":"workdays"}"#), Some("workdays"));
        assert_eq!(
            top_level_kind(
                r#" { "a" : {"kind":"x","b":[1,{"kind":"y"}]}, "s":"\"kind\":", "n": -1.5e3, "t": true,
                   "kind" : "meeting_quorum" }"#
            ),
            Some("meeting_quorum")
        );
        assert_eq!(top_level_kind(r#"{"a":"\\","kind":"k"}"#), Some("k"));
        assert_eq!(top_level_kind(r#"{"kind":"wo\u0072kdays"}"#), None);
        assert_eq!(top_level_kind(r#"{"kind":1}"#), None);
        assert_eq!(top_level_kind(r#"{"a":1}"#), None);
        assert_eq!(top_level_kind(r#"[1]"#), None);
        assert_eq!(top_level_kind(r#"{"a":[1,2"#), None);
        assert_eq!(top_level_kind(""), None);
    }
}
