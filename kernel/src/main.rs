//! The `eoffice` binary: parses the command line and runs the chosen command.

fn main() -> std::process::ExitCode {
    eoffice::cli::main()
}
