//! `recall sandbox`: the sample database of the SQL exercises, read-only, in a small SQL
//! prompt, to explore before answering.

use anyhow::{Result, anyhow};

use crate::cli::SandboxArgs;
use crate::context::Ctx;
use crate::repl::sandbox::Prompt;
use crate::store::sandbox::{Limits, Sandbox, ensure_built, samples_dir};

pub fn run(ctx: &Ctx, args: &SandboxArgs) -> Result<()> {
    let dir = samples_dir(&ctx.db_path()?);
    let path = ensure_built(&dir, &args.sample).map_err(|e| anyhow!("{e}"))?;
    let mut sandbox = Sandbox::open(&path, Limits::DEFAULT).map_err(|e| anyhow!("{e}"))?;
    // The `history` setting, read without opening (or creating) the user's database.
    let keep_history =
        crate::store::peek_config(&ctx.db_path()?, "history").is_none_or(|v| v != "off");
    let mut input = ctx.line_source(keep_history)?;
    let mut out = std::io::stdout().lock();
    Prompt {
        sandbox: &mut sandbox,
        name: &args.sample,
        out: &mut out,
        palette: ctx.palette,
        max_rows: args.rows,
    }
    .run(input.as_mut())
}
