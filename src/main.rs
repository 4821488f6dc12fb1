//! The `gongkai` command line: argument parsing, dispatch, output and the loopback server live
//! here, on the binary side; the audit itself is the `gongkai` library.

mod cli;

fn main() {
    std::process::exit(cli::main());
}
