//! What every part of the window draws and works with: the user's commands, a panel's context, the texts in both languages and the fixed lists' values, forms and their fields, the fonts, and work in the background.

pub mod command;
pub mod fonts;
pub mod form;
pub mod jobs;
pub mod panel;
pub mod text;
pub mod values;
pub mod views;
