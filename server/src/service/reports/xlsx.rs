//! Tables to an XLSX workbook (rust_xlsxwriter): one sheet per table, a
//! bold header row frozen at the top, numbers written as numbers (rates as
//! fractions shown in per cent), columns wide enough for Chinese text.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// One cell: text, a plain number, a rate (0–1, shown as per cent) or nothing.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Rate(f64),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub fn count(n: impl Into<u64>) -> Cell {
        Cell::Number(n.into() as f64)
    }

    pub fn rate(v: Option<f64>) -> Cell {
        v.map(Cell::Rate).unwrap_or(Cell::Empty)
    }

    pub fn number(v: Option<f64>) -> Cell {
        v.map(Cell::Number).unwrap_or(Cell::Empty)
    }

    /// How many columns of width the cell's text needs (a CJK character two).
    fn width(&self) -> usize {
        match self {
            Cell::Text(s) => s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum(),
            Cell::Number(_) | Cell::Rate(_) => 10,
            Cell::Empty => 0,
        }
    }
}

/// A sheet: its name (≤ 31 characters), its header and its rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn new(name: &str, header: &[&str]) -> Table {
        Table { name: name.into(), header: header.iter().map(|h| h.to_string()).collect(), rows: Vec::new() }
    }

    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }
}

/// The widest a column grows, in characters; longer texts wrap.
const MAX_WIDTH: usize = 60;

/// The workbook of `tables`, in order.
pub fn workbook(tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0.0%");
    let wrap = Format::new().set_text_wrap();
    for table in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(&table.name)?;
        let mut widths: Vec<usize> = table.header.iter().map(|h| Cell::Text(h.clone()).width()).collect();
        for (col, h) in table.header.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, h, &bold)?;
        }
        for (r, cells) in table.rows.iter().enumerate() {
            let row = r as u32 + 1;
            for (c, cell) in cells.iter().enumerate() {
                let col = c as u16;
                match cell {
                    Cell::Text(s) if Cell::Text(s.clone()).width() > MAX_WIDTH => sheet.write_string_with_format(row, col, s, &wrap)?,
                    Cell::Text(s) => sheet.write_string(row, col, s)?,
                    Cell::Number(n) => sheet.write_number(row, col, *n)?,
                    Cell::Rate(v) => sheet.write_number_with_format(row, col, *v, &percent)?,
                    Cell::Empty => sheet,
                };
                if widths.len() <= c {
                    widths.resize(c + 1, 0);
                }
                widths[c] = widths[c].max(cell.width());
            }
        }
        for (c, w) in widths.iter().enumerate() {
            sheet.set_column_width(c as u16, (*w).clamp(6, MAX_WIDTH) as f64 + 2.0)?;
        }
        sheet.set_freeze_panes(1, 0)?;
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};

    #[test]
    fn tables_come_back_as_sheets_with_numbers_as_numbers() {
        let mut t = Table::new("指标", &["指标", "分子", "本月"]);
        t.row(vec![Cell::text("响应率"), Cell::count(3u64), Cell::rate(Some(0.75))]);
        t.row(vec![Cell::text("满意度"), Cell::Empty, Cell::number(Some(87.5))]);
        let long = "很长的说明".repeat(20);
        let mut notes = Table::new("简报", &["标题", "内容"]);
        notes.row(vec![Cell::text("工作简报"), Cell::text(long.clone())]);
        let bytes = workbook(&[t, notes]).unwrap();
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), vec!["指标".to_string(), "简报".to_string()]);
        let range = book.worksheet_range("指标").unwrap();
        let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
        assert_eq!(rows[0], vec![Data::String("指标".into()), Data::String("分子".into()), Data::String("本月".into())]);
        assert_eq!(rows[1], vec![Data::String("响应率".into()), Data::Float(3.0), Data::Float(0.75)]);
        assert_eq!(rows[2], vec![Data::String("满意度".into()), Data::Empty, Data::Float(87.5)]);
        let notes = book.worksheet_range("简报").unwrap();
        assert_eq!(notes.get_value((1, 1)), Some(&Data::String(long)));
    }

    #[test]
    fn a_bad_sheet_name_is_an_error_not_a_panic() {
        assert!(workbook(&[Table::new("a/b", &["x"])]).is_err());
    }
}
