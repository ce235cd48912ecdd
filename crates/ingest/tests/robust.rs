//! No panics on any input: truncations and byte flips of real files, in
//! every format, must give a document or an error, never a panic.

use tifa_ingest::{Format, Options, ingest_bytes};

fn shared(rel: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared")
            .join(rel),
    )
    .unwrap()
}

/// Deterministic xorshift, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn mutated_inputs_never_panic() {
    let sources = [
        shared("corpus/compilations/000_a460838f5e73ed1d.txt"),
        shared("corpus/reports/cpc_congress_reports.jsonl")[..200_000].to_vec(),
        shared("corpus/speeches/xi_speeches_2020.csv")[..100_000].to_vec(),
    ];
    let formats = [
        Format::Text,
        Format::Html,
        Format::Docx,
        Format::Pdf,
        Format::Jsonl,
        Format::Csv,
    ];
    let mut rng = Rng(0x9E3779B97F4A7C15);
    let mut outcomes = (0, 0);
    for src in &sources {
        for _ in 0..12 {
            let mut b = src[..(rng.next() as usize % src.len()).max(1)].to_vec();
            for _ in 0..(rng.next() % 8) {
                let i = rng.next() as usize % b.len();
                b[i] = rng.next() as u8;
            }
            for f in formats {
                match ingest_bytes("mutant", &b, f, &Options::default()) {
                    Ok(d) => {
                        outcomes.0 += 1;
                        assert!(!d.articles.is_empty());
                    }
                    Err(e) => {
                        outcomes.1 += 1;
                        assert!(!e.to_string().is_empty());
                    }
                }
            }
        }
    }
    println!(
        "mutants: {} ingested, {} refused with a message",
        outcomes.0, outcomes.1
    );
    assert!(outcomes.0 > 0 && outcomes.1 > 0);
}

#[test]
fn shuffled_lines_never_panic() {
    let text = String::from_utf8(shared("corpus/compilations/002_d40a3a4fdc2e901c.txt")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut rng = Rng(42);
    for round in 0..40 {
        let mut l: Vec<&str> = lines.clone();
        for _ in 0..(rng.next() % 200) {
            let (i, j) = (rng.next() as usize % l.len(), rng.next() as usize % l.len());
            match rng.next() % 3 {
                0 => l.swap(i, j),
                1 => {
                    l.remove(i);
                }
                _ => l.insert(i, lines[j % lines.len()]),
            }
        }
        let b = l[..(rng.next() as usize % l.len()).max(1)].join("\n");
        for f in [Format::Text, Format::Html] {
            if let Ok(d) = ingest_bytes("shuffled", b.as_bytes(), f, &Options::default()) {
                for a in &d.articles {
                    if let tifa_ingest::Origin::Lines { start, end } = a.origin {
                        assert!(start <= end, "round {round}: span {start}..{end}");
                    }
                    for o in &a.outline {
                        assert!(
                            o.paragraph < a.body().count(),
                            "round {round}: outline points past the body"
                        );
                    }
                }
            }
        }
    }
}
