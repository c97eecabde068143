//! Records prepared for comparison, and the comparison levels of each field.

use std::sync::Arc;

use crate::names::{self, Variants};
use crate::standardise::{self, Date, DobParse};

/// One input record as read (raw strings).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawRecord {
    pub record_id: String,
    pub source: String,
    pub first_name: String,
    pub surname: String,
    pub dob: String,
    pub sex: String,
    pub postcode: String,
}

/// The compared fields of a record, borrowed.
#[derive(Debug, Clone, Copy, Default)]
pub struct RecordRef<'a> {
    pub first_name: &'a str,
    pub surname: &'a str,
    pub dob: &'a str,
    pub sex: &'a str,
    pub postcode: &'a str,
}

impl RawRecord {
    /// Borrowed view of the compared fields.
    pub fn view(&self) -> RecordRef<'_> {
        RecordRef {
            first_name: &self.first_name,
            surname: &self.surname,
            dob: &self.dob,
            sex: &self.sex,
            postcode: &self.postcode,
        }
    }
}

/// A record standardised once, with everything the comparisons need precomputed. The names' parts are
/// shared by every record with the same spelling, which keeps a record small (the comparisons are bound by
/// memory, not arithmetic).
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    /// The given name's standardised form and codes.
    pub first: Arc<NameParts>,
    /// The surname's standardised form and codes.
    pub sur: Arc<NameParts>,
    /// `first.hash` and `sur.hash` (0 for a missing name), kept here so that the commonest comparisons,
    /// exact agreement and a missing name, need not reach the shared parts.
    pub first_hash: u64,
    pub sur_hash: u64,
    pub dob: Option<Date>,
    pub dob_days: i32,
    pub dob_digits: [u8; 8],
    pub pc_unit: u64,
    pub pc_sector: u64,
    pub pc_district: u64,
    /// A postcode not shaped like a UK one, packed (see [`standardise::postcode_plain`]); 0 otherwise.
    pub pc_plain: u64,
    pub sex: Option<u8>,
}

/// What happened to the date of birth while preparing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DobNote {
    Fine,
    Swapped,
    Invalid,
}

fn code_hash(s: &str) -> u64 {
    if s.is_empty() { 0 } else { names::hash(s.as_bytes()) }
}

/// The standardised forms and codes of one name, computed once per distinct spelling.
#[derive(Debug, Clone, Default)]
pub struct NameParts {
    /// Standardised, without spaces.
    pub std: Box<str>,
    /// Hash of `std` (0 when empty).
    pub hash: u64,
    /// Double Metaphone codes' hashes (primary, alternate).
    pub dm: (u64, u64),
    /// Variant groups (given names).
    pub groups: Box<[u32]>,
    /// Variant groups of listed names one edit away (see [`Variants::near_groups`]).
    pub near: Box<[u32]>,
    /// Hash of the canonical form (given names).
    pub canon: u64,
    pub letters: [u8; 26],
    /// Hashes of the parts of a double-barrelled name (surnames).
    pub tokens: Box<[u64]>,
    /// Double Metaphone (primary) hashes of the first and the last part of a surname of two or more parts
    /// ("smith jones": smith's and jones's); (0, 0) for a surname of one part. Blocking uses them to find a
    /// record that gives only one part.
    pub part_dm: (u64, u64),
}

impl NameParts {
    /// A given name: variant groups of the whole name and of its first token ("mary ann" -> mary's too).
    pub fn given(raw: &str, variants: &Variants) -> NameParts {
        let spaced = standardise::name(raw);
        let joined: String = spaced.replace(' ', "");
        let first_token = spaced.split(' ').next().unwrap_or("");
        let mut groups: Vec<u32> = variants.groups(&joined).to_vec();
        for g in variants.groups(first_token) {
            if !groups.contains(g) {
                groups.push(*g);
            }
        }
        let canon = if joined.is_empty() { 0 } else { names::hash(variants.canonical(&joined).as_bytes()) };
        let near: Vec<u32> = variants.near_groups(&joined).into_iter().filter(|g| !groups.contains(g)).collect();
        NameParts { groups: groups.into(), near: near.into(), canon, ..NameParts::common(&spaced, joined) }
    }

    /// A surname: tokens of a double-barrelled name kept for partial agreement (Smith-Jones ~ Jones).
    pub fn family(raw: &str) -> NameParts {
        let spaced = standardise::name(raw);
        let joined: String = spaced.replace(' ', "");
        let parts: Vec<&str> = spaced.split(' ').filter(|t| t.len() >= 2).collect();
        let tokens: Vec<u64> = parts.iter().map(|t| names::hash(t.as_bytes())).collect();
        let part_dm = match parts.as_slice() {
            [first, .., last] => {
                (code_hash(&names::double_metaphone(first).0), code_hash(&names::double_metaphone(last).0))
            }
            _ => (0, 0),
        };
        NameParts { tokens: tokens.into(), part_dm, ..NameParts::common(&spaced, joined) }
    }

    fn common(_spaced: &str, joined: String) -> NameParts {
        let (p, a) = names::double_metaphone(&joined);
        NameParts {
            hash: code_hash(&joined),
            dm: (code_hash(&p), code_hash(&a)),
            letters: letter_counts(&joined),
            std: joined.into(),
            ..NameParts::default()
        }
    }
}

impl Prepared {
    /// Standardises a raw record.
    pub fn new(raw: &RawRecord, variants: &Variants) -> (Prepared, DobNote) {
        Prepared::from_parts(
            raw.view(),
            Arc::new(NameParts::given(&raw.first_name, variants)),
            Arc::new(NameParts::family(&raw.surname)),
        )
    }

    /// Standardises a raw record whose names were already prepared (names repeat, so callers cache them).
    pub fn from_parts(raw: RecordRef<'_>, first: Arc<NameParts>, sur: Arc<NameParts>) -> (Prepared, DobNote) {
        let (dob, note) = match standardise::dob(raw.dob) {
            DobParse::Empty => (None, DobNote::Fine),
            DobParse::Ok(d) => (Some(d), DobNote::Fine),
            DobParse::Swapped(d) => (Some(d), DobNote::Swapped),
            DobParse::Invalid => (None, DobNote::Invalid),
        };
        let (pc_unit, pc_sector, pc_district) = standardise::postcode_hashes(raw.postcode);
        let p = Prepared {
            first_hash: first.hash,
            sur_hash: sur.hash,
            first,
            sur,
            dob,
            dob_days: dob.map_or(0, Date::days),
            dob_digits: dob.map_or([0; 8], Date::digits),
            pc_unit,
            pc_sector,
            pc_district,
            pc_plain: standardise::postcode_plain(raw.postcode),
            sex: standardise::sex(raw.sex),
        };
        (p, note)
    }
}

/// How many times each letter a-z occurs (saturating).
pub fn letter_counts(s: &str) -> [u8; 26] {
    let mut c = [0u8; 26];
    for b in s.bytes() {
        if b.is_ascii_lowercase() {
            let i = (b - b'a') as usize;
            c[i] = c[i].saturating_add(1);
        }
    }
    c
}

/// An upper bound on the Jaro-Winkler similarity from letter counts and the common prefix, so the exact
/// computation can be skipped for clearly different names (most random pairs). `ca` and `cb` are the
/// [`letter_counts`] of `a` and `b`.
pub fn jaro_winkler_bound(a: &[u8], b: &[u8], ca: &[u8; 26], cb: &[u8; 26]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    // Letters the two have in common, counted with multiplicity (a few vector instructions).
    let common: u32 = ca.iter().zip(cb).map(|(&x, &y)| u32::from(x.min(y))).sum();
    let m = f64::from(common).min(a.len().min(b.len()) as f64);
    if m == 0.0 {
        return 0.0;
    }
    let j = (m / a.len() as f64 + m / b.len() as f64 + 1.0) / 3.0;
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count();
    j + prefix as f64 * 0.1 * (1.0 - j)
}

/// Number of compared fields.
pub const FIELDS: usize = 5;
/// Field names, in comparison-vector order.
pub const FIELD_NAMES: [&str; FIELDS] = ["first_name", "surname", "dob", "postcode", "sex"];
/// Number of levels of each field (level 0 is always "null": missing on either side, weight 0).
pub const LEVELS: [usize; FIELDS] = [8, 6, 6, 5, 3];
/// Level names per field, for the explain file.
pub const LEVEL_NAMES: [&[&str]; FIELDS] = [
    &["null", "exact", "variant", "jw_0.92_or_swapped", "phonetic_or_jw_0.85", "jw_0.7", "else", "variant_with_typo"],
    &["null", "exact", "jw_0.92_or_swapped", "phonetic_or_jw_0.85_or_crossed", "else", "part"],
    &["null", "exact", "day_month_swap", "one_digit", "within_1y", "else"],
    &["null", "unit", "sector_or_one_edit", "district", "else"],
    &["null", "equal", "different"],
];
/// Number of distinct comparison vectors.
pub const PATTERNS: usize = LEVELS[0] * LEVELS[1] * LEVELS[2] * LEVELS[3] * LEVELS[4];

/// The "exact" level of each field (level 1) is where term-frequency adjustment applies.
pub const EXACT: u8 = 1;

/// A comparison vector: one level per field.
pub type Gamma = [u8; FIELDS];

fn dm_match(a: (u64, u64), b: (u64, u64)) -> bool {
    a.0 != 0 && (a.0 == b.0 || (a.1 != 0 && (a.1 == b.0 || a.1 == b.1)) || (b.1 != 0 && a.0 == b.1))
}

/// First-name level.
pub fn first_level(a: &Prepared, b: &Prepared) -> u8 {
    match (a.first_hash, b.first_hash) {
        (0, _) | (_, 0) => 0,
        (x, y) if x == y => 1,
        _ => given_name_level(&a.first, &b.first),
    }
}

/// First-name level of two given names.
pub fn given_name_level(a: &NameParts, b: &NameParts) -> u8 {
    if a.std.is_empty() || b.std.is_empty() {
        return 0;
    }
    if a.hash == b.hash {
        return 1;
    }
    if a.groups.iter().any(|g| b.groups.contains(g)) {
        return 2;
    }
    let (x, y) = (a.std.as_bytes(), b.std.as_bytes());
    let bound = jaro_winkler_bound(x, y, &a.letters, &b.letters);
    // A nickname or Welsh form with a typo (Evin ~ Iwan, Abjy ~ Abigail): one edit from a listed variant.
    // Level 7, after "else", so that the levels of the other comparisons keep their numbers.
    let near_variant = || a.near.iter().any(|g| b.groups.contains(g)) || b.near.iter().any(|g| a.groups.contains(g));
    if bound < 0.7 {
        if near_variant() {
            return 7;
        }
        // Clearly different spellings (most pairs): only a phonetic match can lift them.
        return if dm_match(a.dm, b.dm) { 4 } else { 6 };
    }
    if names::within_one_edit(x, y) {
        return 3;
    }
    let jw = names::jaro_winkler(x, y);
    if jw >= 0.92 {
        return 3;
    }
    if near_variant() {
        return 7;
    }
    if jw >= 0.85 || dm_match(a.dm, b.dm) {
        return 4;
    }
    // A damaged name still shares much with the original (Tfom ~ Tom, Isy ~ Isabelle); two siblings'
    // names mostly do not.
    if jw >= 0.7 {
        return 5;
    }
    6
}

/// Surname level.
pub fn surname_level(a: &Prepared, b: &Prepared) -> u8 {
    match (a.sur_hash, b.sur_hash) {
        (0, _) | (_, 0) => 0,
        (x, y) if x == y => 1,
        _ => family_name_level(&a.sur, &b.sur),
    }
}

/// Surname level of two family names.
pub fn family_name_level(a: &NameParts, b: &NameParts) -> u8 {
    if a.std.is_empty() || b.std.is_empty() {
        return 0;
    }
    if a.hash == b.hash {
        return 1;
    }
    let (x, y) = (a.std.as_bytes(), b.std.as_bytes());
    if names::within_one_edit(x, y) {
        return 2;
    }
    let jw = if jaro_winkler_bound(x, y, &a.letters, &b.letters) < 0.85 { 0.0 } else { names::jaro_winkler(x, y) };
    if jw >= 0.92 {
        return 2;
    }
    // A double-barrelled surname given in part (Smith-Jones ~ Jones, SmithJones ~ Smith): a level of its own,
    // after "else" so that the others keep their numbers. Sharing a part is stronger evidence than sounding
    // alike, and weaker than a slip of one letter when the part is a common name.
    let part = (a.tokens.len() > 1 || b.tokens.len() > 1) && a.tokens.iter().any(|t| b.tokens.contains(t));
    if part || part_of_joined(x, y) {
        return SUR_PART;
    }
    if jw >= 0.85 || dm_match(a.dm, b.dm) {
        return 3;
    }
    4
}

/// One surname is a part of the other written without a break ("smithjones" ~ "jones", "jonessmith" ~ "jones"):
/// the shorter at least four letters, at the start or end of the longer, which has at least three letters more.
fn part_of_joined(x: &[u8], y: &[u8]) -> bool {
    let (short, long) = if x.len() <= y.len() { (x, y) } else { (y, x) };
    short.len() >= 4 && long.len() >= short.len() + 3 && (long.starts_with(short) || long.ends_with(short))
}

/// Given name and surname written the wrong way round on one of the two records: each name of one is the
/// other's other name, exactly or with one slip (one edit, or Jaro-Winkler 0.92). Both names must be present
/// on both records.
#[inline(never)] // rarely reached: kept out of `compare`, which is inlined into every loop that compares
pub fn names_swapped(a: &Prepared, b: &Prepared) -> bool {
    names_crossed(a, b) == 2
}

/// How many of the two names agree crossed over (one record's given name with the other's surname, and the
/// other way round), exactly or with one slip.
#[inline(never)]
pub fn names_crossed(a: &Prepared, b: &Prepared) -> u8 {
    let one = |x: &NameParts, y: &NameParts| u8::from(!x.std.is_empty() && !y.std.is_empty() && near_name(x, y));
    one(&a.first, &b.sur) + one(&a.sur, &b.first)
}

fn near_name(x: &NameParts, y: &NameParts) -> bool {
    if x.hash == y.hash {
        return true;
    }
    let (p, q) = (x.std.as_bytes(), y.std.as_bytes());
    if names::within_one_edit(p, q) {
        return true;
    }
    // Names more than one edit apart that still reach Jaro-Winkler 0.92 share their first letter (the prefix
    // bonus) unless they are long; asking for it first stops most pairs (every random pair whose names both
    // disagree comes here) before the letter counts are read.
    p.first() == q.first()
        && jaro_winkler_bound(p, q, &x.letters, &y.letters) >= 0.92
        && names::jaro_winkler(p, q) >= 0.92
}

/// Date-of-birth level.
pub fn dob_level(a: &Prepared, b: &Prepared) -> u8 {
    let (Some(x), Some(y)) = (a.dob, b.dob) else {
        return 0;
    };
    if x == y {
        return 1;
    }
    if x.year == y.year && x.month == y.day && x.day == y.month {
        return 2;
    }
    let diff = a.dob_digits.iter().zip(&b.dob_digits).filter(|(p, q)| p != q).count();
    if diff <= 1 || names::within_one_edit(&a.dob_digits, &b.dob_digits) {
        return 3;
    }
    if (a.dob_days - b.dob_days).abs() <= 365 {
        return 4;
    }
    5
}

/// Postcode level.
pub fn postcode_level(a: &Prepared, b: &Prepared) -> u8 {
    if a.pc_unit == 0 || b.pc_unit == 0 {
        return 0;
    }
    if a.pc_unit == b.pc_unit {
        return 1;
    }
    if a.pc_sector != 0 && a.pc_sector == b.pc_sector {
        return 2;
    }
    if a.pc_district != 0 && a.pc_district == b.pc_district {
        return 3;
    }
    // Postcodes from elsewhere (four-digit Australian ones in the FEBRL sets) have no sector or district that
    // haven knows: one typed with a digit wrong or two digits swapped is as near as a UK one in the same sector.
    if a.pc_plain != 0 && b.pc_plain != 0 && standardise::plain_near(a.pc_plain, b.pc_plain) {
        return 2;
    }
    4
}

/// Sex level.
pub fn sex_level(a: &Prepared, b: &Prepared) -> u8 {
    match (a.sex, b.sex) {
        (Some(x), Some(y)) if x == y => 1,
        (Some(_), Some(_)) => 2,
        _ => 0,
    }
}

/// The full comparison vector of a pair. When the names disagree but agree crossed over (given name and
/// surname swapped on one record, see [`names_swapped`]), each name is scored at its near level (Jaro-Winkler
/// 0.92): a swap is a slip of entry, weighed like a one-letter one rather than with its own level, whose u
/// would be estimated from the handful of random pairs that happen to cross. When both disagree outright and
/// only one crosses over (names swapped, then one of them replaced, as FEBRL's generator does: Jordan Lavis
/// and Lavis Henry), the surname is scored at its weak level ("phonetic_or_jw_0.85_or_crossed").
#[inline]
pub fn compare(a: &Prepared, b: &Prepared) -> Gamma {
    let (mut first, mut sur) = (first_level(a, b), surname_level(a, b));
    if (FIRST_PHONETIC..=FIRST_ELSE).contains(&first) && (SUR_PHONETIC..=SUR_ELSE).contains(&sur) {
        match names_crossed(a, b) {
            2 => (first, sur) = (FIRST_NEAR, SUR_NEAR),
            1 if first == FIRST_ELSE && sur == SUR_ELSE => sur = SUR_PHONETIC,
            _ => {}
        }
    }
    [first, sur, dob_level(a, b), postcode_level(a, b), sex_level(a, b)]
}

const FIRST_NEAR: u8 = 3;
const FIRST_PHONETIC: u8 = 4;
const FIRST_ELSE: u8 = 6;
const SUR_NEAR: u8 = 2;
const SUR_PHONETIC: u8 = 3;
const SUR_ELSE: u8 = 4;
const SUR_PART: u8 = 5;

/// Index of a comparison vector in `0..PATTERNS`.
pub fn pattern_index(g: &Gamma) -> usize {
    let mut idx = 0usize;
    for f in 0..FIELDS {
        idx = idx * LEVELS[f] + g[f] as usize;
    }
    idx
}

/// The comparison vector of a pattern index.
pub fn pattern_gamma(mut idx: usize) -> Gamma {
    let mut g = [0u8; FIELDS];
    for f in (0..FIELDS).rev() {
        g[f] = (idx % LEVELS[f]) as u8;
        idx /= LEVELS[f];
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(first: &str, sur: &str, dob: &str, sex: &str, pc: &str) -> Prepared {
        let raw = RawRecord {
            record_id: "x".into(),
            source: "s".into(),
            first_name: first.into(),
            surname: sur.into(),
            dob: dob.into(),
            sex: sex.into(),
            postcode: pc.into(),
        };
        Prepared::new(&raw, Variants::builtin()).0
    }

    #[test]
    fn first_name_levels() {
        let a = rec("Dafydd", "", "", "", "");
        assert_eq!(first_level(&a, &rec("DAFYDD", "", "", "", "")), 1);
        assert_eq!(first_level(&a, &rec("David", "", "", "", "")), 2);
        assert_eq!(first_level(&a, &rec("Dafyd", "", "", "", "")), 3);
        assert_eq!(first_level(&rec("Siân", "", "", "", ""), &rec("Sian", "", "", "", "")), 1);
        assert_eq!(first_level(&rec("Jon", "", "", "", ""), &rec("John", "", "", "", "")), 2);
        assert_eq!(first_level(&rec("Stephen", "", "", "", ""), &rec("Stephan", "", "", "", "")), 3);
        // Kathrine is Katherine (a listed form of Catherine) mistyped.
        assert_eq!(first_level(&rec("Catherine", "", "", "", ""), &rec("Kathrine", "", "", "", "")), 7);
        assert_eq!(first_level(&a, &rec("Oliver", "", "", "", "")), 6);
        // Tfom is Tom mistyped, and Tom is a listed form of Tommy.
        assert_eq!(first_level(&rec("Tfom", "", "", "", ""), &rec("Tommy", "", "", "", "")), 7);
        assert_eq!(first_level(&rec("Isy", "", "", "", ""), &rec("Isabelle", "", "", "", "")), 5);
        assert_eq!(first_level(&a, &rec("", "", "", "", "")), 0);
        assert_eq!(first_level(&rec("Evin", "", "", "", ""), &rec("Iwan", "", "", "", "")), 7);
        assert_eq!(first_level(&rec("Iwan", "", "", "", ""), &rec("Evin", "", "", "", "")), 7);
        assert_eq!(first_level(&rec("Gwyneht", "", "", "", ""), &rec("Gwenllian", "", "", "", "")), 7);
    }

    #[test]
    fn surname_levels() {
        let a = rec("", "Williams", "", "", "");
        assert_eq!(surname_level(&a, &rec("", "williams", "", "", "")), 1);
        assert_eq!(surname_level(&a, &rec("", "Willaims", "", "", "")), 2);
        assert_eq!(surname_level(&rec("", "Smith-Jones", "", "", ""), &rec("", "Jones", "", "", "")), 5);
        assert_eq!(surname_level(&rec("", "Phillips", "", "", ""), &rec("", "Fillipps", "", "", "")), 3);
        assert_eq!(surname_level(&a, &rec("", "Evans", "", "", "")), 4);
        assert_eq!(surname_level(&a, &rec("", "", "", "", "")), 0);
        assert_eq!(surname_level(&rec("", "O'Brien", "", "", ""), &rec("", "OBRIEN", "", "", "")), 1);
    }

    #[test]
    fn dob_levels() {
        let a = rec("", "", "2015-04-03", "", "");
        assert_eq!(dob_level(&a, &rec("", "", "2015-04-03", "", "")), 1);
        assert_eq!(dob_level(&a, &rec("", "", "2015-03-04", "", "")), 2);
        assert_eq!(dob_level(&a, &rec("", "", "2015-04-08", "", "")), 3);
        assert_eq!(dob_level(&a, &rec("", "", "2016-04-03", "", "")), 3);
        assert_eq!(dob_level(&a, &rec("", "", "2015-09-20", "", "")), 4);
        assert_eq!(dob_level(&a, &rec("", "", "2011-12-25", "", "")), 5);
        assert_eq!(dob_level(&a, &rec("", "", "", "", "")), 0);
        assert_eq!(dob_level(&a, &rec("", "", "not a date", "", "")), 0);
    }

    #[test]
    fn postcode_levels() {
        let a = rec("", "", "", "", "CF10 1AA");
        assert_eq!(postcode_level(&a, &rec("", "", "", "", "cf101aa")), 1);
        assert_eq!(postcode_level(&a, &rec("", "", "", "", "CF10 1ZZ")), 2);
        assert_eq!(postcode_level(&a, &rec("", "", "", "", "CF10 2AB")), 3);
        assert_eq!(postcode_level(&a, &rec("", "", "", "", "SA1 1AA")), 4);
        assert_eq!(postcode_level(&a, &rec("", "", "", "", "")), 0);
    }

    #[test]
    fn postcodes_from_elsewhere_one_edit_apart_are_near() {
        // Four-digit Australian postcodes (FEBRL): no sector or district, so one slip is the near level.
        let a = rec("", "", "", "", "4011");
        assert_eq!(postcode_level(&a, &rec("", "", "", "", "4011")), 1);
        assert_eq!(postcode_level(&a, &rec("", "", "", "", "4101")), 2, "two digits swapped");
        assert_eq!(postcode_level(&a, &rec("", "", "", "", "4012")), 2, "one digit wrong");
        assert_eq!(postcode_level(&a, &rec("", "", "", "", "401")), 2, "one digit left out");
        assert_eq!(postcode_level(&a, &rec("", "", "", "", "4022")), 4);
        assert_eq!(postcode_level(&a, &rec("", "", "", "", "7310")), 4);
        // UK postcodes keep their structure: a slip in the outward code is not near.
        let uk = rec("", "", "", "", "CF10 1AA");
        assert_eq!(postcode_level(&uk, &rec("", "", "", "", "CF01 1AA")), 4);
        assert_eq!(postcode_level(&uk, &rec("", "", "", "", "CF10 1AB")), 2);
    }

    #[test]
    fn swapped_names_score_as_near_names() {
        let a = rec("Lia", "Voulgaridis", "1996-05-31", "", "6158");
        let g = compare(&a, &rec("Voulgaridis", "Lia", "1996-05-31", "", "6158"));
        assert_eq!((g[0], g[1]), (3, 2));
        assert_eq!(LEVEL_NAMES[0][3], "jw_0.92_or_swapped");
        // with a slip in one of them
        let g = compare(&rec("Gabrielle", "Langer", "", "", ""), &rec("Laznger", "Gabrielle", "", "", ""));
        assert_eq!((g[0], g[1]), (3, 2));
        let g = compare(&rec("Rhys", "Owen", "", "", ""), &rec("Owen", "Rhys", "", "", ""));
        assert_eq!((g[0], g[1]), (3, 2));
        // only one name crossing over is not a swap, but weak agreement on the surname
        let g = compare(&rec("Rhys", "Owen", "", "", ""), &rec("Owen", "Jones", "", "", ""));
        assert_eq!((g[0], g[1]), (6, 3));
        let g = compare(&rec("Jordan", "Lavis", "", "", ""), &rec("Lavis", "Henry", "", "", ""));
        assert_eq!((g[0], g[1]), (6, 3));
        assert_eq!(LEVEL_NAMES[1][3], "phonetic_or_jw_0.85_or_crossed");
        // nothing crossing over is nothing
        let g = compare(&rec("Rhys", "Owen", "", "", ""), &rec("Dafydd", "Jones", "", "", ""));
        assert_eq!((g[0], g[1]), (6, 4));
        // nor is a name missing on one side
        let g = compare(&rec("Rhys", "Owen", "", "", ""), &rec("", "Rhys", "", "", ""));
        assert_eq!((g[0], g[1]), (0, 4));
        // names that agree the right way round keep their levels
        let g = compare(&rec("Rhys", "Owen", "", "", ""), &rec("Rhys", "Owen", "", "", ""));
        assert_eq!((g[0], g[1]), (1, 1));
    }

    #[test]
    fn a_surname_given_in_part_agrees_in_part() {
        // written without a break, so there are no parts to compare
        let joined = rec("", "SmithJones", "", "", "");
        assert!(names::jaro_winkler(b"smithjones", b"jones") < 0.85);
        assert_eq!(surname_level(&joined, &rec("", "Jones", "", "", "")), 5);
        assert_eq!(surname_level(&joined, &rec("", "Smith", "", "", "")), 5);
        assert_eq!(surname_level(&rec("", "Jones", "", "", ""), &joined), 5);
        // with the break too: a level of its own (it was the weak "phonetic" agreement)
        assert_eq!(surname_level(&rec("", "Smith-Jones", "", "", ""), &rec("", "Smith", "", "", "")), 5);
        assert_eq!(LEVEL_NAMES[1][5], "part");
        // a short name inside a long one is not enough
        assert_eq!(surname_level(&rec("", "Ray", "", "", ""), &rec("", "Raymondson", "", "", "")), 4);
        assert_eq!(surname_level(&rec("", "Evans", "", "", ""), &rec("", "Williams", "", "", "")), 4);
    }

    #[test]
    fn sex_levels() {
        assert_eq!(sex_level(&rec("", "", "", "M", ""), &rec("", "", "", "male", "")), 1);
        assert_eq!(sex_level(&rec("", "", "", "M", ""), &rec("", "", "", "F", "")), 2);
        assert_eq!(sex_level(&rec("", "", "", "M", ""), &rec("", "", "", "", "")), 0);
    }

    #[test]
    fn jaro_winkler_bound_is_an_upper_bound() {
        let names = ["dafydd", "david", "williams", "willaims", "jones", "johnson", "sian", "siani", "a", "llewellyn"];
        for x in names {
            for y in names {
                let b = jaro_winkler_bound(x.as_bytes(), y.as_bytes(), &letter_counts(x), &letter_counts(y));
                assert!(b + 1e-12 >= names::jaro_winkler(x.as_bytes(), y.as_bytes()), "{x} {y}");
            }
        }
        assert_eq!(letter_counts("aab")[0], 2);
    }

    #[test]
    fn jaro_winkler_bound_counts_common_letters_as_matching_them_one_by_one() {
        // The letters in common, found by crossing off each letter of one name in the other's counts.
        fn crossed_off(a: &[u8], cb: &[u8; 26]) -> u32 {
            let mut left = *cb;
            let mut common = 0;
            for &c in a.iter().filter(|c| c.is_ascii_lowercase()) {
                let slot = &mut left[usize::from(c - b'a')];
                if *slot > 0 {
                    *slot -= 1;
                    common += 1;
                }
            }
            common
        }
        let long = "a".repeat(300);
        let names = ["dafydd", "david", "aaa", "a", "llewellyn", "zz", "smith jones", "o brien", &long];
        for x in names {
            for y in names {
                let (cx, cy) = (letter_counts(x), letter_counts(y));
                let common: u32 = cx.iter().zip(&cy).map(|(&p, &q)| u32::from(p.min(q))).sum();
                assert_eq!(common, crossed_off(x.as_bytes(), &cy), "{x} {y}");
            }
        }
    }

    #[test]
    fn patterns_round_trip() {
        for i in 0..PATTERNS {
            assert_eq!(pattern_index(&pattern_gamma(i)), i);
        }
        let g = compare(&rec("a", "b", "2015-01-01", "M", "CF10 1AA"), &rec("a", "b", "2015-01-01", "M", "CF10 1AA"));
        assert_eq!(g, [1, 1, 1, 1, 1]);
        assert_eq!(PATTERNS, 4320);
    }
}
