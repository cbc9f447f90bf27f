//! zhengwu-rules: the Work Rules of each government as a cited profile, and the evaluation of rule
//! questions (CASES.md) into verdicts. Pure: no I/O beyond reading profile text it is handed.

pub mod catalog;
pub mod citation;
pub mod date;
pub mod engine;
pub mod error;
pub mod kinds;
pub mod profile;
pub mod registry;
pub mod role;
pub mod verdict;

pub use citation::{Citation, Cite};
pub use date::CaseDate;
pub use engine::{Ctx, Exception, Msg, Out, Period, Strength};
pub use error::CheckError;
pub use profile::Profile;
pub use registry::Registry;
pub use role::Role;
pub use verdict::{Outcome, Verdict};

use serde::Deserialize;
use zhengwu_calendar::Calendar;

/// The common fields, read in a first pass that ignores the kind's own fields.
#[derive(Deserialize)]
struct Envelope {
    kind: Option<String>,
    profile: Option<String>,
    exception: Option<Exception>,
}

/// Evaluates one case given as JSON text. `profile` (from `--profile`) is used when the case has none;
/// when both are given they must agree.
pub fn check_json(
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
    let pid = match (env.profile.as_deref(), profile) {
        (Some(a), Some(b)) if a != b => {
            return Err(CheckError::input(
                "profile",
                format!(
                    "案例中的 profile \"{a}\" 与命令行指定的 \"{b}\" 不一致 (profile in the case differs from --profile)"
                ),
            ));
        }
        (Some(a), _) => a.to_string(),
        (None, Some(b)) => b.to_string(),
        (None, None) => {
            return Err(CheckError::input(
                "profile",
                "缺少字段 profile (missing field `profile`)",
            ));
        }
    };
    if reg.versions(&pid).is_empty() {
        return Err(CheckError::input(
            "profile",
            format!(
                "未知的规则配置 \"{pid}\"，可用：{} (unknown profile)",
                reg.ids().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    let exception = env.exception;
    kinds::with_kind(&kind, json, &mut |case| {
        let loaded = reg.in_force(&pid, case.main_date())?;
        let ctx = Ctx {
            profile: &loaded.profile,
            cal,
            exception: exception.as_ref(),
        };
        let mut out = Out::default();
        case.evaluate(&ctx, &mut out)?;
        Ok(out.finish(&kind, &loaded.profile))
    })
}
