//! `recall search QUERY`: cards found by their text and filters, best first, each with its
//! id and an excerpt. Also the query handling `recall cards QUERY` shares.

use anyhow::{Result, anyhow};

use super::{print_json, screen_width};
use crate::cli::SearchArgs;
use crate::context::Ctx;
use crate::core::decks::resolve;
use crate::core::search::{self, Term};
use crate::core::text::sanitize;
use crate::store::{Matching, Store};
use crate::ui::search as screen;

pub fn run(ctx: &Ctx, args: &SearchArgs) -> Result<()> {
    let store = ctx.open_store_to_read()?;
    let today = ctx.today(&store.settings()?);
    let matching = matching(&store, &args.query)?;
    let found = store.search(&matching, today, args.limit as usize)?;
    if args.json {
        return print_json(&screen::json(&found, today));
    }
    let mut w = std::io::stdout().lock();
    screen::render(
        &mut w,
        &ctx.palette,
        &found,
        today,
        screen_width(ctx.stdout_is_terminal),
    )?;
    Ok(())
}

/// The shell's arguments as one query (joined with spaces: the shell's quotes group
/// nothing, the query's own do), parsed and with its decks resolved.
pub fn matching(store: &Store, args: &[String]) -> Result<Matching> {
    let text = join_args(args);
    let query = search::parse(&text).map_err(|e| anyhow!("{}", sanitize(&e.to_string())))?;
    let names = store.deck_names()?;
    let mut decks = Vec::new();
    for part in query.filters() {
        if let Term::Deck(name) = &part.term {
            let path = resolve(name, names.iter().map(|(_, n)| n.as_str()))
                .map_err(|e| anyhow!("deck:{}: {}", sanitize(name), sanitize(&e.to_string())))?;
            decks.push(store.deck_ids_under(&path)?);
        }
    }
    Ok(Matching { query, decks })
}

fn join_args(args: &[String]) -> String {
    args.join(" ")
}

#[cfg(test)]
mod tests {
    use super::join_args;

    #[test]
    fn arguments_are_one_query() {
        let args: Vec<String> = ["gradient", "-dropout", r#""learning rate""#]
            .iter()
            .map(|s| (*s).to_string())
            .collect();
        assert_eq!(join_args(&args), r#"gradient -dropout "learning rate""#);
    }
}
