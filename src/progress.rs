//! A progress bar for long commands (`roster demo`, `roster import`).

use std::io::{IsTerminal, Write};
use std::time::Instant;

/// A progress bar on standard error: redrawn in place on a terminal, one line per tenth
/// otherwise (a log stays readable).
pub struct Progress {
    total: u64,
    done: u64,
    started: Instant,
    tty: bool,
    last_tenth: u64,
    unit: &'static str,
}

impl Progress {
    pub fn new(total: u64, unit: &'static str) -> Progress {
        Progress {
            total,
            done: 0,
            started: Instant::now(),
            tty: std::io::stderr().is_terminal(),
            last_tenth: 0,
            unit,
        }
    }

    pub fn advance(&mut self, n: u64) {
        self.done += n;
        let tenth = self.done * 10 / self.total.max(1);
        if !self.tty && tenth == self.last_tenth {
            return;
        }
        self.last_tenth = tenth;
        let secs = self.started.elapsed().as_secs_f64().max(0.001);
        let rate = self.done as f64 / secs;
        let eta = (self.total - self.done) as f64 / rate.max(1.0);
        let width = 30;
        let filled = (self.done * width / self.total.max(1)) as usize;
        let line = format!(
            "[{}{}] {:>3}% {}/{} {}, {:.0}/s, {:.0} s left",
            "#".repeat(filled),
            "-".repeat(width as usize - filled),
            self.done * 100 / self.total.max(1),
            self.done,
            self.total,
            self.unit,
            rate,
            eta
        );
        let mut err = std::io::stderr();
        if self.tty {
            let _ = write!(err, "\r{line}");
        } else {
            let _ = writeln!(err, "{line}");
        }
        let _ = err.flush();
    }

    pub fn finish(&self) {
        if self.tty {
            eprintln!();
        }
    }
}
