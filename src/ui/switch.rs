//! What `recall config set scheduler` did, in a sentence or two.

use std::io::{self, Write};

use crate::core::config::SchedulerName;
use crate::store::SwitchReport;

pub fn report(w: &mut dyn Write, to: SchedulerName, r: &SwitchReport) -> io::Result<()> {
    if r.unchanged {
        return writeln!(
            w,
            "the scheduler was already {}: nothing changed",
            to.as_str()
        );
    }
    match to {
        SchedulerName::Fsrs => {
            writeln!(
                w,
                "FSRS-6 now schedules {} cards: {} from their own review history, {} estimated from their SM-2 schedule (no history).",
                r.cards, r.from_history, r.from_sm2
            )?;
            writeln!(
                w,
                "SM-2's schedule is kept as it was: `recall config set scheduler sm2` puts it back."
            )
        }
        SchedulerName::Sm2 => writeln!(
            w,
            "SM-2 schedules {} cards again: its schedule as it was before FSRS, with the {} scheduled answers given since replayed.",
            r.cards, r.replayed
        ),
    }
}
