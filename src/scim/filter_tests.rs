use proptest::prelude::*;
use serde_json::json;

use super::*;

fn p(name: &str, sub: Option<&str>) -> AttrPath {
    AttrPath {
        urn: None,
        name: name.into(),
        sub: sub.map(str::to_string),
    }
}

#[test]
fn parses_every_operator() {
    for op in ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "EQ"] {
        let f = parse(&format!("userName {op} \"a\"")).unwrap();
        assert!(matches!(f, Filter::Compare(_, _, Literal::Str(_))), "{op}");
    }
    assert_eq!(
        parse("title pr").unwrap(),
        Filter::Present(p("title", None))
    );
}

#[test]
fn and_binds_tighter_than_or_and_parentheses_win() {
    let f = parse("a eq 1 or b eq 2 and c eq 3").unwrap();
    assert!(matches!(f, Filter::Or(_, ref r) if matches!(**r, Filter::And(..))));
    let f = parse("(a eq 1 or b eq 2) and not (c eq 3)").unwrap();
    assert!(matches!(f, Filter::And(ref l, ref r)
        if matches!(**l, Filter::Or(..)) && matches!(**r, Filter::Not(..))));
}

#[test]
fn reads_urns_subattributes_and_value_paths() {
    let f =
        parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"7\"")
            .unwrap();
    let Filter::Compare(path, CompareOp::Eq, _) = f else {
        panic!()
    };
    assert_eq!(
        path.urn.as_deref(),
        Some("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
    );
    assert_eq!(path.key(), "employeenumber");
    let f = parse("emails[type eq \"work\"].value eq \"a@b.c\"").unwrap();
    assert!(matches!(f, Filter::ValuePath(_, ref inner) if matches!(**inner, Filter::And(..))));
    let f = parse("emails[type eq \"work\" and value co \"@x\"]").unwrap();
    assert!(matches!(f, Filter::ValuePath(ref a, _) if a.name == "emails"));
    assert_eq!(
        parse("name.givenName sw \"J\"").unwrap(),
        Filter::Compare(
            p("name", Some("givenName")),
            CompareOp::Sw,
            Literal::Str("J".into())
        )
    );
}

#[test]
fn refuses_malformed_filters() {
    for bad in [
        "",
        "userName",
        "userName eq",
        "userName xx \"a\"",
        "userName eq \"a",
        "(userName eq \"a\"",
        "userName eq \"a\")",
        "userName eq \"a\" and",
        "not userName eq \"a\"",
        "userName eq bare",
        "1abc eq \"a\"",
        "a.b.c eq \"x\"",
        "emails[type eq \"work\"",
    ] {
        assert!(parse(bad).is_err(), "{bad:?} accepted");
    }
}

#[test]
fn nesting_is_bounded() {
    let deep = format!("{}a eq 1{}", "(".repeat(40), ")".repeat(40));
    assert!(parse(&deep).unwrap_err().0.contains("deeper"));
    let ok = format!("{}a eq 1{}", "(".repeat(10), ")".repeat(10));
    assert!(parse(&ok).is_ok());
}

#[test]
fn value_filters_match_json_case_insensitively() {
    let f = parse("type eq \"work\"").unwrap();
    assert!(matches(&f, &json!({"type": "Work", "value": "a@b.c"})));
    assert!(!matches(&f, &json!({"type": "home"})));
    let f = parse("primary eq true").unwrap();
    assert!(matches(&f, &json!({"primary": "True"})));
    assert!(matches(&f, &json!({"primary": true})));
    let f = parse("value eq \"meeting\"").unwrap();
    assert!(matches(&f, &json!({"value": "meeting"})));
    assert!(!matches(&f, &json!({"value": "rescue"})));
}

proptest! {
    #[test]
    fn never_panics(s in "\\PC{0,80}") {
        let _ = parse(&s);
    }

    #[test]
    fn strings_round_trip(v in "[a-zA-Z0-9@. _%-]{0,20}") {
        let f = parse(&format!("userName eq \"{v}\"")).unwrap();
        prop_assert_eq!(f, Filter::Compare(p("userName", None), CompareOp::Eq, Literal::Str(v)));
    }
}
