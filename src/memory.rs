//! The allocator: mimalloc, with a cap that a harvest worker turns on.
//!
//! Typesetting allocates and frees millions of small objects per pack;
//! mimalloc does that faster than the system allocator and returns memory
//! to the system in a way that costs fewer page faults
//! (`docs/performance.md`).
//!
//! A harvest worker ([`crate::harvest::isolate`]) must not grow without
//! bound on a file made to hurt. A limit on its address space
//! (`RLIMIT_AS`) was tried first: mimalloc reserves address space in large
//! arenas, and under a 512 MiB limit ordinary reads failed now and then
//! with "out of memory" after a few dozen files. So the cap counts what is
//! really asked for: every allocation past [`cap`] fails, which aborts the
//! worker with "memory allocation of N bytes failed" (or returns an
//! out-of-memory error where the caller asked to be told), and the worker's
//! parent logs the file as too big to read. Until a cap is set, the count
//! is not kept, and the cost is one relaxed load per allocation.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering};

use mimalloc::MiMalloc;

/// The global allocator of the framewright binary (`src/main.rs`).
pub struct Capped;

/// The cap in bytes; 0 while there is none.
static CAP: AtomicUsize = AtomicUsize::new(0);
/// Bytes allocated since the cap was set.
static USED: AtomicUsize = AtomicUsize::new(0);

/// Caps the bytes this process may allocate from now on.
pub fn cap(bytes: usize) {
    USED.store(0, Ordering::Relaxed);
    CAP.store(bytes, Ordering::Relaxed);
}

/// The cap now set (0: none).
pub fn current_cap() -> usize {
    CAP.load(Ordering::Relaxed)
}

fn admit(size: usize) -> bool {
    let cap = CAP.load(Ordering::Relaxed);
    if cap == 0 {
        return true;
    }
    let used = USED.fetch_add(size, Ordering::Relaxed).saturating_add(size);
    if used > cap {
        release(size);
        return false;
    }
    true
}

/// Gives `size` bytes back; memory taken before the cap was set may be
/// freed after, so the count stops at zero.
fn release(size: usize) {
    if CAP.load(Ordering::Relaxed) != 0 {
        let _ = USED.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |used| Some(used.saturating_sub(size)));
    }
}

/// `allocate`s `size` bytes if the cap admits them.
fn within_cap(size: usize, allocate: impl FnOnce() -> *mut u8) -> *mut u8 {
    if !admit(size) {
        return std::ptr::null_mut();
    }
    let p = allocate();
    if p.is_null() {
        release(size);
    }
    p
}

// SAFETY: every call goes to mimalloc with the caller's own arguments; the
// cap only refuses (returns null, which the contract allows) before asking.
unsafe impl GlobalAlloc for Capped {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's layout, as GlobalAlloc::alloc requires.
        within_cap(layout.size(), || unsafe { MiMalloc.alloc(layout) })
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for alloc.
        within_cap(layout.size(), || unsafe { MiMalloc.alloc_zeroed(layout) })
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by this allocator with `layout`.
        unsafe { MiMalloc.dealloc(ptr, layout) };
        release(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let grows = new_size.saturating_sub(layout.size());
        if !admit(grows) {
            return std::ptr::null_mut();
        }
        // SAFETY: `ptr` and `layout` are the caller's, as realloc requires.
        let p = unsafe { MiMalloc.realloc(ptr, layout, new_size) };
        if p.is_null() {
            release(grows);
        } else {
            release(layout.size().saturating_sub(new_size));
        }
        p
    }
}
