//! Issue 14: the PDF reader silences panics of the PDF extractor only. PDFs
//! read on several threads at once must neither leave the process without
//! its panic hook nor hide a panic elsewhere that happens meanwhile.
//! (Its own test binary: the panic hook is global to the process.)

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use tifa_ingest::{Format, Options, ingest_bytes};

static ELSEWHERE: AtomicUsize = AtomicUsize::new(0);
static IN_PDF_WORKERS: AtomicUsize = AtomicUsize::new(0);

/// A minimal one-page PDF whose content stream is `content`.
fn pdf(content: &str) -> Vec<u8> {
    let objs = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Malformed PDFs: the valid one cut short and with bytes changed.
fn malformed() -> Vec<Vec<u8>> {
    let good = pdf("BT /F1 24 Tf 72 700 Td (Quality matters in every paragraph.) Tj ET");
    let mut out = vec![good.clone()];
    let mut x = 0x2545F4914F6CDD1Du64;
    for i in 0..40 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let mut b = good[..good.len() * (i + 1) / 41 + 10].to_vec();
        let at = x as usize % b.len();
        b[at] = (x >> 32) as u8;
        out.push(b);
        let mut c = good.clone();
        let at = (x >> 16) as usize % c.len();
        c[at] = b'9';
        out.push(c);
    }
    out
}

#[test]
fn concurrent_pdfs_leave_other_panics_reported() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        match std::thread::current().name() {
            Some("elsewhere") => {
                ELSEWHERE.fetch_add(1, Ordering::SeqCst);
            }
            Some("pdf-worker") => {
                IN_PDF_WORKERS.fetch_add(1, Ordering::SeqCst);
            }
            _ => default(info),
        };
    }));
    let pdfs = malformed();
    let stop = AtomicBool::new(false);
    let refused = AtomicUsize::new(0); // PDFs on which the extractor panicked
    let mut missed = 0;
    std::thread::scope(|s| {
        for w in 0..4 {
            let (pdfs, stop, refused) = (&pdfs, &stop, &refused);
            std::thread::Builder::new()
                .name("pdf-worker".into())
                .spawn_scoped(s, move || {
                    let mut i = w;
                    while !stop.load(Ordering::SeqCst) {
                        let b = &pdfs[i % pdfs.len()];
                        if let Err(e) = ingest_bytes("m.pdf", b, Format::Pdf, &Options::default())
                            && e.to_string().contains("could not be parsed")
                        {
                            refused.fetch_add(1, Ordering::SeqCst);
                        }
                        i += 1;
                    }
                })
                .unwrap();
        }
        for _ in 0..300 {
            let before = ELSEWHERE.load(Ordering::SeqCst);
            let r = std::thread::Builder::new()
                .name("elsewhere".into())
                .spawn(|| panic!("a panic outside the PDF reader"))
                .unwrap()
                .join();
            assert!(r.is_err());
            if ELSEWHERE.load(Ordering::SeqCst) != before + 1 {
                missed += 1;
            }
        }
        stop.store(true, Ordering::SeqCst);
    });
    assert_eq!(
        missed, 0,
        "panics elsewhere were silenced while PDFs were read"
    );
    assert!(
        refused.load(Ordering::SeqCst) > 0,
        "malformed PDFs are refused"
    );
    assert_eq!(
        IN_PDF_WORKERS.load(Ordering::SeqCst),
        0,
        "a panic inside the PDF extractor is not printed"
    );
    // And afterwards the process still reports panics.
    let before = ELSEWHERE.load(Ordering::SeqCst);
    let _ = std::thread::Builder::new()
        .name("elsewhere".into())
        .spawn(|| panic!("after"))
        .unwrap()
        .join();
    assert_eq!(ELSEWHERE.load(Ordering::SeqCst), before + 1);
}
