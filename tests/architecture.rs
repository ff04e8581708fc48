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
    assert!(found.is_empty(), "writes outside store::transact:\n{}", found.join("\n"));
}

/// The module a file is (`domain::model::columns` for `src/domain/model/columns.rs`), by its path under `src`.
fn module_of(root: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(root).unwrap();
    let mut parts: Vec<String> =
        rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_string());
    }
    parts
}

/// The file of the longest prefix of `path` that is a module (`src/a/b.rs` or `src/a/b/mod.rs`).
fn file_of(root: &Path, path: &[String]) -> Option<std::path::PathBuf> {
    for n in (1..=path.len()).rev() {
        let dir = path[..n].iter().fold(root.to_path_buf(), |p, s| p.join(s));
        let file = dir.with_extension("rs");
        if file.is_file() {
            return Some(file);
        }
        if dir.join("mod.rs").is_file() {
            return Some(dir.join("mod.rs"));
        }
    }
    None
}

/// The files a file takes names from: every `crate::…` path and every `super::…` path in its text, resolved to
/// the file of the module named (an item of a module is its module's file).
fn imports(root: &Path, file: &Path, text: &str) -> std::collections::BTreeSet<std::path::PathBuf> {
    let me = module_of(root, file);
    let is_mod = file.file_name().is_some_and(|n| n == "mod.rs");
    let mut out = std::collections::BTreeSet::new();
    // A folder's mod.rs names its children by their names alone (`coverage::check`).
    if is_mod {
        for line in text.lines() {
            let line = line.trim();
            let Some(child) = line
                .strip_prefix("pub mod ")
                .or_else(|| line.strip_prefix("mod "))
                .and_then(|x| x.strip_suffix(';'))
            else {
                continue;
            };
            let used = text.match_indices(&format!("{child}::")).any(|(i, _)| {
                i == 0
                    || !text[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':')
            });
            let dir = file.parent().unwrap();
            let f = [dir.join(format!("{child}.rs")), dir.join(child).join("mod.rs")]
                .into_iter()
                .find(|f| f.is_file());
            if let Some(f) = f.filter(|_| used) {
                out.insert(f);
            }
        }
    }
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .filter(|w| w.starts_with("crate::") || w.starts_with("super::"))
        .collect();
    for w in words {
        let mut segs: Vec<String> =
            w.split("::").filter(|s| !s.is_empty()).map(str::to_string).collect();
        let mut base: Vec<String> = if segs[0] == "crate" {
            segs.remove(0);
            Vec::new()
        } else {
            // `super` of a file is its folder's module; of a folder's mod.rs, the folder above.
            // `super` of `a/b.rs` (module a::b) is `a`; of `a/mod.rs` (module a), the folder above.
            let mut b = me.clone();
            while segs.first().is_some_and(|s| s == "super") {
                segs.remove(0);
                b.pop();
            }
            b
        };
        base.extend(segs);
        if let Some(f) = file_of(root, &base)
            && f != file
        {
            out.insert(f);
        }
    }
    out
}

/// The layers point one way: `domain` uses nothing of `store`, `exchange`, `ui` or `cli`; `exchange` nothing of
/// `store`, `ui` or `cli`; `store` nothing of `exchange`, `ui` or `cli`; `ui` nothing of `cli`.
#[test]
fn the_layers_point_one_way() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let forbidden = [
        ("domain", &["store", "exchange", "ui", "cli"][..]),
        ("exchange", &["store", "ui", "cli"][..]),
        ("store", &["exchange", "ui", "cli"][..]),
        ("ui", &["cli"][..]),
    ];
    let mut found = Vec::new();
    for (layer, never) in forbidden {
        for (path, text) in sources(&root.join(layer)) {
            for n in never {
                let needle = format!("crate::{n}::");
                if text.contains(&needle) {
                    found.push(format!("{path} uses {needle}"));
                }
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// No circle of imports among the files of `src/domain` and among those of `src/ui` (each file's `crate::` and
/// `super::` paths, resolved to files): the rooms stand on each other, never in a ring.
#[test]
fn no_file_of_domain_or_ui_imports_itself_round_a_circle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for layer in ["domain", "ui"] {
        let files: Vec<(std::path::PathBuf, String)> = sources(&root.join(layer))
            .into_iter()
            .map(|(p, t)| (std::path::PathBuf::from(p), t))
            .collect();
        let within = |p: &std::path::PathBuf| p.starts_with(root.join(layer));
        let graph: std::collections::BTreeMap<_, Vec<_>> = files
            .iter()
            .map(|(f, t)| {
                // What a test module at the end of a file uses is the test's, not the file's.
                let code = t.split("#[cfg(test)]").next().unwrap_or(t);
                (f.clone(), imports(&root, f, code).into_iter().filter(within).collect())
            })
            .collect();
        // Depth-first search for a back edge.
        fn visit(
            f: &std::path::PathBuf,
            graph: &std::collections::BTreeMap<std::path::PathBuf, Vec<std::path::PathBuf>>,
            stack: &mut Vec<std::path::PathBuf>,
            done: &mut std::collections::BTreeSet<std::path::PathBuf>,
        ) -> Option<Vec<std::path::PathBuf>> {
            if let Some(at) = stack.iter().position(|x| x == f) {
                return Some(stack[at..].to_vec());
            }
            if done.contains(f) {
                return None;
            }
            stack.push(f.clone());
            for next in graph.get(f).into_iter().flatten() {
                if let Some(ring) = visit(next, graph, stack, done) {
                    return Some(ring);
                }
            }
            stack.pop();
            done.insert(f.clone());
            None
        }
        let mut done = std::collections::BTreeSet::new();
        for f in graph.keys() {
            if let Some(ring) = visit(f, &graph, &mut Vec::new(), &mut done) {
                let names: Vec<String> = ring
                    .iter()
                    .map(|p| p.strip_prefix(&root).unwrap().display().to_string())
                    .collect();
                panic!("a circle of imports in src/{layer}: {}", names.join(" → "));
            }
        }
    }
}

/// Every path ARCHITECTURE.md names (a backquoted name with a `/` in it, or a `.rs` file) is a file or folder of
/// the repository: the map is of the house as it stands. A path is looked for from the repository's root, from
/// `src`, and from each layer's folder (the code map names a file within its layer's section).
#[test]
fn every_path_the_architecture_names_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let bases: Vec<std::path::PathBuf> =
        [".", "src", "src/domain", "src/store", "src/exchange", "src/ui", "src/cli"]
            .iter()
            .map(|b| root.join(b))
            .collect();
    let mut missing = Vec::new();
    let mut named = 0;
    for (i, quoted) in text.split('`').enumerate() {
        // Odd pieces are inside backquotes.
        if i % 2 == 0 || quoted.contains(' ') || quoted.contains("::") {
            continue;
        }
        let is_path =
            (quoted.contains('/') && !quoted.starts_with("http")) || quoted.ends_with(".rs");
        if !is_path || quoted.contains('*') {
            continue;
        }
        named += 1;
        let found = if quoted.contains('/') {
            bases.iter().any(|b| b.join(quoted).exists())
        } else {
            // A bare file name: some folder of the layers has it.
            walk(&root.join("src")).iter().any(|f| f.ends_with(quoted))
                || root.join(quoted).exists()
        };
        if !found {
            missing.push(quoted.to_string());
        }
    }
    assert!(named > 40, "only {named} paths found: is the map still there?");
    assert!(missing.is_empty(), "ARCHITECTURE.md names what does not exist: {missing:?}");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
