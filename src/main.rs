/// mimalloc, with the cap a harvest worker sets (`src/memory.rs`).
#[global_allocator]
static ALLOCATOR: framewright::memory::Capped = framewright::memory::Capped;

fn main() {
    no_huge_pages();
    std::process::exit(framewright::cli::run());
}

/// Turns transparent huge pages off for this process. mimalloc asks the
/// kernel for them on its arenas, and every pack's memory, freed and taken
/// again, then came back as 2 MiB pages the kernel zeroed whole: 8–9 % of a
/// full build's CPU went to zeroing pages, and the build took 10 % longer
/// with a third more memory (`docs/performance.md`). mimalloc's own switch
/// (`MIMALLOC_ALLOW_THP=0`) is read before `main` runs, so we make the same
/// call it would.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory
    // of ours; a kernel without it returns an error, which changes nothing.
    unsafe {
        // prctl is variadic and the kernel reads unsigned longs.
        let (on, unused) = (1 as libc::c_ulong, 0 as libc::c_ulong);
        libc::prctl(libc::PR_SET_THP_DISABLE, on, unused, unused, unused);
    }
}
