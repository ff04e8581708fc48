//! What XML every parser reads: element and attribute names, and the characters text may hold.
//!
//! A name the project writes from data (an info kind's root, an item's path) must be a Name under BOTH editions
//! of XML 1.0: the fifth edition's broad ranges (libxml2, roxmltree) and the fourth edition's Appendix B character
//! classes, which expat (Python), Xerces (Java's built-in JAXP) and many other parsers still apply. The fourth
//! edition's classes are the narrower: full-width parentheses, the Katakana middle dot (・) and ideographs added to
//! Unicode after 2.0 are names only under the fifth. A portable name also holds no colon (it would be read as a
//! namespace prefix that is never declared).
//!
//! Text can hold neither the control characters other than tab, line feed and carriage return (not even as
//! character references) nor U+FFFE / U+FFFF. DEL and the C1 controls are allowed by XML 1.0 but not by 1.1 and
//! never mean anything in a form's cell, so they are treated as control characters too.

use std::borrow::Cow;

/// XML 1.0 fourth edition, Appendix B: BaseChar.
const BASE_CHAR: &[(u32, u32)] = &[
    (0x0041, 0x005A),
    (0x0061, 0x007A),
    (0x00C0, 0x00D6),
    (0x00D8, 0x00F6),
    (0x00F8, 0x00FF),
    (0x0100, 0x0131),
    (0x0134, 0x013E),
    (0x0141, 0x0148),
    (0x014A, 0x017E),
    (0x0180, 0x01C3),
    (0x01CD, 0x01F0),
    (0x01F4, 0x01F5),
    (0x01FA, 0x0217),
    (0x0250, 0x02A8),
    (0x02BB, 0x02C1),
    (0x0386, 0x0386),
    (0x0388, 0x038A),
    (0x038C, 0x038C),
    (0x038E, 0x03A1),
    (0x03A3, 0x03CE),
    (0x03D0, 0x03D6),
    (0x03DA, 0x03DA),
    (0x03DC, 0x03DC),
    (0x03DE, 0x03DE),
    (0x03E0, 0x03E0),
    (0x03E2, 0x03F3),
    (0x0401, 0x040C),
    (0x040E, 0x044F),
    (0x0451, 0x045C),
    (0x045E, 0x0481),
    (0x0490, 0x04C4),
    (0x04C7, 0x04C8),
    (0x04CB, 0x04CC),
    (0x04D0, 0x04EB),
    (0x04EE, 0x04F5),
    (0x04F8, 0x04F9),
    (0x0531, 0x0556),
    (0x0559, 0x0559),
    (0x0561, 0x0586),
    (0x05D0, 0x05EA),
    (0x05F0, 0x05F2),
    (0x0621, 0x063A),
    (0x0641, 0x064A),
    (0x0671, 0x06B7),
    (0x06BA, 0x06BE),
    (0x06C0, 0x06CE),
    (0x06D0, 0x06D3),
    (0x06D5, 0x06D5),
    (0x06E5, 0x06E6),
    (0x0905, 0x0939),
    (0x093D, 0x093D),
    (0x0958, 0x0961),
    (0x0985, 0x098C),
    (0x098F, 0x0990),
    (0x0993, 0x09A8),
    (0x09AA, 0x09B0),
    (0x09B2, 0x09B2),
    (0x09B6, 0x09B9),
    (0x09DC, 0x09DD),
    (0x09DF, 0x09E1),
    (0x09F0, 0x09F1),
    (0x0A05, 0x0A0A),
    (0x0A0F, 0x0A10),
    (0x0A13, 0x0A28),
    (0x0A2A, 0x0A30),
    (0x0A32, 0x0A33),
    (0x0A35, 0x0A36),
    (0x0A38, 0x0A39),
    (0x0A59, 0x0A5C),
    (0x0A5E, 0x0A5E),
    (0x0A72, 0x0A74),
    (0x0A85, 0x0A8B),
    (0x0A8D, 0x0A8D),
    (0x0A8F, 0x0A91),
    (0x0A93, 0x0AA8),
    (0x0AAA, 0x0AB0),
    (0x0AB2, 0x0AB3),
    (0x0AB5, 0x0AB9),
    (0x0ABD, 0x0ABD),
    (0x0AE0, 0x0AE0),
    (0x0B05, 0x0B0C),
    (0x0B0F, 0x0B10),
    (0x0B13, 0x0B28),
    (0x0B2A, 0x0B30),
    (0x0B32, 0x0B33),
    (0x0B36, 0x0B39),
    (0x0B3D, 0x0B3D),
    (0x0B5C, 0x0B5D),
    (0x0B5F, 0x0B61),
    (0x0B85, 0x0B8A),
    (0x0B8E, 0x0B90),
    (0x0B92, 0x0B95),
    (0x0B99, 0x0B9A),
    (0x0B9C, 0x0B9C),
    (0x0B9E, 0x0B9F),
    (0x0BA3, 0x0BA4),
    (0x0BA8, 0x0BAA),
    (0x0BAE, 0x0BB5),
    (0x0BB7, 0x0BB9),
    (0x0C05, 0x0C0C),
    (0x0C0E, 0x0C10),
    (0x0C12, 0x0C28),
    (0x0C2A, 0x0C33),
    (0x0C35, 0x0C39),
    (0x0C60, 0x0C61),
    (0x0C85, 0x0C8C),
    (0x0C8E, 0x0C90),
    (0x0C92, 0x0CA8),
    (0x0CAA, 0x0CB3),
    (0x0CB5, 0x0CB9),
    (0x0CDE, 0x0CDE),
    (0x0CE0, 0x0CE1),
    (0x0D05, 0x0D0C),
    (0x0D0E, 0x0D10),
    (0x0D12, 0x0D28),
    (0x0D2A, 0x0D39),
    (0x0D60, 0x0D61),
    (0x0E01, 0x0E2E),
    (0x0E30, 0x0E30),
    (0x0E32, 0x0E33),
    (0x0E40, 0x0E45),
    (0x0E81, 0x0E82),
    (0x0E84, 0x0E84),
    (0x0E87, 0x0E88),
    (0x0E8A, 0x0E8A),
    (0x0E8D, 0x0E8D),
    (0x0E94, 0x0E97),
    (0x0E99, 0x0E9F),
    (0x0EA1, 0x0EA3),
    (0x0EA5, 0x0EA5),
    (0x0EA7, 0x0EA7),
    (0x0EAA, 0x0EAB),
    (0x0EAD, 0x0EAE),
    (0x0EB0, 0x0EB0),
    (0x0EB2, 0x0EB3),
    (0x0EBD, 0x0EBD),
    (0x0EC0, 0x0EC4),
    (0x0F40, 0x0F47),
    (0x0F49, 0x0F69),
    (0x10A0, 0x10C5),
    (0x10D0, 0x10F6),
    (0x1100, 0x1100),
    (0x1102, 0x1103),
    (0x1105, 0x1107),
    (0x1109, 0x1109),
    (0x110B, 0x110C),
    (0x110E, 0x1112),
    (0x113C, 0x113C),
    (0x113E, 0x113E),
    (0x1140, 0x1140),
    (0x114C, 0x114C),
    (0x114E, 0x114E),
    (0x1150, 0x1150),
    (0x1154, 0x1155),
    (0x1159, 0x1159),
    (0x115F, 0x1161),
    (0x1163, 0x1163),
    (0x1165, 0x1165),
    (0x1167, 0x1167),
    (0x1169, 0x1169),
    (0x116D, 0x116E),
    (0x1172, 0x1173),
    (0x1175, 0x1175),
    (0x119E, 0x119E),
    (0x11A8, 0x11A8),
    (0x11AB, 0x11AB),
    (0x11AE, 0x11AF),
    (0x11B7, 0x11B8),
    (0x11BA, 0x11BA),
    (0x11BC, 0x11C2),
    (0x11EB, 0x11EB),
    (0x11F0, 0x11F0),
    (0x11F9, 0x11F9),
    (0x1E00, 0x1E9B),
    (0x1EA0, 0x1EF9),
    (0x1F00, 0x1F15),
    (0x1F18, 0x1F1D),
    (0x1F20, 0x1F45),
    (0x1F48, 0x1F4D),
    (0x1F50, 0x1F57),
    (0x1F59, 0x1F59),
    (0x1F5B, 0x1F5B),
    (0x1F5D, 0x1F5D),
    (0x1F5F, 0x1F7D),
    (0x1F80, 0x1FB4),
    (0x1FB6, 0x1FBC),
    (0x1FBE, 0x1FBE),
    (0x1FC2, 0x1FC4),
    (0x1FC6, 0x1FCC),
    (0x1FD0, 0x1FD3),
    (0x1FD6, 0x1FDB),
    (0x1FE0, 0x1FEC),
    (0x1FF2, 0x1FF4),
    (0x1FF6, 0x1FFC),
    (0x2126, 0x2126),
    (0x212A, 0x212B),
    (0x212E, 0x212E),
    (0x2180, 0x2182),
    (0x3041, 0x3094),
    (0x30A1, 0x30FA),
    (0x3105, 0x312C),
    (0xAC00, 0xD7A3),
];

/// Appendix B: Ideographic.
const IDEOGRAPHIC: &[(u32, u32)] = &[(0x3007, 0x3007), (0x3021, 0x3029), (0x4E00, 0x9FA5)];

/// Appendix B: CombiningChar.
const COMBINING_CHAR: &[(u32, u32)] = &[
    (0x0300, 0x0345),
    (0x0360, 0x0361),
    (0x0483, 0x0486),
    (0x0591, 0x05A1),
    (0x05A3, 0x05B9),
    (0x05BB, 0x05BD),
    (0x05BF, 0x05BF),
    (0x05C1, 0x05C2),
    (0x05C4, 0x05C4),
    (0x064B, 0x0652),
    (0x0670, 0x0670),
    (0x06D6, 0x06DC),
    (0x06DD, 0x06DF),
    (0x06E0, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
    (0x0901, 0x0903),
    (0x093C, 0x093C),
    (0x093E, 0x094C),
    (0x094D, 0x094D),
    (0x0951, 0x0954),
    (0x0962, 0x0963),
    (0x0981, 0x0983),
    (0x09BC, 0x09BC),
    (0x09BE, 0x09BE),
    (0x09BF, 0x09BF),
    (0x09C0, 0x09C4),
    (0x09C7, 0x09C8),
    (0x09CB, 0x09CD),
    (0x09D7, 0x09D7),
    (0x09E2, 0x09E3),
    (0x0A02, 0x0A02),
    (0x0A3C, 0x0A3C),
    (0x0A3E, 0x0A3E),
    (0x0A3F, 0x0A3F),
    (0x0A40, 0x0A42),
    (0x0A47, 0x0A48),
    (0x0A4B, 0x0A4D),
    (0x0A70, 0x0A71),
    (0x0A81, 0x0A83),
    (0x0ABC, 0x0ABC),
    (0x0ABE, 0x0AC5),
    (0x0AC7, 0x0AC9),
    (0x0ACB, 0x0ACD),
    (0x0B01, 0x0B03),
    (0x0B3C, 0x0B3C),
    (0x0B3E, 0x0B43),
    (0x0B47, 0x0B48),
    (0x0B4B, 0x0B4D),
    (0x0B56, 0x0B57),
    (0x0B82, 0x0B83),
    (0x0BBE, 0x0BC2),
    (0x0BC6, 0x0BC8),
    (0x0BCA, 0x0BCD),
    (0x0BD7, 0x0BD7),
    (0x0C01, 0x0C03),
    (0x0C3E, 0x0C44),
    (0x0C46, 0x0C48),
    (0x0C4A, 0x0C4D),
    (0x0C55, 0x0C56),
    (0x0C82, 0x0C83),
    (0x0CBE, 0x0CC4),
    (0x0CC6, 0x0CC8),
    (0x0CCA, 0x0CCD),
    (0x0CD5, 0x0CD6),
    (0x0D02, 0x0D03),
    (0x0D3E, 0x0D43),
    (0x0D46, 0x0D48),
    (0x0D4A, 0x0D4D),
    (0x0D57, 0x0D57),
    (0x0E31, 0x0E31),
    (0x0E34, 0x0E3A),
    (0x0E47, 0x0E4E),
    (0x0EB1, 0x0EB1),
    (0x0EB4, 0x0EB9),
    (0x0EBB, 0x0EBC),
    (0x0EC8, 0x0ECD),
    (0x0F18, 0x0F19),
    (0x0F35, 0x0F35),
    (0x0F37, 0x0F37),
    (0x0F39, 0x0F39),
    (0x0F3E, 0x0F3E),
    (0x0F3F, 0x0F3F),
    (0x0F71, 0x0F84),
    (0x0F86, 0x0F8B),
    (0x0F90, 0x0F95),
    (0x0F97, 0x0F97),
    (0x0F99, 0x0FAD),
    (0x0FB1, 0x0FB7),
    (0x0FB9, 0x0FB9),
    (0x20D0, 0x20DC),
    (0x20E1, 0x20E1),
    (0x302A, 0x302F),
    (0x3099, 0x3099),
    (0x309A, 0x309A),
];

/// Appendix B: Digit.
const DIGIT: &[(u32, u32)] = &[
    (0x0030, 0x0039),
    (0x0660, 0x0669),
    (0x06F0, 0x06F9),
    (0x0966, 0x096F),
    (0x09E6, 0x09EF),
    (0x0A66, 0x0A6F),
    (0x0AE6, 0x0AEF),
    (0x0B66, 0x0B6F),
    (0x0BE7, 0x0BEF),
    (0x0C66, 0x0C6F),
    (0x0CE6, 0x0CEF),
    (0x0D66, 0x0D6F),
    (0x0E50, 0x0E59),
    (0x0ED0, 0x0ED9),
    (0x0F20, 0x0F29),
];

/// Appendix B: Extender (々 and ー among them: name characters, but not at a name's start).
const EXTENDER: &[(u32, u32)] = &[
    (0x00B7, 0x00B7),
    (0x02D0, 0x02D1),
    (0x0387, 0x0387),
    (0x0640, 0x0640),
    (0x0E46, 0x0E46),
    (0x0EC6, 0x0EC6),
    (0x3005, 0x3005),
    (0x3031, 0x3035),
    (0x309D, 0x309E),
    (0x30FC, 0x30FE),
];

fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let c = c as u32;
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// A Letter of the fourth edition (BaseChar | Ideographic).
fn is_letter_4th(c: char) -> bool {
    in_table(BASE_CHAR, c) || in_table(IDEOGRAPHIC, c)
}

/// Whether `c` may start a Name under XML 1.0 fourth edition (`Letter | '_' | ':'`).
pub fn is_name_start_4th(c: char) -> bool {
    c == '_' || c == ':' || is_letter_4th(c)
}

/// Whether `c` may appear in a Name under XML 1.0 fourth edition.
pub fn is_name_char_4th(c: char) -> bool {
    is_name_start_4th(c)
        || matches!(c, '.' | '-')
        || in_table(DIGIT, c)
        || in_table(COMBINING_CHAR, c)
        || in_table(EXTENDER, c)
}

/// Whether `c` may start a Name under XML 1.0 fifth edition (NameStartChar).
pub fn is_name_start_5th(c: char) -> bool {
    matches!(c,
        ':' | 'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// Whether `c` may appear in a Name under XML 1.0 fifth edition (NameChar).
pub fn is_name_char_5th(c: char) -> bool {
    is_name_start_5th(c)
        || matches!(c,
            '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// Whether `c` may start a portable name: a name start under both editions, not a colon.
pub fn is_portable_start(c: char) -> bool {
    c != ':' && is_name_start_4th(c) && is_name_start_5th(c)
}

/// Whether `c` may appear in a portable name: a name character under both editions, not a colon.
pub fn is_portable_char(c: char) -> bool {
    c != ':' && is_name_char_4th(c) && is_name_char_5th(c)
}

/// Whether `name` is a Name under XML 1.0 fourth AND fifth editions and holds no colon: an element or attribute
/// name that expat, Xerces, libxml2 and roxmltree all read, with or without namespaces.
pub fn is_portable_name(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) if is_portable_start(first) => chars.all(is_portable_char),
        _ => false,
    }
}

/// The characters of `name` that keep it from being portable, in order, each once.
pub fn offending_chars(name: &str) -> Vec<char> {
    let mut out = Vec::new();
    for (i, c) in name.chars().enumerate() {
        let ok = if i == 0 { is_portable_start(c) } else { is_portable_char(c) };
        if !ok && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// A portable name keeping the words of `name`: every character that is not a name character becomes `_` (runs
/// collapse into one, none at the end), and a name that cannot start as it does gets a leading `_`.
/// `被用者保険関係情報（健康保険）` → `被用者保険関係情報_健康保険`.
pub fn portable_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut replaced = false;
    for c in name.chars() {
        if is_portable_char(c) {
            if replaced && !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            replaced = false;
            out.push(c);
        } else {
            replaced = true;
        }
    }
    match out.chars().next() {
        None => "_".to_string(),
        Some(first) if !is_portable_start(first) => format!("_{out}"),
        Some(_) => out,
    }
}

/// A slash-separated path (`資格情報/保険者名称`) with every step made portable ([`portable_name`]); empty steps
/// are dropped.
pub fn portable_path(path: &str) -> String {
    path.split('/').filter(|s| !s.is_empty()).map(portable_name).collect::<Vec<_>>().join("/")
}

/// The first step of a slash-separated path that is not a portable name.
pub fn first_unportable_step(path: &str) -> Option<&str> {
    path.split('/').filter(|s| !s.is_empty()).find(|s| !is_portable_name(s))
}

/// Whether `c` may stand in XML text: tab, line feed, carriage return, and no other control character, nor
/// U+FFFE / U+FFFF.
pub fn is_text_char(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => true,
        '\u{FFFE}' | '\u{FFFF}' => false,
        c => !c.is_control(),
    }
}

/// `text` without the characters XML text cannot hold ([`is_text_char`]), and those removed (each once, in order).
pub fn strip_control(text: &str) -> (Cow<'_, str>, Vec<char>) {
    if text.chars().all(is_text_char) {
        return (Cow::Borrowed(text), Vec::new());
    }
    let mut removed = Vec::new();
    let kept = text
        .chars()
        .filter(|&c| {
            let ok = is_text_char(c);
            if !ok && !removed.contains(&c) {
                removed.push(c);
            }
            ok
        })
        .collect();
    (Cow::Owned(kept), removed)
}

/// Characters as a person reads them in a message: `U+0001, U+001F`.
pub fn code_points(chars: &[char]) -> String {
    chars.iter().map(|c| format!("U+{:04X}", *c as u32)).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_character_classes_of_both_editions() {
        // (character, start under 4th, char under 4th, start under 5th, char under 5th)
        let table: &[(char, bool, bool, bool, bool)] = &[
            ('A', true, true, true, true),
            ('_', true, true, true, true),
            (':', true, true, true, true),
            ('-', false, true, false, true),
            ('.', false, true, false, true),
            ('0', false, true, false, true),
            ('被', true, true, true, true),
            ('龥', true, true, true, true), // U+9FA5, the last ideograph of Unicode 2.0
            ('\u{9FA6}', false, false, true, true), // added later: a name only under the fifth edition
            ('〇', true, true, true, true),         // U+3007
            ('あ', true, true, true, true),
            ('ア', true, true, true, true),
            ('ー', false, true, true, true),  // U+30FC, an Extender
            ('々', false, true, true, true),  // U+3005, an Extender
            ('・', false, false, true, true), // U+30FB, the Katakana middle dot
            ('（', false, false, true, true), // U+FF08
            ('）', false, false, true, true), // U+FF09
            ('Ａ', false, false, true, true), // U+FF21, full-width letters are not 4th-edition letters
            ('\u{3099}', false, true, true, true), // a combining voiced sound mark
            ('\u{0300}', false, true, false, true),
            ('\u{B7}', false, true, false, true),
            (' ', false, false, false, false),
            ('"', false, false, false, false),
            ('<', false, false, false, false),
            ('/', false, false, false, false),
            ('\u{3000}', false, false, false, false),
            ('\u{1F600}', false, false, true, true),
        ];
        for &(c, s4, n4, s5, n5) in table {
            assert_eq!(is_name_start_4th(c), s4, "start 4th {c:?} U+{:04X}", c as u32);
            assert_eq!(is_name_char_4th(c), n4, "char 4th {c:?} U+{:04X}", c as u32);
            assert_eq!(is_name_start_5th(c), s5, "start 5th {c:?} U+{:04X}", c as u32);
            assert_eq!(is_name_char_5th(c), n5, "char 5th {c:?} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn the_tables_hold_the_appendix_counts() {
        // Appendix B's classes counted over the BMP, as other implementations count them.
        let count = |t: &[(u32, u32)]| t.iter().map(|(a, b)| b - a + 1).sum::<u32>();
        assert_eq!(count(BASE_CHAR), 13602);
        assert_eq!(count(IDEOGRAPHIC), 20912);
        assert_eq!(count(COMBINING_CHAR), 437);
        assert_eq!(count(DIGIT), 149);
        assert_eq!(count(EXTENDER), 18);
        for t in [BASE_CHAR, IDEOGRAPHIC, COMBINING_CHAR, DIGIT, EXTENDER] {
            assert!(t.windows(2).all(|w| w[0].1 < w[1].0), "sorted, disjoint");
        }
    }

    #[test]
    fn portable_names() {
        for ok in [
            "被用者保険関係情報_健康保険",
            "資格情報",
            "中間サーバー登録日時",
            "特定個人情報の版番号",
            "ReasonOfNull",
            "a-b.c_1",
            "_1",
            "佐々木",
        ] {
            assert!(is_portable_name(ok), "{ok}");
        }
        for bad in [
            "被用者保険関係情報（健康保険）",
            "資格・情報",
            "々",
            "ー付き",
            "1項目",
            "-a",
            "xsi:nil",
            "",
            "a b",
            "a b\"><x y=\"1",
            "\u{3099}a",
        ] {
            assert!(!is_portable_name(bad), "{bad}");
        }
        assert_eq!(offending_chars("被用者保険関係情報（健康保険）"), vec!['（', '）']);
        assert_eq!(offending_chars("々木"), vec!['々']);
    }

    #[test]
    fn the_fix_keeps_the_words() {
        let cases = [
            ("被用者保険関係情報（健康保険）", "被用者保険関係情報_健康保険"),
            ("資格・情報", "資格_情報"),
            ("a b\"><x y=\"1", "a_b_x_y_1"),
            ("1項目", "_1項目"),
            ("々", "_々"),
            ("（）", "_"),
            ("ns:name", "ns_name"),
            ("資格情報", "資格情報"),
        ];
        for (from, to) in cases {
            assert_eq!(portable_name(from), to, "{from}");
            assert!(is_portable_name(&portable_name(from)), "{from}");
        }
        assert_eq!(portable_path("資格情報/a b\"><x y=\"1"), "資格情報/a_b_x_y_1");
        assert_eq!(first_unportable_step("資格情報/a b\"><x y=\"1"), Some("a b\"><x y=\"1"));
        assert_eq!(first_unportable_step("給付情報/傷病手当金/支給額"), None);
    }

    #[test]
    fn control_characters_are_stripped_from_text() {
        assert_eq!(strip_control("A\u{1}B").0, "AB");
        assert_eq!(strip_control("A\u{1}B").1, vec!['\u{1}']);
        assert_eq!(strip_control("a\tb\nc\rd").1, Vec::<char>::new());
        assert!(matches!(strip_control("ok <&\"'>]]>").0, Cow::Borrowed(_)));
        let (kept, removed) = strip_control("\u{0}x\u{1F}\u{7F}\u{85}\u{FFFE}\u{FFFF}y\u{1}");
        assert_eq!(kept, "xy");
        assert_eq!(code_points(&removed), "U+0000, U+001F, U+007F, U+0085, U+FFFE, U+FFFF, U+0001");
    }
}
