//! Embeds the built-in decks (decks/ai-ml-engineer/*.toml) in the binary, with a hash of
//! their contents so a newer binary knows to update a database's copy.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new("decks/ai-ml-engineer");
    println!("cargo::rerun-if-changed={}", dir.display());
    // Missing only while bootstrapping, before `recall generate` first wrote the decks.
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut code = String::from(
        "/// The built-in deck files: (file name, contents).\npub const FILES: &[(&str, &str)] = &[\n",
    );
    // FNV-1a over names and contents: stable, and all that change detection needs.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for path in &files {
        println!("cargo::rerun-if-changed={}", path.display());
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("deck file names are UTF-8");
        let abs = std::fs::canonicalize(path).expect("deck file exists");
        let text = std::fs::read(path).expect("deck file is readable");
        for b in name.bytes().chain(text.iter().copied()) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            abs.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    writeln!(
        code,
        "/// Changes whenever any built-in deck changes.\npub const HASH: &str = \"{hash:016x}\";"
    )
    .unwrap();
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_decks.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
