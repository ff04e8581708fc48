//! The portable-name rule held against a parser that applies XML 1.0 fourth edition: Python's expat.

use std::process::Command;

use renkei::domain::model::xml_name::{is_name_char_4th, is_name_start_4th, is_portable_name};

/// Python's `xml.etree` (expat), when python3 is on the machine.
fn python() -> Option<&'static str> {
    Command::new("python3")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|_| "python3")
}

#[test]
fn expat_reads_a_name_exactly_when_the_fourth_edition_tables_say_so() {
    let Some(py) = python() else {
        eprintln!("skipped: python3 is not on this machine");
        return;
    };
    // For every BMP character but the colon (a namespace prefix to expat) and the surrogates: does expat take it
    // at a name's start, and after a letter?
    let script = r#"
import sys, xml.etree.ElementTree as E
def ok(doc):
    try:
        E.fromstring(doc)
        return "1"
    except E.ParseError:
        return "0"
start, inner = [], []
for cp in range(0x10000):
    c = chr(cp)
    if 0xD800 <= cp <= 0xDFFF or c == ":":
        start.append("-"); inner.append("-"); continue
    start.append(ok("<" + c + "/>"))
    inner.append(ok("<a" + c + "/>"))
sys.stdout.write("".join(start) + "\n" + "".join(inner) + "\n")
"#;
    let out = Command::new(py).arg("-c").arg(script).output().expect("python3 runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let mut lines = text.lines();
    let (start, inner) = (lines.next().unwrap(), lines.next().unwrap());
    let mut differences = Vec::new();
    for (cp, (s, i)) in start.bytes().zip(inner.bytes()).enumerate() {
        let Some(c) = char::from_u32(cp as u32) else {
            continue;
        };
        if s == b'-' {
            continue;
        }
        // `<a/>` with a space, `/` or `>` after `a` parses too: those are not name characters.
        let inner_is_name = i == b'1' && !matches!(c, ' ' | '\t' | '\n' | '\r' | '/' | '>');
        if (s == b'1') != is_name_start_4th(c) || inner_is_name != is_name_char_4th(c) {
            differences.push(format!("U+{cp:04X}"));
        }
    }
    assert!(
        differences.is_empty(),
        "expat and the tables differ at {} characters: {:?}",
        differences.len(),
        &differences[..differences.len().min(40)]
    );
    assert!(!is_portable_name("被用者保険関係情報（健康保険）"));
}
