//! Standardisers: names, postcodes, dates of birth and sex, as agencies type them.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower-cases, strips accents (Siân -> sian, Gwenllïan -> gwenllian), drops apostrophes and other
/// punctuation inside a word (O'Brien -> obrien), and turns hyphens, dots and whitespace into single spaces
/// (Smith-Jones -> "smith jones"). Digits and symbols are dropped. The result is plain ASCII.
pub fn name(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut pending_space = false;
    for c in raw.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        let mapped: &str = match c {
            'ß' => "ss",
            'æ' | 'Æ' => "ae",
            'œ' | 'Œ' => "oe",
            'ø' | 'Ø' => "o",
            'ł' | 'Ł' => "l",
            'đ' | 'Đ' | 'ð' | 'Ð' => "d",
            'þ' | 'Þ' => "th",
            'ı' => "i",
            _ => "",
        };
        if !mapped.is_empty() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push_str(mapped);
            continue;
        }
        if c.is_ascii_alphabetic() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c.to_ascii_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '.' || c == ',' || c == '/' || c == '_' || c == '(' || c == ')'
        {
            pending_space = true;
        }
        // apostrophes, digits and anything else: dropped without a break (O'Brien -> obrien)
    }
    out
}

/// A standardised UK postcode split into its nested parts. `unit` is always set for a non-empty input;
/// sector and district only when the input has the shape of a UK postcode.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Postcode {
    /// Full postcode, upper case with a single space before the inward code ("CF10 1AA").
    pub unit: String,
    /// Outward code and the inward digit ("CF10 1").
    pub sector: Option<String>,
    /// Outward code ("CF10").
    pub district: Option<String>,
    /// Postcode area letters ("CF").
    pub area: Option<String>,
}

/// Upper-cases, removes spaces and punctuation, and re-inserts the space before the inward code.
/// Returns `None` for an empty input. Something that is not shaped like a UK postcode is kept
/// (cleaned) as a unit only, so it can still match exactly.
pub fn postcode(raw: &str) -> Option<Postcode> {
    let cleaned: String = raw.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect();
    if cleaned.is_empty() {
        return None;
    }
    let b = cleaned.as_bytes();
    let n = b.len();
    let shaped = (5..=7).contains(&n)
        && b[0].is_ascii_alphabetic()
        && b[n - 3].is_ascii_digit()
        && b[n - 2].is_ascii_alphabetic()
        && b[n - 1].is_ascii_alphabetic()
        && b[1..n - 3].iter().any(u8::is_ascii_digit);
    if !shaped {
        return Some(Postcode { unit: cleaned, ..Postcode::default() });
    }
    let outward = &cleaned[..n - 3];
    let inward = &cleaned[n - 3..];
    let area: String = outward.chars().take_while(char::is_ascii_alphabetic).collect();
    Some(Postcode {
        unit: format!("{outward} {inward}"),
        sector: Some(format!("{outward} {}", &inward[..1])),
        district: Some(outward.to_string()),
        area: Some(area),
    })
}

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A valid date, or `None`.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month: month as u8, day: day as u8 })
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days(self) -> i32 {
        days_from_civil(self.year, u32::from(self.month), u32::from(self.day))
    }

    /// The eight digits YYYYMMDD, for edit-distance comparisons.
    pub fn digits(self) -> [u8; 8] {
        let y = self.year.clamp(0, 9999) as u32;
        let digit = |v: u32| b'0' + (v % 10) as u8;
        let (m, d) = (u32::from(self.month), u32::from(self.day));
        [digit(y / 1000), digit(y / 100), digit(y / 10), digit(y), digit(m / 10), digit(m), digit(d / 10), digit(d)]
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Number of days in a month (0 for an invalid month).
pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// How a date of birth was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DobParse {
    /// Empty field.
    Empty,
    /// Read as written.
    Ok(Date),
    /// Read after swapping day and month (e.g. 2015-23-04 is read as 23 April 2015).
    Swapped(Date),
    /// Not a date we can read; the caller treats the date of birth as missing and counts a warning.
    Invalid,
}

/// Reads a date of birth. Accepts `YYYY-MM-DD` (the documented input format), also `YYYY/MM/DD`,
/// `YYYYMMDD`, and UK-style `DD/MM/YYYY`, `DD-MM-YYYY`, `DD.MM.YYYY`. When month > 12 and day <= 12 the
/// two are swapped (a transposition made at entry). Years outside 1900..=2100 are invalid.
pub fn dob(raw: &str) -> DobParse {
    let s = raw.trim();
    if s.is_empty() {
        return DobParse::Empty;
    }
    // Accept a trailing time part such as "2015-04-23T00:00:00" or "2015-04-23 00:00".
    let s = s.split(['T', ' ']).next().unwrap_or(s);
    let mut it = s.split(['-', '/', '.']);
    let parts = [it.next(), it.next(), it.next(), it.next()];
    let (y, a, b) = match parts {
        [Some(one), None, _, _] if one.len() == 8 && one.bytes().all(|c| c.is_ascii_digit()) => {
            (&one[..4], &one[4..6], &one[6..8])
        }
        [Some(p), Some(q), Some(r), None] if p.len() == 4 => (p, q, r),
        [Some(p), Some(q), Some(r), None] if r.len() == 4 => (r, q, p),
        _ => return DobParse::Invalid,
    };
    let (Some(y), Some(m), Some(d)) = (num(y), num(a), num(b)) else {
        return DobParse::Invalid;
    };
    let Ok(y) = i32::try_from(y) else {
        return DobParse::Invalid;
    };
    if !(1900..=2100).contains(&y) {
        return DobParse::Invalid;
    }
    if let Some(date) = Date::new(y, m, d) {
        return DobParse::Ok(date);
    }
    if let Some(date) = Date::new(y, d, m) {
        return DobParse::Swapped(date);
    }
    DobParse::Invalid
}

fn num(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Sex as recorded: `Some(b'M')`, `Some(b'F')`, or `None` for empty/unknown/other.
pub fn sex(raw: &str) -> Option<u8> {
    let t = raw.trim();
    let is = |w: &str| t.eq_ignore_ascii_case(w);
    if ["m", "male", "boy", "man", "1"].iter().any(|w| is(w)) {
        Some(b'M')
    } else if ["f", "female", "girl", "woman", "2"].iter().any(|w| is(w)) {
        Some(b'F')
    } else {
        None
    }
}

/// Hashes of a postcode's unit, sector and district (0 when absent) computed without allocating; a value
/// not shaped like a UK postcode is its own unit, sector and district. Agrees with [`postcode`]: two inputs
/// get equal hashes exactly when their standardised parts are equal.
pub fn postcode_hashes(raw: &str) -> (u64, u64, u64) {
    let mut buf = [0u8; 16];
    let mut n = 0usize;
    for c in raw.bytes() {
        if c.is_ascii_alphanumeric() {
            if n == buf.len() {
                // Too long to be a postcode: fall back to the allocating path.
                return match postcode(raw) {
                    Some(p) => {
                        let h = crate::names::hash(p.unit.as_bytes());
                        (h, h, h)
                    }
                    None => (0, 0, 0),
                };
            }
            buf[n] = c.to_ascii_uppercase();
            n += 1;
        }
    }
    if n == 0 {
        return (0, 0, 0);
    }
    let b = &buf[..n];
    let shaped = (5..=7).contains(&n)
        && b[0].is_ascii_alphabetic()
        && b[n - 3].is_ascii_digit()
        && b[n - 2].is_ascii_alphabetic()
        && b[n - 1].is_ascii_alphabetic()
        && b[1..n - 3].iter().any(u8::is_ascii_digit);
    let unit = crate::names::hash(b);
    if !shaped {
        return (unit, unit, unit);
    }
    let district = crate::names::mix(crate::names::hash(&b[..n - 3]), 0xd157);
    let sector = crate::names::mix(crate::names::hash(&b[..n - 2]), 0x5ec7);
    (unit, sector, district)
}

/// A postcode that is not shaped like a UK one (an Australian "4011", a US ZIP, an Irish Eircode), cleaned and
/// packed into a `u64` for an edit-distance comparison: upper-case letters and digits, at least 3 and at most 8
/// of them. 0 for a UK-shaped postcode (compared by unit, sector and district), a missing one, and anything
/// shorter or longer. Such codes have no sector or district that haven knows of, so one typed with one edit
/// (a digit wrong, two digits swapped) is "near" instead.
pub fn postcode_plain(raw: &str) -> u64 {
    let mut buf = [0u8; 8];
    let mut n = 0usize;
    for c in raw.bytes().filter(u8::is_ascii_alphanumeric) {
        if n == buf.len() {
            return 0;
        }
        buf[n] = c.to_ascii_uppercase();
        n += 1;
    }
    let b = &buf[..n];
    let uk = (5..=7).contains(&n)
        && b[0].is_ascii_alphabetic()
        && b[n - 3].is_ascii_digit()
        && b[n - 2].is_ascii_alphabetic()
        && b[n - 1].is_ascii_alphabetic()
        && b[1..n - 3].iter().any(u8::is_ascii_digit);
    if n < 3 || uk { 0 } else { u64::from_le_bytes(buf) }
}

/// Two [`postcode_plain`] codes (both non-zero) one edit apart: one character wrong, added or left out, or
/// two neighbours swapped ("4011" ~ "4101").
pub fn plain_near(a: u64, b: u64) -> bool {
    let (x, y) = (a.to_le_bytes(), b.to_le_bytes());
    let len = |v: &[u8; 8]| v.iter().position(|&c| c == 0).unwrap_or(8);
    crate::names::within_one_edit(&x[..len(&x)], &y[..len(&y)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_case_accents_and_punctuation() {
        assert_eq!(name("Siân"), "sian");
        assert_eq!(name("  GWENLLÏAN "), "gwenllian");
        assert_eq!(name("O'Brien"), "obrien");
        assert_eq!(name("Smith-Jones"), "smith jones");
        assert_eq!(name("smith  -  jones"), "smith jones");
        assert_eq!(name("Zoë"), "zoe");
        assert_eq!(name("Müller"), "muller");
        assert_eq!(name("Strauß"), "strauss");
        assert_eq!(name("Łukasz"), "lukasz");
        assert_eq!(name("J. R."), "j r");
        assert_eq!(name("Dafydd2"), "dafydd");
        assert_eq!(name(""), "");
        assert_eq!(name("--"), "");
        assert_eq!(name("Ffion’s"), "ffions");
    }

    #[test]
    fn postcodes_are_formatted_and_split() {
        let p = postcode("cf101aa").unwrap();
        assert_eq!(p.unit, "CF10 1AA");
        assert_eq!(p.sector.as_deref(), Some("CF10 1"));
        assert_eq!(p.district.as_deref(), Some("CF10"));
        assert_eq!(p.area.as_deref(), Some("CF"));
        assert_eq!(postcode(" sw1a  2aa ").unwrap().unit, "SW1A 2AA");
        assert_eq!(postcode("B1 1AA").unwrap().district.as_deref(), Some("B1"));
        assert_eq!(postcode("M60 1QD").unwrap().sector.as_deref(), Some("M60 1"));
        assert_eq!(postcode(""), None);
        assert_eq!(postcode("  "), None);
        let odd = postcode("not known").unwrap();
        assert_eq!(odd.unit, "NOTKNOWN");
        assert_eq!(odd.sector, None);
    }

    #[test]
    fn postcode_hashes_agree_with_parts() {
        let (u1, s1, d1) = postcode_hashes("cf101aa");
        let (u2, s2, d2) = postcode_hashes("CF10 1AA");
        assert_eq!((u1, s1, d1), (u2, s2, d2));
        let (u3, s3, d3) = postcode_hashes("CF10 1ZZ");
        assert_ne!(u1, u3);
        assert_eq!((s1, d1), (s3, d3));
        let (_, s4, d4) = postcode_hashes("CF10 2AB");
        assert_ne!(s1, s4);
        assert_eq!(d1, d4);
        assert_eq!(postcode_hashes(" "), (0, 0, 0));
        let (u5, s5, d5) = postcode_hashes("not known");
        assert!(u5 == s5 && s5 == d5 && u5 != 0);
        let long = postcode_hashes("a very long value that is not a postcode");
        assert!(long.0 != 0 && long.0 == long.1);
    }

    #[test]
    fn postcodes_from_elsewhere_are_kept_plain() {
        assert_ne!(postcode_plain("4011"), 0);
        assert_eq!(postcode_plain(" 40-11 "), postcode_plain("4011"));
        assert_eq!(postcode_plain("d02 x285"), postcode_plain("D02X285"), "an Eircode, cleaned");
        assert_eq!(postcode_plain("CF10 1AA"), 0, "UK postcodes are compared by their parts");
        assert_eq!(postcode_plain("sw1a2aa"), 0);
        assert_eq!(postcode_plain("12"), 0, "too short to tell a slip from another place");
        assert_eq!(postcode_plain("123456789"), 0);
        assert_eq!(postcode_plain(""), 0);
        let p = |s| postcode_plain(s);
        assert!(plain_near(p("4011"), p("4101")));
        assert!(plain_near(p("4011"), p("4012")));
        assert!(plain_near(p("4011"), p("40111")));
        assert!(!plain_near(p("4011"), p("4110")));
        assert!(!plain_near(p("4011"), p("5011x")));
    }

    #[test]
    fn dates_parse_in_several_forms() {
        let d = Date::new(2015, 4, 23).unwrap();
        assert_eq!(dob("2015-04-23"), DobParse::Ok(d));
        assert_eq!(dob("2015/04/23"), DobParse::Ok(d));
        assert_eq!(dob("20150423"), DobParse::Ok(d));
        assert_eq!(dob("23/04/2015"), DobParse::Ok(d));
        assert_eq!(dob("23.04.2015"), DobParse::Ok(d));
        assert_eq!(dob("2015-04-23T00:00:00"), DobParse::Ok(d));
        assert_eq!(dob(" "), DobParse::Empty);
    }

    #[test]
    fn day_month_swaps_are_repaired() {
        assert_eq!(dob("2015-23-04"), DobParse::Swapped(Date::new(2015, 4, 23).unwrap()));
        assert_eq!(dob("04/23/2015"), DobParse::Swapped(Date::new(2015, 4, 23).unwrap()));
    }

    #[test]
    fn bad_dates_are_invalid() {
        for bad in ["2015-02-30", "2015-13-13", "yesterday", "1850-01-01", "2015-4", "99999-01-01", "2015-0a-01"] {
            assert_eq!(dob(bad), DobParse::Invalid, "{bad}");
        }
        assert_eq!(dob("2016-02-29"), DobParse::Ok(Date::new(2016, 2, 29).unwrap()));
        assert_eq!(dob("2015-02-29"), DobParse::Invalid);
    }

    #[test]
    fn day_numbers_and_digits() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().days(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().days() - Date::new(2000, 2, 28).unwrap().days(), 2);
        assert_eq!(&Date::new(2015, 4, 3).unwrap().digits(), b"20150403");
        assert_eq!(Date::new(2015, 4, 3).unwrap().to_string(), "2015-04-03");
    }

    #[test]
    fn sex_values() {
        assert_eq!(sex("M"), Some(b'M'));
        assert_eq!(sex(" female "), Some(b'F'));
        assert_eq!(sex("U"), None);
        assert_eq!(sex("MALE"), Some(b'M'));
        assert_eq!(sex(""), None);
    }
}
