//! The program's console on Windows, where `renkei.exe` is a GUI-subsystem program (no console window opens when a
//! user double-clicks it or a `.renkei` file): a command typed in cmd or PowerShell attaches to that shell's
//! console, so that its output and messages are printed there; the window lets go of the console before it opens,
//! so that closing the shell does not close the window; an error met with no console to print it to is shown in a
//! message box. Elsewhere the process has its terminal already, and every function here does nothing.

use std::sync::atomic::{AtomicBool, Ordering};

/// Whether the process prints to a console (or a redirected file or pipe) its user can read.
static HAS_CONSOLE: AtomicBool = AtomicBool::new(true);

/// Attach to the console of the process that started this one, when it has one and the standard output is not
/// already redirected to a file or pipe. Returns whether the output reaches the user.
pub fn attach_to_parent() -> bool {
    let reaches = platform::attach_to_parent();
    HAS_CONSOLE.store(reaches, Ordering::Relaxed);
    reaches
}

/// Let go of the console before the window opens (closing the shell must not close the window).
pub fn detach() {
    HAS_CONSOLE.store(platform::detach(), Ordering::Relaxed);
}

/// Tell the user about an error that ends the program: on stderr, and in a message box when nothing reads stderr
/// (the program was started from the desktop on Windows).
pub fn report_error(message: &str) {
    eprintln!("renkei: {message}");
    if !HAS_CONSOLE.load(Ordering::Relaxed) {
        platform::message_box(message);
    }
}

#[cfg(windows)]
mod platform {
    use windows_sys::Win32::System::Console::{
        ATTACH_PARENT_PROCESS, AttachConsole, FreeConsole, GetStdHandle, STD_OUTPUT_HANDLE,
    };

    pub fn attach_to_parent() -> bool {
        // SAFETY: GetStdHandle only reads the process's standard handle table.
        let out = unsafe { GetStdHandle(STD_OUTPUT_HANDLE) };
        // A handle given at start (`renkei.exe check F > out.txt`, a pipe) is kept as it is.
        let redirected = !out.is_null() && out as isize != -1;
        // SAFETY: AttachConsole takes a process id constant and touches no memory of ours; failing (no parent
        // console, or a console already) is reported by its return value.
        let attached = unsafe { AttachConsole(ATTACH_PARENT_PROCESS) } != 0;
        redirected || attached
    }

    /// Returns whether the output still reaches the user: only a redirected one does.
    pub fn detach() -> bool {
        // SAFETY: FreeConsole takes no argument; without a console it fails harmlessly.
        unsafe {
            FreeConsole();
        }
        // SAFETY: as in attach_to_parent.
        let out = unsafe { GetStdHandle(STD_OUTPUT_HANDLE) };
        !out.is_null() && out as isize != -1
    }

    pub fn message_box(message: &str) {
        let _ = rfd::MessageDialog::new()
            .set_level(rfd::MessageLevel::Error)
            .set_title("Renkei Workbench")
            .set_description(message)
            .set_buttons(rfd::MessageButtons::Ok)
            .show();
    }
}

#[cfg(not(windows))]
mod platform {
    pub fn attach_to_parent() -> bool {
        true
    }

    pub fn detach() -> bool {
        true
    }

    pub fn message_box(_message: &str) {}
}
