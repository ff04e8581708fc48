//! The `renkei` binary: parse the command line, run a subcommand or open the window.
//!
//! On Windows it is a GUI-subsystem program, so that no console window opens beside the window when a user
//! double-clicks it or a `.renkei` file; a command typed in a shell prints to that shell's console
//! (`cli::console`).

#![cfg_attr(windows, windows_subsystem = "windows")]

use clap::Parser;
use renkei::cli::console;

fn main() -> std::process::ExitCode {
    console::attach_to_parent();
    let cli = match renkei::cli::Cli::try_parse() {
        Ok(cli) => cli,
        // --help, --version and mistakes: clap prints them (to the console just attached) with its exit code.
        Err(e) => e.exit(),
    };
    renkei::cli::run(cli, |file| {
        console::detach();
        renkei::ui::run(file)
    })
}
