//! Unit data (COINr's iData) and the data sets the pipeline steps read and write.
//!
//! [`IData`] holds what describes each unit (uCode, uName, Time, groups, denominators) and its
//! raw indicator values. A [`Dataset`] is one cross-section: the rows of one year (or all rows
//! when there is no Time) by columns of values, `None` where a value is missing.

use std::collections::{HashMap, HashSet};

use crate::error::{ErrorKind, Result};
use crate::framework::{ElementType, Framework};
use crate::table::{Cell, Record, Table};

/// What identifies one row of iData.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// uCode.
    pub code: String,
    /// uName (the uCode when absent).
    pub name: String,
    /// Time, on panel data.
    pub time: Option<i64>,
}

/// One column of values.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The iCode.
    pub code: String,
    /// One value per row of the data set; `None` is missing.
    pub values: Vec<Option<f64>>,
}

/// One cross-section: the rows of one year (or of all units without Time) by columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// The year of every row, on panel data.
    pub time: Option<i64>,
    /// The rows, as positions in [`IData::units`].
    pub rows: Vec<usize>,
    /// The columns, indicators first, then any aggregates.
    pub columns: Vec<Column>,
}

impl Dataset {
    /// The column with this iCode.
    pub fn column(&self, code: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.code == code)
    }

    /// The column with this iCode, to change it.
    pub fn column_mut(&mut self, code: &str) -> Option<&mut Column> {
        self.columns.iter_mut().find(|c| c.code == code)
    }

    /// Position of the column with this iCode, tried first at `hint`: data sets keep the
    /// indicators in iMeta order, so the indicator's own position is almost always right.
    pub fn position(&self, code: &str, hint: usize) -> Option<usize> {
        match self.columns.get(hint) {
            Some(c) if c.code == code => Some(hint),
            _ => self.columns.iter().position(|c| c.code == code),
        }
    }

    /// Keeps only the rows for which `keep(position)` is true.
    pub fn retain_rows(&mut self, keep: &[bool]) {
        let mut k = keep.iter();
        self.rows.retain(|_| *k.next().unwrap_or(&true));
        for c in &mut self.columns {
            let mut k = keep.iter();
            c.values.retain(|_| *k.next().unwrap_or(&true));
        }
    }
}

/// Validated unit data.
#[derive(Debug, Clone, PartialEq)]
pub struct IData {
    units: Vec<Unit>,
    /// The values of each group column, by row.
    groups: HashMap<String, Vec<Option<String>>>,
    /// The values of each denominator, by row.
    denominators: HashMap<String, Vec<Option<f64>>>,
    raw: Vec<Dataset>,
    table: Table,
}

impl IData {
    /// Reads and checks an iData table against the framework.
    ///
    /// # Errors
    /// A missing uCode column, an empty uCode, a Time that is not a whole number, a repeated
    /// uCode (per Time), a missing indicator or denominator column, and any cell of those
    /// columns that is not a finite number.
    pub fn from_table(table: Table, framework: &Framework) -> Result<IData> {
        let name = table.name().to_string();
        let c_code = table
            .column_index("uCode")
            .ok_or_else(|| ErrorKind::MissingColumn { table: name.clone(), column: "uCode".into() })?;
        let c_name = table.column_index("uName");
        let c_time = table.column_index("Time");
        let mut units = Vec::with_capacity(table.len());
        let mut seen: HashSet<(String, Option<i64>)> = HashSet::with_capacity(table.len());
        for row in 0..table.len() {
            let Some(code) = table.code(row, c_code)? else {
                return Err(ErrorKind::EmptyCell { table: name, row: table.place(row).into(), column: "uCode".into() }.into());
            };
            let time = match c_time {
                None => None,
                Some(c) => {
                    let t = table.number(row, c)?.ok_or_else(|| ErrorKind::EmptyCell {
                        table: name.clone(),
                        row: table.place(row).into(),
                        column: "Time".into(),
                    })?;
                    if t.fract() != 0.0 || t.abs() > 1e9 {
                        return Err(ErrorKind::InvalidValue {
                            table: name,
                            row: table.place(row).into(),
                            column: "Time".into(),
                            text: table.cell(row, c).text(),
                            expected: "use a whole year such as 2023".into(),
                        }
                        .into());
                    }
                    Some(t as i64)
                }
            };
            if !seen.insert((code.clone(), time)) {
                return Err(ErrorKind::DuplicateUnit { code, time, row: table.place(row).into() }.into());
            }
            let uname = c_name.map(|c| table.cell(row, c).text()).filter(|n| !n.is_empty());
            units.push(Unit { name: uname.unwrap_or_else(|| code.clone()), code, time });
        }

        // the indicators' columns, then each denominator's once, read in one pass over the rows
        let mut columns = Vec::new();
        for ind in framework.indicators() {
            let c = table.column_index(&ind.code).ok_or_else(|| ErrorKind::MissingIndicator { code: ind.code.clone() })?;
            columns.push(c);
        }
        let mut denominator_names: Vec<&str> = Vec::new();
        for ind in framework.indicators() {
            let Some(d) = ind.denominator.as_deref() else { continue };
            if denominator_names.contains(&d) {
                continue;
            }
            let c = table
                .column_index(d)
                .ok_or_else(|| ErrorKind::MissingDenominator { indicator: ind.code.clone(), denominator: d.to_string() })?;
            denominator_names.push(d);
            columns.push(c);
        }
        let mut numbers = table.number_columns(&columns)?.into_iter();
        let indicator_columns: Vec<Column> =
            framework.indicators().zip(numbers.by_ref()).map(|(ind, values)| Column { code: ind.code.clone(), values }).collect();
        let denominators: HashMap<String, Vec<Option<f64>>> = denominator_names.into_iter().map(String::from).zip(numbers).collect();
        let mut groups = HashMap::new();
        for (c, column) in table.columns().iter().enumerate() {
            let declared = framework.get(column).is_some_and(|e| e.kind == ElementType::Group);
            if column.ends_with("_group") || declared {
                let values = (0..table.len()).map(|r| Some(table.cell(r, c).text()).filter(|s| !s.is_empty())).collect();
                groups.insert(column.clone(), values);
            }
        }

        // one cross-section per year, in ascending order, rows in iData order
        let mut times: Vec<Option<i64>> = units.iter().map(|u| u.time).collect();
        times.sort();
        times.dedup();
        let mut rows_of: Vec<Vec<usize>> = vec![Vec::new(); times.len()];
        for (r, unit) in units.iter().enumerate() {
            if let Ok(k) = times.binary_search(&unit.time) {
                rows_of[k].push(r);
            }
        }
        let raw = times
            .into_iter()
            .zip(rows_of)
            .map(|(time, rows)| {
                let columns = indicator_columns
                    .iter()
                    .map(|c| Column { code: c.code.clone(), values: rows.iter().map(|&r| c.values[r]).collect() })
                    .collect();
                Dataset { time, rows, columns }
            })
            .collect();
        Ok(IData { units, groups, denominators, raw, table })
    }

    /// Every row of iData.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// True when the data has a Time column.
    pub fn is_panel(&self) -> bool {
        self.units.first().is_some_and(|u| u.time.is_some())
    }

    /// The raw indicator values, one data set per year (one in all without Time).
    pub fn raw(&self) -> &[Dataset] {
        &self.raw
    }

    /// The values of a group column, by row of iData.
    pub fn group(&self, column: &str) -> Option<&[Option<String>]> {
        self.groups.get(column).map(Vec::as_slice)
    }

    /// The values of a denominator column, by row of iData.
    pub fn denominator(&self, column: &str) -> Option<&[Option<f64>]> {
        self.denominators.get(column).map(Vec::as_slice)
    }

    /// The iData as row objects, extra columns included.
    pub fn to_records(&self) -> Vec<Record> {
        self.table.to_records()
    }

    /// A panel of data sets as row objects: uCode, Time (on panel data), then the columns.
    pub fn records_of(&self, panel: &[Dataset]) -> Vec<Record> {
        let mut out = Vec::new();
        for d in panel {
            for (pos, &r) in d.rows.iter().enumerate() {
                let unit = &self.units[r];
                let mut rec = Record::default();
                rec.insert("uCode", Cell::Text(unit.code.clone()));
                if let Some(t) = unit.time {
                    rec.insert("Time", Cell::Number(t as f64));
                }
                for c in &d.columns {
                    rec.insert(c.code.clone(), c.values[pos].map_or(Cell::Empty, Cell::Number));
                }
                out.push(rec);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framework() -> Framework {
        let t = Table::from_csv(
            "iMeta",
            "Level,iCode,Direction,Weight,Parent,Type,Denominator\n1,x,1,1,I,Indicator,Pop\n1,y,1,1,I,Indicator,\n2,I,1,1,,Aggregate,\n",
        )
        .unwrap();
        Framework::from_table(t).unwrap()
    }

    fn idata(csv: &str) -> Result<IData> {
        IData::from_table(Table::from_csv("iData", csv)?, &framework())
    }

    #[test]
    fn panel_rows_are_split_by_year() {
        let d = idata("uCode,Time,Pop,x,y,R_group\nA,2021,1,1,2,e\nB,2021,2,3,,w\nA,2020,1,5,6,e\n").unwrap();
        assert!(d.is_panel());
        let years: Vec<_> = d.raw().iter().map(|s| s.time).collect();
        assert_eq!(years, [Some(2020), Some(2021)]);
        assert_eq!(d.raw()[1].column("y").unwrap().values, [Some(2.0), None]);
        assert_eq!(d.group("R_group").unwrap()[1].as_deref(), Some("w"));
        assert_eq!(d.units()[0].name, "A");
    }

    #[test]
    fn a_repeated_unit_is_refused() {
        let e = idata("uCode,Pop,x,y\nA,1,1,1\nA,1,2,2\n").unwrap_err();
        assert_eq!(e.to_string(), "iData: line 3: unit 'A' appears twice (each uCode once)");
        let e = idata("uCode,Time,Pop,x,y\nA,2020,1,1,1\nA,2020,1,2,2\n").unwrap_err();
        assert_eq!(e.to_string(), "iData: line 3: unit 'A' appears twice for 2020 (each uCode once per Time)");
    }

    #[test]
    fn missing_columns_are_named() {
        let e = idata("uCode,Pop,x\nA,1,1\n").unwrap_err();
        assert_eq!(e.to_string(), "iData: indicator 'y' has no column (add a column named 'y')");
        let e = idata("uCode,x,y\nA,1,1\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "iData: indicator 'x' is divided by 'Pop', but iData has no column 'Pop'"
        );
    }

    #[test]
    fn a_bad_cell_is_named_by_line_and_column() {
        let e = idata("uCode,Pop,x,y\nA,1,1,1\nB,1,1O,1\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "iData: line 3, column 'x': '1O' is not a number (use digits and a decimal point, or leave the cell empty if the value is missing)"
        );
    }
}
