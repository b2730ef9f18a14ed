//! Escape sequences from files never reach the terminal through error messages: hostile
//! text fed through every error path of every format (field names, values, column names,
//! Anki headers, note type and template names, file names, flags) and stderr checked.

mod common;

use std::io::Write;
use std::path::PathBuf;

use common::Env;

const NOW: &str = "2026-01-01T12:00:00Z";

/// An OSC 52 clipboard write and a screen clear, a CSI in its one-byte C1 form, a bell.
const EVIL: &str = "\u{1b}]52;c;UFdORUQ=\u{7}\u{1b}[2J\u{9b}31mX\u{7}";

/// TOML's escaped spelling of `EVIL`, for keys and strings in a TOML file.
fn evil_toml() -> String {
    EVIL.chars()
        .map(|c| {
            if c.is_control() {
                format!("\\u{:04X}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn assert_clean_failure(env: &Env, args: &[&str], case: &str) {
    let out = env
        .cmd()
        .env_remove("NO_COLOR")
        .args(["--color", "never", "--now", NOW])
        .args(args)
        .output()
        .unwrap();
    assert!(!out.status.success(), "{case}: should fail");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{case}: {err}");
    assert!(
        err.contains("recall:") || err.contains("error:"),
        "{case}: an error message: {err}"
    );
    for bad in ['\u{1b}', '\u{7}', '\u{9b}'] {
        assert!(!err.contains(bad), "{case}: stderr holds {bad:?}: {err:?}");
    }
    for bad in [0x1b_u8, 0x07] {
        assert!(!out.stdout.contains(&bad), "{case}: stdout holds {bad:#x}");
    }
}

fn import_fails(env: &Env, name: &str, text: &str, extra: &[&str], case: &str) {
    let path = env.write(name, text);
    let mut args = vec!["import"];
    args.extend_from_slice(extra);
    args.push(path.to_str().unwrap());
    assert_clean_failure(env, &args, case);
}

#[test]
fn hostile_text_in_deck_files_is_removed_from_every_error_message() {
    let env = Env::new();
    let e = evil_toml();
    let card = "[[cards]]\nfront = \"q\"\nback = \"a\"\n";
    import_fails(
        &env,
        "key.toml",
        &format!("{card}\"{e}\" = 1\n"),
        &[],
        "TOML unknown field",
    );
    import_fails(
        &env,
        "kind.toml",
        &format!("{card}kind = \"{e}\"\n"),
        &[],
        "TOML kind",
    );
    import_fails(
        &env,
        "stage.toml",
        &format!("{card}stage = \"{e}\"\n"),
        &[],
        "TOML stage",
    );
    import_fails(
        &env,
        "top.toml",
        &format!("\"{e}\" = 2\n{card}"),
        &[],
        "TOML top-level key",
    );
    import_fails(
        &env,
        "kind.csv",
        &format!("front,back,kind\nq,a,{EVIL}\n"),
        &[],
        "CSV kind",
    );
    import_fails(
        &env,
        "stage.csv",
        &format!("front,back,stage\nq,a,{EVIL}\n"),
        &[],
        "CSV stage",
    );
    import_fails(
        &env,
        "column.csv",
        &format!("front,back,{EVIL}\nq,a,b\n"),
        &[],
        "CSV column",
    );
    import_fails(
        &env,
        "sep.txt",
        &format!("#separator:{EVIL}\nq\ta\n"),
        &["--format", "anki-text"],
        "Anki text #separator",
    );
    import_fails(
        &env,
        "html.txt",
        &format!("#separator:tab\n#html:{EVIL}\nq\ta\n"),
        &["--format", "anki-text"],
        "Anki text #html",
    );
    import_fails(
        &env,
        "stray.md",
        &format!("{EVIL}\nQ: q\nA: a\n"),
        &[],
        "Markdown stray line",
    );
    import_fails(
        &env,
        &format!("name{EVIL}.toml"),
        "[[cards]]\nfront = 1\n",
        &[],
        "a file name",
    );
    import_fails(&env, "ok.toml", card, &["--stage", EVIL], "--stage");
    assert_clean_failure(&env, &["cards", "--deck", EVIL], "--deck");
    assert_clean_failure(&env, &["info", EVIL], "a card id");
    assert_clean_failure(&env, &["config", "set", EVIL, "1"], "a setting's name");
}

/// An Anki package whose note type and card template are named `EVIL`, with a template
/// that cannot be rendered, so the error names both.
fn evil_package(env: &Env) -> PathBuf {
    let fixture =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/anki/genanki.apkg");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(fixture).unwrap()).unwrap();
    let mut collection = Vec::new();
    std::io::copy(
        &mut zip.by_name("collection.anki2").unwrap(),
        &mut collection,
    )
    .unwrap();
    let db = env.path().join("collection.anki2");
    std::fs::write(&db, &collection).unwrap();
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let models: String = conn
            .query_row("SELECT models FROM col", [], |r| r.get(0))
            .unwrap();
        let mut models: serde_json::Value = serde_json::from_str(&models).unwrap();
        for model in models.as_object_mut().unwrap().values_mut() {
            model["name"] = EVIL.into();
            for t in model["tmpls"].as_array_mut().unwrap() {
                t["name"] = EVIL.into();
                t["qfmt"] = "{{/Nothing}}".into();
            }
        }
        conn.execute("UPDATE col SET models = ?1", [models.to_string()])
            .unwrap();
    }
    let path = env.path().join("evil.apkg");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    w.start_file("collection.anki2", opts).unwrap();
    w.write_all(&std::fs::read(&db).unwrap()).unwrap();
    w.start_file("media", opts).unwrap();
    w.write_all(b"{}").unwrap();
    w.finish().unwrap();
    path
}

#[test]
fn hostile_note_type_and_template_names_are_removed_from_errors() {
    let env = Env::new();
    let package = evil_package(&env);
    let out = env
        .cmd()
        .args(["--color", "never", "--now", NOW, "import"])
        .arg(&package)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains("note type `"),
        "the error names the note type: {err}"
    );
    assert_clean_failure(&env, &["import", package.to_str().unwrap()], "apkg names");
}
