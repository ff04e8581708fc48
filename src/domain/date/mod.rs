//! Calendar dates as users write them: ISO, slashes, Excel serials and the Japanese era (和暦), short and long,
//! in half- or full-width characters; and formatting back to ISO or the era.
//!
//! The parser never guesses silently: a date written in an era it does not belong to (H31.7.27, after Heisei ended)
//! is read as the real calendar date with a warning; an impossible date (month 13, 2月30日, "H30.41") is an error
//! that says why.

mod calendar;
mod parse;

pub use calendar::*;
pub use parse::{normalise_date_text, parse_date, parse_datetime};
