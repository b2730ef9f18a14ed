//! `recall generate`: the built-in decks are reproducible byte for byte from the guide, and
//! a broken guide is refused with its line and nothing written.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::Env;

const GUIDE: &str = "decks/sources/ai-ml-engineer-skills.md";

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn regenerating_reproduces_the_checked_in_decks() {
    let env = Env::new();
    let out = env.path().join("out");
    let root = env!("CARGO_MANIFEST_DIR");
    env.cmd()
        .current_dir(root)
        .args(["generate", GUIDE, "-o"])
        .arg(&out)
        .assert()
        .success();
    let fresh = files(&out);
    let checked_in = files(&Path::new(root).join("decks/ai-ml-engineer"));
    assert_eq!(fresh.len(), 15);
    assert_eq!(
        fresh.keys().collect::<Vec<_>>(),
        checked_in.keys().collect::<Vec<_>>(),
        "the same deck files"
    );
    for (name, bytes) in &fresh {
        assert!(
            checked_in[name] == *bytes,
            "decks/ai-ml-engineer/{name} differs from a fresh `recall generate`; regenerate it"
        );
    }
}

fn guide_text() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(GUIDE)).unwrap()
}

#[test]
fn a_guide_missing_a_definition_is_refused_with_its_line() {
    let env = Env::new();
    let text = guide_text();
    let sql_def = text
        .lines()
        .position(|l| l.starts_with("**Definition:** SQL"))
        .unwrap();
    let heading = text.lines().position(|l| l == "#### SQL").unwrap() + 1;
    let broken: Vec<&str> = text
        .lines()
        .enumerate()
        .filter(|(i, _)| *i != sql_def)
        .map(|(_, l)| l)
        .collect();
    let guide = env.write("guide.md", &broken.join("\n"));
    let out = env.path().join("out");
    let err = env.fails(
        &[
            "generate",
            guide.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        "2026-11-27",
    );
    assert!(
        err.contains(&format!(
            "guide.md:{heading}: skill `SQL` has no **Definition:**"
        )),
        "{err}"
    );
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn a_malformed_heading_is_refused_with_its_line() {
    let env = Env::new();
    let text = guide_text().replace("#### Data Preprocessing", "####Data Preprocessing");
    let line = text
        .lines()
        .position(|l| l == "####Data Preprocessing")
        .unwrap()
        + 1;
    let guide = env.write("guide.md", &text);
    let out = env.path().join("out");
    let err = env.fails(
        &[
            "generate",
            guide.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        "2026-11-27",
    );
    assert!(
        err.contains(&format!("guide.md:{line}: malformed heading")),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn another_guide_in_the_same_shape_makes_its_own_decks() {
    let env = Env::new();
    let guide = env.write(
        "chef.md",
        "# Guide to Skills for Line Cook Roles\n\n## Kitchen\n\n### Knives\n\n#### Dicing\n\
**Definition:** Dicing cuts food into uniform cubes for even cooking.\n\n\
**Real-World Usage:** Mirepoix for stocks.\n\n**Progressive Learning Path:**\n\
1. Beginner: Hold the knife.\n2. Intermediate: Brunoise.\n3. Advanced: Speed.\n\n\
**Resources:**\n- Books: \"Knife Skills\".\n- Courses: Culinary basics.\n- Projects: A soup.\n\
- Certifications: ServSafe.\n\n**Proficiency Demonstration:** Cook a service.\n",
    );
    let out = env.path().join("out");
    env.ok(
        &[
            "generate",
            guide.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        "2026-11-27",
        "",
    );
    let text = std::fs::read_to_string(out.join("01-dicing.toml")).unwrap();
    assert!(
        text.contains("name = \"Line Cook::Kitchen::Knives::Dicing\""),
        "{text}"
    );
    env.ok(
        &["import", out.join("01-dicing.toml").to_str().unwrap()],
        "2026-11-27",
        "",
    );
    let info = env.json(&["info", "dicing/definition", "--json"], "2026-11-27");
    assert_eq!(info["front"], "What is Dicing?");
}
