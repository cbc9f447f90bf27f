//! The workflows as pure decisions. Each module takes the profile version in force, the calendar,
//! the current time, the current state of a record and a command, and returns either the new state
//! with the citations that justified it, or a refusal citing every article that stands in the way.
//! No I/O here: the server loads state from the store, calls these functions, and writes the result
//! together with its audit event in one transaction.
pub mod documents;
pub mod followup;

pub mod meetings;

pub mod deadline;
pub mod leave;
pub mod openness;
pub mod supervision;
