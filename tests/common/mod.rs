//! Helpers shared by the CLI tests: run the `gradlab` binary and read its output.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

pub fn gradlab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gradlab")).args(args).output().expect("gradlab runs")
}

/// Stdout of a run that must succeed.
pub fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "failed: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// Stdout of a run that must succeed, as one JSON value.
pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_str(&stdout(o)).expect("one JSON value")
}

/// Stderr of a run that must fail.
pub fn stderr(o: &Output) -> String {
    assert!(!o.status.success(), "expected a failure");
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// A fresh temporary directory for this test process.
pub fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gradlab-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
