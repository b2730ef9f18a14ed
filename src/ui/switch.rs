//! What `recall config set scheduler` did, in a sentence or two.

use std::io::{self, Write};

use super::session::count;
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
                "FSRS-6 now schedules {}: {} from their own review history, {} estimated from their SM-2 schedule (no history).",
                count(r.cards, "card"),
                r.from_history,
                r.from_sm2
            )?;
            writeln!(
                w,
                "SM-2's schedule is kept as it was: `recall config set scheduler sm2` puts it back."
            )
        }
        SchedulerName::Sm2 => writeln!(
            w,
            "SM-2 schedules {} again: its schedule as it was before FSRS, with {} given since replayed.",
            count(r.cards, "card"),
            count(r.replayed, "scheduled answer")
        ),
    }
}
