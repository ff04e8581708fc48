//! The bundled Japanese font (BIZ UDGothic, SIL OFL 1.1; see assets/fonts), installed for both the proportional
//! and the monospace families so Japanese renders everywhere, in the window and in tests alike.

use std::sync::Arc;

/// BIZ UDGothic Regular, embedded.
pub const BIZ_UD_GOTHIC: &[u8] = include_bytes!("../../../assets/fonts/BIZUDGothic-Regular.ttf");

/// Install the bundled font on a context, after egui's own fonts: Latin text keeps egui's faces and everything
/// they lack (kana, kanji, full-width forms) comes from BIZ UDGothic. Put first, its Latin punctuation
/// (`-`) rendered blank in egui.
pub fn install(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts
        .font_data
        .insert("biz-ud-gothic".into(), Arc::new(egui::FontData::from_static(BIZ_UD_GOTHIC)));
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts.families.entry(family).or_default().insert(0, "biz-ud-gothic".into());
    }
    ctx.set_fonts(fonts);
    // Japanese wants a little more size than egui's 12.5 px default to stay readable at 1280×800; at the default
    // size the 1-px strokes of `-` and `_` also fell between pixel rows under software rendering.
    // Dark text on a light ground keeps thin strokes (the 1-px bar of `-` and `_` at 14 px) only with the dark
    // theme's coverage ramp: with egui's linear light-theme default they faded to nothing under Xvfb.
    ctx.style_mut_of(egui::Theme::Light, |style| {
        style.visuals.text_options.color_transfer_function =
            egui::epaint::FontColorTransferFunction::TwoCoverageMinusCoverageSq;
    });
    // The users' office desktops are light: without a preference from the system, start in the light theme.
    ctx.options_mut(|o| o.fallback_theme = egui::Theme::Light);
    // Body text at WCAG AA contrast (4.5:1) on every ground it is drawn on, in both themes; text fields and
    // buttons framed so that they show on a light ground (egui's light theme draws them white on near-white).
    // Per theme, the grays of: a widget's frame, body text, a widget's text, weak text; the warning's and the
    // error's colours (the dark theme's own warning colour already passes).
    let light = ([135, 40, 30, 95], Some([165, 75, 0]), [190, 0, 0]);
    let dark = ([115, 215, 225, 165], None, [255, 110, 110]);
    for (theme, ([frame, body, widget, weak], warn, error)) in
        [(egui::Theme::Light, light), (egui::Theme::Dark, dark)]
    {
        ctx.style_mut_of(theme, |style| {
            let v = &mut style.visuals;
            let gray = egui::Color32::from_gray;
            v.widgets.inactive.bg_stroke = egui::Stroke::new(1.0, gray(frame));
            v.widgets.noninteractive.fg_stroke.color = gray(body);
            v.widgets.inactive.fg_stroke.color = gray(widget);
            v.weak_text_color = Some(gray(weak));
            if let Some([r, g, b]) = warn {
                v.warn_fg_color = egui::Color32::from_rgb(r, g, b);
            }
            v.error_fg_color = egui::Color32::from_rgb(error[0], error[1], error[2]);
        });
    }
    ctx.global_style_mut(|style| {
        for (text_style, font) in style.text_styles.iter_mut() {
            font.size = match text_style {
                egui::TextStyle::Heading => 20.0,
                egui::TextStyle::Small => 11.0,
                _ => 14.0,
            };
        }
    });
}
