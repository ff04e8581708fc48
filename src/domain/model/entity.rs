//! A row of the project of any kind, as one value ([`Entity`]), and its key ([`EntityKey`]): what a change puts
//! and removes. Each entity lists its fields by [`Field`] with their values as text, the way a change shows them.
//! Rows of a party are keyed with it ([`Qualified`]): their ids are unique within the party only.

use crate::domain::model::Finding;
use crate::domain::model::field::Field;
use crate::domain::model::*;

/// An entity of any kind, as one value: what a change puts.
// The large kinds are boxed: an entity is as large as its largest kind, and an import holds one per row in its
// change (at national scale 604,279, three in five of them memberships: 512 bytes each unboxed, 216 boxed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entity {
    /// 機関
    Institution(Institution),
    /// 保険者
    Insurer(Insurer),
    /// 事務
    Affair(Affair),
    /// 事務手続
    Procedure(Procedure),
    /// 特定個人情報名
    InfoKind(InfoKind),
    /// 項目
    InfoItem(InfoItem),
    /// シナリオ
    Scenario(Scenario),
    /// バリエーション
    Variation(Variation),
    /// テストケース
    TestCase(Box<TestCase>),
    /// ロールモデル
    RoleModel(Box<RoleModel>),
    /// 加入歴
    Membership(Membership),
    /// 給付情報
    Benefit(BenefitRecord),
    /// 指摘
    Finding(Box<Finding>),
}

/// `$body` with `$x` bound to the row an entity holds (`&` or `&mut`), whatever its kind: each kind is a
/// `columns::Row`.
macro_rules! each_row {
    ($entity:expr, $x:ident => $body:expr) => {
        $crate::domain::model::entity::each_row!(@ $entity, $x => $body, [&**])
    };
    (mut $entity:expr, $x:ident => $body:expr) => {
        $crate::domain::model::entity::each_row!(@ $entity, $x => $body, [&mut **])
    };
    (@ $entity:expr, $x:ident => $body:expr, [$($unbox:tt)*]) => {
        match $entity {
            $crate::domain::model::entity::Entity::Institution($x) => $body,
            $crate::domain::model::entity::Entity::Insurer($x) => $body,
            $crate::domain::model::entity::Entity::Affair($x) => $body,
            $crate::domain::model::entity::Entity::Procedure($x) => $body,
            $crate::domain::model::entity::Entity::InfoKind($x) => $body,
            $crate::domain::model::entity::Entity::InfoItem($x) => $body,
            $crate::domain::model::entity::Entity::Scenario($x) => $body,
            $crate::domain::model::entity::Entity::Variation($x) => $body,
            $crate::domain::model::entity::Entity::Membership($x) => $body,
            $crate::domain::model::entity::Entity::Benefit($x) => $body,
            $crate::domain::model::entity::Entity::TestCase(b) => {
                let $x = $($unbox)* b;
                $body
            }
            $crate::domain::model::entity::Entity::RoleModel(b) => {
                let $x = $($unbox)* b;
                $body
            }
            $crate::domain::model::entity::Entity::Finding(b) => {
                let $x = $($unbox)* b;
                $body
            }
        }
    };
}
pub(crate) use each_row;

/// The key of an entity of any kind: what a removal names.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub enum EntityKey {
    /// 機関コード
    Institution(InstitutionCode),
    /// 保険者番号
    Insurer(InsurerNumber),
    /// 事務コード
    Affair(AffairCode),
    /// 事務手続コード
    Procedure(ProcedureCode),
    /// 特定個人情報名コード
    InfoKind(InfoKindCode),
    /// 項目コード
    InfoItem(InfoItemCode),
    /// シナリオID, in its party
    Scenario(Qualified<ScenarioId>),
    /// バリエーションID, in its party
    Variation(Qualified<VariationId>),
    /// テストケースID, in its party
    TestCase(Qualified<TestCaseId>),
    /// ロールモデルID, in its party
    RoleModel(Qualified<RoleModelId>),
    /// A membership's row key.
    Membership(RowId),
    /// A benefit record's row key.
    Benefit(RowId),
    /// 指摘ID
    Finding(String),
}

impl EntityKey {
    /// The party of the row it names (none for masters and findings).
    pub fn party(&self) -> Option<&InstitutionCode> {
        match self {
            EntityKey::Scenario(k) => Some(&k.party),
            EntityKey::Variation(k) => Some(&k.party),
            EntityKey::TestCase(k) => Some(&k.party),
            EntityKey::RoleModel(k) => Some(&k.party),
            _ => None,
        }
    }
}

impl Entity {
    /// The entity's key.
    pub fn key(&self) -> EntityKey {
        match self {
            Entity::Institution(x) => EntityKey::Institution(x.code.clone()),
            Entity::Insurer(x) => EntityKey::Insurer(x.number.clone()),
            Entity::Affair(x) => EntityKey::Affair(x.code.clone()),
            Entity::Procedure(x) => EntityKey::Procedure(x.code.clone()),
            Entity::InfoKind(x) => EntityKey::InfoKind(x.code.clone()),
            Entity::InfoItem(x) => EntityKey::InfoItem(x.code.clone()),
            Entity::Scenario(x) => {
                EntityKey::Scenario(Qualified::new(x.party.clone(), x.id.clone()))
            }
            Entity::Variation(x) => {
                EntityKey::Variation(Qualified::new(x.party.clone(), x.id.clone()))
            }
            Entity::TestCase(x) => EntityKey::TestCase(x.key()),
            Entity::RoleModel(x) => {
                EntityKey::RoleModel(Qualified::new(x.party.clone(), x.id.clone()))
            }
            Entity::Membership(x) => EntityKey::Membership(x.id),
            Entity::Benefit(x) => EntityKey::Benefit(x.id),
            Entity::Finding(x) => EntityKey::Finding(x.id.clone()),
        }
    }

    /// The party the row belongs to (none for masters and findings).
    pub fn party(&self) -> Option<&InstitutionCode> {
        match self {
            Entity::Scenario(x) => Some(&x.party),
            Entity::Variation(x) => Some(&x.party),
            Entity::TestCase(x) => Some(&x.party),
            Entity::RoleModel(x) => Some(&x.party),
            Entity::Membership(x) => Some(&x.party),
            Entity::Benefit(x) => Some(&x.party),
            _ => None,
        }
    }

    /// The kind a finding about it names (none for a finding itself).
    pub fn finding_kind(&self) -> Option<crate::domain::model::kinds::EntityKind> {
        use crate::domain::model::kinds::EntityKind as K;
        Some(match self {
            Entity::Institution(_) => K::Institution,
            Entity::Insurer(_) => K::Insurer,
            Entity::Affair(_)
            | Entity::Procedure(_)
            | Entity::InfoKind(_)
            | Entity::InfoItem(_) => K::Code,
            Entity::Scenario(_) => K::Scenario,
            Entity::Variation(_) => K::Variation,
            Entity::TestCase(_) => K::TestCase,
            Entity::RoleModel(_) => K::RoleModel,
            Entity::Membership(_) => K::Membership,
            Entity::Benefit(_) => K::Benefit,
            Entity::Finding(_) => return None,
        })
    }

    /// What kind of entity it is, in the words of its sheet (テストケース, 加入歴, …).
    pub fn kind_label(&self) -> &'static str {
        match self {
            Entity::Institution(_) => "機関",
            Entity::Insurer(_) => "保険者",
            Entity::Affair(_) => "事務",
            Entity::Procedure(_) => "事務手続",
            Entity::InfoKind(_) => "特定個人情報名",
            Entity::InfoItem(_) => "項目",
            Entity::Scenario(_) => "シナリオ",
            Entity::Variation(_) => "バリエーション",
            Entity::TestCase(_) => "テストケース",
            Entity::RoleModel(_) => "ロールモデル",
            Entity::Membership(_) => "加入歴",
            Entity::Benefit(_) => "給付情報",
            Entity::Finding(_) => "指摘",
        }
    }

    /// Its key as a person reads it: an id or code, or for a membership person/insurer/acquisition date.
    pub fn shown_key(&self) -> String {
        match self {
            Entity::Institution(x) => x.code.to_string(),
            Entity::Insurer(x) => x.number.to_string(),
            Entity::Affair(x) => x.code.to_string(),
            Entity::Procedure(x) => x.code.to_string(),
            Entity::InfoKind(x) => x.code.to_string(),
            Entity::InfoItem(x) => x.code.to_string(),
            Entity::Scenario(x) => x.id.to_string(),
            Entity::Variation(x) => x.id.to_string(),
            Entity::TestCase(x) => x.id.to_string(),
            Entity::RoleModel(x) => x.id.to_string(),
            Entity::Membership(x) => x.key(),
            Entity::Benefit(x) => x.key(),
            Entity::Finding(x) => x.id.clone(),
        }
    }

    /// Every field but the file's own columns (the party, a row id, the shipped-sample flag), with its value as
    /// the project file holds it (dates ISO, lists comma-joined, choices by their stored keys, flags 1/0), in its
    /// sheet's order: what a change shows, old → new. From the field tables (`columns`).
    pub fn fields(&self) -> Vec<(Field, String)> {
        use crate::domain::model::columns::stored_fields;
        each_row!(self, x => stored_fields(x))
    }

    /// Remove from every typed text the control characters XML cannot carry (typed or pasted text reaches the
    /// answer XML); returns each field that held some, with the characters removed.
    pub fn strip_control(&mut self) -> Vec<(Field, Vec<char>)> {
        use crate::domain::model::columns::strip_control;
        each_row!(mut self, x => strip_control(x))
    }
}

/// Where [`put_in_memory`] put an entity: its place in its list, and whether it replaced the one there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    /// Its place in its list.
    pub at: usize,
    /// Whether it replaced an entity with the same key (else it was added at the end).
    pub replaced: bool,
}

/// Put an entity into the project in memory as the project file lists it: replacing the entity with the same key
/// in place, or added at the end. `id` is the row key the file gave a new membership or benefit record.
pub fn put_in_memory(p: &mut Project, entity: Entity, id: RowId) -> Placed {
    fn upsert<T>(list: &mut Vec<T>, item: T, same: impl Fn(&T, &T) -> bool) -> Placed {
        match list.iter().position(|x| same(x, &item)) {
            Some(i) => {
                list[i] = item;
                Placed { at: i, replaced: true }
            }
            None => {
                list.push(item);
                Placed { at: list.len() - 1, replaced: false }
            }
        }
    }
    match entity {
        Entity::Institution(x) => upsert(&mut p.institutions, x, |a, b| a.code == b.code),
        Entity::Insurer(x) => upsert(&mut p.insurers, x, |a, b| a.number == b.number),
        Entity::Affair(x) => upsert(&mut p.affairs, x, |a, b| a.code == b.code),
        Entity::Procedure(x) => upsert(&mut p.procedures, x, |a, b| a.code == b.code),
        Entity::InfoKind(x) => upsert(&mut p.info_kinds, x, |a, b| a.code == b.code),
        Entity::InfoItem(x) => upsert(&mut p.info_items, x, |a, b| a.code == b.code),
        Entity::Scenario(x) => {
            upsert(&mut p.scenarios, x, |a, b| a.id == b.id && a.party == b.party)
        }
        Entity::Variation(x) => {
            upsert(&mut p.variations, x, |a, b| a.id == b.id && a.party == b.party)
        }
        Entity::TestCase(x) => {
            upsert(&mut p.test_cases, *x, |a, b| a.id == b.id && a.party == b.party)
        }
        Entity::RoleModel(x) => {
            upsert(&mut p.role_models, *x, |a, b| a.id == b.id && a.party == b.party)
        }
        Entity::Membership(x) => {
            upsert(&mut p.memberships, Membership { id, ..x }, |a, b| a.id == b.id)
        }
        Entity::Benefit(x) => {
            upsert(&mut p.benefits, BenefitRecord { id, ..x }, |a, b| a.id == b.id)
        }
        Entity::Finding(x) => upsert(&mut p.findings, *x, |a, b| a.id == b.id),
    }
}

/// The entity a key names in a project, if there is one (a clone).
pub fn find(p: &Project, key: &EntityKey) -> Option<Entity> {
    find_at(p, key).map(|(_, e)| e)
}

/// [`find`], with the entity's place in its list.
pub fn find_at(p: &Project, key: &EntityKey) -> Option<(usize, Entity)> {
    fn at<T: Clone>(
        list: &[T],
        is: impl Fn(&T) -> bool,
        wrap: fn(T) -> Entity,
    ) -> Option<(usize, Entity)> {
        let i = list.iter().position(is)?;
        Some((i, wrap(list[i].clone())))
    }
    match key {
        EntityKey::Institution(k) => at(&p.institutions, |x| &x.code == k, Entity::Institution),
        EntityKey::Insurer(k) => at(&p.insurers, |x| &x.number == k, Entity::Insurer),
        EntityKey::Affair(k) => at(&p.affairs, |x| &x.code == k, Entity::Affair),
        EntityKey::Procedure(k) => at(&p.procedures, |x| &x.code == k, Entity::Procedure),
        EntityKey::InfoKind(k) => at(&p.info_kinds, |x| &x.code == k, Entity::InfoKind),
        EntityKey::InfoItem(k) => at(&p.info_items, |x| &x.code == k, Entity::InfoItem),
        EntityKey::Scenario(k) => {
            at(&p.scenarios, |x| x.id == k.id && x.party == k.party, Entity::Scenario)
        }
        EntityKey::Variation(k) => {
            at(&p.variations, |x| x.id == k.id && x.party == k.party, Entity::Variation)
        }
        EntityKey::TestCase(k) => at(
            &p.test_cases,
            |x| x.id == k.id && x.party == k.party,
            |x| Entity::TestCase(Box::new(x)),
        ),
        EntityKey::RoleModel(k) => at(
            &p.role_models,
            |x| x.id == k.id && x.party == k.party,
            |x| Entity::RoleModel(Box::new(x)),
        ),
        EntityKey::Membership(k) => at(&p.memberships, |x| x.id == *k, Entity::Membership),
        EntityKey::Benefit(k) => at(&p.benefits, |x| x.id == *k, Entity::Benefit),
        EntityKey::Finding(k) => at(&p.findings, |x| &x.id == k, |x| Entity::Finding(Box::new(x))),
    }
}
