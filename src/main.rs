//! The `rhetoric` binary: parse arguments, dispatch to a subcommand, map
//! errors to exit codes (0 ok, 1 user error, 2 internal error, 3 partial batch).

#![forbid(unsafe_code)]

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = match cli::Cli::try_parse() {
        Ok(a) => a,
        Err(e) => {
            use clap::error::ErrorKind::*;
            if matches!(
                e.kind(),
                DisplayHelp | DisplayVersion | DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            // One line, like every other error: clap's first line and a pointer to --help.
            let text = e.to_string();
            eprintln!("rhetoric: {} (see rhetoric --help)", one_line(&text));
            return ExitCode::from(1);
        }
    };
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rhetoric: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// Clap's message on one line: its first line, and when that ends in a
/// colon the indented lines it introduces ("the following required
/// arguments were not provided: --output").
fn one_line(clap_text: &str) -> String {
    let mut lines = clap_text.lines();
    let mut line = lines
        .next()
        .unwrap_or("bad arguments")
        .trim_start_matches("error: ")
        .to_string();
    if line.ends_with(':') {
        for listed in
            lines.take_while(|l| l.starts_with(char::is_whitespace) && !l.trim().is_empty())
        {
            line.push(' ');
            line.push_str(listed.trim());
        }
    }
    line
}
