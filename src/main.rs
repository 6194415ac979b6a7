fn main() {
    std::process::exit(framewright::cli::run());
}
