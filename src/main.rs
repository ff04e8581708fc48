//! The `renkei` binary: parse the command line, run a subcommand or open the window.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = renkei::cli::Cli::parse();
    renkei::cli::run(cli, renkei::ui::run)
}
