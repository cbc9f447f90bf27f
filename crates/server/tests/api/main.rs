//! HTTP tests of the whole application, in-process (tower `oneshot`) and over a real socket.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose

mod calendar_load;
mod clock;
mod common;
mod documents;
mod followup;
mod meetings;
mod roles;
mod session;
mod socket;
mod supervision;
mod system;
mod ui;
mod ui_followup;
mod writes;
