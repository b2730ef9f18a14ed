//! The `recall` binary: parse the command line, run it, and turn errors into one clear line
//! and a non-zero exit code.

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    ignore_file_size_signal();
    let cli = match recall::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            // clap quotes the arguments it refuses, which a script may have taken from a file.
            eprint!("{}", recall::core::text::sanitize(&e.render().to_string()));
            return ExitCode::from(2);
        }
        Err(e) => e.exit(),
    };
    match recall::app::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // Messages quote file names, field names and values from files: the one
            // sanitiser every path to the terminal goes through, error messages included.
            eprintln!("recall: {}", recall::core::text::sanitize(&message(&e)));
            ExitCode::FAILURE
        }
    }
}

/// Past a file-size limit (`ulimit -f`) the kernel would kill the process mid-write; ignored,
/// the write fails instead and the transaction is rolled back with a message.
#[allow(unsafe_code)]
fn ignore_file_size_signal() {
    // SAFETY: setting a signal's disposition to SIG_IGN has no preconditions and runs
    // before any other thread exists.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

/// The error and its causes, without repeating a cause the message already quotes.
fn message(e: &anyhow::Error) -> String {
    let mut out = e.to_string();
    for cause in e.chain().skip(1) {
        let c = cause.to_string();
        if !out.contains(&c) {
            out.push_str(": ");
            out.push_str(&c);
        }
    }
    out
}

/// `recall cards | head` closing the pipe early is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(BrokenPipe))
    })
}
