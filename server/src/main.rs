//! `hotline`: the 12345 hotline server and its command line.

use clap::Parser;

fn main() {
    return_large_buffers_at_once();
    let cli = server::cli::Cli::parse();
    std::process::exit(server::cli::run(cli));
}

/// Makes the C library's allocator give every buffer of 128 KiB or more
/// back to the system when it is freed. By default the threshold grows
/// with each large free and such memory stays in per-thread arenas: with
/// sixteen 50 MB uploads at once (issue 19 §1.4) the server's resident size
/// swung between 180 and 390 MB for the same work; fixed, it stays at the
/// lower figure. (mimalloc was tried: it started the server 45 MB larger.)
fn return_large_buffers_at_once() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tunable of glibc's allocator, before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}
