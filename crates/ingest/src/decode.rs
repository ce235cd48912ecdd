//! Bytes to text: BOM sniffing (UTF-8, UTF-16 LE/BE), strict UTF-8, and
//! GB18030/GBK (or whatever `chardetng` finds) for everything else.
//!
//! Key decision: decoding is strict. A file that is UTF-8 except for a few
//! bad bytes is reported with the offset of the first one instead of being
//! silently decoded as another encoding; the same for a GB18030 file with
//! bytes that are not GB18030. Binary files are refused before decoding.

use crate::error::ProblemKind;
use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

/// Decoded text and the encoding it was in.
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Decode `bytes` as text, or say why it is not text.
pub fn decode(bytes: &[u8]) -> Result<Decoded, ProblemKind> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ProblemKind::Empty);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return strict(enc, &bytes[bom_len..]);
    }
    if looks_binary(bytes) {
        return Err(ProblemKind::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => {
            return Ok(Decoded {
                text: s.to_string(),
                encoding: "UTF-8",
            });
        }
        Err(e) => {
            // Mostly valid UTF-8 with real multi-byte text: a damaged UTF-8 file.
            let lossy = String::from_utf8_lossy(bytes);
            let multibyte = lossy
                .chars()
                .filter(|&c| !c.is_ascii() && c != '\u{FFFD}')
                .count();
            let bad = lossy.chars().filter(|&c| c == '\u{FFFD}').count();
            if multibyte >= 8 && bad * 20 < multibyte {
                return Err(ProblemKind::InvalidBytes {
                    encoding: "UTF-8",
                    offset: e.valid_up_to(),
                });
            }
        }
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let guess = det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    // GBK and GB2312 are subsets of GB18030; decode with the superset.
    let enc = if guess == encoding_rs::GBK || guess.name() == "gb2312" {
        GB18030
    } else {
        guess
    };
    strict(enc, bytes)
}

fn strict(enc: &'static Encoding, bytes: &[u8]) -> Result<Decoded, ProblemKind> {
    let enc = if enc == encoding_rs::GBK {
        GB18030
    } else {
        enc
    };
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 3 / 2 + 16);
    let mut offset = 0;
    loop {
        let (res, read) =
            decoder.decode_to_string_without_replacement(&bytes[offset..], &mut out, true);
        offset += read;
        match res {
            encoding_rs::DecoderResult::InputEmpty => break,
            encoding_rs::DecoderResult::OutputFull => out.reserve(bytes.len() - offset + 16),
            encoding_rs::DecoderResult::Malformed(len, _) => {
                let at = offset.saturating_sub(len as usize);
                return Err(ProblemKind::InvalidBytes {
                    encoding: name(enc),
                    offset: at,
                });
            }
        }
    }
    if out.trim().is_empty() {
        return Err(ProblemKind::Empty);
    }
    if control_ratio(&out) > 0.02 {
        return Err(ProblemKind::Binary);
    }
    Ok(Decoded {
        text: out,
        encoding: name(enc),
    })
}

fn name(enc: &'static Encoding) -> &'static str {
    match enc {
        e if e == UTF_8 => "UTF-8",
        e if e == UTF_16LE => "UTF-16LE",
        e if e == UTF_16BE => "UTF-16BE",
        e if e == GB18030 => "GB18030",
        e => e.name(),
    }
}

/// NUL bytes or many control bytes in the first 8 KiB.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let ctrl = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    ctrl * 50 > head.len()
}

fn control_ratio(s: &str) -> f64 {
    let total = s.chars().take(20_000).count().max(1);
    let ctrl = s
        .chars()
        .take(20_000)
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}'))
        .count();
    ctrl as f64 / total as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        let text = "中共中央国务院印发《质量强国建设纲要》，全面提高我国质量总体水平。";
        let (gb, _, _) = GB18030.encode(text);
        let d = decode(&gb).unwrap();
        assert_eq!(d.encoding, "GB18030");
        assert_eq!(d.text, text);
        let mut u16 = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            u16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&u16).unwrap().text, text);
        let mut bom8 = vec![0xEF, 0xBB, 0xBF];
        bom8.extend_from_slice(text.as_bytes());
        assert_eq!(decode(&bom8).unwrap().text, text);
    }

    #[test]
    fn refusals() {
        assert!(matches!(decode(b""), Err(ProblemKind::Empty)));
        assert!(matches!(
            decode(b"\x00\x01\x02ELF"),
            Err(ProblemKind::Binary)
        ));
        let mut bad = "质量强国建设纲要，质量强国建设纲要。"
            .repeat(4)
            .into_bytes();
        bad.insert(30, 0xFF);
        assert!(matches!(
            decode(&bad),
            Err(ProblemKind::InvalidBytes {
                encoding: "UTF-8",
                ..
            })
        ));
    }
}
