//! The `grafctl` binary; see the [`grafctl`] library for the commands.

fn main() -> std::process::ExitCode {
    grafctl::run_cli()
}
