//! The national-scale project the store and window benchmarks share: 100,000 test cases, 3 memberships per
//! person, written to a project file in a temporary folder.

use std::path::PathBuf;

use renkei::domain::model::Project;
use renkei::domain::samples::generate::{GenerateOptions, generate};
use renkei::store::Store;

/// The generated project, and its file (in `dir`), with the store that wrote it still open.
pub fn big_project_file(dir: &tempfile::TempDir) -> (Project, PathBuf, Store) {
    let path = dir.path().join("big.renkei");
    let project = generate(&GenerateOptions {
        cases: 100_000,
        seed: 1,
        memberships_per_person: Some(3),
        parties: 1,
    });
    let mut store = Store::create(&path, "big").expect("create");
    store.replace_all(&project).expect("write");
    (project, path, store)
}
