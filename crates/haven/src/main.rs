//! The `haven` command: a shim over the library, so tests and sub-commands share one code path.

#[tokio::main]
async fn main() -> std::process::ExitCode {
    haven::main().await
}
