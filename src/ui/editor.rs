//! The user's editor (`$VISUAL`, else `$EDITOR`) on a temporary file: what `recall add`
//! and `recall edit` hand cards to.

use std::io::Write;
use std::process::Command;

use anyhow::{Context as _, Result, anyhow, bail};

use crate::core::text::sanitize;

/// The editor command: `$VISUAL`, else `$EDITOR` (either may carry arguments, as in
/// `code --wait`; it is run by the shell, as git runs it).
fn editor() -> Result<String> {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.trim().is_empty())
        .ok_or_else(|| {
            anyhow!(
                "no editor: set $VISUAL or $EDITOR (for example `export EDITOR=nano`), or give the card's text on the command line"
            )
        })
}

/// Opens `text` in the editor as a `.toml` file and returns the file as saved.
pub fn edit(text: &str) -> Result<String> {
    let command = editor()?;
    let mut file = tempfile::Builder::new()
        .prefix("recall-")
        .suffix(".toml")
        .tempfile()
        .context("cannot create a temporary file for the editor")?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.flush())
        .context("cannot write the temporary file for the editor")?;
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{command} \"$@\""))
        .arg(&command)
        .arg(file.path())
        .status()
        .with_context(|| format!("cannot start the editor `{}`", sanitize(&command)))?;
    if !status.success() {
        bail!(
            "the editor `{}` exited with {status}; nothing was saved",
            sanitize(&command)
        );
    }
    // Read by path: an editor may replace the file rather than write into it.
    let bytes = std::fs::read(file.path()).context("cannot read the edited file back")?;
    String::from_utf8(bytes)
        .map_err(|_| anyhow!("the edited file is not UTF-8 text; nothing was saved"))
}
