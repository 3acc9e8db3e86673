// mimalloc for every allocation of the process, SQLite's own included (`override`): a
// bulk change allocates row values on SQLite's threads and frees them on the async ones,
// where glibc's arenas spent a fifth of the CPU (malloc, free, consolidation). Suspending
// 107,460 of 1,000,000 users: 25.7-26.0 CPU-s and 20.3-20.8 s with glibc, 20.2 and 17.7
// s with it (scripts/bench_bulk.sh, SQLite). Without transparent huge pages (`no_thp`):
// with them an idle server held 50 MB instead of 24.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    roster::cli::main()
}
