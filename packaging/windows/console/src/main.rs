//! `renkei.com`, shipped beside `renkei.exe` on Windows. `renkei.exe` is a GUI-subsystem program (no console window
//! opens when a user double-clicks it), and cmd and PowerShell do not wait for such a program: typed at the prompt,
//! it would print after the next prompt and its exit code would be lost. A user who types `renkei check FILE`
//! gets this console program instead (cmd and PowerShell try `.com` before `.exe`): it runs `renkei.exe` beside it
//! with the same arguments and the same console, waits for it, and returns its exit code.

use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let program = match std::env::current_exe() {
        Ok(me) => me.with_file_name("renkei.exe"),
        Err(e) => {
            eprintln!("renkei: cannot find renkei.exe: {e}");
            return ExitCode::from(2);
        }
    };
    match Command::new(&program).args(std::env::args_os().skip(1)).status() {
        Ok(status) => match status.code() {
            Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(2)),
            None => ExitCode::from(2),
        },
        Err(e) => {
            eprintln!("renkei: cannot start {}: {e}", program.display());
            ExitCode::from(2)
        }
    }
}
