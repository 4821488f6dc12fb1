fn main() {
    std::process::exit(gongkai::cli::main());
}
