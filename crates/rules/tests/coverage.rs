//! MATRIX coverage: every one of the 180 checkable rules is accounted for by every built-in profile —
//! encoded with a citation, or recorded as not stated (C8). Prints the report so gaps are visible.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation in a test is the test failing

use zhengwu_rules::Registry;
use zhengwu_rules::catalog::{Coverage, coverage, rules};

#[test]
fn every_matrix_rule_is_encoded_or_recorded_as_not_stated() {
    let reg = Registry::builtin().expect("profiles load");
    let mut gaps = Vec::new();
    eprintln!("\nMATRIX coverage (180 rules):");
    eprintln!(
        "{:<11} {:>8} {:>10} {:>8} {:>10}",
        "profile", "encoded", "not stated", "missing", "citations"
    );
    for id in reg.ids() {
        let l = reg.in_force(id, None).expect("a version");
        let cov = coverage(&l.raw);
        assert_eq!(cov.len(), 180, "matrix.toml lists the 180 MATRIX rules");
        let enc = cov
            .iter()
            .filter(|c| matches!(c.2, Coverage::Encoded(_)))
            .count();
        let ns = cov
            .iter()
            .filter(|c| matches!(c.2, Coverage::NotStated(_)))
            .count();
        let missing: Vec<&str> = cov
            .iter()
            .filter(|c| c.2 == Coverage::Missing)
            .map(|c| c.0.as_str())
            .collect();
        let cites: usize = rules(&l.raw).0.iter().map(|r| r.cites.len()).sum();
        eprintln!(
            "{id:<11} {enc:>8} {ns:>10} {:>8} {cites:>10}",
            missing.len()
        );
        if !missing.is_empty() {
            gaps.push(format!("{id}: {}", missing.join(" ")));
        }
        // A rule cannot be both encoded and recorded as not stated.
        let (encoded, not_stated) = rules(&l.raw);
        for n in &not_stated {
            assert!(
                !encoded
                    .iter()
                    .any(|r| r.matrix.as_deref() == Some(n.matrix.as_str())),
                "{id}: {} is both encoded and listed as not stated",
                n.matrix
            );
        }
    }
    assert!(
        gaps.is_empty(),
        "MATRIX rules neither encoded nor recorded as not stated:\n{}",
        gaps.join("\n")
    );
}
