//! The bundled Japanese font (BIZ UDGothic, SIL OFL 1.1; see assets/fonts), installed for both the proportional
//! and the monospace families so Japanese renders everywhere, in the window and in tests alike.

use std::sync::Arc;

/// BIZ UDGothic Regular, embedded.
pub const BIZ_UD_GOTHIC: &[u8] = include_bytes!("../../assets/fonts/BIZUDGothic-Regular.ttf");

/// Install the bundled font on a context, ahead of egui's own fonts.
pub fn install(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert("biz-ud-gothic".into(), Arc::new(egui::FontData::from_static(BIZ_UD_GOTHIC)));
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts.families.entry(family).or_default().insert(0, "biz-ud-gothic".into());
    }
    ctx.set_fonts(fonts);
}
