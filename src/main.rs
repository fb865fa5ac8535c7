//! The `rhetoric` binary: parse arguments, dispatch to a subcommand, map
//! errors to exit codes (0 ok, 1 user error, 2 internal error, 3 partial batch).

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
            let first = text.lines().next().unwrap_or("bad arguments");
            eprintln!(
                "rhetoric: {} (see rhetoric --help)",
                first.trim_start_matches("error: ")
            );
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
