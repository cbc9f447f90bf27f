//! zhengwu-rules: the Work Rules of each government as a cited profile, and the evaluation of rule
//! questions (CASES.md) into verdicts. Pure: no I/O beyond reading profile text it is handed.

pub mod catalog;
pub mod citation;
pub mod date;
pub mod engine;
pub mod error;
pub mod json_out;
pub mod kinds;
pub mod profile;
pub mod registry;
pub mod role;
mod scan;
pub mod verdict;

pub use citation::{Citation, CitationText, Cite};
pub use date::CaseDate;
pub use engine::{Ctx, Exception, Msg, Out, Period, Strength};
pub use error::CheckError;
pub use json_out::write_verdict;
pub use profile::Profile;
pub use registry::Registry;
pub use role::Role;
pub use verdict::{Outcome, Status, StatusObj, Verdict};

use serde::Deserialize;
use zhengwu_calendar::Calendar;

/// Evaluates one case given as JSON text. `profile` (from `--profile`) is used when the case has none;
/// when both are given they must agree.
///
/// A case is parsed once, straight into its kind's struct (the kind is found by a scan of the top
/// level). Only when that parse fails is the text read again, field by field with the path tracked, so
/// the error names the field path; errors are the same either way.
pub fn check_json(
    reg: &Registry,
    cal: &Calendar,
    json: &str,
    profile: Option<&str>,
) -> Result<Verdict, CheckError> {
    if let Some(kind) = scan::top_level_kind(json)
        && let Some(r) = kinds::with_kind_fast(kind, json, &mut |kind, case| {
            let (p, exception) = case.common();
            // Whether the profile exists is known from the one lookup `evaluate` makes.
            let pid = profile_id(p, profile)?;
            evaluate(reg, cal, kind, pid, exception, case)
        })
    {
        return r;
    }
    check_json_tracked(reg, cal, json, profile)
}

/// The common fields, read in a first pass that ignores the kind's own fields.
#[derive(Deserialize)]
struct Envelope {
    kind: Option<String>,
    profile: Option<String>,
    exception: Option<Exception>,
}

/// The careful path: the common fields first, then the kind's, each error with its field path.
fn check_json_tracked(
    reg: &Registry,
    cal: &Calendar,
    json: &str,
    profile: Option<&str>,
) -> Result<Verdict, CheckError> {
    let env: Envelope = {
        let de = &mut serde_json::Deserializer::from_str(json);
        serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let path = if path == "." { String::new() } else { path };
            CheckError::input(path, e.into_inner().to_string())
        })?
    };
    let kind = env
        .kind
        .ok_or_else(|| CheckError::input("kind", "缺少字段 kind (missing field `kind`)"))?;
    let pid = profile_id(env.profile.as_deref(), profile)?;
    // An unknown profile is reported before any error in the kind's own fields.
    if reg.versions(pid).is_empty() {
        return Err(unknown_profile(reg, pid));
    }
    let exception = env.exception;
    kinds::with_kind(&kind, json, &mut |kind, case| {
        evaluate(reg, cal, kind, pid, exception.as_ref(), case)
    })
}

/// The profile that judges the case: the case's own, or `--profile`; both given must agree.
fn profile_id<'a>(in_case: Option<&'a str>, given: Option<&'a str>) -> Result<&'a str, CheckError> {
    let pid = match (in_case, given) {
        (Some(a), Some(b)) if a != b => {
            return Err(CheckError::input(
                "profile",
                format!(
                    "案例中的 profile \"{a}\" 与命令行指定的 \"{b}\" 不一致 (profile in the case differs from --profile)"
                ),
            ));
        }
        (Some(a), _) => a,
        (None, Some(b)) => b,
        (None, None) => {
            return Err(CheckError::input(
                "profile",
                "缺少字段 profile (missing field `profile`)",
            ));
        }
    };
    Ok(pid)
}

/// The input error for a profile id the registry does not hold, listing those it does.
fn unknown_profile(reg: &Registry, pid: &str) -> CheckError {
    CheckError::input(
        "profile",
        format!(
            "未知的规则配置 \"{pid}\"，可用：{} (unknown profile)",
            reg.ids().collect::<Vec<_>>().join(", ")
        ),
    )
}

fn evaluate(
    reg: &Registry,
    cal: &Calendar,
    kind: &std::sync::Arc<str>,
    pid: &str,
    exception: Option<&Exception>,
    case: &dyn kinds::DynKind,
) -> Result<Verdict, CheckError> {
    let loaded = reg.in_force(pid, case.main_date()).map_err(|e| match e {
        CheckError::UnknownProfile(_) => unknown_profile(reg, pid),
        e => e,
    })?;
    let ctx = Ctx {
        profile: &loaded.profile,
        cal,
        exception,
    };
    let mut out = Out::default();
    case.evaluate(&ctx, &mut out)?;
    Ok(out.finish(kind.clone(), &loaded.profile))
}
