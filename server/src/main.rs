//! `hotline`: the 12345 hotline server and its command line.

use clap::Parser;

fn main() {
    let cli = server::cli::Cli::parse();
    std::process::exit(server::cli::run(cli));
}
