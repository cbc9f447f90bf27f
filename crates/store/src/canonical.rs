//! Canonical JSON, the byte form hashed into the audit chain.
//!
//! Rules (close to RFC 8785 for the values the store writes):
//! - no whitespace anywhere;
//! - object members sorted by key, comparing the keys' UTF-8 bytes (done here explicitly, so the
//!   result does not depend on whether some crate in the build enabled serde_json's
//!   `preserve_order`);
//! - strings as serde_json writes them: UTF-8 as is, `"` `\` and control characters escaped
//!   (`\n`, `\t`, …, others as `\u00XX`);
//! - numbers as serde_json writes them (integers in decimal, floats in shortest round-trip form);
//! - `true`, `false`, `null`.

use serde_json::Value;

/// Canonical text of a JSON value.
pub fn to_canonical(v: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, v);
    out
}

fn write_value(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_str(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut members: Vec<(&String, &Value)> = map.iter().collect();
            members.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push('{');
            for (i, (k, val)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(out, k);
                out.push(':');
                write_value(out, val);
            }
            out.push('}');
        }
    }
}

fn write_str(out: &mut String, s: &str) {
    // serde_json's string escaping is the canonical one; serialising a &str cannot fail.
    match serde_json::to_string(s) {
        Ok(q) => out.push_str(&q),
        Err(_) => out.push_str("\"\""),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_sorted_recursively_without_whitespace() {
        let v = json!({"b": 1, "a": {"z": [1, "x\n"], "y": null}, "中": true});
        assert_eq!(
            to_canonical(&v),
            r#"{"a":{"y":null,"z":[1,"x\n"]},"b":1,"中":true}"#
        );
    }

    #[test]
    fn canonical_is_a_fixed_point() {
        let v = json!({"k": [1.5, -2, "é\u{1}"], "a": {}});
        let c = to_canonical(&v);
        let back: Value = serde_json::from_str(&c).unwrap();
        assert_eq!(to_canonical(&back), c);
    }
}
