//! Text for people in both of the tool's languages: the core says why in Japanese and English,
//! the UI and command line pick one.

use serde::Serialize;

/// A message in Japanese and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    /// 日本語
    pub ja: String,
    /// English
    pub en: String,
}

/// The language text is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
pub enum Lang {
    /// 日本語 (the default)
    #[default]
    Ja,
    /// English
    En,
}

impl Message {
    /// A message from its two texts.
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Message {
        Message { ja: ja.into(), en: en.into() }
    }

    /// A reference the project does not hold: `what value` is not defined — or, when nothing was written, that the
    /// field (`field`) is empty, never a sentence with a hole in it.
    pub fn undefined(what: (&str, &str), field: (&str, &str), value: &str) -> Message {
        if value.trim().is_empty() {
            Message::new(
                format!("{}が空です（入力されていません）", field.0),
                format!("the {} is empty", field.1),
            )
        } else {
            Message::new(
                format!("{} {value} は定義されていません", what.0),
                format!("{} {value} is not defined", what.1),
            )
        }
    }

    /// The text in one language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }

    /// Messages joined into one, each language separately.
    pub fn join(messages: &[Message]) -> Message {
        Message {
            ja: messages.iter().map(|m| m.ja.as_str()).collect::<Vec<_>>().join("。"),
            en: messages.iter().map(|m| m.en.as_str()).collect::<Vec<_>>().join("; "),
        }
    }
}

impl Lang {
    /// Read `ja` or `en`.
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "ja" | "jp" | "日本語" => Some(Lang::Ja),
            "en" | "English" => Some(Lang::En),
            _ => None,
        }
    }
}
