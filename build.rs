//! The demo portal is embedded in the binary (`src/cli/demo_portal.rs`): rebuild when it changes.

fn main() {
    println!("cargo:rerun-if-changed=fixtures/demo-portal");
}
