//! The kinds of rule question (CASES.md). Each kind is a module with its case type (the JSON fields)
//! and its evaluation over the profile, the calendar and the case.

use crate::engine::{Ctx, Out};
use crate::error::CheckError;
use serde::de::DeserializeOwned;
use zhengwu_calendar::Date;

/// A kind of rule question.
pub trait Kind: DeserializeOwned {
    /// The case's main date: the rules in force on it judge the case.
    fn main_date(&self) -> Option<Date>;
    fn evaluate(&self, ctx: &Ctx<'_>, out: &mut Out) -> Result<(), CheckError>;
}

/// Declares a case struct: denies unknown fields and reads the common fields (`profile`, `exception`)
/// with the kind's own, so a case is parsed once. `kind` itself is found before the parse (it picks
/// the struct) and is only accepted here.
#[macro_export]
macro_rules! case_struct {
    ($(#[$m:meta])* pub struct $name:ident { $($body:tt)* }) => {
        #[derive(Debug, Clone, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        $(#[$m])*
        pub struct $name {
            #[serde(default, rename = "kind")]
            pub _kind: serde::de::IgnoredAny,
            #[serde(default, rename = "profile")]
            pub _profile: Option<String>,
            #[serde(default, rename = "exception")]
            pub _exception: Option<$crate::engine::Exception>,
            $($body)*
        }

        impl $crate::kinds::Common for $name {
            fn profile(&self) -> Option<&str> {
                self._profile.as_deref()
            }
            fn exception(&self) -> Option<&$crate::engine::Exception> {
                self._exception.as_ref()
            }
        }
    };
}

/// The common fields of every case, read in the same parse as the kind's own (see `case_struct!`).
pub trait Common {
    fn profile(&self) -> Option<&str>;
    fn exception(&self) -> Option<&crate::engine::Exception>;
}

use std::sync::Arc;

pub mod acting_leader;
pub mod agenda_item;
pub mod briefing;
pub mod countersign;
pub mod department_meeting;
pub mod disclosure_request;
pub mod document_lead_time;
pub mod document_quota;
pub mod event_hosting;
pub mod incoming_document;
pub mod invitation;
pub mod leader_instruction;
pub mod leave_request;
pub mod meeting_absence;
pub mod meeting_composition;
pub mod meeting_convening;
pub mod meeting_quorum;
pub mod minutes_signoff;
pub mod outgoing_document;
pub mod post_meeting_document;
pub mod reply_deadline;
pub mod seal_use;
pub mod supervision_item;
pub mod workdays;

/// Every kind name, in CASES.md order.
pub const KINDS: &[&str] = &[
    "agenda_item",
    "meeting_quorum",
    "meeting_absence",
    "minutes_signoff",
    "outgoing_document",
    "incoming_document",
    "countersign",
    "leave_request",
    "invitation",
    "event_hosting",
    "supervision_item",
    "leader_instruction",
    "reply_deadline",
    "post_meeting_document",
    "document_quota",
    "document_lead_time",
    "seal_use",
    "briefing",
    "department_meeting",
    "disclosure_request",
    "acting_leader",
    "meeting_convening",
    "meeting_composition",
    "workdays",
];

/// What the dispatch hands a parsed case to: the kind's shared name and the case.
pub(crate) type KindFn<'a, R> = dyn FnMut(&Arc<str>, &dyn DynKind) -> R + 'a;

/// The kind's name as verdicts carry it, made once per kind where the dispatch picks the kind (no
/// lookup by name per case).
macro_rules! shared_id {
    ($k:ident) => {{
        static ID: std::sync::OnceLock<Arc<str>> = std::sync::OnceLock::new();
        ID.get_or_init(|| Arc::from(stringify!($k)))
    }};
}

/// Calls `$m!(agenda_item, meeting_quorum, …)` with every kind module.
macro_rules! for_each_kind {
    ($m:ident) => {
        $m!(
            agenda_item,
            meeting_quorum,
            meeting_absence,
            minutes_signoff,
            outgoing_document,
            incoming_document,
            countersign,
            leave_request,
            invitation,
            event_hosting,
            supervision_item,
            leader_instruction,
            reply_deadline,
            post_meeting_document,
            document_quota,
            document_lead_time,
            seal_use,
            briefing,
            department_meeting,
            disclosure_request,
            acting_leader,
            meeting_convening,
            meeting_composition,
            workdays
        )
    };
}

/// Parses the case as kind `K` (unknown fields denied; errors name the field path) and hands it to `f`.
pub(crate) fn with_kind<R>(
    kind: &str,
    json: &str,
    f: &mut KindFn<'_, Result<R, CheckError>>,
) -> Result<R, CheckError> {
    macro_rules! dispatch {
        ($($k:ident),*) => {
            match kind {
                $(stringify!($k) => f(shared_id!($k), &parse::<$k::Case>(json)?),)*
                other => Err(CheckError::input("kind", format!(
                    "未知的问题类型 \"{other}\"，应为以下之一：{} (unknown kind)", KINDS.join(", ")))),
            }
        };
    }
    for_each_kind!(dispatch)
}

/// The fast path: parses the case as kind `K` in one plain pass (no path tracking) and hands it to
/// `f`. `None` when the kind is unknown or the text does not parse: the caller then takes the path
/// that reports the error with its field path.
pub(crate) fn with_kind_fast<R>(kind: &str, json: &str, f: &mut KindFn<'_, R>) -> Option<R> {
    macro_rules! dispatch {
        ($($k:ident),*) => {
            match kind {
                $(stringify!($k) => Some(f(shared_id!($k), &serde_json::from_str::<$k::Case>(json).ok()?)),)*
                _ => None,
            }
        };
    }
    for_each_kind!(dispatch)
}

/// Object-safe view of a parsed case.
pub(crate) trait DynKind {
    fn main_date(&self) -> Option<Date>;
    fn evaluate(&self, ctx: &Ctx<'_>, out: &mut Out) -> Result<(), CheckError>;
    fn common(&self) -> (Option<&str>, Option<&crate::engine::Exception>);
}

impl<T: Kind + Common> DynKind for T {
    fn common(&self) -> (Option<&str>, Option<&crate::engine::Exception>) {
        (Common::profile(self), Common::exception(self))
    }
    fn main_date(&self) -> Option<Date> {
        Kind::main_date(self)
    }
    fn evaluate(&self, ctx: &Ctx<'_>, out: &mut Out) -> Result<(), CheckError> {
        Kind::evaluate(self, ctx, out)
    }
}

fn parse<T: DeserializeOwned>(json: &str) -> Result<T, CheckError> {
    let de = &mut serde_json::Deserializer::from_str(json);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        CheckError::input(path, e.into_inner().to_string())
    })
}
