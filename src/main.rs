//! The `gongkai` command line: argument parsing, dispatch, output and the loopback server live
//! here, on the binary side; the audit itself is the `gongkai` library.

mod cli;

/// mimalloc instead of glibc's malloc: pages are parsed on the extraction threads and their
/// records freed on the crawl's, which glibc's per-thread arenas serve slowly and keep
/// fragmented (measured on the 30,000-page portal: 6 % less CPU, 10 % less peak memory).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    limit_malloc_arenas();
    std::process::exit(cli::main());
}

/// glibc's allocator gives each thread that allocates an arena of its own (up to eight per
/// core) and keeps what is freed in each for that arena. Pages are extracted on a worker pool,
/// so a large portal's records are spread over many arenas, and what one arena frees (a page's
/// parse tree) the others do not reuse: on a portal of 31,549 pages the peak RSS was 219 MB
/// with the default arenas and 193 MB with two, in the same time. An explicit
/// `MALLOC_ARENA_MAX` in the environment is left to rule.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn limit_malloc_arenas() {
    /// `M_ARENA_MAX` of glibc's `<malloc.h>`.
    const M_ARENA_MAX: i32 = -8;
    unsafe extern "C" {
        fn mallopt(param: i32, value: i32) -> i32;
    }
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt only sets an allocator parameter; it is called before any other
        // thread exists.
        unsafe {
            mallopt(M_ARENA_MAX, 2);
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas() {}
