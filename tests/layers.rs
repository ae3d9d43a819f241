//! The dependency rule written at the top of crate/lib.rs, kept: every `crate::<module>`
//! path in a file under crate/ (comments left out) must name its own module or one the
//! table below lets it use. A new module, or a new edge, is added here on purpose.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Each top-level module of crate/ and the modules it may name (crate/lib.rs, "Layers").
const MAY_NAME: &[(&str, &[&str])] = &[
    ("names", &[]),
    ("tensor", &[]),
    ("nn", &["tensor"]),
    ("data", &["tensor"]),
    ("optim", &["tensor", "nn"]),
    ("autodiff", &["tensor", "nn"]),
    ("sparsity", &["tensor", "nn", "autodiff"]),
    ("io", &["tensor", "nn", "sparsity"]),
    ("train", TRAIN),
    ("labs", LABS),
    ("bench", LABS),
    ("wasm", &["tensor", "nn", "data", "optim", "autodiff", "sparsity", "io", "train", "labs", "bench"]),
];
const TRAIN: &[&str] = &["tensor", "nn", "data", "optim", "autodiff", "sparsity", "io"];
const LABS: &[&str] = &["tensor", "nn", "data", "optim", "autodiff", "sparsity", "io", "train"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The modules a file's code names through `crate::x` (paths of one `use crate::{a, b}`
/// group included), comments left out.
fn named_modules(text: &str) -> BTreeSet<String> {
    let code: String = text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
    let mut names = BTreeSet::new();
    let ident = |s: &str| s.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect::<String>();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            names.extend(group.split(',').map(|p| ident(p.trim())).filter(|n| !n.is_empty()));
        } else {
            names.insert(ident(rest));
        }
    }
    names
}

#[test]
fn no_module_names_a_layer_above_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("crate");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut broken = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&root).unwrap();
        let first = rel.components().next().unwrap().as_os_str().to_string_lossy().trim_end_matches(".rs").to_string();
        if first == "lib" || first == "bin" {
            continue; // lib.rs declares the modules; bin/ is its own crate (it names `gradlab::`).
        }
        let allowed = MAY_NAME.iter().find(|(m, _)| *m == first).unwrap_or_else(|| panic!("crate/{first}: a new module; give it a row in MAY_NAME and in crate/lib.rs's layers")).1;
        for name in named_modules(&std::fs::read_to_string(file).unwrap()) {
            if name != first && !allowed.contains(&name.as_str()) {
                broken.push(format!("crate/{} names crate::{name}", rel.display()));
            }
        }
    }
    assert!(broken.is_empty(), "upward (or unlisted) imports, against crate/lib.rs's layers:\n{}", broken.join("\n"));
}

#[test]
fn the_reader_sees_grouped_paths_and_skips_comments() {
    let names = named_modules("use crate::{nn::Mlp, tensor::Rng};\n// crate::train is only mentioned\nlet x = crate::data::f();");
    assert_eq!(names.into_iter().collect::<Vec<_>>(), ["data", "nn", "tensor"]);
}
