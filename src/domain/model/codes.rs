//! Numbers with a meaning of their own: the My Number and insurer-number check digits, the shape of codes,
//! and the item-code lists users type (`TK01,TK02`, `TK01～TK15`).

use unicode_normalization::UnicodeNormalization;

/// Why a My Number or insurer number is not right.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    /// Not the expected count of digits.
    #[error("{expected}桁の数字が必要です（{seen}） / expected {expected} digits, saw \"{seen}\"")]
    Shape {
        /// What was seen.
        seen: String,
        /// Digits expected (text: "12", "6 or 8").
        expected: &'static str,
    },
    /// The check digit does not match.
    #[error(
        "検査用数字が一致しません（{seen}: 正しくは {expected_digit}） / check digit is wrong: {seen} should end in {expected_digit}"
    )]
    CheckDigit {
        /// What was seen.
        seen: String,
        /// The check digit the rest of the number calls for.
        expected_digit: u8,
    },
}

/// NFKC and trim: the form codes and numbers are compared in.
pub fn normalise_code(s: &str) -> String {
    let s: String = s.nfkc().collect();
    s.trim().to_string()
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// The My Number check digit for its first 11 digits (総務省令第85号 第5条).
///
/// With Pn the n-th digit counted from the right and Qn = n+1 (n ≤ 6) or n−5 (n ≥ 7), the check digit is
/// 11 − (Σ Pn·Qn mod 11), or 0 when the remainder is 0 or 1.
pub fn my_number_check_digit(first_eleven: &str) -> Option<u8> {
    if first_eleven.len() != 11 || !all_digits(first_eleven) {
        return None;
    }
    let sum: u32 = first_eleven
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let n = i as u32 + 1;
            let q = if n <= 6 { n + 1 } else { n - 5 };
            (b - b'0') as u32 * q
        })
        .sum();
    let r = sum % 11;
    Some(if r <= 1 { 0 } else { (11 - r) as u8 })
}

/// Verify a 12-digit My Number.
pub fn verify_my_number(s: &str) -> Result<(), NumberError> {
    let s = normalise_code(s);
    if s.len() != 12 || !all_digits(&s) {
        return Err(NumberError::Shape { seen: s, expected: "12" });
    }
    let expected = my_number_check_digit(&s[..11]).unwrap_or(0);
    if s.as_bytes()[11] - b'0' != expected {
        return Err(NumberError::CheckDigit { seen: s, expected_digit: expected });
    }
    Ok(())
}

/// The insurer-number check digit for the digits before it: multiply by 2, 1, 2, … from the rightmost,
/// add the digits of the products, and take 10 minus the last digit of the sum (0 when that is 0).
pub fn insurer_check_digit(body: &str) -> Option<u8> {
    if !all_digits(body) {
        return None;
    }
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let p = (b - b'0') as u32 * if i % 2 == 0 { 2 } else { 1 };
            p / 10 + p % 10
        })
        .sum();
    Some(((10 - sum % 10) % 10) as u8)
}

/// Verify an insurer number: 8 digits (法別 2 + prefecture 2 + insurer 3 + check 1) or 6 for NHI.
pub fn verify_insurer_number(s: &str) -> Result<(), NumberError> {
    let s = normalise_code(s);
    if !(s.len() == 8 || s.len() == 6) || !all_digits(&s) {
        return Err(NumberError::Shape { seen: s, expected: "6 or 8" });
    }
    let (body, check) = s.split_at(s.len() - 1);
    let expected = insurer_check_digit(body).unwrap_or(0);
    if check.as_bytes()[0] - b'0' != expected {
        return Err(NumberError::CheckDigit { seen: s.clone(), expected_digit: expected });
    }
    Ok(())
}

/// Complete an insurer number from its first digits (for generated data).
pub fn insurer_number_with_check(body: &str) -> String {
    format!("{body}{}", insurer_check_digit(body).unwrap_or(0))
}

/// Complete a My Number from its first 11 digits (for generated and sample data).
pub fn my_number_with_check(first_eleven: &str) -> String {
    format!("{first_eleven}{}", my_number_check_digit(first_eleven).unwrap_or(0))
}

/// Why an item-code list cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeListError {
    /// A range whose ends do not share a prefix and width, or runs backwards.
    #[error(
        "範囲「{0}」を展開できません（例: TK01～TK15） / cannot expand range \"{0}\" (e.g. TK01～TK15)"
    )]
    BadRange(String),
}

/// Read an item-code list: codes separated by commas, 、, spaces or line breaks, with ranges
/// `TK01～TK15` or `TK01-TK15` expanded. Codes are NFKC-normalised.
pub fn parse_code_list(s: &str) -> Result<Vec<String>, CodeListError> {
    let s: String = s.nfkc().collect();
    let mut out = Vec::new();
    for token in s
        .split([',', '、', ' ', '\n', '\r', '\t', ';', '，'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let token = token.replace(['〜', '~', '～'], "-");
        match token.split_once('-') {
            Some((a, b)) => out.extend(
                expand_range(a.trim(), b.trim()).ok_or(CodeListError::BadRange(token.clone()))?,
            ),
            None => out.push(token),
        }
    }
    Ok(out)
}

fn split_prefix(code: &str) -> (&str, &str) {
    let i = code.find(|c: char| c.is_ascii_digit()).unwrap_or(code.len());
    code.split_at(i)
}

fn expand_range(a: &str, b: &str) -> Option<Vec<String>> {
    let (pa, na) = split_prefix(a);
    let (pb, nb) = split_prefix(b);
    // `TK01-15` is read as `TK01-TK15`.
    let pb = if pb.is_empty() { pa } else { pb };
    if pa != pb || !all_digits(na) || !all_digits(nb) {
        return None;
    }
    let (x, y): (u64, u64) = (na.parse().ok()?, nb.parse().ok()?);
    if y < x || y - x > 10_000 {
        return None;
    }
    let width = na.len();
    Some((x..=y).map(|n| format!("{pa}{n:0width$}")).collect())
}

/// Write an item-code list the way the workbook expects it.
pub fn format_code_list(codes: &[String]) -> String {
    codes.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn my_number_check_digits() {
        assert_eq!(my_number_check_digit("12345678901"), Some(8));
        assert!(verify_my_number("123456789018").is_ok());
        assert!(verify_my_number("１２３４５６７８９０１８").is_ok());
        assert!(matches!(
            verify_my_number("123456789012"),
            Err(NumberError::CheckDigit { expected_digit: 8, .. })
        ));
        assert!(matches!(verify_my_number("12345678901"), Err(NumberError::Shape { .. })));
        assert!(matches!(verify_my_number("12345678901a"), Err(NumberError::Shape { .. })));
        // Remainders 0 and 1 both give 0.
        let table =
            [("00000000000", 0), ("00000000001", 9), ("10000000000", 5), ("00000000005", 1)];
        for (body, d) in table {
            assert_eq!(my_number_check_digit(body), Some(d), "{body}");
        }
        // Remainder 1: 1×Q1 = 2 ... pick P with sum ≡ 1 (mod 11): "00000000006" → 6×2 = 12 ≡ 1 → 0.
        assert_eq!(my_number_check_digit("00000000006"), Some(0));
    }

    #[test]
    fn insurer_check_digits() {
        for ok in ["06132013", "33120015", "06130017", "06130033", "06130041"] {
            assert!(verify_insurer_number(ok).is_ok(), "{ok}");
        }
        assert!(matches!(
            verify_insurer_number("06132014"),
            Err(NumberError::CheckDigit { expected_digit: 3, .. })
        ));
        assert!(matches!(verify_insurer_number("0613201"), Err(NumberError::Shape { .. })));
        assert!(matches!(verify_insurer_number("0613201x"), Err(NumberError::Shape { .. })));
        // Six-digit NHI numbers use the same rule.
        let nhi = insurer_number_with_check("13800");
        assert_eq!(nhi.len(), 6);
        assert!(verify_insurer_number(&nhi).is_ok());
        // A sum ending in 0 gives 0.
        assert_eq!(insurer_check_digit("0000000"), Some(0));
        assert_eq!(insurer_check_digit("19"), Some(0));
    }

    #[test]
    fn code_lists() {
        let v = |s: &str| parse_code_list(s).unwrap();
        assert_eq!(v("TK01,TK02,TK03"), ["TK01", "TK02", "TK03"]);
        assert_eq!(v("TK01、TK02 TK03\nTK04"), ["TK01", "TK02", "TK03", "TK04"]);
        assert_eq!(v("TK01～TK03"), ["TK01", "TK02", "TK03"]);
        assert_eq!(v("TK01-TK03,TK05"), ["TK01", "TK02", "TK03", "TK05"]);
        assert_eq!(v("ＴＫ０１〜ＴＫ０２"), ["TK01", "TK02"]);
        assert_eq!(v("TK01～TK15").len(), 15);
        assert_eq!(v(""), Vec::<String>::new());
        assert!(parse_code_list("TK05～TK01").is_err());
        assert!(parse_code_list("TK01～TM03").is_err());
    }
}
