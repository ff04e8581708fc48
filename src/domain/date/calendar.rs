//! Calendar dates and date-times, the Japanese eras, and how a date is shown (ISO or 和暦); today and now where
//! the user is.

use std::fmt;

/// A calendar date (proleptic Gregorian). Ordered chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// A date and a time of day, to the second (the replica's registration date-time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    /// The calendar date.
    pub date: Date,
    /// Hour 0–23.
    pub hour: u8,
    /// Minute 0–59.
    pub minute: u8,
    /// Second 0–59.
    pub second: u8,
}

/// How dates are shown to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum DateStyle {
    /// `2018-07-27`
    #[default]
    Iso,
    /// `平成30年7月27日`
    Wareki,
}

/// The Japanese eras the parser knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Era {
    /// 明治 (M)
    Meiji,
    /// 大正 (T)
    Taisho,
    /// 昭和 (S)
    Showa,
    /// 平成 (H)
    Heisei,
    /// 令和 (R)
    Reiwa,
}

const ERAS: [Era; 5] = [Era::Meiji, Era::Taisho, Era::Showa, Era::Heisei, Era::Reiwa];

impl Era {
    /// Every era the parser knows, oldest first.
    pub const ALL: [Era; 5] = ERAS;

    /// The era's name in kanji.
    pub fn kanji(self) -> &'static str {
        match self {
            Era::Meiji => "明治",
            Era::Taisho => "大正",
            Era::Showa => "昭和",
            Era::Heisei => "平成",
            Era::Reiwa => "令和",
        }
    }

    /// The era's one-letter abbreviation.
    pub fn letter(self) -> char {
        match self {
            Era::Meiji => 'M',
            Era::Taisho => 'T',
            Era::Showa => 'S',
            Era::Heisei => 'H',
            Era::Reiwa => 'R',
        }
    }

    /// First day of the era. Meiji counts from 1868-01-01 (the Gregorian reckoning of its first year).
    pub fn first_day(self) -> Date {
        match self {
            Era::Meiji => Date::ymd(1868, 1, 1),
            Era::Taisho => Date::ymd(1912, 7, 30),
            Era::Showa => Date::ymd(1926, 12, 25),
            Era::Heisei => Date::ymd(1989, 1, 8),
            Era::Reiwa => Date::ymd(2019, 5, 1),
        }
    }

    /// Last day of the era, or `None` for the current one.
    pub fn last_day(self) -> Option<Date> {
        let next = ERAS.iter().skip_while(|e| **e != self).nth(1)?;
        Some(next.first_day().pred())
    }

    pub(crate) fn from_letter(c: char) -> Option<Era> {
        ERAS.iter().copied().find(|e| e.letter() == c.to_ascii_uppercase())
    }

    pub(crate) fn from_kanji(s: &str) -> Option<(Era, usize)> {
        for era in ERAS {
            let name = era.kanji();
            if s.starts_with(name) {
                return Some((era, name.len()));
            }
            // The one-kanji abbreviation (平30.7.27).
            let first = name.chars().next().unwrap_or(' ');
            if s.starts_with(first) {
                return Some((era, first.len_utf8()));
            }
        }
        None
    }

    /// The era a date belongs to (dates before Meiji have none).
    pub fn of(date: Date) -> Option<Era> {
        ERAS.iter().rev().copied().find(|e| date >= e.first_day())
    }
}

/// Why a date was read but deserves a second look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateWarning {
    /// The era date lies outside its era; it was read as the real calendar date.
    OutsideEra {
        /// What the user wrote, normalised.
        written: String,
        /// The era the user named.
        era: Era,
        /// The date it was read as.
        read_as: Date,
    },
    /// A bare number was read as an Excel serial date.
    ExcelSerial {
        /// The serial.
        serial: i64,
        /// The date it was read as.
        read_as: Date,
    },
}

impl DateWarning {
    /// Message in Japanese.
    pub fn message_ja(&self) -> String {
        match self {
            DateWarning::OutsideEra { written, era, read_as } => format!(
                "{written} は{}の期間外です。{}（{}）として読み込みました",
                era.kanji(),
                read_as.format_wareki_long(),
                read_as
            ),
            DateWarning::ExcelSerial { serial, read_as } => {
                format!("{serial} をExcelのシリアル値として {read_as} と読み込みました")
            }
        }
    }

    /// Message in English.
    pub fn message_en(&self) -> String {
        match self {
            DateWarning::OutsideEra { written, era, read_as } => {
                let range = match era.last_day() {
                    Some(last) => format!("{} to {}", era.first_day(), last),
                    None => format!("from {}", era.first_day()),
                };
                format!(
                    "{written} is outside the {} era ({range}); read as {read_as} ({})",
                    era.kanji(),
                    read_as.format_wareki_long()
                )
            }
            DateWarning::ExcelSerial { serial, read_as } => {
                format!("{serial} was read as an Excel serial date: {read_as}")
            }
        }
    }
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Nothing recognisable as a date.
    #[error(
        "「{0}」は日付として読めません (expected e.g. 2018-07-27, 2018/7/27, H30.7.27, 平成30年7月27日)"
    )]
    Unrecognised(String),
    /// The month is not 1–12.
    #[error("「{written}」: 月 {month} は存在しません (month {month} does not exist)")]
    NoSuchMonth {
        /// What the user wrote.
        written: String,
        /// The month read.
        month: u32,
    },
    /// The day does not exist in that month.
    #[error(
        "「{written}」: {year}年{month}月{day}日は存在しません ({year}-{month:02} has no day {day})"
    )]
    NoSuchDay {
        /// What the user wrote.
        written: String,
        /// Gregorian year.
        year: i32,
        /// Month.
        month: u32,
        /// Day.
        day: u32,
    },
    /// Era year 0 or a year outside what the tool handles.
    #[error("「{written}」: 年 {year} は範囲外です (year out of range)")]
    YearOutOfRange {
        /// What the user wrote.
        written: String,
        /// The year read.
        year: i64,
    },
}

/// A date read from text, with any warning the reading raised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedDate {
    /// The date.
    pub date: Date,
    /// Set when the reading deserves a second look.
    pub warning: Option<DateWarning>,
}

impl Date {
    /// A date from parts, `None` when it does not exist.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day < 1 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month: month as u8, day: day as u8 })
    }

    /// A date from parts known to be valid (constants in code and tests); not checked.
    pub const fn ymd(year: i32, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u32 {
        self.month as u32
    }

    /// The day of the month.
    pub fn day(self) -> u32 {
        self.day as u32
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = self.year as i64 - if self.month <= 2 { 1 } else { 0 };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    /// The date a number of days after 1970-01-01.
    pub fn from_days_since_epoch(z: i64) -> Date {
        let z = z + 719468;
        let era = if z >= 0 { z } else { z - 146096 } / 146097;
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        Date { year: (if m <= 2 { y + 1 } else { y }) as i32, month: m as u8, day: d as u8 }
    }

    /// The day before.
    pub fn pred(self) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() - 1)
    }

    /// The day after.
    pub fn succ(self) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + 1)
    }

    /// Add a number of days (negative to go back).
    pub fn add_days(self, days: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + days)
    }

    /// Today's date where the user is (the system's time zone): for export title blocks and the dates of new
    /// records (a finding raised at 08:00 in Tokyo is raised today, not yesterday in UTC).
    pub fn today() -> Date {
        DateTime::local_now().date
    }

    /// The date of an Excel serial in the 1900 date system (which counts a 1900-02-29 that never was).
    pub fn from_excel_serial(serial: f64) -> Option<Date> {
        if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
            return None;
        }
        let whole = serial.floor() as i64;
        if whole == 60 {
            // Excel's fictitious 1900-02-29: the nearest real day is the 28th.
            return Some(Date::ymd(1900, 2, 28));
        }
        let base = if whole < 60 { Date::ymd(1899, 12, 31) } else { Date::ymd(1899, 12, 30) };
        Some(base.add_days(whole))
    }

    /// The Excel serial (1900 date system) of this date.
    pub fn to_excel_serial(self) -> f64 {
        let base = Date::ymd(1899, 12, 30).days_since_epoch();
        let mut n = self.days_since_epoch() - base;
        if n < 61 {
            n -= 1;
        }
        n as f64
    }

    /// `2018-07-27`.
    pub fn format_iso(self) -> String {
        self.to_string()
    }

    /// `H30.7.27`; dates before Meiji fall back to ISO.
    pub fn format_wareki_short(self) -> String {
        match Era::of(self) {
            Some(era) => format!(
                "{}{}.{}.{}",
                era.letter(),
                self.year - era.first_day().year + 1,
                self.month,
                self.day
            ),
            None => self.format_iso(),
        }
    }

    /// `平成30年7月27日`, `令和元年5月1日`; dates before Meiji fall back to ISO.
    pub fn format_wareki_long(self) -> String {
        match Era::of(self) {
            Some(era) => {
                let y = self.year - era.first_day().year + 1;
                let y = if y == 1 { "元".to_string() } else { y.to_string() };
                format!("{}{}年{}月{}日", era.kanji(), y, self.month, self.day)
            }
            None => self.format_iso(),
        }
    }

    /// Format in the user's chosen style.
    pub fn format(self, style: DateStyle) -> String {
        match style {
            DateStyle::Iso => self.format_iso(),
            DateStyle::Wareki => self.format_wareki_long(),
        }
    }
}

/// The number written by these ASCII digits (`None` if one is not a digit).
fn ascii_number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |n, b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
}

impl Date {
    /// A date written exactly as [`Date`]'s `Display` writes it (`2018-07-27`), read without the generous
    /// parser: the project file's own form, read for every date of every row. `None` for anything else.
    pub fn from_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = ascii_number(&b[..4])?;
        Date::new(year as i32, ascii_number(&b[5..7])?, ascii_number(&b[8..])?)
    }
}

impl DateTime {
    /// A date and time written exactly as [`DateTime`]'s `Display` writes it (`2018-07-27 09:05:00`). `None` for
    /// anything else.
    pub fn from_iso(s: &str) -> Option<DateTime> {
        let b = s.as_bytes();
        if b.len() != 19 || b[10] != b' ' || b[13] != b':' || b[16] != b':' {
            return None;
        }
        DateTime::new(
            Date::from_iso(&s[..10])?,
            ascii_number(&b[11..13])?,
            ascii_number(&b[14..16])?,
            ascii_number(&b[17..])?,
        )
    }
}

impl Date {
    /// `YYYY-MM-DD` as bytes, without the formatting machinery (a national import writes a million of them: row
    /// keys, digests); `None` for a year outside 0–9999, which only day arithmetic past the calendar gives.
    fn iso_bytes(&self) -> Option<[u8; 10]> {
        if !(0..=9999).contains(&self.year) {
            return None;
        }
        let digit = |n: u32| b'0' + (n % 10) as u8;
        let (y, m, d) = (self.year as u32, self.month as u32, self.day as u32);
        Some([
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            digit(m / 10),
            digit(m),
            b'-',
            digit(d / 10),
            digit(d),
        ])
    }

    /// Append `YYYY-MM-DD` to a string (what [`Display`](fmt::Display) writes).
    pub fn push_iso(&self, out: &mut String) {
        match self.iso_bytes() {
            Some(bytes) => out.push_str(std::str::from_utf8(&bytes).expect("ASCII digits")),
            None => out.push_str(&self.to_string()),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.iso_bytes() {
            Some(bytes) => f.write_str(std::str::from_utf8(&bytes).expect("ASCII digits")),
            None => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }
}

// Written as they are displayed, straight into the serializer (no string of their own for each).
impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl serde::Serialize for DateTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl DateTime {
    /// A date-time from parts, `None` if any is out of range.
    pub fn new(date: Date, hour: u32, minute: u32, second: u32) -> Option<DateTime> {
        if hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        Some(DateTime { date, hour: hour as u8, minute: minute as u8, second: second as u8 })
    }

    /// The date in `style`, then the time: `2018-12-29 09:01:00`, `平成30年12月29日 09:01:00`.
    pub fn format(self, style: DateStyle) -> String {
        format!(
            "{} {:02}:{:02}:{:02}",
            self.date.format(style),
            self.hour,
            self.minute,
            self.second
        )
    }

    /// `2018-12-29T09:01:00` (xs:dateTime without zone).
    pub fn format_xml(self) -> String {
        format!("{}T{:02}:{:02}:{:02}", self.date, self.hour, self.minute, self.second)
    }

    /// The Excel serial of this moment.
    pub fn to_excel_serial(self) -> f64 {
        self.date.to_excel_serial()
            + (self.hour as f64 * 3600.0 + self.minute as f64 * 60.0 + self.second as f64) / 86400.0
    }

    /// The moment of an Excel serial, rounded to the second.
    pub fn from_excel_serial(serial: f64) -> Option<DateTime> {
        let date = Date::from_excel_serial(serial)?;
        let secs = ((serial - serial.floor()) * 86400.0).round() as u32;
        let secs = secs.min(86399);
        DateTime::new(date, secs / 3600, secs / 60 % 60, secs % 60)
    }
}

impl DateTime {
    /// Now (UTC) from the system clock.
    pub fn now() -> DateTime {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let of_day = secs % 86_400;
        DateTime {
            date: Date::from_days_since_epoch((secs / 86_400) as i64),
            hour: (of_day / 3600) as u8,
            minute: (of_day / 60 % 60) as u8,
            second: (of_day % 60) as u8,
        }
    }
}

impl DateTime {
    /// Now where the user is (the system's time zone).
    pub fn local_now() -> DateTime {
        DateTime::now().plus_seconds(local_offset_seconds())
    }

    /// This time (UTC) where the user is.
    pub fn to_local(self) -> DateTime {
        self.plus_seconds(local_offset_seconds())
    }

    /// This time moved by `secs` seconds (a time zone's offset).
    pub fn plus_seconds(self, secs: i64) -> DateTime {
        let total = self.date.days_since_epoch() * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
            + secs;
        let (days, of_day) = (total.div_euclid(86_400), total.rem_euclid(86_400));
        DateTime {
            date: Date::from_days_since_epoch(days),
            hour: (of_day / 3600) as u8,
            minute: (of_day / 60 % 60) as u8,
            second: (of_day % 60) as u8,
        }
    }
}

/// The system time zone's offset from UTC now, in seconds (JST: 32,400).
pub fn local_offset_seconds() -> i64 {
    use chrono::Offset;
    i64::from(chrono::Local::now().offset().fix().local_minus_utc())
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:02}:{:02}:{:02}", self.date, self.hour, self.minute, self.second)
    }
}

pub(crate) fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub(crate) fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod local_time_tests {
    use super::{Date, DateTime};

    #[test]
    fn a_time_moves_by_a_zone_offset_across_days_and_years() {
        let t = |y, m, d, h, mi, s| DateTime::new(Date::ymd(y, m, d), h, mi, s).unwrap();
        // JST: 23:30 UTC on New Year's Eve is 08:30 on New Year's Day.
        assert_eq!(t(2026, 12, 31, 23, 30, 0).plus_seconds(9 * 3600), t(2027, 1, 1, 8, 30, 0));
        // West of UTC, back across midnight and a leap day.
        assert_eq!(t(2028, 3, 1, 2, 0, 5).plus_seconds(-5 * 3600), t(2028, 2, 29, 21, 0, 5));
        assert_eq!(t(2026, 6, 1, 0, 0, 0).plus_seconds(0), t(2026, 6, 1, 0, 0, 0));
        // Today is the local date, which is the UTC date moved by the offset.
        let offset = super::local_offset_seconds();
        assert!((-14 * 3600..=14 * 3600).contains(&offset));
        let utc = DateTime::now();
        let today = Date::today();
        let moved = utc.plus_seconds(offset).date;
        assert!(today == moved || today == moved.succ(), "{today} vs {moved}");
    }
}

#[cfg(test)]
mod stored_form_tests {
    use super::{Date, DateTime};
    use crate::domain::date::{parse_date, parse_datetime};

    /// The straight reading of the file's own form gives what the generous parser gives, for every day of four
    /// years around a leap day and the ends of the calendar; anything else is left to the generous parser.
    #[test]
    fn the_stored_form_reads_as_the_generous_parser_reads_it() {
        let mut d = Date::ymd(2019, 1, 1);
        for _ in 0..(4 * 366) {
            let text = d.to_string();
            assert_eq!(Date::from_iso(&text), Some(d));
            assert_eq!(parse_date(&text).unwrap().date, d);
            d = d.add_days(1);
        }
        for text in ["0001-01-01", "9999-12-31"] {
            assert_eq!(Date::from_iso(text), parse_date(text).ok().map(|p| p.date), "{text}");
        }
        for not_a_day in ["2019-02-29", "2020-13-01", "2020-00-10", "2020-04-31", "0000-01-01"] {
            assert_eq!(Date::from_iso(not_a_day), None, "{not_a_day}");
        }
        for other_form in
            ["2018/07/27", "2018-7-27", "H30.7.27", " 2018-07-27", "２０１８-07-27", "2018-07-2x"]
        {
            assert_eq!(Date::from_iso(other_form), None, "{other_form}");
        }
        let t = DateTime::new(Date::ymd(2018, 7, 27), 9, 5, 59).unwrap();
        assert_eq!(DateTime::from_iso(&t.to_string()), Some(t));
        assert_eq!(parse_datetime(&t.to_string()).unwrap().0, t);
        for other in
            ["2018-07-27T09:05:59", "2018-07-27 24:00:00", "2018-07-27 9:05:59", "2018-07-27"]
        {
            assert_eq!(DateTime::from_iso(other), None, "{other}");
        }
    }
}

#[cfg(test)]
mod display_tests {
    use super::*;

    /// A date is shown `YYYY-MM-DD` (zero-padded), as `{:04}-{:02}-{:02}` shows it, for every day from before the
    /// calendar's years to past them, and serialised as it is shown.
    #[test]
    fn a_date_is_shown_as_iso_and_serialised_as_shown() {
        let first = Date::ymd(-2, 12, 25).days_since_epoch();
        let last = Date::ymd(10001, 1, 5).days_since_epoch();
        let days = (first..first + 800)
            .chain((-1_000_000..3_000_000).step_by(997))
            .chain(last - 800..last);
        for z in days {
            let d = Date::from_days_since_epoch(z);
            let expected = format!("{:04}-{:02}-{:02}", d.year, d.month, d.day);
            assert_eq!(d.to_string(), expected);
            let mut pushed = String::from("x");
            d.push_iso(&mut pushed);
            assert_eq!(pushed, format!("x{expected}"));
            assert_eq!(serde_json::to_string(&d).unwrap(), format!("\"{expected}\""));
        }
        let at = DateTime::new(Date::ymd(2024, 2, 29), 7, 5, 9).unwrap();
        assert_eq!(serde_json::to_string(&at).unwrap(), "\"2024-02-29 07:05:09\"");
    }
}
