//! The crate's error type. Library modules keep their own typed errors
//! (`FeatureError`, `ModelError`); this enum adds where the problem was
//! found (file, line) and decides whether it is the user's to fix.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::features::FeatureError;
use crate::model::ModelError;

/// Where in an input a problem sits: a line of a file, or the file itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub line: Option<u64>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = if self.path.as_os_str() == "-" {
            "<stdin>".to_string()
        } else {
            self.path.display().to_string()
        };
        match self.line {
            Some(l) => write!(f, "{p}: line {l}"),
            None => write!(f, "{p}"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{}: {}", Location { path: path.clone(), line: None }, describe_io(source))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The content of an input file is wrong at a place.
    #[error("{at}: {msg}")]
    Input { at: Location, msg: String },
    /// A flag or argument is wrong.
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Feature(#[from] FeatureError),
    #[error(transparent)]
    Model(#[from] ModelError),
    /// A batch finished, but some inputs or rows could not be read (each
    /// was reported already). Exit code 3.
    #[error("{skipped} input(s) or row(s) could not be read and were skipped (reported above); {documents} article(s) labeled")]
    Partial { skipped: u64, documents: u64 },
    /// A bug: the tool reached a state it should not.
    #[error("internal error: {0}")]
    Internal(String),
}

fn describe_io(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file or directory".to_string(),
        PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

impl Error {
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }

    /// A problem with a whole file.
    pub fn file(path: impl AsRef<Path>, msg: impl Into<String>) -> Self {
        Error::Input {
            at: Location {
                path: path.as_ref().to_path_buf(),
                line: None,
            },
            msg: msg.into(),
        }
    }

    /// A problem at a line of a file.
    pub fn at_line(path: impl AsRef<Path>, line: u64, msg: impl Into<String>) -> Self {
        Error::Input {
            at: Location {
                path: path.as_ref().to_path_buf(),
                line: Some(line),
            },
            msg: msg.into(),
        }
    }

    /// The process exit code: 1 user error, 2 internal error, 3 partial run.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Partial { .. } => 3,
            e if e.is_user_error() => 1,
            _ => 2,
        }
    }

    /// True for problems the user can fix (exit code 1); false for bugs (2).
    pub fn is_user_error(&self) -> bool {
        !matches!(self, Error::Internal(_) | Error::Model(ModelError::Fit(_)))
    }

    /// True when the error is a closed output pipe (`| head`): not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Limits how many unreadable rows of one input a batch reports.
///
/// Why: a batch goes on past a bad row, so one mistake that hits every row
/// (a misspelt `--text-col` on a JSONL file, a file of another layout) would
/// print a line per row, a million lines for a million-row file, and a run
/// that keeps them until it knows whether anything was readable would hold
/// them all in memory. The first [`RowErrorLimit::PER_INPUT`] row errors of
/// each input are shown; the rest are counted and summed up in one line per
/// input at the end. Problems with a whole file (no line) are always shown.
#[derive(Debug, Default)]
pub struct RowErrorLimit {
    /// Row errors seen per input, in the order inputs first had one.
    seen: Vec<(PathBuf, u64)>,
    /// Where each input sits in `seen`. (Searching `seen` for every error
    /// is quadratic: 10,000 CSV files with a bad row each took 2.37 s
    /// instead of 0.51 s.)
    index: std::collections::HashMap<PathBuf, usize>,
}

impl RowErrorLimit {
    /// Row errors shown per input.
    pub const PER_INPUT: u64 = 10;

    pub fn new() -> Self {
        Self::default()
    }

    /// Counts `e` and tells whether to show it.
    pub fn admit(&mut self, e: &Error) -> bool {
        let Error::Input {
            at: Location {
                path,
                line: Some(_),
            },
            ..
        } = e
        else {
            return true;
        };
        let i = *self.index.entry(path.clone()).or_insert_with(|| {
            self.seen.push((path.clone(), 0));
            self.seen.len() - 1
        });
        let n = &mut self.seen[i].1;
        *n += 1;
        *n <= Self::PER_INPUT
    }

    /// One line per input that had row errors not shown.
    pub fn not_shown(&self) -> Vec<Error> {
        self.seen
            .iter()
            .filter(|(_, n)| *n > Self::PER_INPUT)
            .map(|(path, n)| {
                Error::file(
                    path,
                    format!(
                        "{} more row(s) could not be read and were skipped (the first {} are shown above)",
                        n - Self::PER_INPUT,
                        Self::PER_INPUT
                    ),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_errors_are_shown_up_to_the_limit_per_input_then_counted() {
        let mut limit = RowErrorLimit::new();
        let shown = |limit: &mut RowErrorLimit, path: &str, rows: u64| {
            (1..=rows)
                .filter(|&l| limit.admit(&Error::at_line(path, l, "bad row")))
                .count() as u64
        };
        assert_eq!(shown(&mut limit, "a.jsonl", 25), RowErrorLimit::PER_INPUT);
        assert_eq!(shown(&mut limit, "b.csv", 3), 3);
        // Whole-file problems are never held back.
        for _ in 0..30 {
            assert!(limit.admit(&Error::file("c.txt", "file is empty")));
        }
        assert_eq!(shown(&mut limit, "a.jsonl", 5), 0);
        let notes: Vec<String> = limit.not_shown().iter().map(|e| e.to_string()).collect();
        assert_eq!(
            notes,
            ["a.jsonl: 20 more row(s) could not be read and were skipped (the first 10 are shown above)"]
        );
    }
}
