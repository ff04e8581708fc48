//! Reading a date as users write it: ISO, slashes, Excel serials, the Japanese era short and long, in half- or
//! full-width characters. Never a silent guess: a date outside its era is read with a warning, an impossible one
//! is an error that says why.

use unicode_normalization::UnicodeNormalization;

use super::calendar::*;

/// NFKC plus the few marks NFKC leaves alone, trimmed (half- and full-width spaces).
pub fn normalise_date_text(input: &str) -> String {
    if input.is_ascii() {
        // NFKC leaves ASCII as it is and none of the marks below is ASCII: the common case (every date the project
        // file holds) skips the normalisation.
        return input.trim().to_string();
    }
    let s: String = input.nfkc().collect();
    s.trim()
        .chars()
        .map(|c| match c {
            '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | 'ー' => '-',
            '・' | '｡' | '。' => '.',
            _ => c,
        })
        .collect()
}

/// Read a date in any form users write (see the module docs).
pub fn parse_date(input: &str) -> Result<ParsedDate, DateError> {
    let s = normalise_date_text(input);
    let written = s.clone();
    if s.is_empty() {
        return Err(DateError::Unrecognised(input.to_string()));
    }
    // A time part after a space (2018/7/27 0:00:00, as spreadsheets print dates) is ignored for a date.
    let s = match s.split_once(' ') {
        Some((d, t)) if looks_like_time(t.trim()) => d.to_string(),
        _ => s,
    };
    if let Some(r) = parse_era(&s, &written) {
        return r;
    }
    if s.chars().all(|c| c.is_ascii_digit() || c == '.')
        && s.matches('.').count() <= 1
        && s.chars().any(|c| c.is_ascii_digit())
    {
        return parse_number(&s, &written);
    }
    parse_gregorian(&s, &written)
}

fn looks_like_time(t: &str) -> bool {
    let parts: Vec<&str> = t.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()))
}

/// Split `a<sep>b<sep>c` where sep is one of `-`, `/`, `.` (one kind), or `年月日`.
fn split_ymd(s: &str) -> Option<(String, String, String)> {
    if let Some(rest) = s.strip_suffix('日') {
        let (y, rest) = rest.split_once('年')?;
        let (m, d) = rest.split_once('月')?;
        return Some((y.trim().into(), m.trim().into(), d.trim().into()));
    }
    for sep in ['-', '/', '.'] {
        let parts: Vec<&str> = s.split(sep).collect();
        if parts.len() == 3 {
            return Some((parts[0].into(), parts[1].into(), parts[2].into()));
        }
    }
    None
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn checked_date(written: &str, year: i32, month: u32, day: u32) -> Result<Date, DateError> {
    if !(1..=9999).contains(&year) {
        return Err(DateError::YearOutOfRange { written: written.into(), year: year as i64 });
    }
    if !(1..=12).contains(&month) {
        return Err(DateError::NoSuchMonth { written: written.into(), month });
    }
    Date::new(year, month, day).ok_or(DateError::NoSuchDay {
        written: written.into(),
        year,
        month,
        day,
    })
}

fn parse_gregorian(s: &str, written: &str) -> Result<ParsedDate, DateError> {
    let (y, m, d) = split_ymd(s).ok_or_else(|| DateError::Unrecognised(written.into()))?;
    if y.len() != 4 {
        return Err(DateError::Unrecognised(written.into()));
    }
    let (Some(y), Some(m), Some(d)) = (digits(&y), digits(&m), digits(&d)) else {
        return Err(DateError::Unrecognised(written.into()));
    };
    Ok(ParsedDate { date: checked_date(written, y as i32, m, d)?, warning: None })
}

/// A bare number: `20180727` (eight digits) or an Excel serial.
fn parse_number(s: &str, written: &str) -> Result<ParsedDate, DateError> {
    if s.len() == 8 && s.chars().all(|c| c.is_ascii_digit()) {
        let (y, m, d) = (&s[0..4], &s[4..6], &s[6..8]);
        let date = checked_date(
            written,
            y.parse().unwrap_or(0),
            m.parse().unwrap_or(0),
            d.parse().unwrap_or(0),
        )?;
        return Ok(ParsedDate { date, warning: None });
    }
    let serial: f64 = s.parse().map_err(|_| DateError::Unrecognised(written.into()))?;
    if serial.fract() != 0.0 && s.matches('.').count() == 1 && s.len() <= 5 {
        // "30.41"-like texts are not serials.
        return Err(DateError::Unrecognised(written.into()));
    }
    let date =
        Date::from_excel_serial(serial).ok_or_else(|| DateError::Unrecognised(written.into()))?;
    Ok(ParsedDate {
        date,
        warning: Some(DateWarning::ExcelSerial { serial: serial.floor() as i64, read_as: date }),
    })
}

/// `H30.7.27`, `R元.5.1`, `平成30年7月27日`, `平30/7/27`; `None` when the text names no era.
fn parse_era(s: &str, written: &str) -> Option<Result<ParsedDate, DateError>> {
    let (era, rest) = if let Some((era, len)) = Era::from_kanji(s) {
        (era, &s[len..])
    } else {
        let c = s.chars().next()?;
        let era = Era::from_letter(c)?;
        let rest = &s[c.len_utf8()..];
        if !rest.starts_with(|c: char| c.is_ascii_digit() || c == '元') {
            return None;
        }
        (era, rest)
    };
    Some(parse_era_rest(era, rest, written))
}

fn parse_era_rest(era: Era, rest: &str, written: &str) -> Result<ParsedDate, DateError> {
    let rest = rest.trim();
    let (y, m, d) = split_ymd(rest).ok_or_else(|| DateError::Unrecognised(written.into()))?;
    let era_year = if y == "元" {
        1
    } else {
        digits(&y).ok_or_else(|| DateError::Unrecognised(written.into()))?
    };
    let (Some(m), Some(d)) = (digits(&m), digits(&d)) else {
        return Err(DateError::Unrecognised(written.into()));
    };
    if era_year == 0 || era_year > 200 {
        return Err(DateError::YearOutOfRange { written: written.into(), year: era_year as i64 });
    }
    let year = era.first_day().year() + era_year as i32 - 1;
    let date = checked_date(written, year, m, d)?;
    let outside = date < era.first_day() || era.last_day().is_some_and(|last| date > last);
    let warning =
        outside.then(|| DateWarning::OutsideEra { written: written.into(), era, read_as: date });
    Ok(ParsedDate { date, warning })
}

/// Read a date-time: a date in any form, optionally followed by `HH:MM[:SS]` (after a space or `T`),
/// or an Excel serial with a fraction.
pub fn parse_datetime(input: &str) -> Result<(DateTime, Option<DateWarning>), DateError> {
    let s = normalise_date_text(input);
    if let Ok(serial) = s.parse::<f64>()
        && s.contains('.')
        && let Some(dt) = DateTime::from_excel_serial(serial)
    {
        return Ok((dt, None));
    }
    let (date_part, time_part) = match s.split_once(['T', ' ']) {
        Some((d, t)) if looks_like_time(t.trim()) => (d.to_string(), Some(t.trim().to_string())),
        _ => (s.clone(), None),
    };
    let parsed = parse_date(&date_part)?;
    let (h, m, sec) = match time_part {
        None => (0, 0, 0),
        Some(t) => {
            let p: Vec<u32> = t.split(':').filter_map(|x| x.parse().ok()).collect();
            (p[0], p.get(1).copied().unwrap_or(0), p.get(2).copied().unwrap_or(0))
        }
    };
    let dt = DateTime::new(parsed.date, h, m, sec)
        .ok_or_else(|| DateError::Unrecognised(input.into()))?;
    Ok((dt, parsed.warning))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> Date {
        parse_date(s).unwrap_or_else(|e| panic!("{s}: {e}")).date
    }

    #[test]
    fn reads_every_form() {
        let cases: &[(&str, (i32, u8, u8))] = &[
            ("2018-07-27", (2018, 7, 27)),
            ("2018-7-27", (2018, 7, 27)),
            ("2018/7/27", (2018, 7, 27)),
            ("2018/07/27 0:00:00", (2018, 7, 27)),
            ("2018.7.27", (2018, 7, 27)),
            ("2018年7月27日", (2018, 7, 27)),
            ("20180727", (2018, 7, 27)),
            ("H30.7.27", (2018, 7, 27)),
            ("h30.7.27", (2018, 7, 27)),
            ("H30/7/27", (2018, 7, 27)),
            ("H30-07-27", (2018, 7, 27)),
            ("R1.5.1", (2019, 5, 1)),
            ("R元.5.1", (2019, 5, 1)),
            ("平成30年7月27日", (2018, 7, 27)),
            ("令和元年5月1日", (2019, 5, 1)),
            ("令和1年5月1日", (2019, 5, 1)),
            ("昭和64年1月7日", (1989, 1, 7)),
            ("平成元年1月8日", (1989, 1, 8)),
            ("S39.10.10", (1964, 10, 10)),
            ("T15.12.24", (1926, 12, 24)),
            ("M45.7.29", (1912, 7, 29)),
            ("平30.7.27", (2018, 7, 27)),
            ("Ｈ３０．７．２７", (2018, 7, 27)),
            ("２０１８／７／２７", (2018, 7, 27)),
            ("２０１８－０７－２７", (2018, 7, 27)),
            ("平成３０年７月２７日", (2018, 7, 27)),
            ("令和元年５月１日", (2019, 5, 1)),
            ("㍻30年7月27日", (2018, 7, 27)),
            ("  2018-07-27\u{3000}", (2018, 7, 27)),
            ("43308", (2018, 7, 27)),
            ("2020-02-29", (2020, 2, 29)),
        ];
        for (s, (y, m, d)) in cases {
            assert_eq!(ok(s), Date::ymd(*y, *m, *d), "{s}");
        }
    }

    #[test]
    fn era_boundaries() {
        // In-era dates raise no warning; out-of-era dates are read as the real date, with a warning.
        let in_era = ["S64.1.7", "H1.1.8", "H31.4.30", "R1.5.1", "平成31年4月30日"];
        for s in in_era {
            assert_eq!(parse_date(s).unwrap().warning, None, "{s}");
        }
        let outside: &[(&str, (i32, u8, u8))] = &[
            ("H1.1.7", (1989, 1, 7)),
            ("S64.1.8", (1989, 1, 8)),
            ("H31.5.1", (2019, 5, 1)),
            ("H31.7.27", (2019, 7, 27)),
            ("R1.4.30", (2019, 4, 30)),
            ("平成31年7月27日", (2019, 7, 27)),
        ];
        for (s, (y, m, d)) in outside {
            let p = parse_date(s).unwrap();
            assert_eq!(p.date, Date::ymd(*y, *m, *d), "{s}");
            assert!(matches!(p.warning, Some(DateWarning::OutsideEra { .. })), "{s}");
        }
        let w = parse_date("H31.7.27").unwrap().warning.unwrap();
        assert!(w.message_ja().contains("令和元年7月27日"), "{}", w.message_ja());
        assert!(w.message_en().contains("2019-07-27"));
    }

    #[test]
    fn impossible_dates_are_errors_that_say_why() {
        assert!(matches!(parse_date("H30.41"), Err(DateError::Unrecognised(_))));
        assert!(matches!(parse_date("2018-13-01"), Err(DateError::NoSuchMonth { month: 13, .. })));
        assert!(matches!(parse_date("2018-02-29"), Err(DateError::NoSuchDay { day: 29, .. })));
        assert!(matches!(parse_date("平成30年2月30日"), Err(DateError::NoSuchDay { .. })));
        assert!(matches!(parse_date("H0.1.1"), Err(DateError::YearOutOfRange { .. })));
        assert!(matches!(parse_date("1900-02-29"), Err(DateError::NoSuchDay { .. })));
        for bad in ["", "abc", "2018-07", "18/7/27", "X30.7.27", "30.41"] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
        let msg = parse_date("2018-02-30").unwrap_err().to_string();
        assert!(msg.contains("2018年2月30日は存在しません"), "{msg}");
    }

    #[test]
    fn excel_serials() {
        assert_eq!(Date::from_excel_serial(1.0), Some(Date::ymd(1900, 1, 1)));
        assert_eq!(Date::from_excel_serial(59.0), Some(Date::ymd(1900, 2, 28)));
        assert_eq!(Date::from_excel_serial(61.0), Some(Date::ymd(1900, 3, 1)));
        assert_eq!(Date::from_excel_serial(43308.0), Some(Date::ymd(2018, 7, 27)));
        assert_eq!(Date::from_excel_serial(43308.75), Some(Date::ymd(2018, 7, 27)));
        assert_eq!(Date::ymd(2018, 7, 27).to_excel_serial(), 43308.0);
        assert_eq!(Date::ymd(1900, 1, 1).to_excel_serial(), 1.0);
        for s in [1.0, 59.0, 61.0, 40000.0, 43308.0, 2958465.0] {
            assert_eq!(Date::from_excel_serial(s).unwrap().to_excel_serial(), s);
        }
        assert!(Date::from_excel_serial(0.0).is_none());
        let p = parse_date("43308").unwrap();
        assert!(matches!(p.warning, Some(DateWarning::ExcelSerial { .. })));
    }

    #[test]
    fn formats() {
        let d = Date::ymd(2018, 7, 27);
        assert_eq!(d.format_iso(), "2018-07-27");
        assert_eq!(d.format_wareki_short(), "H30.7.27");
        assert_eq!(d.format_wareki_long(), "平成30年7月27日");
        assert_eq!(Date::ymd(2019, 5, 1).format_wareki_long(), "令和元年5月1日");
        assert_eq!(Date::ymd(2019, 4, 30).format_wareki_long(), "平成31年4月30日");
        assert_eq!(Date::ymd(1989, 1, 7).format_wareki_short(), "S64.1.7");
        assert_eq!(Date::ymd(1989, 1, 8).format_wareki_short(), "H1.1.8");
        // Formatting and parsing agree on every day across both era changes.
        let mut day = Date::ymd(1988, 12, 1);
        while day < Date::ymd(2019, 6, 1) {
            assert_eq!(
                parse_date(&day.format_wareki_long()).unwrap(),
                ParsedDate { date: day, warning: None }
            );
            assert_eq!(parse_date(&day.format_wareki_short()).unwrap().date, day);
            day = day.add_days(if day.year() == 1989 || day.year() == 2019 { 1 } else { 97 });
        }
    }

    #[test]
    fn epoch_days_round_trip() {
        for z in (-800_000..3_000_000).step_by(997) {
            assert_eq!(Date::from_days_since_epoch(z).days_since_epoch(), z);
        }
        assert_eq!(Date::ymd(1970, 1, 1).days_since_epoch(), 0);
        assert_eq!(Date::ymd(2000, 3, 1).pred(), Date::ymd(2000, 2, 29));
    }

    #[test]
    fn datetimes() {
        let (dt, _) = parse_datetime("2018/12/29 09:01:00").unwrap();
        assert_eq!(dt.format_xml(), "2018-12-29T09:01:00");
        let (dt2, _) = parse_datetime("2018-12-29T09:01").unwrap();
        assert_eq!(dt, dt2);
        let (dt3, _) = parse_datetime(&dt.to_excel_serial().to_string()).unwrap();
        assert_eq!(dt, dt3);
        let (d, _) = parse_datetime("H30.12.29").unwrap();
        assert_eq!(d.hour, 0);
        assert!(parse_datetime("2018-12-29 25:00").is_err());
    }
}
