//! Helpers shared by the integration tests.

#![allow(dead_code)]

use renkei::domain::model::xml_name::{is_portable_name, is_text_char};

/// Hold an XML document to what the strictest common parsers accept: re-read by roxmltree; every element and
/// attribute name portable under XML 1.0 fourth and fifth editions (a namespace prefix and its local part each);
/// no character in text or attribute values, written raw or as a reference, that XML 1.0 cannot carry.
pub fn assert_strict_xml(xml: &str) {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let qualified_ok = |name: &str| match name.split_once(':') {
        Some((prefix, local)) => is_portable_name(prefix) && is_portable_name(local),
        None => is_portable_name(name),
    };
    // Names as written in the text (roxmltree resolves prefixes away).
    for tag in xml.split('<').skip(1) {
        let tag = tag.trim_start_matches('/');
        if tag.starts_with('?') || tag.starts_with('!') {
            continue;
        }
        let name: String =
            tag.chars().take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/').collect();
        assert!(qualified_ok(&name), "element name {name:?} is not portable\n{xml}");
        let attributes = tag.split('>').next().unwrap_or("");
        for part in attributes.split('"').step_by(2) {
            if let Some((before, _)) = part.rsplit_once('=') {
                let attr = before.split_whitespace().last().unwrap_or("");
                assert!(qualified_ok(attr), "attribute name {attr:?} is not portable\n{xml}");
            }
        }
    }
    for node in doc.descendants() {
        let texts = node.text().into_iter().chain(node.attributes().map(|a| a.value()));
        for t in texts {
            assert!(t.chars().all(is_text_char), "a control character in {t:?}");
        }
    }
}

/// Python's `xml.etree` (expat, XML 1.0 fourth-edition names) parses the file; `None` when python3 is absent.
pub fn expat_parses(path: &std::path::Path) -> Option<Result<(), String>> {
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg("import sys,xml.etree.ElementTree as E; E.parse(sys.argv[1])")
        .arg(path)
        .output()
        .ok()?;
    Some(if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    })
}

/// Each worksheet's name and XML part, in workbook order (calamine shows neither validations nor page setup).
pub fn sheet_parts(path: &std::path::Path) -> Vec<(String, String)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut part = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let workbook = part("xl/workbook.xml");
    let rels = part("xl/_rels/workbook.xml.rels");
    let rels = roxmltree::Document::parse(&rels).unwrap();
    let target = |id: &str| {
        rels.descendants()
            .find(|n| n.attribute("Id") == Some(id))
            .and_then(|n| n.attribute("Target"))
            .unwrap()
            .to_string()
    };
    let doc = roxmltree::Document::parse(&workbook).unwrap();
    let r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    doc.descendants()
        .filter(|n| n.has_tag_name("sheet"))
        .map(|n| {
            let t = target(n.attribute((r, "id")).unwrap());
            let path = t.strip_prefix('/').map(str::to_string).unwrap_or(format!("xl/{t}"));
            (n.attribute("name").unwrap().to_string(), part(&path))
        })
        .collect()
}

/// The workbook's defined names (`_xlnm.Print_Titles` and such): (name, local sheet index, value).
pub fn defined_names(path: &std::path::Path) -> Vec<(String, Option<usize>, String)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name("xl/workbook.xml").unwrap().read_to_string(&mut s).unwrap();
    let doc = roxmltree::Document::parse(&s).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("definedName"))
        .map(|n| {
            (
                n.attribute("name").unwrap().to_string(),
                n.attribute("localSheetId").and_then(|x| x.parse().ok()),
                n.text().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// The sample's two cases and two people, as the books of three cities (002, 003, 004) that reuse the same IDs,
/// in a project whose own body is the representative insurer 06130017.
pub fn three_parties() -> renkei::domain::model::Project {
    let sample = renkei::domain::samples::sample::sample_project();
    let mut p = renkei::domain::model::Project {
        name: "代表保険者 06130017".into(),
        own: "06130017".into(),
        ..sample.clone()
    };
    p.institutions.push(renkei::domain::model::Institution {
        code: "004".into(),
        name: "F町".into(),
        ..sample.institutions[0].clone()
    });
    for party in ["003", "004"] {
        let code = renkei::domain::model::InstitutionCode::from(party);
        p.scenarios.extend(
            sample
                .scenarios
                .iter()
                .map(|x| renkei::domain::model::Scenario { party: code.clone(), ..x.clone() }),
        );
        p.variations.extend(
            sample
                .variations
                .iter()
                .map(|x| renkei::domain::model::Variation { party: code.clone(), ..x.clone() }),
        );
        p.test_cases.extend(sample.test_cases.iter().map(|x| renkei::domain::model::TestCase {
            party: code.clone(),
            requester: party.into(),
            ..x.clone()
        }));
        p.role_models.extend(
            sample
                .role_models
                .iter()
                .map(|x| renkei::domain::model::RoleModel { party: code.clone(), ..x.clone() }),
        );
        p.memberships.extend(sample.memberships.iter().map(|x| {
            renkei::domain::model::Membership {
                id: Default::default(),
                party: code.clone(),
                ..x.clone()
            }
        }));
        p.benefits.extend(sample.benefits.iter().map(|x| renkei::domain::model::BenefitRecord {
            id: Default::default(),
            party: code.clone(),
            ..x.clone()
        }));
    }
    p
}
