//! Every citation in the five built-in profiles must hold: the quote occurs (whitespace removed) inside
//! the cited article of the seed text. The seeds live in `../shared/seeds/` beside the repository (or
//! `ZHENGWU_SEEDS_DIR`); without them this test says loudly that it did not run (on the process's
//! stderr, which the harness does not capture; `tests/suite_status.rs` says it again in the plain
//! output), and fails when `ZHENGWU_REQUIRE_SEEDS=1`.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation in a test is the test failing

#[path = "support/seeds.rs"]
mod seeds;

use zhengwu_rules::Registry;
use zhengwu_rules::catalog::rules;
use zhengwu_rules::profile::ArticleStyle;
use zhengwu_rules::profile::load::{chinese_number, parse_article};

fn to_chinese(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let (h, t, u) = (n / 100, (n / 10) % 10, n % 10);
    let mut s = String::new();
    if h > 0 {
        s.push_str(D[h as usize]);
        s.push('百');
        if t == 0 && u > 0 {
            s.push('零');
        }
    }
    if t > 0 {
        if !(h == 0 && t == 1) {
            s.push_str(D[t as usize]);
        }
        s.push('十');
    }
    if u > 0 {
        s.push_str(D[u as usize]);
    }
    s
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}'
}

/// Splits a seed into its articles by walking the article numbers in order (so cross-references to
/// other articles inside the text are not mistaken for headers).
fn split_articles(text: &str, style: ArticleStyle, count: u32) -> Vec<String> {
    let mut starts = Vec::new();
    let mut pos = 0;
    for n in 1..=count {
        let head = match style {
            ArticleStyle::DiTiao => format!("第{}条", to_chinese(n)),
            ArticleStyle::Bare => format!("{}、", to_chinese(n)),
        };
        let mut search = pos;
        let found = loop {
            let Some(i) = text[search..].find(&head).map(|i| i + search) else {
                break None;
            };
            let after = text[i + head.len()..].chars().next();
            let before = text[..i].chars().next_back();
            let ok = match style {
                // 第X条 headers are followed by a space; references ("第六条规定") are not.
                ArticleStyle::DiTiao => after.is_some_and(is_space),
                // X、 headers start a line (some seeds carry a `[bookmark: …]` marker before them).
                ArticleStyle::Bare => before.is_none_or(|c| c == '\n' || c == ']' || is_space(c)),
            };
            if ok {
                break Some(i);
            }
            search = i + head.len();
        };
        match found {
            Some(i) => {
                starts.push(i);
                pos = i + head.len();
            }
            None => panic!("article {head} not found in order"),
        }
    }
    let mut out = Vec::new();
    for (k, s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(text.len());
        out.push(text[*s..end].chars().filter(|c| !is_space(*c)).collect());
    }
    out
}

#[test]
fn every_quote_occurs_in_its_article() {
    let Some(dir) = seeds::seeds_dir() else {
        let msg = seeds::not_run_banner(&format!("{} not found", seeds::seeds_path().display()));
        // Written to the process's stderr directly: the harness captures eprintln! of passing tests.
        let _ = std::io::Write::write_all(&mut std::io::stderr(), msg.as_bytes());
        assert!(!seeds::required(), "{msg}");
        return;
    };
    let reg = Registry::builtin().expect("built-in profiles load");
    let mut checked = 0;
    let mut bad = Vec::new();
    for id in reg.ids() {
        for loaded in reg.versions(id) {
            let p = &loaded.profile;
            let text = std::fs::read_to_string(dir.join(&p.source.seed)).expect("seed readable");
            let arts = split_articles(&text, p.article_style, p.source.articles);
            let (rules, _) = rules(&loaded.raw);
            for r in rules {
                for c in &r.cites {
                    checked += 1;
                    let Ok((n, _)) = parse_article(p.article_style, &c.article) else {
                        bad.push(format!("{id} {}: bad article {}", r.path, c.article));
                        continue;
                    };
                    let quote: String = c.quote.chars().filter(|ch| !is_space(*ch)).collect();
                    let art = &arts[(n - 1) as usize];
                    if !art.contains(&quote) {
                        let elsewhere: Vec<String> = arts
                            .iter()
                            .enumerate()
                            .filter(|(_, a)| a.contains(&quote))
                            .map(|(i, _)| to_chinese(i as u32 + 1))
                            .collect();
                        bad.push(format!(
                            "{id} {}: quote 「{}」 not in {} {}{}",
                            r.path,
                            c.quote,
                            p.short_name,
                            c.article,
                            if elsewhere.is_empty() {
                                String::new()
                            } else {
                                format!(" (found in article(s) {})", elsewhere.join(", "))
                            }
                        ));
                    }
                }
            }
        }
    }
    eprintln!(
        "seed quotes: {checked} citations checked, {} bad",
        bad.len()
    );
    assert!(
        bad.is_empty(),
        "{} citations do not hold:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn numerals_round_trip() {
    for n in 1..=200 {
        assert_eq!(chinese_number(&to_chinese(n)), Some(n), "{n}");
    }
}
