//! Small helpers for writing HTML by hand: escaping and the pieces pages share.

use zhengwu_rules::Citation;

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A citation: the article as displayed (聊城 第四十七条) and its verbatim quote.
pub fn citation(c: &Citation) -> String {
    let quote = if c.quote.is_empty() {
        String::new()
    } else {
        format!(r#" <q class="quote">{}</q>"#, esc(&c.quote))
    };
    format!(
        r#"<span class="cite"><cite>{}</cite>{quote}</span>"#,
        esc(&c.text)
    )
}

/// An article and quote from a profile file.
pub fn cite(article: &str, quote: &str) -> String {
    format!(
        r#"<span class="cite"><cite>{}</cite> <q class="quote">{}</q></span>"#,
        esc(article),
        esc(quote)
    )
}

/// `<option>`s with one selected.
pub fn options<'a>(items: impl IntoIterator<Item = (&'a str, String)>, selected: &str) -> String {
    let mut s = String::new();
    for (value, label) in items {
        let sel = if value == selected { " selected" } else { "" };
        s.push_str(&format!(
            r#"<option value="{}"{sel}>{}</option>"#,
            esc(value),
            esc(&label)
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(esc("聊城 第四十七条"), "聊城 第四十七条");
    }
}
