//! Shared by the loopback tests. The static server is the binary's own (`gongkai demo` and
//! `gongkai serve` use it), compiled into each test crate from its source file, so the tests
//! serve fixtures exactly as the command line does without the library carrying a web server.

#[path = "../../src/cli/serve.rs"]
#[allow(dead_code)]
pub mod serve;

// Not every test crate copies portals.
#[allow(dead_code)]
pub mod files;

// Not every test crate needs a dead port.
#[allow(dead_code)]
pub mod ports;
