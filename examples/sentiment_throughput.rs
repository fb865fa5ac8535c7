//! How many sentences a second the tone scorer handles on one thread, over
//! the fixture's news sentences. A benchmark, not a test:
//!
//! ```sh
//! cargo run --release --example sentiment_throughput
//! ```

use rhetoric::annotate::sentiment::SentimentAnalyzer;

const FIXTURE: &str = include_str!("../tests/fixtures/sentiment_reference.csv");

fn main() -> Result<(), csv::Error> {
    let mut texts = Vec::new();
    for row in csv::Reader::from_reader(FIXTURE.as_bytes()).records() {
        texts.push(row?[0].to_string());
    }
    let analyzer = SentimentAnalyzer::new();
    let started = std::time::Instant::now();
    let mut scored = 0usize;
    // The sum keeps the scores from being optimised away.
    let mut checksum = 0.0;
    while started.elapsed().as_secs_f64() < 3.0 {
        for text in &texts {
            checksum += analyzer.score(text).compound;
            scored += 1;
        }
    }
    let per_second = scored as f64 / started.elapsed().as_secs_f64();
    println!("sentiment: {per_second:.0} sentences/s, one thread ({scored} scored, checksum {checksum:.1})");
    Ok(())
}
