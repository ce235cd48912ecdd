//! Integration tests: every test runs the real `tifa` binary in a temporary
//! data directory, on the shared corpus or on files it writes itself.

mod util;

mod analysis;
mod bad_input;
mod check;
mod cli;
mod collate;
mod gold;
mod newterms;
mod notes;
mod pack;
mod reliability;
mod reports;
mod search;
mod server;
mod structure;
mod verify;
mod web;
mod xlsx;
