//! The indicator framework (COINr's iMeta): indicators, the aggregates above them, groups and
//! denominators. Validated once when built; the pipeline relies on it.

use std::collections::btree_map::{BTreeMap, Entry};
use std::rc::Rc;

use crate::error::{Error, ErrorKind, Result};
use crate::table::{Record, Table};

/// What an iMeta row describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElementType {
    /// A measured indicator (Level 1).
    Indicator,
    /// A score computed from its children (Level 2 and up).
    Aggregate,
    /// A `*_group` column of iData.
    Group,
    /// A column of iData that indicators are divided by.
    Denominator,
}

/// One row of iMeta.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// iCode: the column name in iData for indicators.
    pub code: String,
    /// iName.
    pub name: String,
    /// Type.
    pub kind: ElementType,
    /// Level: 1 for indicators, higher for aggregates, 0 for groups and denominators.
    pub level: u32,
    /// Direction: 1 when more is better, -1 when less is better.
    pub direction: f64,
    /// Weight within its parent.
    pub weight: f64,
    /// Unit.
    pub unit: String,
    /// Target: the 监测标准 standard value for the standard-value method.
    pub target: Option<f64>,
    /// Denominator: the iData column the indicator is divided by.
    pub denominator: Option<String>,
    /// Scale: the factor applied after dividing by the denominator (1 when absent).
    pub scale: f64,
    /// Parent: the aggregate above.
    pub parent: Option<String>,
    /// Lower goalpost, for goalpost normalisation.
    pub goalpost_lower: Option<f64>,
    /// Upper goalpost, for goalpost normalisation.
    pub goalpost_upper: Option<f64>,
}

/// A validated iMeta: a tree of indicators under aggregates.
///
/// The tree is shared between copies; only the weights are each copy's own, so that an
/// analysis can vary them cheaply. [`Element::weight`] is the weight iMeta gives;
/// [`Framework::weight`] is the one in force.
#[derive(Debug, Clone, PartialEq)]
pub struct Framework {
    tree: Rc<Tree>,
    weights: Vec<f64>,
}

#[derive(Debug, PartialEq)]
struct Tree {
    elements: Vec<Element>,
    /// The position of each iCode in `elements`.
    index: BTreeMap<String, usize>,
    indicators: Vec<usize>,
    /// Aggregates by level, lowest level first.
    levels: Vec<(u32, Vec<usize>)>,
    /// The children of each element, by position.
    children: Vec<Vec<usize>>,
    /// The iMeta as given.
    table: Table,
}

const TYPES: &str = "Indicator, Aggregate, Group or Denominator";

impl Framework {
    /// Reads and checks an iMeta table.
    ///
    /// # Errors
    /// Missing columns, bad cells, duplicate iCodes, unknown Parents, cycles, levels that do
    /// not nest, aggregates without children and children whose weights add up to zero.
    ///
    /// # Example
    /// ```
    /// use innoscore::{Framework, Table};
    /// let t = Table::from_csv("iMeta", "Level,iCode,Direction,Weight,Parent,Type\n\
    ///     1,a,1,1,Index,Indicator\n1,b,-1,1,Index,Indicator\n2,Index,1,1,,Aggregate\n").unwrap();
    /// let f = Framework::from_table(t).unwrap();
    /// assert_eq!(f.indicators().count(), 2);
    /// ```
    pub fn from_table(table: Table) -> Result<Framework> {
        let col = |name: &str| -> Result<usize> {
            table.column_index(name).ok_or_else(|| {
                ErrorKind::MissingColumn { table: table.name().to_string(), column: name.to_string() }.into()
            })
        };
        let (c_code, c_type) = (col("iCode")?, col("Type")?);
        let opt = |name: &str| table.column_index(name);
        let mut elements: Vec<Element> = Vec::with_capacity(table.len());
        let mut index: BTreeMap<String, usize> = BTreeMap::new();
        for row in 0..table.len() {
            let Some(code) = table.code(row, c_code)? else {
                return Err(empty_cell(&table, row, "iCode"));
            };
            let type_text = table.cell(row, c_type).text();
            let kind = match type_text.as_str() {
                "Indicator" => ElementType::Indicator,
                "Aggregate" => ElementType::Aggregate,
                "Group" => ElementType::Group,
                "Denominator" => ElementType::Denominator,
                _ => return Err(invalid(&table, row, "Type", &type_text, &format!("use {TYPES}"))),
            };
            let scored = matches!(kind, ElementType::Indicator | ElementType::Aggregate);
            let text_of = |name: &str| opt(name).map(|c| table.cell(row, c).text()).unwrap_or_default();
            let number_of = |name: &str| -> Result<Option<f64>> {
                match opt(name) {
                    Some(c) => table.number(row, c),
                    None => Ok(None),
                }
            };
            let mut element = Element {
                code: code.clone(),
                name: text_of("iName"),
                kind,
                level: 0,
                direction: 1.0,
                weight: 1.0,
                unit: text_of("Unit"),
                target: number_of("Target")?,
                denominator: Some(text_of("Denominator")).filter(|d| !d.is_empty()),
                scale: number_of("Scale")?.unwrap_or(1.0),
                parent: Some(text_of("Parent")).filter(|p| !p.is_empty()),
                goalpost_lower: number_of("goalpost_lower")?,
                goalpost_upper: number_of("goalpost_upper")?,
            };
            if element.name.is_empty() {
                element.name = code.clone();
            }
            if scored {
                let level = required_number(&table, row, col("Level")?, "Level")?;
                if level < 1.0 || level.fract() != 0.0 || level > 32.0 {
                    return Err(invalid(&table, row, "Level", &text_of("Level"), "use a whole number from 1 to 32"));
                }
                element.level = level as u32;
                let want_level_one = kind == ElementType::Indicator;
                if want_level_one != (element.level == 1) {
                    let expected = if want_level_one { "indicators are at Level 1" } else { "aggregates are at Level 2 or above" };
                    return Err(invalid(&table, row, "Level", &text_of("Level"), expected));
                }
                let direction = required_number(&table, row, col("Direction")?, "Direction")?;
                if direction != 1.0 && direction != -1.0 {
                    return Err(invalid(&table, row, "Direction", &text_of("Direction"), "use 1 or -1"));
                }
                element.direction = direction;
                let weight = required_number(&table, row, col("Weight")?, "Weight")?;
                if weight < 0.0 {
                    return Err(invalid(&table, row, "Weight", &text_of("Weight"), "use a weight of zero or more"));
                }
                element.weight = weight;
                if element.scale == 0.0 {
                    return Err(invalid(&table, row, "Scale", "0", "use a factor other than zero"));
                }
            }
            match index.entry(code) {
                Entry::Occupied(taken) => {
                    return Err(ErrorKind::DuplicateCode { code: taken.key().clone(), row: table.place(row).to_string() }.into());
                }
                Entry::Vacant(free) => free.insert(elements.len()),
            };
            elements.push(element);
        }
        Framework::link(elements, index, table)
    }

    /// Checks the tree and records children and levels.
    fn link(elements: Vec<Element>, index: BTreeMap<String, usize>, table: Table) -> Result<Framework> {
        let scored = |e: &Element| matches!(e.kind, ElementType::Indicator | ElementType::Aggregate);
        // every Parent is known once the first loop has passed
        let pos = |code: &str| index.get(code).copied().unwrap_or(0);
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); elements.len()];
        for (i, e) in elements.iter().enumerate().filter(|(_, e)| scored(e)) {
            if let Some(p) = &e.parent {
                match index.get(p).copied() {
                    Some(j) if elements[j].kind == ElementType::Aggregate => children[j].push(i),
                    _ => return Err(ErrorKind::UnknownParent { code: e.code.clone(), parent: p.clone() }.into()),
                }
            }
        }
        // Cycles first: they would otherwise show up as a confusing level error. Each element
        // is walked through once: the walk up from an element stops at one already known to
        // lead to the top, and meeting one on the walk itself is a cycle.
        let (on_walk, to_top) = (1u8, 2u8);
        let mut state = vec![0u8; elements.len()];
        for start in (0..elements.len()).filter(|&i| scored(&elements[i])) {
            let mut walk = Vec::new();
            let mut at = Some(start);
            while let Some(i) = at.filter(|&i| state[i] != to_top) {
                if state[i] == on_walk {
                    let from = walk.iter().position(|&w| w == i).unwrap_or(0);
                    let path = walk[from..].iter().chain([&i]).map(|&w| elements[w].code.clone()).collect();
                    return Err(ErrorKind::Cycle { path }.into());
                }
                state[i] = on_walk;
                walk.push(i);
                at = elements[i].parent.as_deref().map(pos);
            }
            for i in walk {
                state[i] = to_top;
            }
        }
        let top = elements.iter().filter(|e| scored(e)).map(|e| e.level).max().unwrap_or(0);
        for e in elements.iter().filter(|e| scored(e)) {
            match &e.parent {
                Some(p) => {
                    let pl = elements[pos(p)].level;
                    if pl != e.level + 1 {
                        return Err(ErrorKind::LevelMismatch {
                            code: e.code.clone(),
                            level: e.level,
                            parent: p.clone(),
                            parent_level: pl,
                        }
                        .into());
                    }
                }
                None if e.level != top => {
                    return Err(ErrorKind::Orphan { code: e.code.clone(), level: e.level, top }.into());
                }
                None => {}
            }
        }
        let indicators: Vec<usize> = (0..elements.len()).filter(|&i| elements[i].kind == ElementType::Indicator).collect();
        if indicators.is_empty() {
            return Err(ErrorKind::NoIndicators.into());
        }
        // the aggregates of each level (at most 32), in iMeta order
        let mut by_level: Vec<Vec<usize>> = vec![Vec::new(); top as usize + 1];
        for (i, e) in elements.iter().enumerate().filter(|(_, e)| e.kind == ElementType::Aggregate) {
            by_level[e.level as usize].push(i);
        }
        let mut levels: Vec<(u32, Vec<usize>)> = Vec::with_capacity(by_level.len());
        for (level, at) in (2..=top).zip(by_level.into_iter().skip(2)) {
            for &i in &at {
                let code = &elements[i].code;
                let kids = &children[i];
                if kids.is_empty() {
                    return Err(ErrorKind::NoChildren { code: code.clone() }.into());
                }
                if kids.iter().map(|&k| elements[k].weight).sum::<f64>() <= 0.0 {
                    return Err(ErrorKind::ZeroWeights { parent: code.clone() }.into());
                }
            }
            levels.push((level, at));
        }
        let weights = elements.iter().map(|e| e.weight).collect();
        Ok(Framework { tree: Rc::new(Tree { elements, index, indicators, levels, children, table }), weights })
    }

    /// Every element, in iMeta order.
    pub fn elements(&self) -> &[Element] {
        &self.tree.elements
    }

    /// The element with this iCode.
    pub fn get(&self, code: &str) -> Option<&Element> {
        self.tree.index.get(code).copied().map(|i| &self.tree.elements[i])
    }

    /// The weight in force of the element with this iCode.
    pub fn weight(&self, code: &str) -> Option<f64> {
        self.tree.index.get(code).copied().map(|i| self.weights[i])
    }

    /// The indicators, in iMeta order.
    pub fn indicators(&self) -> impl Iterator<Item = &Element> {
        self.tree.indicators.iter().map(|&i| &self.tree.elements[i])
    }

    /// The aggregates of each level, lowest level first.
    pub fn aggregate_levels(&self) -> impl Iterator<Item = (u32, Vec<&Element>)> {
        self.tree.levels.iter().map(|(l, ids)| (*l, ids.iter().map(|&i| &self.tree.elements[i]).collect()))
    }

    /// The aggregates, lowest level first, each level in iMeta order.
    pub fn aggregates(&self) -> impl Iterator<Item = &Element> {
        self.tree.levels.iter().flat_map(|(_, ids)| ids.iter().map(|&i| &self.tree.elements[i]))
    }

    /// The children of an aggregate.
    pub fn children(&self, code: &str) -> impl Iterator<Item = &Element> {
        self.children_weighted(code).map(|(e, _)| e)
    }

    /// The children of an aggregate with their weights in force.
    pub fn children_weighted(&self, code: &str) -> impl Iterator<Item = (&Element, f64)> {
        let kids = self.tree.index.get(code).copied().map_or(&[][..], |i| &self.tree.children[i]);
        kids.iter().map(|&i| (&self.tree.elements[i], self.weights[i]))
    }

    /// The top aggregate (the index), whose score is ranked: the first aggregate of the top level.
    pub fn top(&self) -> Option<&Element> {
        self.tree.levels.last().and_then(|(_, ids)| ids.first()).map(|&i| &self.tree.elements[i])
    }

    /// The same framework with the weight of every element at a level multiplied by
    /// `factor(level)`, which is called once per such element. Factors must be positive, so the
    /// framework stays valid. The tree is shared, not copied.
    pub(crate) fn reweighted(&self, mut factor: impl FnMut(u32) -> Option<f64>) -> Framework {
        let mut weights = self.weights.clone();
        for (w, e) in weights.iter_mut().zip(&self.tree.elements) {
            if matches!(e.kind, ElementType::Indicator | ElementType::Aggregate)
                && let Some(f) = factor(e.level)
            {
                *w *= f;
            }
        }
        Framework { tree: Rc::clone(&self.tree), weights }
    }

    /// The same framework with the weight of element `code` set to `weight` (0 removes it from
    /// its parent's mean). The tree is shared, not copied.
    pub(crate) fn with_weight(&self, code: &str, weight: f64) -> Framework {
        let mut weights = self.weights.clone();
        if let Some(&i) = self.tree.index.get(code) {
            weights[i] = weight;
        }
        Framework { tree: Rc::clone(&self.tree), weights }
    }

    /// The iMeta as row objects, extra columns included.
    pub fn to_records(&self) -> Vec<Record> {
        self.tree.table.to_records()
    }
}

fn empty_cell(table: &Table, row: usize, column: &str) -> Error {
    ErrorKind::EmptyCell { table: table.name().into(), row: table.place(row).into(), column: column.into() }.into()
}

fn invalid(table: &Table, row: usize, column: &str, text: &str, expected: &str) -> Error {
    ErrorKind::InvalidValue {
        table: table.name().into(),
        row: table.place(row).into(),
        column: column.into(),
        text: text.into(),
        expected: expected.into(),
    }
    .into()
}

fn required_number(table: &Table, row: usize, col: usize, column: &str) -> Result<f64> {
    table.number(row, col)?.ok_or_else(|| empty_cell(table, row, column))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "Level,iCode,Direction,Weight,Parent,Type\n";

    fn build(rows: &str) -> Result<Framework> {
        Framework::from_table(Table::from_csv("iMeta", &format!("{HEAD}{rows}"))?)
    }

    #[test]
    fn a_two_level_tree() {
        let f = build("1,a,1,1,P,Indicator\n1,b,1,2,P,Indicator\n2,P,1,1,Index,Aggregate\n3,Index,1,1,,Aggregate\n,G_group,,,,Group\n").unwrap();
        assert_eq!(f.indicators().map(|e| e.code.as_str()).collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(f.top().map(|e| e.code.as_str()), Some("Index"));
        assert_eq!(f.children("P").count(), 2);
        assert_eq!(f.aggregate_levels().map(|(l, _)| l).collect::<Vec<_>>(), [2, 3]);
    }

    #[test]
    fn duplicate_codes_are_refused() {
        let e = build("1,a,1,1,I,Indicator\n1,a,1,1,I,Indicator\n2,I,1,1,,Aggregate\n").unwrap_err();
        assert_eq!(e.to_string(), "iMeta: line 3: iCode 'a' appears twice (each iCode once)");
    }

    #[test]
    fn an_unknown_parent_is_named() {
        let e = build("1,a,1,1,Pillar,Indicator\n2,I,1,1,,Aggregate\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "iMeta: 'a' has Parent 'Pillar', which is not an Aggregate in iMeta (add it or fix the Parent)"
        );
    }

    #[test]
    fn a_cycle_is_shown_as_a_path() {
        let e = build("1,a,1,1,P,Indicator\n2,P,1,1,Q,Aggregate\n3,Q,1,1,P,Aggregate\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "iMeta: the Parents form a cycle: P -> Q -> P (the tree must end at one top aggregate)"
        );
    }

    #[test]
    fn weights_summing_to_zero_in_a_group_are_refused() {
        let e = build("1,a,1,0,P,Indicator\n1,b,1,0,P,Indicator\n2,P,1,1,,Aggregate\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "iMeta: the weights of the children of 'P' add up to zero (give at least one a positive Weight)"
        );
    }

    #[test]
    fn bad_cells_name_row_and_column() {
        let e = build("1,a,2,1,P,Indicator\n2,P,1,1,,Aggregate\n").unwrap_err();
        assert_eq!(e.to_string(), "iMeta: line 2, column 'Direction': '2' is not allowed (use 1 or -1)");
        let e = build("1,a,1,heavy,P,Indicator\n2,P,1,1,,Aggregate\n").unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::NotANumber { column, .. } if column == "Weight"));
        let e = build("1,a,1,1,P,Indicatr\n").unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::InvalidValue { column, .. } if column == "Type"));
    }

    #[test]
    fn levels_must_nest() {
        let e = build("1,a,1,1,I,Indicator\n2,P,1,1,I,Aggregate\n4,I,1,1,,Aggregate\n").unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::LevelMismatch { .. }), "{e}");
        let e = build("1,a,1,1,P,Indicator\n2,P,1,1,,Aggregate\n3,I,1,1,,Aggregate\n").unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Orphan { .. } | ErrorKind::NoChildren { .. }), "{e}");
    }

    #[test]
    fn missing_type_column_is_named() {
        let t = Table::from_csv("iMeta", "iCode,Level\na,1\n").unwrap();
        assert_eq!(
            Framework::from_table(t).unwrap_err().to_string(),
            "iMeta: column 'Type' is missing (add it to the header row)"
        );
    }
}
