//! Stable-toolchain driver for the fuzz targets (no libFuzzer, no nightly).
//!
//! ```text
//! stable TARGET SECONDS [CORPUS_DIR...]   mutation loop for SECONDS
//! stable TARGET PATH...                   replay files, directories or - (stdin)
//! ```
//!
//! TARGET is csv, model or text. The mutation loop starts from
//! `seeds/TARGET` and `corpus/TARGET` (if present) plus any CORPUS_DIR, and
//! applies random byte-level mutations and splices, with a dictionary of
//! tokens that matter to the parsers. It has no coverage feedback: it is a
//! fallback for machines without a nightly compiler, not a replacement for
//! `cargo fuzz`. Panics (crashes and failed invariants) are caught, counted,
//! de-duplicated by message and saved to `artifacts/TARGET-stable/`.
//! Exit code 1 if anything panicked.

use std::collections::BTreeMap;
use std::io::Read;
use std::panic;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Tokens worth inserting: CSV syntax, JSON model fields, text and HTML rules.
const DICT: &[&[u8]] = &[
    b"\"",
    b",",
    b"\n",
    b"\r\n",
    b"\r",
    b"\"\"",
    b"\xEF\xBB\xBF",
    b"\x00",
    b"\xFF",
    b"\xE9",
    b"text",
    b"label",
    b"id",
    b"text,label\n",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b"\"format\":\"rhetoric-model\"",
    b"\"format_version\":1",
    b"\"weights\":",
    b"\"intercepts\":",
    b"\"labels\":",
    b"\"vocabulary\":",
    b"\"idf\":",
    b"\"ngram_max\":",
    b"1e39",
    b"-1e39",
    b"1e999",
    b"-0",
    b"0.0",
    b"18446744073709551615",
    b"null",
    b"true",
    b"Mr.",
    b"U.S.",
    b". ",
    b"? ",
    b"\xE2\x80\x9C",
    b"\xE2\x80\x9D",
    b"\xE2\x80\x94",
    b"\xE2\x80\xA6",
    b"\xC2\xA0",
    b"\x0B",
    b" said ",
    b"according to ",
    b"not ",
    b"n't",
    b"http://t.co/a.b",
    b"@user",
    b"By ",
    b"Read more",
    b"<p>",
    b"</p>",
    b"<script>",
    b"</script>",
    b"<!--",
    b"-->",
    b"&amp;",
    b"&#x1F600;",
    b"&#99999999999;",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn mutate(rng: &mut Rng, corpus: &[Vec<u8>], input: &mut Vec<u8>, max_len: usize) {
    for _ in 0..1 + rng.below(8) {
        let len = input.len();
        match rng.below(9) {
            0 if len > 0 => {
                let i = rng.below(len);
                input[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                input[i] = rng.next() as u8;
            }
            2 => {
                let i = rng.below(len + 1);
                let n = 1 + rng.below(16);
                let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                input.splice(i..i, bytes);
            }
            3 if len > 0 => {
                let a = rng.below(len);
                let b = (a + 1 + rng.below(64)).min(len);
                input.drain(a..b);
            }
            4 if len > 0 => {
                // Duplicate a range somewhere else.
                let a = rng.below(len);
                let b = (a + 1 + rng.below(64)).min(len);
                let piece = input[a..b].to_vec();
                let at = rng.below(input.len() + 1);
                input.splice(at..at, piece);
            }
            5 | 6 => {
                let tok = DICT[rng.below(DICT.len())];
                let at = rng.below(len + 1);
                input.splice(at..at, tok.iter().copied());
            }
            7 if !corpus.is_empty() => {
                // Splice: our head with another entry's tail.
                let other = &corpus[rng.below(corpus.len())];
                let cut = rng.below(len + 1);
                let from = rng.below(other.len() + 1);
                input.truncate(cut);
                input.extend_from_slice(&other[from..]);
            }
            8 if len > 0 => {
                // Overwrite a byte with an ASCII character that matters.
                let i = rng.below(len);
                input[i] = b"\",\n\r{}[]:.<>&; 0"[rng.below(16)];
            }
            _ => {}
        }
    }
    input.truncate(max_len);
}

fn files_under(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
            .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.sort();
        for e in entries {
            files_under(&e, out);
        }
    } else if p.is_file() {
        out.push(p.to_path_buf());
    }
}

/// Run one input; Some(message) if it panicked.
fn run_one(f: fn(&[u8]), data: &[u8]) -> Option<String> {
    match panic::catch_unwind(|| f(data)) {
        Ok(()) => None,
        Err(_) => Some(
            LAST_PANIC
                .lock()
                .unwrap()
                .take()
                .unwrap_or_else(|| "panic".into()),
        ),
    }
}

fn hash(data: &[u8]) -> u64 {
    // FNV-1a: stable names for saved crashes.
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    })
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage =
        "usage: stable csv|model|text SECONDS [CORPUS_DIR...] | stable csv|model|text PATH...";
    let Some(name) = args.first() else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let Some(f) = rhetoric_fuzz::target(name) else {
        eprintln!("unknown target {name:?}; {usage}");
        std::process::exit(2);
    };
    panic::set_hook(Box::new(|info| {
        let loc = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        *LAST_PANIC.lock().unwrap() = Some(format!("{loc}: {msg}"));
    }));
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));

    let Some(Ok(seconds)) = args.get(1).map(|s| s.parse::<u64>()) else {
        // Replay mode.
        let mut failed = 0;
        for p in &args[1..] {
            let mut items: Vec<(String, Vec<u8>)> = Vec::new();
            if p == "-" {
                let mut buf = Vec::new();
                std::io::stdin().read_to_end(&mut buf).expect("stdin");
                items.push(("<stdin>".into(), buf));
            } else {
                let mut files = Vec::new();
                files_under(Path::new(p), &mut files);
                for file in files {
                    let data = std::fs::read(&file).expect("read input");
                    items.push((file.display().to_string(), data));
                }
            }
            for (label, data) in items {
                match run_one(f, &data) {
                    None => println!("ok     {label}"),
                    Some(msg) => {
                        failed += 1;
                        println!("PANIC  {label}\n       {msg}");
                    }
                }
            }
        }
        std::process::exit(i32::from(failed > 0));
    };

    // Mutation loop.
    let mut dirs: Vec<PathBuf> = vec![
        here.join("seeds").join(name),
        here.join("corpus").join(name),
    ];
    dirs.extend(args[2..].iter().map(PathBuf::from));
    let mut corpus: Vec<Vec<u8>> = Vec::new();
    for d in &dirs {
        let mut files = Vec::new();
        files_under(d, &mut files);
        corpus.extend(files.iter().filter_map(|f| std::fs::read(f).ok()));
    }
    if corpus.is_empty() {
        corpus.push(Vec::new());
    }
    let max_len = corpus.iter().map(Vec::len).max().unwrap_or(0).max(4096) * 2;
    let seed = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
        })
        | 1;
    let mut rng = Rng(seed);
    let artifacts = here.join("artifacts").join(format!("{name}-stable"));
    let mut crashes: BTreeMap<String, (u64, PathBuf)> = BTreeMap::new();
    let started = Instant::now();
    let limit = Duration::from_secs(seconds);
    let mut execs: u64 = 0;
    let mut total_crashes: u64 = 0;
    let mut next_report = Duration::from_secs(10);
    // Seeds first, unmutated.
    for c in corpus.clone() {
        execs += 1;
        if let Some(msg) = run_one(f, &c) {
            total_crashes += 1;
            record(&artifacts, &mut crashes, msg, &c);
        }
    }
    while started.elapsed() < limit {
        let mut input = corpus[rng.below(corpus.len())].clone();
        mutate(&mut rng, &corpus, &mut input, max_len);
        execs += 1;
        if let Some(msg) = run_one(f, &input) {
            total_crashes += 1;
            record(&artifacts, &mut crashes, msg, &input);
        } else if rng.below(64) == 0 && corpus.len() < 4096 {
            // Keep some survivors so mutations can build on each other.
            corpus.push(input);
        }
        if started.elapsed() > next_report {
            eprintln!(
                "#{execs} {:.0}s {:.0} exec/s, {total_crashes} crashes ({} distinct)",
                started.elapsed().as_secs_f64(),
                execs as f64 / started.elapsed().as_secs_f64(),
                crashes.len()
            );
            next_report += Duration::from_secs(10);
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "target {name}: {execs} executions in {secs:.0} s ({:.0}/s), seed {seed}, {total_crashes} crashing inputs, {} distinct",
        execs as f64 / secs,
        crashes.len()
    );
    for (msg, (n, path)) in &crashes {
        println!("  {n:>6}x {msg}\n          e.g. {}", path.display());
    }
    std::process::exit(i32::from(!crashes.is_empty()));
}

fn record(dir: &Path, crashes: &mut BTreeMap<String, (u64, PathBuf)>, msg: String, input: &[u8]) {
    // De-duplicate by location and the start of the message, without the
    // parts that vary with the input (numbers, anything after a parenthesis).
    let key: String = msg
        .lines()
        .next()
        .unwrap_or("")
        .split('(')
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .take(120)
        .collect();
    let entry = crashes.entry(key).or_insert_with(|| {
        std::fs::create_dir_all(dir).expect("artifacts dir");
        let p = dir.join(format!("crash-{:016x}", hash(input)));
        std::fs::write(&p, input).expect("save crash");
        (0, p)
    });
    entry.0 += 1;
}
