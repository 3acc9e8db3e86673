//! Reading the `.eml` files of the file transport.

use std::path::Path;

#[derive(Debug, Clone)]
pub struct Mail {
    pub file: String,
    pub raw: String,
}

impl Mail {
    /// The first value of a header (unfolded), if present.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.raw.split("\r\n\r\n").next().unwrap_or("");
        let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
        unfolded.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }

    pub fn to(&self) -> String {
        self.header("To").unwrap_or_default()
    }

    pub fn template(&self) -> String {
        self.header("X-Roster-Template").unwrap_or_default()
    }

    pub fn product(&self) -> Option<String> {
        self.header("X-Roster-Product")
    }

    /// The decoded bodies of every part (text, then HTML), whatever their transfer
    /// encoding (7bit, quoted-printable, base64).
    pub fn body(&self) -> String {
        let mut out = String::new();
        for part in self.raw.split("\r\n--") {
            let Some((head, body)) = part.split_once("\r\n\r\n") else {
                continue;
            };
            let head = head.to_ascii_lowercase();
            if !head.contains("content-type: text/") {
                continue;
            }
            let bytes = if head.contains("content-transfer-encoding: base64") {
                base64_decode(body)
            } else if head.contains("content-transfer-encoding: quoted-printable") {
                qp_body_decode(body)
            } else {
                body.as_bytes().to_vec()
            };
            out.push_str(&String::from_utf8_lossy(&bytes));
            out.push('\n');
        }
        out
    }

    /// The decoded Subject (RFC 2047 encoded words, UTF-8, B or Q).
    pub fn subject(&self) -> String {
        decode_words(&self.header("Subject").unwrap_or_default())
    }
}

pub fn read_dir(dir: &Path) -> Vec<Mail> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return vec![];
    };
    let mut mails: Vec<Mail> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".eml"))
        .map(|e| Mail {
            file: e.file_name().to_string_lossy().into_owned(),
            raw: std::fs::read_to_string(e.path()).unwrap_or_default(),
        })
        .collect();
    mails.sort_by(|a, b| a.file.cmp(&b.file));
    mails
}

fn decode_words(s: &str) -> String {
    // RFC 2047: space between two encoded words is dropped, any other space is kept.
    let mut out = String::new();
    let mut prev_encoded = false;
    for (i, word) in s.split_whitespace().enumerate() {
        let decoded = word
            .strip_prefix("=?")
            .and_then(|w| w.strip_suffix("?="))
            .and_then(|inner| {
                let parts: Vec<&str> = inner.splitn(3, '?').collect();
                (parts.len() == 3).then(|| match parts[1].to_ascii_uppercase().as_str() {
                    "B" => base64_decode(parts[2]),
                    _ => q_decode(parts[2]),
                })
            });
        let encoded = decoded.is_some();
        if i > 0 && !(encoded && prev_encoded) {
            out.push(' ');
        }
        match decoded {
            Some(bytes) => out.push_str(&String::from_utf8_lossy(&bytes)),
            None => out.push_str(word),
        }
        prev_encoded = encoded;
    }
    out
}

fn q_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'_' => out.push(b' '),
            b'=' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(v) => {
                        out.push(v);
                        i += 2;
                    }
                    Err(_) => out.push(b'='),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// Quoted-printable body: soft line breaks joined, `=XX` decoded (unlike Q, `_` is itself).
fn qp_body_decode(s: &str) -> Vec<u8> {
    let joined = s.replace("=\r\n", "");
    let b = joined.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' && i + 2 < b.len() {
            if let Ok(v) =
                u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or(""), 16)
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

fn base64_decode(s: &str) -> Vec<u8> {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let Some(v) = T.iter().position(|&t| t == c) else {
            continue;
        };
        buf = (buf << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
        }
    }
    out
}
