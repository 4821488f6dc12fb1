//! The `gongkai` command line: argument parsing, dispatch, output and the loopback server live
//! here, on the binary side; the audit itself is the `gongkai` library.

mod cli;

/// mimalloc instead of glibc's malloc: pages are parsed on the extraction threads and their
/// records freed on the crawl's, which glibc's per-thread arenas serve slowly and keep
/// fragmented. Measured on the 105,049-page portal against glibc limited to two arenas (the
/// best glibc setting tried): 529 MB peak against 615 MB, 29 s against 38 s.
///
/// Built without its transparent-huge-page advice (the `no_thp` feature): on a kernel that
/// gives huge pages on request (`madvise`, Debian's default) each 2 MiB page counts whole
/// however little of it is used. At 105,049 pages: 271–273 MB peak against 286–308 MB, in
/// the same time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::main());
}
