//! The set of loaded profiles: the five built in, plus any loaded from files (a sixth government needs
//! only a file). Versions of a profile are kept in order of `effective_from`.

use crate::error::CheckError;
use crate::profile::{Profile, ProfileError, load_profile};
use std::collections::BTreeMap;
use zhengwu_calendar::Date;

/// A loaded profile version with its raw table (for show, diff and coverage) and where it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub profile: Profile,
    pub raw: toml::Table,
    pub origin: String,
}

/// The built-in profiles, embedded so the binary works from any directory.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "profiles/liaocheng.toml",
        include_str!("../../../profiles/liaocheng.toml"),
    ),
    (
        "profiles/jining.toml",
        include_str!("../../../profiles/jining.toml"),
    ),
    (
        "profiles/taian.toml",
        include_str!("../../../profiles/taian.toml"),
    ),
    (
        "profiles/changle.toml",
        include_str!("../../../profiles/changle.toml"),
    ),
    (
        "profiles/zhangdian.toml",
        include_str!("../../../profiles/zhangdian.toml"),
    ),
];

#[derive(Debug, Clone, Default)]
pub struct Registry {
    profiles: BTreeMap<String, Vec<Loaded>>,
}

impl Registry {
    pub fn empty() -> Registry {
        Registry::default()
    }

    /// The five built-in profiles.
    pub fn builtin() -> Result<Registry, ProfileError> {
        let mut r = Registry::empty();
        for (name, src) in BUILTIN {
            r.add_str(name, src)?;
        }
        Ok(r)
    }

    /// Adds one profile version from its text. A second version of an id is kept beside the first;
    /// two versions with the same `effective_from` are an error.
    pub fn add_str(&mut self, origin: &str, src: &str) -> Result<&Profile, ProfileError> {
        let (profile, raw) = load_profile(origin, src)?;
        let id = profile.id.clone();
        let versions = self.profiles.entry(id).or_default();
        if versions
            .iter()
            .any(|l| l.profile.effective_from == profile.effective_from)
        {
            return Err(ProfileError {
                file: origin.to_string(),
                issues: vec![crate::profile::load::ProfileIssue {
                    line: 1,
                    field: "effective_from".into(),
                    message: format!(
                        "规则配置 {} 已有 {} 生效的版本 (a version effective from that date is already loaded)",
                        profile.id, profile.effective_from
                    ),
                }],
            });
        }
        let pos = versions.partition_point(|l| l.profile.effective_from < profile.effective_from);
        versions.insert(
            pos,
            Loaded {
                profile,
                raw,
                origin: origin.to_string(),
            },
        );
        Ok(&versions[pos].profile)
    }

    /// Adds a profile file from disk.
    pub fn add_file(&mut self, path: &std::path::Path) -> Result<&Profile, ProfileError> {
        let origin = path.display().to_string();
        let src = std::fs::read_to_string(path).map_err(|e| ProfileError {
            file: origin.clone(),
            issues: vec![crate::profile::load::ProfileIssue {
                line: 0,
                field: String::new(),
                message: format!("无法读取文件 (cannot read file): {e}"),
            }],
        })?;
        self.add_str(&origin, &src)
    }

    /// Adds every `*.toml` profile in a directory (not `matrix.toml`).
    pub fn add_dir(&mut self, dir: &std::path::Path) -> Result<usize, ProfileError> {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| ProfileError {
                file: dir.display().to_string(),
                issues: vec![crate::profile::load::ProfileIssue {
                    line: 0,
                    field: String::new(),
                    message: e.to_string(),
                }],
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().is_some_and(|x| x == "toml")
                    && p.file_name().is_some_and(|n| n != "matrix.toml")
            })
            .collect();
        paths.sort();
        for p in &paths {
            self.add_file(p)?;
        }
        Ok(paths.len())
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.profiles.keys().map(String::as_str)
    }

    /// All versions of a profile, oldest first.
    pub fn versions(&self, id: &str) -> &[Loaded] {
        self.profiles.get(id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The version in force on `date` (the newest when no date is given).
    pub fn in_force(&self, id: &str, date: Option<Date>) -> Result<&Loaded, CheckError> {
        let versions = self
            .profiles
            .get(id)
            .ok_or_else(|| CheckError::UnknownProfile(id.to_string()))?;
        let found = match date {
            None => versions.last(),
            Some(d) => versions
                .iter()
                .rev()
                .find(|l| l.profile.effective_from.0 <= d),
        };
        found.ok_or_else(|| CheckError::NoVersionInForce {
            profile: id.to_string(),
            date: date.map(|d| d.to_string()).unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(from: &str, head: &str) -> String {
        format!(
            "id = \"testshire\"\ngovernment = \"测试县人民政府\"\ngovernment_en = \"Test\"\nshort_name = \"测试\"\n\
             level = \"county\"\neffective_from = {from}\nsuperior = \"x\"\narticle_style = \"bare\"\n\
             [source]\ntitle = \"t\"\ndate = {from}\narticles = 10\n[roles]\nhead = \"{head}\"\n"
        )
    }

    fn date(s: &str) -> Date {
        crate::CaseDate::parse(s).map(|d| d.0).unwrap_or_default()
    }

    #[test]
    fn the_version_in_force_on_the_case_date_judges_it() {
        let mut r = Registry::empty();
        // Loaded out of order on purpose: versions are kept sorted by effective_from.
        assert!(
            r.add_str("v2.toml", &version("2026-01-01", "新县长"))
                .is_ok()
        );
        assert!(r.add_str("v1.toml", &version("2022-01-01", "县长")).is_ok());
        let at = |d: &str| {
            r.in_force("testshire", Some(date(d)))
                .map(|l| l.profile.title(crate::Role::Head))
        };
        assert_eq!(at("2025-12-31").ok().as_deref(), Some("县长"));
        assert_eq!(at("2026-01-01").ok().as_deref(), Some("新县长"));
        assert!(matches!(
            at("2021-12-31"),
            Err(CheckError::NoVersionInForce { .. })
        ));
        assert_eq!(
            r.in_force("testshire", None)
                .map(|l| l.profile.title(crate::Role::Head))
                .ok()
                .as_deref(),
            Some("新县长")
        );
    }

    #[test]
    fn two_versions_from_the_same_day_are_refused() {
        let mut r = Registry::empty();
        assert!(r.add_str("a.toml", &version("2022-01-01", "县长")).is_ok());
        let e = r.add_str("b.toml", &version("2022-01-01", "县长")).err();
        assert!(e.is_some_and(|e| e.issues[0].field == "effective_from"));
    }

    #[test]
    fn profile_errors_name_file_line_and_field() {
        let mut r = Registry::empty();
        let bad =
            version("2022-01-01", "县长").replace("level = \"county\"", "level = \"province\"");
        let e = r
            .add_str("bad.toml", &bad)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.starts_with("bad.toml:5:"), "{e}");
        assert!(e.contains("level"), "{e}");
        let bad = version("2022-01-01", "县长") + "[meetings.nonsense]\nx = 1\n";
        let e = r
            .add_str("bad2.toml", &bad)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("bad2.toml:"), "{e}");
        assert!(e.contains("nonsense"), "{e}");
    }

    #[test]
    fn citations_are_validated_against_the_numbering_style() {
        let mut r = Registry::empty();
        let bad = version("2022-01-01", "县长")
            + "[[org.provisions]]\nmatrix = \"R1.08\"\nsummary = \"s\"\ncite = { article = \"第四条\", quote = \"q\" }\n";
        let e = r
            .add_str("c.toml", &bad)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            e.contains("c.toml:18:") && e.contains("org.provisions[0].cite.article"),
            "{e}"
        );
        let bad = version("2022-01-01", "县长")
            + "[[org.provisions]]\nmatrix = \"R9.99\"\nsummary = \"s\"\ncite = { article = \"十一\", quote = \"q\" }\n";
        let e = r
            .add_str("d.toml", &bad)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            e.contains("R9.99") && e.contains("条文 十一 超出原文条数 10"),
            "{e}"
        );
    }
}
