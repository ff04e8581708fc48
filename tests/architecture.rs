//! The shape of the code, held by tests: every change to a project file goes down one road (`store::transact`).

use std::path::Path;

/// Every `.rs` file under `dir`, with its text.
fn sources(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            out.push((path.display().to_string(), text));
        }
    }
    out
}

/// The window and the command line write to a project file only through `store::transact`: none of the store's
/// writing operations is called from `src/ui` or `src/cli` (nor, by the layers, from `domain` or `exchange`).
#[test]
fn every_change_goes_down_the_one_road() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let writers = [
        ".apply_change(",
        ".apply_change_from(",
        ".apply_import(",
        ".replace_all(",
        ".set_own_body(",
        ".record_book(",
        ".undo_op(",
        ".redo_op(",
        ".undo()",
        ".redo()",
        "Store::create(",
    ];
    let mut found = Vec::new();
    for part in ["ui", "cli", "domain", "exchange"] {
        for (path, text) in sources(&root.join(part)) {
            for (n, line) in text.lines().enumerate() {
                for w in writers {
                    if line.contains(w) && !line.trim_start().starts_with("//") {
                        found.push(format!("{path}:{}: {}", n + 1, line.trim()));
                    }
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "writes outside store::transact:\n{}",
        found.join("\n")
    );
}
