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
    ("profiles/liaocheng.toml", include_str!("../../../profiles/liaocheng.toml")),
    ("profiles/jining.toml", include_str!("../../../profiles/jining.toml")),
    ("profiles/taian.toml", include_str!("../../../profiles/taian.toml")),
    ("profiles/changle.toml", include_str!("../../../profiles/changle.toml")),
    ("profiles/zhangdian.toml", include_str!("../../../profiles/zhangdian.toml")),
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
        if versions.iter().any(|l| l.profile.effective_from == profile.effective_from) {
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
        versions.insert(pos, Loaded { profile, raw, origin: origin.to_string() });
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
                issues: vec![crate::profile::load::ProfileIssue { line: 0, field: String::new(), message: e.to_string() }],
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.file_name().is_some_and(|n| n != "matrix.toml"))
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
        let versions = self.profiles.get(id).ok_or_else(|| CheckError::UnknownProfile(id.to_string()))?;
        let found = match date {
            None => versions.last(),
            Some(d) => versions.iter().rev().find(|l| l.profile.effective_from.0 <= d),
        };
        found.ok_or_else(|| CheckError::NoVersionInForce {
            profile: id.to_string(),
            date: date.map(|d| d.to_string()).unwrap_or_default(),
        })
    }
}
