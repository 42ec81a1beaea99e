//! The apiassure binary: parse the command line, dispatch, map outcomes to
//! exit codes (0 ok, 1 problems found such as a score under --fail-under,
//! 2 bad input or error). A closed pipe is not an error.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match apiassure::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap quotes the bad value back: plain text through the
            // sanitiser, so an argument never steers the terminal.
            let text = e.render().to_string();
            let text = apiassure::sanitize::text(&text);
            if e.use_stderr() {
                eprint!("{text}");
            } else {
                print!("{text}");
            }
            return ExitCode::from(e.exit_code().clamp(0, 255) as u8);
        }
    };
    match apiassure::cli::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            if err
                .chain()
                .filter_map(|e| e.downcast_ref::<std::io::Error>())
                .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {}", apiassure::cli::error_message(&err));
            ExitCode::from(2)
        }
    }
}
