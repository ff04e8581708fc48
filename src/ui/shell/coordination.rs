//! The coordination loop's commands in the window: the party shown, findings (指摘) raised from the check or
//! written by hand, agreement states (確認) set on a case or the selection, the project's own body (自団体, asked
//! once when first needed). Every change goes through [`App::change`] (one transaction, one undo step).

use crate::domain::coordination::change::ChangeSet;
use crate::domain::coordination::finding::{from_check, next_finding_id};
use crate::domain::date::Date;
use crate::domain::model::Finding;
use crate::domain::model::entity::Entity;
use crate::domain::model::kinds::{AgreementState, EntityKind};
use crate::domain::model::{Agreement, TestCaseKey};
use crate::ui::kit::views::ViewId;

use crate::ui::kit::command::CoordinationCmd;
use crate::ui::kit::text::Text;
use crate::ui::shell::app::App;

impl App {
    /// The commands of the coordination loop.
    pub(crate) fn apply_coordination(&mut self, command: CoordinationCmd) {
        match command {
            CoordinationCmd::FilterParty(party) => {
                self.party_filter = party;
                // What was selected may be another party's row.
                for (_, t) in &mut self.tables {
                    t.selected.clear();
                }
            }
            CoordinationCmd::ShowBookChange(i) => {
                self.views.set(ViewId::Books, true);
                let (Some(o), Some(b)) = (&self.open, self.books.get(i)) else {
                    return;
                };
                match o.store.book_change(b.id) {
                    Ok(change) => {
                        self.book_change =
                            Some((i, crate::domain::coordination::book::change_lines(&change)))
                    }
                    Err(e) => self.message = Some(e.to_string()),
                }
            }
            CoordinationCmd::AskOwn => {
                let own = self.own().to_string();
                self.own_dialog = Some((own, None));
            }
            CoordinationCmd::CancelOwn => self.own_dialog = None,
            CoordinationCmd::SetOwn(own) => self.set_own(own),
            c @ (CoordinationCmd::RaiseFinding(_)
            | CoordinationCmd::WriteFinding(..)
            | CoordinationCmd::WriteFindingText { .. }
            | CoordinationCmd::SetAgreement(..))
                if self.own().is_empty() =>
            {
                // Asked once, when first needed; the command goes on once it is given.
                self.own_dialog = Some((String::new(), Some(c.into())));
            }
            CoordinationCmd::RaiseFinding(check) => self.raise_finding(&check),
            CoordinationCmd::WriteFinding(kind, party, key) => self.write_finding(kind, party, key),
            CoordinationCmd::WriteFindingText { party, key, message } => {
                self.write_finding(EntityKind::TestCase, party, key);
                if let Some(f) = &mut self.finding_draft {
                    f.message = message;
                }
            }
            CoordinationCmd::SaveFinding => {
                if let Some(f) = self.finding_draft.take() {
                    let label = format!("{} {}", Text::NewFinding.get(self.lang), f.id);
                    self.put(&label, Entity::Finding(Box::new(f)));
                }
            }
            CoordinationCmd::CancelFinding => self.finding_draft = None,
            CoordinationCmd::SetAgreement(cases, state) => self.set_agreement(&cases, state),
        }
    }

    /// The project's own body (自団体), empty when not set.
    pub(crate) fn own(&self) -> &str {
        self.open.as_ref().map_or("", |o| o.project.own.as_str())
    }

    fn set_own(&mut self, own: String) {
        let own = own.trim().to_string();
        let then = self.own_dialog.take().and_then(|(_, then)| then);
        if own.is_empty() {
            return;
        }
        let Some(o) = &mut self.open else { return };
        let label = format!("{} {own}", Text::OwnBody.get(self.lang));
        match crate::store::transact::set_own_body(&mut o.store, &label, &own) {
            Ok(op) => {
                self.refresh(op);
                self.pending.extend(then);
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    fn raise_finding(&mut self, check: &crate::domain::check::CheckFinding) {
        let Some(o) = &self.open else { return };
        let p = &o.project;
        let party = if check.party.is_empty() {
            // A master's fault is sent with the party the window shows, else the working one.
            self.working_party().unwrap_or_default()
        } else {
            check.party.as_str().into()
        };
        let f = from_check(p, check, &p.own, party, Date::today());
        let label = format!("{} {}", Text::RaiseFinding.get(self.lang), f.id);
        self.put(&label, Entity::Finding(Box::new(f)));
    }

    fn write_finding(&mut self, target: EntityKind, party: String, key: String) {
        let Some(o) = &self.open else { return };
        let p = &o.project;
        self.finding_draft = Some(Finding::new(
            next_finding_id(p, &p.own),
            party.as_str().into(),
            (&p.own, Date::today()),
            (target, key),
        ));
    }

    fn set_agreement(&mut self, cases: &[TestCaseKey], state: AgreementState) {
        let Some(o) = &self.open else { return };
        let p = &o.project;
        let mut change = ChangeSet::default();
        for key in cases {
            let Some(c) = p.test_case(key) else { continue };
            let mut c = c.clone();
            c.agreement = Agreement {
                state,
                date: Some(Date::today()),
                by: p.own.clone(),
                memo: c.agreement.memo.clone(),
            };
            change.extend(ChangeSet::put(p, Entity::TestCase(Box::new(c))));
        }
        let label = format!(
            "{}: {} ({})",
            Text::SetAgreement.get(self.lang),
            state.label(self.lang),
            cases.len()
        );
        self.change(&label, &change);
    }
}
