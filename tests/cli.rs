//! CLI tests: one binary, one module per subcommand (as xsv and ripgrep).
//! `workdir` gives each test a fresh directory and runs the built binary.

mod workdir;

mod test_bad_input;
mod test_data;
mod test_eval;
mod test_inspect;
mod test_pages;
mod test_predict;
mod test_properties;
mod test_real_news;
mod test_report;
mod test_train;
mod test_trend;
