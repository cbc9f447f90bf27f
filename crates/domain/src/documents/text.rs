//! What the text of a submitted document suggests, for the clerk to confirm: several numbered
//! request items (一文多事), or a request inside a report (报告夹带请示事项). And the small
//! decoding/hashing helpers attachments need.

/// Markers that open a numbered item: 一、 （一） 1. 1、 (1)
fn numbered(line: &str) -> bool {
    let l = line.trim_start();
    let mut chars = l.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    const CN: &str = "一二三四五六七八九十";
    if CN.contains(first) {
        let rest: String = chars.collect();
        let rest = rest.trim_start_matches(|c| CN.contains(c));
        return rest.starts_with('、');
    }
    if first == '（' || first == '(' {
        let rest: String = chars.collect();
        let inner = rest.trim_start_matches(|c: char| CN.contains(c) || c.is_ascii_digit());
        return inner.len() < rest.len() && (inner.starts_with('）') || inner.starts_with(')'));
    }
    if first.is_ascii_digit() {
        let rest = l.trim_start_matches(|c: char| c.is_ascii_digit());
        return rest.starts_with('、') || rest.starts_with('.') || rest.starts_with('．');
    }
    false
}

/// Words that make a numbered item a request (请示事项) rather than background.
const ASKING: [&str; 8] = [
    "请示", "申请", "恳请", "请求", "批准", "同意", "拨付", "审批",
];

/// How many numbered items of the text ask for something. Two or more in a 请示 suggest more than
/// one matter (一文一事).
pub fn request_items(text: &str) -> u32 {
    let n = text
        .lines()
        .filter(|l| numbered(l) && ASKING.iter().any(|w| l.contains(w)))
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Phrases that ask for a decision; in a 报告 they mean a request is carried in a report.
const REQUEST_PHRASES: [&str; 6] = [
    "妥否，请批示",
    "妥否,请批示",
    "请批示",
    "请审批",
    "请予批准",
    "妥否",
];

/// The first request phrase found in the text, if any.
pub fn request_phrase(text: &str) -> Option<&'static str> {
    REQUEST_PHRASES.into_iter().find(|p| text.contains(p))
}

/// Decodes standard base64 (with or without padding, whitespace ignored).
pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    fn val(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let bytes: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let trimmed: &[u8] = {
        let mut end = bytes.len();
        while end > 0 && bytes[end - 1] == b'=' {
            end -= 1;
        }
        &bytes[..end]
    };
    if trimmed.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(trimmed.len() * 3 / 4);
    for chunk in trimmed.chunks(4) {
        let mut acc: u32 = 0;
        for (i, &c) in chunk.iter().enumerate() {
            acc |= val(c)? << (18 - 6 * i);
        }
        let b = acc.to_be_bytes();
        out.extend_from_slice(&b[1..chunk.len()]);
    }
    Some(out)
}

/// Standard base64 with padding.
pub fn base64_encode(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(A[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn several_numbered_requests() {
        let t = "关于若干事项的请示\n一、申请拨付专项资金300万元\n二、恳请同意增加编制5名\n三、背景情况";
        assert_eq!(request_items(t), 2);
        assert_eq!(request_items("一、基本情况\n（一）工作进展"), 0);
        assert_eq!(request_items("（一）申请资金\n（二）请求批准用地"), 2);
    }

    #[test]
    fn request_in_report() {
        assert_eq!(
            request_phrase("以上报告，妥否，请批示。"),
            Some("妥否，请批示")
        );
        assert_eq!(request_phrase("特此报告。"), None);
    }

    #[test]
    fn base64_round_trip() {
        for s in [
            &b""[..],
            b"a",
            b"ab",
            b"abc",
            b"abcd",
            "公文附件".as_bytes(),
        ] {
            assert_eq!(base64_decode(&base64_encode(s)).unwrap(), s);
        }
        assert_eq!(base64_decode("aGVsbG8=").unwrap(), b"hello");
        assert!(base64_decode("a$b=").is_none());
    }
}
