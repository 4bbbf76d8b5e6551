//! The WebAssembly build's memory allocator (wasm32 only): a free list per power-of-two size
//! class, over pages taken with `memory.grow`.
//!
//! Rust's default for wasm32, dlmalloc, splits and merges blocks of any size; that costs 7 KB
//! of the wasm (4 KB gzipped), a tenth of the widget's size budget. This crate's allocations
//! come in a few sizes repeated many times (the runs of an analysis), which size classes
//! serve well: a freed block goes on the list of its class and is the next one handed out
//! for that class. Blocks are never split or merged, so a block is at most half unused and
//! what a class holds never exceeds the most it had in use at once.
//!
//! Every block is 2^k bytes (k >= 4), carved from pages in order, so every block is aligned
//! to 16, enough for every type in the crate; a request for more alignment is refused (Rust
//! reports an allocation failure) rather than served misaligned.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;
use std::ptr::null_mut;

const ALIGN: usize = 16;
const PAGE: usize = 65536;
const CLASSES: usize = usize::BITS as usize;

/// The size class of a request: blocks of `2^class` bytes; `None` for more than 16-byte
/// alignment or a size no block can hold.
fn class_of(size: usize, align: usize) -> Option<usize> {
    if align > ALIGN {
        return None;
    }
    let class = size.max(ALIGN).checked_next_power_of_two()?.trailing_zeros() as usize;
    (class < CLASSES - 1).then_some(class)
}

struct Heap {
    /// The first free block of each class (0: none); each free block holds the next.
    free: [usize; CLASSES],
    /// Where the unused part of the pages taken so far starts, and ends.
    next: usize,
    end: usize,
}

/// The allocator; see the module documentation.
pub(crate) struct SizeClasses(UnsafeCell<Heap>);

// SAFETY: wasm32-unknown-unknown without the atomics feature has one thread.
unsafe impl Sync for SizeClasses {}

impl SizeClasses {
    pub(crate) const fn new() -> SizeClasses {
        SizeClasses(UnsafeCell::new(Heap { free: [0; CLASSES], next: 0, end: 0 }))
    }
}

impl Heap {
    /// A fresh block of `size` bytes (a power of two) from the pages, taking more if needed.
    fn carve(&mut self, size: usize) -> *mut u8 {
        if self.end - self.next < size {
            let pages = size.div_ceil(PAGE);
            let before = std::arch::wasm32::memory_grow(0, pages);
            if before == usize::MAX {
                return null_mut();
            }
            let start = before * PAGE;
            // new pages follow the old ones unless something else grew the memory meanwhile
            if start != self.end {
                self.next = start;
            }
            self.end = start + pages * PAGE;
        }
        let block = self.next;
        self.next += size;
        block as *mut u8
    }
}

// SAFETY: blocks of a class are 2^class bytes, 16-aligned (pages are 64 KiB-aligned and carved
// in multiples of 16), and handed out once until freed; a freed block's first word links it.
unsafe impl GlobalAlloc for SizeClasses {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(class) = class_of(layout.size(), layout.align()) else { return null_mut() };
        // SAFETY: one thread, and no call re-enters the allocator while this borrow lives.
        let heap = unsafe { &mut *self.0.get() };
        let block = heap.free[class];
        if block == 0 {
            return heap.carve(1 << class);
        }
        // SAFETY: a listed block is free, ours, and holds the next one in its first word.
        heap.free[class] = unsafe { *(block as *const usize) };
        block as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let Some(class) = class_of(layout.size(), layout.align()) else { return };
        // SAFETY: as in alloc; `ptr` is a block of this class that the caller gives back.
        let heap = unsafe { &mut *self.0.get() };
        unsafe { *(ptr as *mut usize) = heap.free[class] };
        heap.free[class] = ptr as usize;
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // the block already holds anything up to the size of its class
        if class_of(layout.size(), layout.align()) == class_of(new_size, layout.align()) {
            return ptr;
        }
        // SAFETY: the caller's guarantees for realloc are those of alloc and dealloc.
        unsafe {
            let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else { return null_mut() };
            let new = self.alloc(new_layout);
            if !new.is_null() {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            new
        }
    }
}
