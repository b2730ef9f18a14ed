//! Inputs that are not plain files and databases that are not files: devices, FIFOs and
//! process substitution for `import`; `:memory:` and empty files for `--db`.

mod common;

use std::process::{Command, Stdio};

use common::Env;

const NOW: &str = "2026-01-01T12:00:00Z";

#[test]
fn an_endless_device_is_refused_quickly_in_every_format() {
    let env = Env::new();
    env.ok(&["decks"], NOW, "");
    for format in ["toml", "markdown", "anki-text", "csv", "tsv", "apkg"] {
        let err = env.fails(&["import", "--format", format, "/dev/zero"], NOW);
        assert!(
            err.contains("/dev/zero") && err.contains("nothing was imported"),
            "{format}: {err}"
        );
        assert!(
            err.contains("NUL byte")
                || err.contains("512 MB")
                || err.contains("longer than 1 MB")
                || err.contains("not a readable zip"),
            "{format}: a bound, not an endless read: {err}"
        );
    }
    assert_eq!(
        env.count("SELECT count(*) FROM cards"),
        common::built_in_cards()
    );
}

#[test]
fn a_fifo_is_read_once_and_imported() {
    let env = Env::new();
    let fifo = env.path().join("cards.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            std::fs::write(&fifo, "front\tback\nq1\ta1\nq2\ta2\n").unwrap();
        })
    };
    let out = env
        .cmd()
        .args(["--now", NOW, "import", "--format", "tsv", "--deck", "Piped"])
        .arg(&fifo)
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    writer.join().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Piped (new deck): 2 added"), "{text}");
}

#[test]
fn process_substitution_works_for_streamed_and_whole_formats() {
    let env = Env::new();
    let recall = env!("CARGO_BIN_EXE_recall");
    let script = format!(
        "set -e\n\
         '{recall}' --db '{db}' --now {NOW} import --format csv --deck Sub <(printf 'front,back\\nq1,a1\\n')\n\
         '{recall}' --db '{db}' --now {NOW} import <(printf 'name = \"Whole\"\\n[[cards]]\\nfront = \"q\"\\nback = \"a\"\\n') --format toml\n",
        db = env.db.display()
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(script)
        .env("TZ", "UTC")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("Sub (new deck): 1 added"), "{stdout}");
    assert!(stdout.contains("Whole (new deck): 1 added"), "{stdout}");
}

#[test]
fn a_database_in_memory_is_refused_before_anything_is_done() {
    let env = Env::new();
    let deck = env.write("d.toml", &common::deck_toml("D", &[("d1", "q", "a")]));
    for args in [
        vec!["import", deck.to_str().unwrap()],
        vec!["review"],
        vec!["backup"],
    ] {
        let out = common::bare()
            .current_dir(env.path())
            .args(["--db", ":memory:", "--now", NOW])
            .args(&args)
            .write_stdin("\n5\n")
            .output()
            .unwrap();
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("`:memory:` is not a file"), "{args:?}: {err}");
    }
    let left: Vec<_> = std::fs::read_dir(env.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "d.toml")
        .collect();
    assert!(left.is_empty(), "nothing is written: {left:?}");
}

#[test]
fn an_empty_file_is_not_taken_for_a_new_database() {
    let env = Env::new();
    std::fs::write(&env.db, b"").unwrap();
    let err = env.fails(&["decks"], NOW);
    assert!(
        err.contains("is an empty file, not a recall database"),
        "{err}"
    );
    assert_eq!(std::fs::metadata(&env.db).unwrap().len(), 0);
}
