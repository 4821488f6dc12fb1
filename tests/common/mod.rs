//! Shared by the loopback tests. The static server is the binary's own (`gongkai demo` and
//! `gongkai serve` use it), compiled into each test crate from its source file, so the tests
//! serve fixtures exactly as the command line does without the library carrying a web server.

#[path = "../../src/cli/serve.rs"]
pub mod serve;
