//! The answer XML: each insurer's answer and the Fund's merged answer, written with quick-xml.
//!
//! A null value is an empty element with `ReasonOfNull` and `xsi:nil="true"` (the namespace declared on the root),
//! never a missing element; dates are `YYYY-MM-DD`; all text is escaped.
//!
//! The writer refuses what not every parser reads (defence in depth: routing refuses such a query first, and
//! text entering the project is cleaned): an element name that is not portable under both XML 1.0 editions
//! ([`crate::domain::model::xml_name`]), or text holding a control character.

use std::ops::Range;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::domain::model::xml_name::{code_points, is_portable_name, strip_control};
use crate::domain::routing::{Content, Element, InsurerAnswer, MergedAnswer};

/// The XML Schema instance namespace (for `xsi:nil`).
pub const XSI_NAMESPACE: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// Root element of a merged answer.
pub const MERGED_ROOT: &str = "特定個人情報データ";

type XmlWriter = Writer<Vec<u8>>;

/// Why an answer cannot be written as XML every parser reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XmlError {
    /// An element name that is not a portable XML name.
    #[error(
        "要素名「{0}」は、どのXMLパーサーでも読める名前ではありません（コードのXMLパスを直してください） / \"{0}\" is not an element name every XML parser reads (fix the code's XML path)"
    )]
    UnportableName(String),
    /// Text holding characters XML cannot carry.
    #[error(
        "要素「{element}」の値に XML に書けない制御文字（{chars}）があります / the value of \"{element}\" holds control characters XML cannot carry ({chars})"
    )]
    ControlCharacter {
        /// The element whose text (or attribute) holds them.
        element: String,
        /// The characters, as `U+0001`.
        chars: String,
    },
}

fn checked_name(name: &str) -> Result<&str, XmlError> {
    if is_portable_name(name) { Ok(name) } else { Err(XmlError::UnportableName(name.to_string())) }
}

fn checked_text<'t>(element: &str, text: &'t str) -> Result<&'t str, XmlError> {
    let (_, removed) = strip_control(text);
    if removed.is_empty() {
        Ok(text)
    } else {
        Err(XmlError::ControlCharacter {
            element: element.to_string(),
            chars: code_points(&removed),
        })
    }
}

// Writing into a Vec cannot fail: the only errors the writer can meet are ours.
fn write(w: &mut XmlWriter, event: Event) {
    let result = w.write_event(event);
    debug_assert!(result.is_ok());
}

fn start(w: &mut XmlWriter, name: &str, xsi: bool) -> Result<(), XmlError> {
    let mut el = BytesStart::new(checked_name(name)?);
    if xsi {
        el.push_attribute(("xmlns:xsi", XSI_NAMESPACE));
    }
    write(w, Event::Start(el));
    Ok(())
}

fn end(w: &mut XmlWriter, name: &str) -> Result<(), XmlError> {
    write(w, Event::End(BytesEnd::new(checked_name(name)?)));
    Ok(())
}

fn text_element(w: &mut XmlWriter, name: &str, text: &str) -> Result<(), XmlError> {
    start(w, name, false)?;
    write(w, Event::Text(BytesText::new(checked_text(name, text)?)));
    end(w, name)
}

fn null_element(w: &mut XmlWriter, name: &str, reason: &str) -> Result<(), XmlError> {
    let mut el = BytesStart::new(checked_name(name)?);
    el.push_attribute(("ReasonOfNull", checked_text(name, reason)?));
    el.push_attribute(("xsi:nil", "true"));
    write(w, Event::Empty(el));
    Ok(())
}

fn element(w: &mut XmlWriter, e: &Element) -> Result<(), XmlError> {
    match &e.content {
        Content::Text(t) => text_element(w, &e.name, t),
        Content::Null(reason) => null_element(w, &e.name, reason),
        Content::Children(children) => {
            start(w, &e.name, false)?;
            for c in children {
                element(w, c)?;
            }
            end(w, &e.name)
        }
    }
}

fn document(body: impl FnOnce(&mut XmlWriter) -> Result<(), XmlError>) -> Result<String, XmlError> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    write(&mut w, Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    body(&mut w)?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    // Every name and text written came from a `&str`.
    Ok(String::from_utf8(bytes).unwrap_or_default())
}

/// One insurer's answer: the info kind's element with that insurer's repeated groups.
pub fn insurer_answer_xml(answer: &InsurerAnswer) -> Result<String, XmlError> {
    document(|w| {
        start(w, &answer.root, true)?;
        for g in &answer.groups {
            element(w, g)?;
        }
        end(w, &answer.root)
    })
}

/// The merged answer: one 管理情報, then the info kind's element holding every insurer's groups in routing order.
pub fn merged_answer_xml(merged: &MergedAnswer) -> Result<String, XmlError> {
    Ok(merged_answer_xml_with_parts(merged, &[])?.0)
}

/// The merged answer, and where each insurer's part of it sits: `group_counts` says how many of the merged groups
/// each insurer gave, in routing order (as [`crate::domain::routing::merge`] concatenates them); the answer is one
/// byte range per count, from the first group's `<` to the last group's `>` (empty when the insurer gave none).
pub fn merged_answer_xml_with_parts(
    merged: &MergedAnswer,
    group_counts: &[usize],
) -> Result<(String, Vec<Range<usize>>), XmlError> {
    // The writer's length before each group and after the last one.
    let mut marks: Vec<usize> = Vec::with_capacity(merged.groups.len() + 1);
    let xml = document(|w| {
        start(w, MERGED_ROOT, true)?;
        start(w, "管理情報", false)?;
        match merged.registered_at {
            Some(t) => text_element(w, "中間サーバー登録日時", &t.format_xml())?,
            None => {
                null_element(w, "中間サーバー登録日時", crate::domain::routing::NULL_NOT_AVAILABLE)?
            }
        }
        if merged.version.is_empty() {
            null_element(w, "特定個人情報の版番号", crate::domain::routing::NULL_NOT_AVAILABLE)?;
        } else {
            text_element(w, "特定個人情報の版番号", merged.version)?;
        }
        end(w, "管理情報")?;
        start(w, merged.root, false)?;
        for g in &merged.groups {
            marks.push(w.get_ref().len());
            element(w, g)?;
        }
        marks.push(w.get_ref().len());
        end(w, merged.root)?;
        end(w, MERGED_ROOT)
    })?;
    // A group's mark is taken before the writer's newline and indent; its part starts at its `<`.
    let bytes = xml.as_bytes();
    let skip_space = |mut at: usize| {
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        at
    };
    let mut parts = Vec::with_capacity(group_counts.len());
    let mut first = 0;
    for &n in group_counts {
        let last = (first + n).min(marks.len().saturating_sub(1));
        let range = match (marks.get(first), marks.get(last)) {
            (Some(&a), Some(&b)) if last > first => skip_space(a)..b,
            _ => 0..0,
        };
        parts.push(range);
        first = last;
    }
    Ok((xml, parts))
}

/// Write a simulation's answers into `dir` (created if missing), named as the command line names them:
/// `<test case>_merged.xml` when there is a merged answer, and `<test case>_<insurer>.xml` for each insurer's.
/// Returns the files written; an error names the file.
pub fn write_answer_files(
    dir: &std::path::Path,
    sim: &crate::domain::routing::Simulation,
) -> std::io::Result<Vec<std::path::PathBuf>> {
    let named = |p: &std::path::Path, e: std::io::Error| {
        std::io::Error::new(e.kind(), format!("{}: {e}", crate::platform::shown(p)))
    };
    std::fs::create_dir_all(dir).map_err(|e| named(dir, e))?;
    let mut written = Vec::new();
    let id = sim.test_case.as_str();
    let refused = |p: &std::path::Path, e: XmlError| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("{}: {e}", crate::platform::shown(p)),
        )
    };
    // The names are made from the ID and the insurer's number: safe, and in `dir` (a test case ID of `../x` is a
    // name, never a way out of the folder).
    let mut names = crate::platform::files::FileNames::default();
    let mut write = |name: String, xml: Result<String, XmlError>| {
        let p = crate::platform::files::inside(dir, &name)?;
        let xml = xml.map_err(|e| refused(&p, e))?;
        crate::platform::files::write_atomic(&p, xml.as_bytes()).map_err(|e| named(&p, e))?;
        written.push(p);
        Ok::<(), std::io::Error>(())
    };
    if let Some(m) = &sim.merged() {
        write(names.name(&format!("{id}_merged"), ".xml"), merged_answer_xml(m))?;
    }
    for a in &sim.answers {
        write(names.name(&format!("{id}_{}", a.insurer), ".xml"), insurer_answer_xml(a))?;
    }
    Ok(written)
}

/// A CSV field as spreadsheet programs must read it: quoted where it holds a comma, quote or line break, and a
/// field that would start a formula (`=`, `+`, `-`, `@`, a tab or a carriage return: `=HYPERLINK(…)`, `+cmd|…`,
/// `@SUM(…)`) preceded by `'`, so that Excel and LibreOffice show it as text and never run it.
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\r', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
}

/// One insurer's answer for every test case routed to it, written into `dir` (created if missing) and named as
/// [`write_answer_files`] names them (`<test case>_<insurer>.xml`; `<party>_<test case>_<insurer>.xml` when two
/// parties use the ID), with `index.csv` (UTF-8 with a BOM, so that Excel reads it): case, party, outcome, file.
/// Returns how many answers were written; an error names the file.
pub fn write_insurer_answers(
    project: &crate::domain::model::Project,
    insurer: &crate::domain::model::InsurerNumber,
    dir: &std::path::Path,
) -> std::io::Result<usize> {
    use crate::domain::check::EntityKind;
    use crate::domain::routing::{ProjectIndex, simulate};
    let named = |p: &std::path::Path, e: std::io::Error| {
        std::io::Error::new(e.kind(), format!("{}: {e}", crate::platform::shown(p)))
    };
    std::fs::create_dir_all(dir).map_err(|e| named(dir, e))?;
    let index = ProjectIndex::new(project);
    let names = crate::domain::model::names::Ambiguity::of(project);
    let field = csv_field;
    let mut csv = String::from("\u{feff}case,party,outcome,file\r\n");
    let mut files = crate::platform::files::FileNames::default();
    files.name("index", ".csv");
    let mut written = 0;
    // Only the cases the workspace finds routed here are simulated for their answers (not every case of a
    // national-scale project), in project order.
    let mut routed: Vec<usize> =
        crate::domain::partition::workspace(&index, insurer, &mut |_, _| true)
            .map(|w| w.cases.iter().filter(|c| c.routed).map(|c| c.case).collect())
            .unwrap_or_default();
    routed.sort_unstable();
    for case in routed.iter().map(|&i| &project.test_cases[i]) {
        let sim = simulate(&index, case);
        let Some(answer) = sim.answers.iter().find(|a| &a.insurer == insurer) else {
            continue;
        };
        let shown = names.name(EntityKind::TestCase, &case.party, &case.id);
        let stem = if shown.contains(':') {
            format!("{}_{}_{insurer}", case.party, case.id)
        } else {
            format!("{}_{insurer}", case.id)
        };
        let file = files.name(&stem, ".xml");
        let path = crate::platform::files::inside(dir, &file)?;
        let xml = insurer_answer_xml(answer).map_err(|e| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{}: {e}", crate::platform::shown(&path)),
            )
        })?;
        crate::platform::files::write_atomic(&path, xml.as_bytes()).map_err(|e| named(&path, e))?;
        csv += &format!(
            "{},{},{},{}\r\n",
            field(case.id.as_str()),
            field(case.party.as_str()),
            field(sim.outcome.label_ja()),
            field(&file)
        );
        written += 1;
    }
    let index_path = dir.join("index.csv");
    crate::platform::files::write_atomic(&index_path, csv.as_bytes())
        .map_err(|e| named(&index_path, e))?;
    Ok(written)
}
