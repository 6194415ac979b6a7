/// Typesetting allocates and frees millions of small objects per pack;
/// mimalloc does that faster than the system allocator and returns memory
/// to the system in a way that costs fewer page faults (`docs/performance.md`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(framewright::cli::run());
}
