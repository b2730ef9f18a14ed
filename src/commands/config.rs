//! `recall config get|set|list`: the settings, validated before they are stored.

use anyhow::Result;

use crate::cli::{ConfigAction, ConfigArgs};
use crate::context::Ctx;
use crate::core::config::{KEYS, SchedulerName, key_def, validate};
use crate::ui::{self, out};

pub fn run(ctx: &Ctx, args: &ConfigArgs) -> Result<()> {
    let mut store = ctx.open_store()?;
    match &args.action {
        ConfigAction::Get { key } => {
            let def = key_def(key)?;
            let value = store
                .config_value(key)?
                .unwrap_or_else(|| def.default.to_string());
            out::line(value)?;
        }
        ConfigAction::Set { key, value } => {
            let canonical = validate(key, value)?;
            store.settings()?.check_change(key, &canonical)?;
            if key == "scheduler" {
                let to = if canonical == "fsrs" {
                    SchedulerName::Fsrs
                } else {
                    SchedulerName::Sm2
                };
                let report = store.switch_scheduler(to)?;
                out::line(format_args!("{key} = {canonical}"))?;
                return ui::switch::report(&mut std::io::stdout().lock(), to, &report)
                    .map_err(Into::into);
            }
            store.set_config(key, &canonical)?;
            out::line(format_args!("{key} = {canonical}"))?;
        }
        ConfigAction::List => {
            let width = super::screen_width(ctx.stdout_is_terminal);
            let mut w = std::io::stdout().lock();
            for def in KEYS {
                let value = store.config_value(def.key)?;
                let shown = value.as_deref().unwrap_or(def.default);
                let note = if value.is_some() { "" } else { " (default)" };
                let setting = format!("{:<22} {shown:<5}{note:<10} ", def.key);
                out::described(&mut w, &setting, def.help, width)?;
            }
        }
    }
    Ok(())
}
