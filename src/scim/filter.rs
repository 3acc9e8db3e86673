//! SCIM filter expressions (RFC 7644 §3.4.2.2), parsed into a tree; pure, no I/O.
//!
//! `query` reads the tree into the domain's user query over an allowlist of attributes
//! (the store compiles that to SQL); PATCH value paths
//! (`emails[type eq "work"]`) evaluate it against JSON in memory. Nesting is bounded so
//! that a hostile filter cannot exhaust the stack.

use crate::domain::fold::fold;
use serde_json::Value;

/// Deepest nesting of parentheses / `not` accepted.
pub const MAX_DEPTH: usize = 16;
/// Longest filter accepted, in bytes.
pub const MAX_LEN: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    Eq,
    Ne,
    Co,
    Sw,
    Ew,
    Gt,
    Ge,
    Lt,
    Le,
}

impl CompareOp {
    fn parse(word: &str) -> Option<CompareOp> {
        Some(match word.to_ascii_lowercase().as_str() {
            "eq" => CompareOp::Eq,
            "ne" => CompareOp::Ne,
            "co" => CompareOp::Co,
            "sw" => CompareOp::Sw,
            "ew" => CompareOp::Ew,
            "gt" => CompareOp::Gt,
            "ge" => CompareOp::Ge,
            "lt" => CompareOp::Lt,
            "le" => CompareOp::Le,
            _ => return None,
        })
    }
}

/// A comparison value: JSON's string, number, boolean or null.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
}

/// `attr`, `attr.sub` or `urn:...:attr[.sub]`, names as written (compared case-insensitively).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttrPath {
    pub urn: Option<String>,
    pub name: String,
    pub sub: Option<String>,
}

impl AttrPath {
    /// `name.sub` in lower case, without the schema URN: the key the allowlists use.
    pub fn key(&self) -> String {
        match &self.sub {
            Some(s) => format!("{}.{}", self.name, s).to_ascii_lowercase(),
            None => self.name.to_ascii_lowercase(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    Compare(AttrPath, CompareOp, Literal),
    Present(AttrPath),
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
    /// `emails[type eq "work"]`: some value of a multi-valued attribute matches.
    ValuePath(AttrPath, Box<Filter>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError(pub String);

impl std::fmt::Display for FilterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Str(String),
    LParen,
    RParen,
    LBracket,
    RBracket,
}

fn tokenize(input: &str) -> Result<Vec<Token>, FilterError> {
    let mut out = Vec::new();
    let mut chars = input.char_indices().peekable();
    while let Some(&(_, c)) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' | '[' | ']' => {
                chars.next();
                out.push(match c {
                    '(' => Token::LParen,
                    ')' => Token::RParen,
                    '[' => Token::LBracket,
                    _ => Token::RBracket,
                });
            }
            '"' => {
                chars.next();
                let mut s = String::new();
                let mut closed = false;
                while let Some((_, c)) = chars.next() {
                    match c {
                        '"' => {
                            closed = true;
                            break;
                        }
                        '\\' => match chars.next() {
                            Some((_, 'n')) => s.push('\n'),
                            Some((_, 't')) => s.push('\t'),
                            Some((_, e)) => s.push(e),
                            None => break,
                        },
                        c => s.push(c),
                    }
                }
                if !closed {
                    return Err(FilterError("unterminated string".into()));
                }
                out.push(Token::Str(s));
            }
            _ => {
                let mut w = String::new();
                while let Some(&(_, c)) = chars.peek() {
                    if c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | '"') {
                        break;
                    }
                    w.push(c);
                    chars.next();
                }
                out.push(Token::Word(w));
            }
        }
    }
    Ok(out)
}

/// Parses `userName`, `name.givenName`, `urn:...:User:employeeNumber`, `manager.value`.
pub fn parse_attr_path(word: &str) -> Result<AttrPath, FilterError> {
    let bad = || FilterError(format!("'{word}' is not an attribute path"));
    let (urn, rest) = if word.to_ascii_lowercase().starts_with("urn:") {
        let idx = word.rfind(':').ok_or_else(bad)?;
        (Some(word[..idx].to_string()), &word[idx + 1..])
    } else {
        (None, word)
    };
    let (name, sub) = match rest.split_once('.') {
        Some((n, s)) => (n, Some(s)),
        None => (rest, None),
    };
    let ok = |s: &str| {
        !s.is_empty()
            && s.chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '$')
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$')
    };
    if !ok(name) || sub.is_some_and(|s| !ok(s)) {
        return Err(bad());
    }
    Ok(AttrPath {
        urn,
        name: name.to_string(),
        sub: sub.map(str::to_string),
    })
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn peek_word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Token::Word(x)) if x.eq_ignore_ascii_case(w))
    }

    fn or(&mut self, depth: usize) -> Result<Filter, FilterError> {
        if depth > MAX_DEPTH {
            return Err(FilterError(format!(
                "the filter nests deeper than {MAX_DEPTH} levels"
            )));
        }
        let mut left = self.and(depth)?;
        while self.peek_word("or") {
            self.pos += 1;
            let right = self.and(depth)?;
            left = Filter::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self, depth: usize) -> Result<Filter, FilterError> {
        let mut left = self.unary(depth)?;
        while self.peek_word("and") {
            self.pos += 1;
            let right = self.unary(depth)?;
            left = Filter::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self, depth: usize) -> Result<Filter, FilterError> {
        if self.peek_word("not") {
            self.pos += 1;
            self.expect(Token::LParen, "'(' after not")?;
            let inner = self.or(depth + 1)?;
            self.expect(Token::RParen, "')'")?;
            return Ok(Filter::Not(Box::new(inner)));
        }
        match self.next() {
            Some(Token::LParen) => {
                let inner = self.or(depth + 1)?;
                self.expect(Token::RParen, "')'")?;
                Ok(inner)
            }
            Some(Token::Word(w)) => {
                let path = parse_attr_path(&w)?;
                if self.peek() == Some(&Token::LBracket) {
                    self.pos += 1;
                    if path.sub.is_some() {
                        return Err(FilterError(format!("'{w}[' is not a value path")));
                    }
                    let inner = self.or(depth + 1)?;
                    self.expect(Token::RBracket, "']'")?;
                    // `emails[type eq "work"].value eq "x"` (Entra's matching attribute):
                    // the same as `emails[type eq "work" and value eq "x"]`.
                    if let Some(Token::Word(w)) = self.peek() {
                        if let Some(sub) = w.strip_prefix('.') {
                            let sub = parse_attr_path(sub)?;
                            self.pos += 1;
                            let tail = self.comparison(sub)?;
                            let both = Filter::And(Box::new(inner), Box::new(tail));
                            return Ok(Filter::ValuePath(path, Box::new(both)));
                        }
                    }
                    return Ok(Filter::ValuePath(path, Box::new(inner)));
                }
                self.comparison(path)
            }
            Some(t) => Err(FilterError(format!("unexpected {t:?}"))),
            None => Err(FilterError("the filter ends too early".into())),
        }
    }

    fn comparison(&mut self, path: AttrPath) -> Result<Filter, FilterError> {
        let op = match self.next() {
            Some(Token::Word(w)) if w.eq_ignore_ascii_case("pr") => {
                return Ok(Filter::Present(path))
            }
            Some(Token::Word(w)) => CompareOp::parse(&w)
                .ok_or_else(|| FilterError(format!("unknown operator '{w}'")))?,
            _ => {
                return Err(FilterError(
                    "expected an operator after the attribute".into(),
                ))
            }
        };
        let value = match self.next() {
            Some(Token::Str(s)) => Literal::Str(s),
            Some(Token::Word(w)) => match w.as_str() {
                "true" => Literal::Bool(true),
                "false" => Literal::Bool(false),
                "null" => Literal::Null,
                n => Literal::Num(
                    n.parse::<f64>()
                        .ok()
                        .filter(|f| f.is_finite())
                        .ok_or_else(|| FilterError(format!("'{n}' is not a value")))?,
                ),
            },
            _ => return Err(FilterError("expected a value after the operator".into())),
        };
        Ok(Filter::Compare(path, op, value))
    }

    fn expect(&mut self, t: Token, what: &str) -> Result<(), FilterError> {
        if self.next() == Some(t) {
            Ok(())
        } else {
            Err(FilterError(format!("expected {what}")))
        }
    }
}

/// Parses a whole filter; anything malformed is an error, never a wider filter.
pub fn parse(input: &str) -> Result<Filter, FilterError> {
    if input.len() > MAX_LEN {
        return Err(FilterError(format!(
            "the filter is longer than {MAX_LEN} bytes"
        )));
    }
    let tokens = tokenize(input)?;
    let mut p = Parser { tokens, pos: 0 };
    let f = p.or(0)?;
    if p.pos != p.tokens.len() {
        return Err(FilterError("unexpected text after the filter".into()));
    }
    Ok(f)
}

/// Parses what may stand inside `[...]` of a PATCH path.
pub fn parse_value_filter(input: &str) -> Result<Filter, FilterError> {
    parse(input)
}

fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(fold(s)),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Whether one JSON object (a value of a multi-valued attribute) matches; strings compare
/// case-insensitively, and string booleans ("True") as booleans, as Entra sends them.
pub fn matches(f: &Filter, obj: &Value) -> bool {
    match f {
        Filter::And(a, b) => matches(a, obj) && matches(b, obj),
        Filter::Or(a, b) => matches(a, obj) || matches(b, obj),
        Filter::Not(a) => !matches(a, obj),
        Filter::ValuePath(..) => false,
        Filter::Present(p) => field(obj, p).is_some_and(|v| !v.is_null()),
        Filter::Compare(p, op, lit) => {
            let Some(v) = field(obj, p) else {
                return *op == CompareOp::Ne;
            };
            let (Some(have), want) = (text_of(v), literal_text(lit)) else {
                return false;
            };
            let want = fold(&want);
            match op {
                CompareOp::Eq => have == want,
                CompareOp::Ne => have != want,
                CompareOp::Co => have.contains(&want),
                CompareOp::Sw => have.starts_with(&want),
                CompareOp::Ew => have.ends_with(&want),
                CompareOp::Gt => have > want,
                CompareOp::Ge => have >= want,
                CompareOp::Lt => have < want,
                CompareOp::Le => have <= want,
            }
        }
    }
}

fn literal_text(l: &Literal) -> String {
    match l {
        Literal::Str(s) => s.clone(),
        Literal::Num(n) => n.to_string(),
        Literal::Bool(b) => b.to_string(),
        Literal::Null => String::new(),
    }
}

fn field<'a>(obj: &'a Value, p: &AttrPath) -> Option<&'a Value> {
    let map = obj.as_object()?;
    let get = |m: &'a serde_json::Map<String, Value>, k: &str| {
        m.iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(k))
            .map(|(_, v)| v)
    };
    let v = get(map, &p.name)?;
    match &p.sub {
        Some(s) => get(v.as_object()?, s),
        None => Some(v),
    }
}

#[cfg(test)]
#[path = "filter_tests.rs"]
mod tests;
