//! The window drawn by a real renderer (wgpu; lavapipe where there is no GPU), in both themes and after switching
//! between them at run time: every hyphen of `S01-V01-T01`, `2018-07-27` and `UTF-8` has ink at normal text size
//! (they vanished once after a switch of theme), and image snapshots of the lines keep what a user sees.
//! Needs `--features renderer`; `.ci/run` installs the Vulkan drivers first.

use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::{Harness, SnapshotOptions};
use renkei::domain::model::Qualified;
use renkei::domain::samples::sample::sample_project;
use renkei::store::Store;
use renkei::ui::kit::command::ViewCmd;
use renkei::ui::shell::app::{App, Command, Selection};

fn harness(dir: &std::path::Path) -> Harness<'static, App> {
    let path = dir.join("s.renkei");
    let mut store = Store::create(&path, "s").unwrap();
    store.replace_all(&sample_project()).unwrap();
    drop(store);
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(renkei::ui::kit::fonts::install)
        .with_max_steps(64)
        .wgpu()
        .build_ui_state(|ui, app: &mut App| app.frame_ui(ui), App::start(Some(path)))
}

/// How far a pixel is from the background, in the sum of its channels.
fn distance(a: &image::Rgba<u8>, b: &image::Rgba<u8>) -> u32 {
    (0..3).map(|i| a[i].abs_diff(b[i]) as u32).sum()
}

/// The pixels with ink within `rect` (points; one point is one pixel here): those far from the rect's most
/// common colour, its background.
fn ink(image: &image::RgbaImage, rect: egui::Rect) -> usize {
    let (x0, x1) = (rect.min.x.floor() as u32, rect.max.x.ceil() as u32);
    let (y0, y1) = (rect.min.y.floor() as u32, rect.max.y.ceil() as u32);
    let pixels: Vec<image::Rgba<u8>> = (y0..y1.min(image.height()))
        .flat_map(|y| (x0..x1.min(image.width())).map(move |x| (x, y)))
        .map(|(x, y)| *image.get_pixel(x, y))
        .collect();
    let mut counts = std::collections::HashMap::new();
    for p in &pixels {
        *counts.entry(p.0).or_insert(0usize) += 1;
    }
    let background = image::Rgba(*counts.iter().max_by_key(|(_, n)| **n).unwrap().0);
    pixels.iter().filter(|p| distance(p, &background) > 90).count()
}

/// For each hyphen of `text` within the first line of a label drawn at `rect` in `style`'s font, the ink where it
/// is drawn.
fn hyphens_ink(
    h: &mut Harness<'static, App>,
    (rect, line, style): (egui::Rect, &str, egui::TextStyle),
    text: &str,
) -> Vec<usize> {
    let image = h.render().expect("the window renders");
    let font = style.resolve(&h.ctx.global_style());
    let galley =
        h.ctx.fonts_mut(|f| f.layout_no_wrap(line.to_string(), font, egui::Color32::WHITE));
    let row = &galley.rows[0];
    let height = row.height();
    let at = line.find(text).expect("the text is in the line");
    let start = line[..at].chars().count();
    row.glyphs
        .iter()
        .skip(start)
        .take(text.chars().count())
        .filter(|g| g.chr == '-')
        .map(|g| {
            let x = rect.min.x + g.pos.x;
            // The glyph's whole cell (a hyphen is a short stroke in its middle).
            let cell = egui::Rect::from_min_max(
                egui::pos2(x, rect.min.y),
                egui::pos2(x + g.advance_width, rect.min.y + height),
            );
            ink(&image, cell)
        })
        .collect()
}

/// Where a label with exactly this text is drawn (the first on screen).
fn label_rect(h: &Harness<'static, App>, label: &str) -> egui::Rect {
    h.query_all_by_label(label)
        .map(|n| n.rect())
        .min_by(|a, b| a.min.y.total_cmp(&b.min.y))
        .unwrap_or_else(|| panic!("no {label} on screen"))
}

fn theme(h: &mut Harness<'static, App>, theme: egui::ThemePreference) {
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::View(ViewCmd::SetTheme(theme)));
    h.run();
    h.run();
}

/// Every hyphen of the table's `S01-V01-T01` and `2018-07-27`, and of the simulation's `UTF-8`, has ink: at start
/// in the light theme, after a switch to the dark one and back.
#[test]
fn hyphens_show_in_both_themes_and_after_switching() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    h.run();
    let ctx = h.ctx.clone();
    for (step, t) in [
        ("light", egui::ThemePreference::Light),
        ("dark", egui::ThemePreference::Dark),
        ("light-again", egui::ThemePreference::Light),
    ] {
        theme(&mut h, t);
        h.state_mut().apply(&ctx, Command::View(ViewCmd::CloseSimulation));
        h.run();
        for text in ["S01-V01-T01", "2018-07-27"] {
            let rect = label_rect(&h, text);
            let inks = hyphens_ink(&mut h, (rect, text, egui::TextStyle::Body), text);
            let label = text;
            assert_eq!(inks.len(), text.matches('-').count(), "{step}: {label}");
            assert!(
                inks.iter().all(|&n| n >= 3),
                "{step}: a hyphen of {text} has no ink: {inks:?}"
            );
        }
        let case = Qualified::new("002", "S01-V01-T01");
        h.state_mut()
            .apply(&ctx, Command::View(ViewCmd::Select(Selection::TestCase(case.clone()))));
        h.state_mut().apply(&ctx, Command::View(ViewCmd::ShowSimulation(case)));
        h.run();
        h.run();
        let (rect, xml) = h
            .query_all_by_label_contains("encoding=\"UTF-8\"")
            .map(|n| {
                let a = n.accesskit_node();
                let text = a.label().or(a.value()).unwrap_or_default().to_string();
                (n.rect(), text)
            })
            .next()
            .expect("the merged XML's declaration is shown");
        let first = xml.lines().next().unwrap_or_default().to_string();
        assert!(first.contains("UTF-8"), "{first}");
        let inks = hyphens_ink(&mut h, (rect, &first, egui::TextStyle::Monospace), "UTF-8");
        assert!(
            inks.len() == 1 && inks[0] >= 3,
            "{step}: the hyphen of UTF-8 has no ink: {inks:?}"
        );
    }
}

/// What the user sees of the table's first lines, in both themes: image snapshots (tests/snapshots), compared
/// with a small tolerance for the software renderer's rounding.
#[test]
fn the_table_looks_as_it_did_in_both_themes() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    h.run();
    let options = SnapshotOptions::new().threshold(1.0).max_failed_pixels(8);
    for (name, t) in
        [("table-light", egui::ThemePreference::Light), ("table-dark", egui::ThemePreference::Dark)]
    {
        theme(&mut h, t);
        let image = h.render().expect("the window renders");
        // The tabs, the filter line and the table's first rows.
        let lines = image::imageops::crop_imm(&image, 0, 20, 1280, 160).to_image();
        egui_kittest::image_snapshot_options(&lines, name, &options);
    }
}
