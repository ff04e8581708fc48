//! The views the window opens and closes, kept by name (`ViewId`) in one set (`OpenViews`), not as a flag each: a
//! view is opened, closed or toggled by the same command whatever it is, the preferences could keep the set, and
//! a test asks which are open. Each view's own state stays beside its drawing, in its panel's file.

use std::collections::BTreeSet;

use crate::ui::kit::text::Text;

/// A view of the window that opens beside or over the sheets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ViewId {
    /// The tree シナリオ → バリエーション → テストケース at the left of the test cases (open unless the user closed it).
    Tree,
    /// 検査結果: the check's findings, docked under the table.
    Checks,
    /// 網羅性: procedures × condition kinds.
    Coverage,
    /// 相手先: the parties panel at the left.
    Parties,
    /// 保険者ワークスペース.
    Insurers,
    /// 受信・送信の記録: the record of books.
    Books,
    /// The notification area: the messages in full.
    Messages,
}

impl ViewId {
    /// Every view.
    pub const ALL: [ViewId; 7] = [
        ViewId::Tree,
        ViewId::Checks,
        ViewId::Coverage,
        ViewId::Parties,
        ViewId::Insurers,
        ViewId::Books,
        ViewId::Messages,
    ];

    /// Its title (and the menu item that opens it).
    pub fn title(self) -> Text {
        match self {
            ViewId::Tree => Text::TreeView,
            ViewId::Checks => Text::Checks,
            ViewId::Coverage => Text::Coverage,
            ViewId::Parties => Text::Parties,
            ViewId::Insurers => Text::InsurerWorkspace,
            ViewId::Books => Text::Books,
            ViewId::Messages => Text::Messages,
        }
    }

    /// Whether it needs the whole project (a large project's first rows alone would show a part of it).
    pub fn needs_whole_project(self) -> bool {
        match self {
            ViewId::Tree
            | ViewId::Checks
            | ViewId::Coverage
            | ViewId::Parties
            | ViewId::Insurers
            | ViewId::Books => true,
            ViewId::Messages => false,
        }
    }
}

/// The views open now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenViews(BTreeSet<ViewId>);

impl OpenViews {
    /// Whether a view is open.
    pub fn is_open(&self, view: ViewId) -> bool {
        self.0.contains(&view)
    }

    /// Open or close a view.
    pub fn set(&mut self, view: ViewId, open: bool) {
        if open {
            self.0.insert(view);
        } else {
            self.0.remove(&view);
        }
    }

    /// Open a closed view, close an open one.
    pub fn toggle(&mut self, view: ViewId) {
        let open = !self.is_open(view);
        self.set(view, open);
    }

    /// Every view open, in order.
    pub fn iter(&self) -> impl Iterator<Item = ViewId> + '_ {
        self.0.iter().copied()
    }
}
