//! Finding and measuring the CJK fonts: Debian's `fonts-noto-cjk` (Serif SC
//! for body text, Sans SC for 黑体-style headings, their Bold weights), an
//! optional 楷体 (AR PL UKai from `fonts-arphic-ukai`), and
//! `fonts-wqy-microhei` as the last resort.
//!
//! Key decision: glyph ids and advances come from `ttf-parser` (cmap + hmtx)
//! and are cached per character, so the typesetter needs no shaping engine;
//! Chinese text has no ligatures or contextual forms that matter for body
//! text. In a `.ttc` collection the face is chosen by its family name (the
//! `SC` face of Noto CJK), never by a fixed index.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::RenderError;

/// The type styles the layout asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// 宋体-style body text.
    Serif,
    /// 小标宋-style titles.
    SerifBold,
    /// 黑体-style level-1 headings.
    Sans,
    SansBold,
    /// 楷体-style meta lines and level-2 headings (falls back to Serif).
    Kai,
}

pub(crate) struct Face {
    pub(crate) path: PathBuf,
    index: u32,
    data: Arc<Vec<u8>>,
    pub(crate) font: krilla::text::Font,
    cache: Mutex<HashMap<char, Option<(u16, f32)>>>,
}

impl Face {
    fn load(path: &Path, family_hint: &[&str]) -> Option<Face> {
        let data = std::fs::read(path).ok()?;
        let count = ttf_parser::fonts_in_collection(&data).unwrap_or(1);
        let mut index = None;
        'outer: for hint in family_hint {
            for i in 0..count {
                if let Ok(face) = ttf_parser::Face::parse(&data, i) {
                    let names = face.names();
                    for n in names {
                        if (n.name_id == ttf_parser::name_id::FAMILY
                            || n.name_id == ttf_parser::name_id::TYPOGRAPHIC_FAMILY)
                            && n.to_string().is_some_and(|s| s.contains(hint))
                        {
                            index = Some(i);
                            break 'outer;
                        }
                    }
                }
            }
        }
        let index = index.unwrap_or(0);
        ttf_parser::Face::parse(&data, index).ok()?;
        let data = Arc::new(data);
        let font = krilla::text::Font::new(krilla::Data::from(data.clone()), index)?;
        Some(Face {
            path: path.to_path_buf(),
            index,
            data,
            font,
            cache: Mutex::new(HashMap::new()),
        })
    }

    /// Glyph id and advance (in em) of `c`, `None` when the face lacks it.
    pub(crate) fn glyph(&self, c: char) -> Option<(u16, f32)> {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(g) = cache.get(&c) {
            return *g;
        }
        let g = ttf_parser::Face::parse(&self.data, self.index)
            .ok()
            .and_then(|face| {
                let gid = face.glyph_index(c)?;
                let upem = face.units_per_em() as f32;
                let adv = face.glyph_hor_advance(gid).unwrap_or(0) as f32 / upem;
                Some((gid.0, adv))
            });
        cache.insert(c, g);
        g
    }
}

/// The fonts a book is set in, loaded once and shared by renders.
pub struct Fonts {
    pub(crate) faces: Vec<Face>,
    serif: usize,
    serif_bold: usize,
    sans: usize,
    sans_bold: usize,
    kai: Option<usize>,
}

const NOTO_DIRS: &[&str] = &[
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/noto-cjk",
    "/usr/share/fonts/google-noto-cjk",
];
const OTHER_DIRS: &[&str] = &[
    "/usr/share/fonts/truetype/wqy",
    "/usr/share/fonts/wqy-microhei",
    "/usr/share/fonts/truetype/arphic",
];

impl Fonts {
    /// Find the fonts at Debian's paths, then through `fc-list`.
    pub fn discover() -> Result<Fonts, RenderError> {
        let mut dirs: Vec<PathBuf> = NOTO_DIRS
            .iter()
            .chain(OTHER_DIRS)
            .map(PathBuf::from)
            .collect();
        dirs.extend(fc_list_dirs());
        Fonts::discover_in(&dirs)
    }

    /// Find the fonts in the given directories only (by file name).
    pub fn discover_in(dirs: &[PathBuf]) -> Result<Fonts, RenderError> {
        let find = |names: &[&str]| -> Option<PathBuf> {
            for name in names {
                for d in dirs {
                    let p = d.join(name);
                    if p.is_file() {
                        return Some(p);
                    }
                }
            }
            None
        };
        let mut faces = Vec::new();
        let mut slot = |names: &[&str], hints: &[&str]| -> Option<usize> {
            let path = find(names)?;
            if let Some(i) = faces.iter().position(|f: &Face| f.path == path) {
                return Some(i);
            }
            let face = Face::load(&path, hints)?;
            faces.push(face);
            Some(faces.len() - 1)
        };
        let serif = slot(
            &["NotoSerifCJK-Regular.ttc", "NotoSerifCJKsc-Regular.otf"],
            &["Serif CJK SC"],
        );
        let serif_bold = slot(
            &["NotoSerifCJK-Bold.ttc", "NotoSerifCJKsc-Bold.otf"],
            &["Serif CJK SC"],
        );
        let sans = slot(
            &["NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf"],
            &["Sans CJK SC"],
        );
        let sans_bold = slot(
            &["NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Bold.otf"],
            &["Sans CJK SC"],
        );
        let kai = slot(&["ukai.ttc"], &["UKai CN"]);
        let wqy = slot(
            &["wqy-microhei.ttc", "wqy-zenhei.ttc"],
            &["Micro Hei", "Zen Hei"],
        );
        let body = serif.or(sans).or(wqy).ok_or(RenderError::NoFont)?;
        let heavy = sans.or(wqy).unwrap_or(body);
        Ok(Fonts {
            serif: body,
            serif_bold: serif_bold.unwrap_or(body),
            sans: heavy,
            sans_bold: sans_bold.unwrap_or(heavy),
            kai,
            faces,
        })
    }

    /// The files in use (for messages and tests).
    pub fn files(&self) -> Vec<PathBuf> {
        self.faces.iter().map(|f| f.path.clone()).collect()
    }

    pub(crate) fn face_of(&self, style: Style) -> usize {
        match style {
            Style::Serif => self.serif,
            Style::SerifBold => self.serif_bold,
            Style::Sans => self.sans,
            Style::SansBold => self.sans_bold,
            Style::Kai => self.kai.unwrap_or(self.serif),
        }
    }

    /// Whether a 楷体-style face exists (else Kai falls back to Serif).
    pub fn has_kai(&self) -> bool {
        self.kai.is_some()
    }

    /// The face, glyph id and advance (em) to set `c` in `style`: the
    /// style's face, else the first face that has the character, else the
    /// style's `.notdef`.
    pub(crate) fn glyph(&self, style: Style, c: char) -> (usize, u16, f32) {
        let own = self.face_of(style);
        if let Some((g, a)) = self.faces[own].glyph(c) {
            return (own, g, a);
        }
        for (i, f) in self.faces.iter().enumerate() {
            if let Some((g, a)) = f.glyph(c) {
                return (i, g, a);
            }
        }
        (own, 0, 1.0)
    }

    /// Advance of `c` in `style` at 1 pt.
    pub(crate) fn advance(&self, style: Style, c: char) -> f32 {
        self.glyph(style, c).2
    }
}

/// Directories of the Chinese fonts fontconfig knows (empty when `fc-list`
/// is missing).
fn fc_list_dirs() -> Vec<PathBuf> {
    let Ok(out) = std::process::Command::new("fc-list")
        .args([":lang=zh", "file"])
        .output()
    else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = Vec::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let file = line.trim().trim_end_matches(':');
        if let Some(d) = Path::new(file).parent()
            && !dirs.iter().any(|x| x == d)
        {
            dirs.push(d.to_path_buf());
        }
    }
    dirs
}
