//! Bulk import of users from CSV: parsed and checked here as a whole (a malformed file
//! changes nothing), then applied row by row through the one change path, channel `import`.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::domain::{locale, Catalog, Role};

const COLUMNS: [&str; 6] = [
    "email",
    "first_name",
    "last_name",
    "locale",
    "role",
    "products",
];
const MAX_ROWS: usize = 10_000;

/// One user to create or update; `None` leaves a field as it is (or defaults on create).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    /// 1-based line in the file (the header is line 1).
    pub line: usize,
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub locale: Option<String>,
    pub role: Option<Role>,
    pub products: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineError {
    pub line: usize,
    pub message: String,
}

/// Parses a CSV file with a header row naming some of: email (required), first_name,
/// last_name, locale, role, products (keys separated by `;`, `|` or spaces; empty = none).
/// A spreadsheet reads a cell starting with one of these as a formula: an exported name
/// such as `=HYPERLINK(...)` would run in the admin's spreadsheet (CSV injection).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as exported: one a spreadsheet would take for a formula gets a leading `'`,
/// which spreadsheets show as text and `parse_csv` takes off again.
pub fn guard_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The cell as it was before `guard_formula` (a name like `'t Hooft` stays as it is).
pub fn unguard_formula(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

pub fn parse_csv(text: &str, catalog: &Catalog) -> Result<Vec<ImportRow>, Vec<LineError>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let err = |line: usize, message: String| vec![LineError { line, message }];
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').to_ascii_lowercase())
            .collect(),
        Err(e) => return Err(err(1, format!("unreadable header: {e}"))),
    };
    // `status` is derived, never set: an export's status column imports as read and ignored.
    if let Some(unknown) = headers
        .iter()
        .find(|h| !COLUMNS.contains(&h.as_str()) && h.as_str() != "status")
    {
        return Err(err(
            1,
            format!(
                "unknown column '{unknown}' (expected {})",
                COLUMNS.join(", ")
            ),
        ));
    }
    let col = |name: &str| headers.iter().position(|h| h == name);
    let Some(email_col) = col("email") else {
        return Err(err(1, "the header has no 'email' column".into()));
    };
    let (first, last, loc, role, products) = (
        col("first_name"),
        col("last_name"),
        col("locale"),
        col("role"),
        col("products"),
    );

    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        if rows.len() + errors.len() >= MAX_ROWS {
            errors.push(LineError {
                line,
                message: format!("more than {MAX_ROWS} rows; split the file"),
            });
            break;
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(LineError {
                    line,
                    message: format!("malformed row: {e}"),
                });
                continue;
            }
        };
        let cell = |c: Option<usize>| {
            c.and_then(|c| record.get(c))
                .map(|v| unguard_formula(v).to_string())
        };
        let mut problems = Vec::new();
        let email = cell(Some(email_col)).unwrap_or_default();
        if email.is_empty() {
            problems.push("email is empty".to_string());
        } else if !seen.insert(email.to_lowercase()) {
            problems.push(format!("'{email}' appears twice in the file"));
        }
        let locale = cell(loc).filter(|l| !l.is_empty());
        if let Some(l) = &locale {
            if let Err(e) = locale::parse(l) {
                problems.push(e.to_string());
            }
        }
        let role = match cell(role)
            .filter(|r| !r.is_empty())
            .map(|r| r.parse::<Role>())
        {
            Some(Ok(r)) => Some(r),
            Some(Err(e)) => {
                problems.push(e.to_string());
                None
            }
            None => None,
        };
        let products = cell(products).map(|p| {
            p.split(|c: char| c == ';' || c == '|' || c.is_whitespace())
                .filter(|k| !k.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        });
        if let Some(p) = &products {
            if let Err(e) = catalog.parse_keys(p) {
                problems.push(e.to_string());
            }
        }
        if problems.is_empty() {
            rows.push(ImportRow {
                line,
                email,
                first_name: cell(first),
                last_name: cell(last),
                locale,
                role,
                products,
            });
        } else {
            errors.push(LineError {
                line,
                message: problems.join("; "),
            });
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod formula_tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_are_exported_as_text_and_import_back() {
        for v in [
            "=HYPERLINK(\"x\")",
            "+1",
            "-Smith",
            "@SUM(A1)",
            "'t Hooft",
            "Zoë",
            "",
        ] {
            let out = guard_formula(v);
            assert!(!out.starts_with(FORMULA_STARTS), "{v} -> {out}");
            assert_eq!(unguard_formula(&out), v);
        }
        assert_eq!(guard_formula("'t Hooft"), "'t Hooft");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rows_with_optional_columns() {
        let c = Catalog::default_suite();
        let rows = parse_csv(
            "email,role,products\nada@x.test,manager,meeting;webinar\nbob@x.test,,\n",
            &c,
        )
        .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].role, Some(Role::Manager));
        assert_eq!(
            rows[0].products,
            Some(vec!["meeting".into(), "webinar".into()])
        );
        assert_eq!(rows[0].first_name, None);
        assert_eq!(rows[1].role, None);
        assert_eq!(rows[1].products, Some(vec![]));
        assert_eq!(rows[1].line, 3);
    }

    #[test]
    fn reports_every_bad_line_and_accepts_nothing() {
        let c = Catalog::default_suite();
        let errors = parse_csv(
            "email,locale,role,products\na@x.test,sv,owner,metting\n,en,member,\na@x.test,en,,\n",
            &c,
        )
        .unwrap_err();
        assert_eq!(errors.len(), 3);
        assert_eq!(errors[0].line, 2);
        assert!(
            errors[0].message.contains("'sv'")
                && errors[0].message.contains("owner")
                && errors[0].message.contains("metting")
        );
        assert_eq!(errors[1].line, 3);
        assert!(
            errors[2].message.contains("appears twice"),
            "{:?}",
            errors[2]
        );
        assert!(parse_csv("mail,role\nx,member\n", &c).unwrap_err()[0]
            .message
            .contains("unknown column 'mail'"));
        assert!(
            parse_csv("email,role\nx@y.test\n", &c).is_err(),
            "a short row is malformed"
        );
    }
}
