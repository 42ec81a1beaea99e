//! The integration test binary: one binary, one module per area, sharing the
//! `common::TestContext` (a temp workspace and the real `apiassure` binary).

mod audit;
mod catalog;
mod ci;
mod cli;
mod common;
mod docs;
mod exposure;
mod http;
mod http_support;
mod journal;
mod ledger;
mod lint;
mod period;
mod portfolio;
mod probe;
mod report;
mod schema;
mod scope;
mod secrets;
mod team;
mod tls;
mod tls_accuracy;
mod tls_support;
mod traffic;
mod trust;
mod tui;
mod workspace;
