//! A fresh temporary directory per test, with helpers to write fixtures and
//! run the `rhetoric` binary inside it.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Self {
        Workdir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, content).unwrap();
        p
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap()
    }

    /// Copy the small labeled fixture in as `small.csv`.
    pub fn small_csv(&self) -> PathBuf {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small.csv");
        self.write("small.csv", std::fs::read(src).unwrap())
    }

    /// Train a model on the small fixture as `small.model`.
    pub fn small_model(&self) -> PathBuf {
        self.small_csv();
        let out = self.run(&[
            "train",
            "small.csv",
            "-o",
            "small.model",
            "--min-count",
            "1",
        ]);
        assert!(
            out.status.success(),
            "train failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.path("small.model")
    }

    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("rhetoric").unwrap();
        c.current_dir(self.dir.path());
        c
    }

    /// A plain `std::process::Command` for the binary, to spawn and kill.
    pub fn std_cmd(&self) -> std::process::Command {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("rhetoric"));
        c.current_dir(self.dir.path());
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().unwrap()
    }

    /// Run, expect exit code `code`, and return (stdout, stderr).
    pub fn run_code(&self, args: &[&str], code: i32) -> (String, String) {
        let out = self.run(args);
        let (o, e) = (
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        );
        assert_eq!(
            out.status.code(),
            Some(code),
            "args {args:?}\nstdout: {o}\nstderr: {e}"
        );
        (o, e)
    }

    /// Names of the files in the directory (to check nothing was left behind).
    pub fn files(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        v.sort();
        v
    }
}

/// Assert an error message is one line.
pub fn one_line(stderr: &str) {
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "not one line: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}
