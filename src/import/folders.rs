//! `recall import DIR`: a folder given on the command line becomes the Markdown files
//! under it — a hashcards collection or an Obsidian vault — sorted by path, hidden
//! folders and files (`.obsidian`, `.git`, `.trash`) skipped, symbolic links to folders
//! not followed (so a link cannot loop). A folder inside an Obsidian vault (one with an
//! `.obsidian` folder, there or above) is read as Obsidian notes.

use std::path::{Path, PathBuf};

use crate::formats::Problem;

/// The extensions of the files a folder walk takes.
const MARKDOWN: &[&str] = &["md", "markdown"];

/// One file to import, and how it was named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Input {
    pub path: PathBuf,
    /// Found by walking a folder: a file without cards is skipped, not an error.
    pub in_folder: bool,
    /// Inside an Obsidian vault.
    pub in_vault: bool,
}

/// The inputs named on the command line, folders expanded; the problems of folders that
/// cannot be read or hold no Markdown file.
pub(super) fn expand(paths: &[PathBuf]) -> (Vec<Input>, Vec<Problem>) {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        // A named path is followed even if it is a link; only links met inside are not.
        if !std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
            inputs.push(Input {
                path: path.clone(),
                in_folder: false,
                in_vault: false,
            });
            continue;
        }
        let in_vault = in_vault(path);
        let mut found = Vec::new();
        walk(path, &mut found, &mut problems);
        if found.is_empty() && problems.is_empty() {
            problems.push(Problem::new(
                &path.display().to_string(),
                None,
                "the folder holds no Markdown files (.md, .markdown) outside hidden folders",
            ));
        }
        inputs.extend(found.into_iter().map(|path| Input {
            path,
            in_folder: true,
            in_vault,
        }));
    }
    (inputs, problems)
}

/// Adds the Markdown files under `dir` to `found`, sorted, hidden entries skipped.
fn walk(dir: &Path, found: &mut Vec<PathBuf>, problems: &mut Vec<Problem>) {
    let cannot = |e: std::io::Error| {
        Problem::new(
            &dir.display().to_string(),
            None,
            format!("cannot read the folder: {e}"),
        )
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return problems.push(cannot(e)),
    };
    let mut listed = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => listed.push(entry),
            Err(e) => return problems.push(cannot(e)),
        }
    }
    listed.sort_by_key(std::fs::DirEntry::file_name);
    for entry in listed {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        // The entry's own type: a link to a folder is not a folder here.
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(&path, found, problems),
            Ok(_) if is_markdown(&path) => found.push(path),
            Ok(_) => {}
            Err(e) => problems.push(cannot(e)),
        }
    }
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| MARKDOWN.contains(&e.to_ascii_lowercase().as_str()))
}

/// Whether `dir`, or a folder above it, holds an Obsidian vault's `.obsidian` folder.
fn in_vault(dir: &Path) -> bool {
    let Ok(full) = dir.canonicalize() else {
        return false;
    };
    full.ancestors().any(|d| d.join(".obsidian").is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(root: &Path, rel: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, "x").unwrap();
    }

    #[test]
    fn folders_become_their_markdown_files_sorted_without_hidden_ones() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "b.md",
            "a/z.MD",
            "a/y.markdown",
            "a/notes.txt",
            ".obsidian/workspace.md",
            ".trash/old.md",
            "c/.git/x.md",
            "c/.hidden.md",
            "c/d.md",
        ] {
            touch(root, f);
        }
        let (inputs, problems) = expand(&[root.to_path_buf(), root.join("a/notes.txt")]);
        assert!(problems.is_empty(), "{problems:?}");
        let rel: Vec<String> = inputs
            .iter()
            .map(|i| {
                let p = i.path.strip_prefix(root).unwrap_or(&i.path);
                format!("{} {} {}", p.display(), i.in_folder, i.in_vault)
            })
            .collect();
        assert_eq!(
            rel,
            [
                "a/y.markdown true true",
                "a/z.MD true true",
                "b.md true true",
                "c/d.md true true",
                "a/notes.txt false false",
            ]
        );
        // A sub-folder of a vault is in the vault too; a folder outside is not.
        assert!(in_vault(&root.join("c")));
        let other = tempfile::tempdir().unwrap();
        touch(other.path(), "n.md");
        let (inputs, _) = expand(&[other.path().to_path_buf()]);
        assert!(!inputs[0].in_vault);
    }

    #[test]
    fn a_folder_without_markdown_is_a_problem() {
        let dir = tempfile::tempdir().unwrap();
        touch(dir.path(), ".git/x.md");
        let (inputs, problems) = expand(&[dir.path().to_path_buf()]);
        assert!(inputs.is_empty());
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .message
                .starts_with("the folder holds no Markdown files"),
            "{problems:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_to_folders_are_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        touch(dir.path(), "a/n.md");
        std::os::unix::fs::symlink(dir.path(), dir.path().join("a/loop")).unwrap();
        let (inputs, problems) = expand(&[dir.path().to_path_buf()]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(inputs.len(), 1);
    }
}
