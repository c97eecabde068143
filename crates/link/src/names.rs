//! Name knowledge: nickname and Welsh/English variant groups, phonetic codes, and string similarity.

use std::collections::HashMap;
use std::sync::OnceLock;

use rphonetic::{DoubleMetaphone, Encoder, Soundex};

/// The variant groups shipped in `data/name_variants.csv`.
pub const VARIANTS_CSV: &str = include_str!("../data/name_variants.csv");

/// Groups of equivalent given names (Dafydd = David = Dai = Dewi ...).
#[derive(Debug, Default)]
pub struct Variants {
    groups_of: HashMap<String, Vec<u32>>,
    canonical: Vec<String>,
    /// The listed names of four letters or more with their groups, shortest first (for [`Variants::near_groups`]).
    by_length: Vec<(String, Vec<u32>)>,
    /// Each of those names, and each of its one-letter deletions, hashed, with the name's index in `by_length`;
    /// sorted. Two names one edit apart (substitution, insertion, deletion or adjacent transposition) share
    /// an entry, so [`Variants::near_groups`] looks up a name's own deletions instead of trying every listed
    /// name of about its length (the deletion neighbourhoods of SymSpell).
    deletions: Vec<(u64, u32)>,
}

/// The hashes of a name and of each of its one-letter deletions.
fn deletion_hashes(name: &[u8]) -> impl Iterator<Item = u64> + '_ {
    let mut buf = Vec::with_capacity(name.len());
    std::iter::once(hash(name)).chain((0..name.len()).map(move |i| {
        buf.clear();
        buf.extend_from_slice(&name[..i]);
        buf.extend_from_slice(&name[i + 1..]);
        hash(&buf)
    }))
}

impl Variants {
    /// Parses one group per line, comma separated, `#` comments. Names are standardised as they are read.
    pub fn parse(text: &str) -> Variants {
        let mut v = Variants::default();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let names: Vec<String> = line
                .split(',')
                .map(|n| crate::standardise::name(n).replace(' ', ""))
                .filter(|n| !n.is_empty())
                .collect();
            if names.len() < 2 {
                continue;
            }
            let gid = v.canonical.len() as u32;
            v.canonical.push(names[0].clone());
            for n in names {
                let entry = v.groups_of.entry(n).or_default();
                if !entry.contains(&gid) {
                    entry.push(gid);
                }
            }
        }
        v.by_length = v.groups_of.iter().filter(|(n, _)| n.len() >= 4).map(|(n, g)| (n.clone(), g.clone())).collect();
        v.by_length.sort_by(|(a, _), (b, _)| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
        v.deletions = v
            .by_length
            .iter()
            .enumerate()
            .flat_map(|(i, (n, _))| deletion_hashes(n.as_bytes()).map(move |h| (h, i as u32)))
            .collect();
        v.deletions.sort_unstable();
        v.deletions.dedup();
        v
    }

    /// Groups of the listed names one edit away from `name` (a nickname or Welsh form mistyped: "Evin" is one
    /// edit from Evan, so shares Iwan's group), leaving out the groups `name` is in itself. Names shorter
    /// than four letters have too many neighbours to say anything and get none.
    pub fn near_groups(&self, name: &str) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        if name.len() < 4 {
            return out;
        }
        let own = self.groups(name);
        let mut candidates: Vec<u32> = Vec::new();
        for h in deletion_hashes(name.as_bytes()) {
            let from = self.deletions.partition_point(|&(k, _)| k < h);
            candidates.extend(self.deletions[from..].iter().take_while(|&&(k, _)| k == h).map(|&(_, i)| i));
        }
        candidates.sort_unstable();
        candidates.dedup();
        // A shared deletion is not always one edit (abc and bca both lose a to bc), and hashes can collide:
        // each candidate is checked.
        for i in candidates {
            let (listed, gs) = &self.by_length[i as usize];
            if within_one_edit(listed.as_bytes(), name.as_bytes()) {
                for g in gs {
                    if !own.contains(g) && !out.contains(g) {
                        out.push(*g);
                    }
                }
            }
        }
        out.sort_unstable();
        out
    }

    /// The shipped table, parsed once.
    pub fn builtin() -> &'static Variants {
        static V: OnceLock<Variants> = OnceLock::new();
        V.get_or_init(|| Variants::parse(VARIANTS_CSV))
    }

    /// Group ids the (standardised, space-free) name belongs to.
    pub fn groups(&self, name: &str) -> &[u32] {
        self.groups_of.get(name).map_or(&[], Vec::as_slice)
    }

    /// True when two names share a variant group.
    pub fn are_variants(&self, a: &str, b: &str) -> bool {
        let ga = self.groups(a);
        self.groups(b).iter().any(|g| ga.contains(g))
    }

    /// The canonical form of a name's first group, or the name itself.
    pub fn canonical<'a>(&'a self, name: &'a str) -> &'a str {
        match self.groups(name).first() {
            Some(&g) => self.canonical.get(g as usize).map_or(name, String::as_str),
            None => name,
        }
    }

    /// All names in the table that share a group with `name` (used by the generator).
    pub fn alternatives(&self, name: &str) -> Vec<&str> {
        let gs = self.groups(name);
        let mut out: Vec<&str> = self
            .groups_of
            .iter()
            .filter(|(n, g)| *n != name && g.iter().any(|x| gs.contains(x)))
            .map(|(n, _)| n.as_str())
            .collect();
        out.sort_unstable();
        out
    }

    /// Number of groups.
    pub fn len(&self) -> usize {
        self.canonical.len()
    }

    /// True when there are no groups.
    pub fn is_empty(&self) -> bool {
        self.canonical.is_empty()
    }
}

/// Double Metaphone primary and alternate codes of a standardised name ("" for an empty name).
pub fn double_metaphone(name: &str) -> (String, String) {
    if name.is_empty() {
        return (String::new(), String::new());
    }
    static DM: OnceLock<DoubleMetaphone> = OnceLock::new();
    let dm = DM.get_or_init(DoubleMetaphone::default);
    let r = dm.double_metaphone(name);
    (r.primary(), r.alternate())
}

/// American Soundex code of a standardised name ("" for an empty name).
pub fn soundex(name: &str) -> String {
    if !name.bytes().any(|c| c.is_ascii_alphabetic()) {
        return String::new();
    }
    Soundex::default().encode(name)
}

/// Jaro-Winkler similarity of two byte strings (prefix scale 0.1, at most 4 prefix characters).
/// Allocation-free for strings up to 64 bytes.
pub fn jaro_winkler(a: &[u8], b: &[u8]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a.len() > 64 || b.len() > 64 {
        let sa = String::from_utf8_lossy(a);
        let sb = String::from_utf8_lossy(b);
        return strsim::jaro_winkler(&sa, &sb);
    }
    let j = jaro(a, b);
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count();
    j + prefix as f64 * 0.1 * (1.0 - j)
}

fn jaro(a: &[u8], b: &[u8]) -> f64 {
    let (la, lb) = (a.len(), b.len());
    let window = (la.max(lb) / 2).saturating_sub(1);
    let mut a_match = [false; 64];
    let mut b_match = [false; 64];
    let mut matches = 0usize;
    for i in 0..la {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(lb);
        for j in lo..hi {
            if !b_match[j] && a[i] == b[j] {
                a_match[i] = true;
                b_match[j] = true;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut t = 0usize;
    let mut k = 0usize;
    for i in 0..la {
        if a_match[i] {
            while !b_match[k] {
                k += 1;
            }
            if a[i] != b[k] {
                t += 1;
            }
            k += 1;
        }
    }
    let m = matches as f64;
    (m / la as f64 + m / lb as f64 + (m - (t / 2) as f64) / m) / 3.0
}

/// True when `a` and `b` differ by at most one insertion, deletion, substitution, or swap of neighbours.
pub fn within_one_edit(a: &[u8], b: &[u8]) -> bool {
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if p == la && p == lb {
        return true;
    }
    let s = a[p..].iter().rev().zip(b[p..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (la - p - s, lb - p - s);
    if ra.max(rb) <= 1 {
        return true;
    }
    // adjacent transposition
    la == lb && ra == 2 && a[p] == b[p + 1] && a[p + 1] == b[p]
}

/// Levenshtein distance (plain, for tests and the explain file).
pub fn levenshtein(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

/// A deterministic 64-bit hash of bytes (FNV-1a folded with a multiply), never 0.
pub fn hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h = (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 32;
    if h == 0 { 1 } else { h }
}

/// A fast hasher for the engine's own maps (FxHash's multiply-rotate): their keys are names, hashes and
/// record numbers, and SipHash's protection against chosen collisions costs more than the lookups.
#[derive(Debug, Default, Clone, Copy)]
pub struct FastHasher(u64);

impl FastHasher {
    #[inline]
    fn add(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;
/// A `HashSet` with [`FastHasher`].
pub type FastSet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<FastHasher>>;

/// Combines two hashes (order matters), never 0.
pub fn mix(a: u64, b: u64) -> u64 {
    let h = (a ^ b.rotate_left(17)).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (a >> 31);
    if h == 0 { 1 } else { h }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every listed name one edit from `name`, found by trying them all.
    fn near_groups_by_scan(v: &Variants, name: &str) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        if name.len() < 4 {
            return out;
        }
        let own = v.groups(name);
        for (listed, gs) in &v.by_length {
            if within_one_edit(listed.as_bytes(), name.as_bytes()) {
                out.extend(gs.iter().filter(|g| !own.contains(g)));
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    #[test]
    fn near_groups_finds_what_trying_every_listed_name_finds() {
        let v = Variants::builtin();
        let mut tried = 0;
        let mut found = 0;
        for (listed, _) in v.by_length.iter().step_by(3) {
            let b = listed.as_bytes();
            let mut mistyped: Vec<Vec<u8>> = Vec::new();
            for i in 0..b.len() {
                mistyped.push([&b[..i], &b[i + 1..]].concat()); // a letter left out
                mistyped.push([&b[..i], b"q", &b[i + 1..]].concat()); // one mistyped
                mistyped.push([&b[..i], b"e", &b[i..]].concat()); // one added
                if i + 1 < b.len() {
                    mistyped.push([&b[..i], &[b[i + 1], b[i]], &b[i + 2..]].concat()); // two swapped
                }
                // two letters wrong: rarely one edit from anything
                mistyped.push([&b[..i], b"zx", &b[(i + 2).min(b.len())..]].concat());
            }
            for m in mistyped {
                let m = String::from_utf8(m).expect("ascii");
                let got = v.near_groups(&m);
                assert_eq!(got, near_groups_by_scan(v, &m), "{m} (from {listed})");
                tried += 1;
                found += usize::from(!got.is_empty());
            }
        }
        assert!(tried > 5_000 && found > tried / 3, "{found} of {tried}");
    }

    #[test]
    fn welsh_and_english_variants() {
        let v = Variants::builtin();
        assert!(v.len() > 100);
        for (a, b) in [
            ("dafydd", "david"),
            ("sian", "jane"),
            ("ieuan", "evan"),
            ("rhys", "reece"),
            ("gwilym", "william"),
            ("sion", "john"),
            ("iestyn", "justin"),
            ("catrin", "catherine"),
            ("elin", "ellen"),
            ("dai", "dave"),
            ("bill", "william"),
            ("peggy", "margaret"),
        ] {
            assert!(v.are_variants(a, b), "{a} {b}");
            assert!(v.are_variants(b, a), "{b} {a}");
        }
        assert!(!v.are_variants("david", "william"));
        assert!(!v.are_variants("unknownname", "unknownname2"));
        assert_eq!(v.canonical("dafydd"), "david");
        assert_eq!(v.canonical("zzz"), "zzz");
        assert!(v.alternatives("dafydd").contains(&"david"));
    }

    #[test]
    fn variants_parse_standardises_and_skips_comments() {
        let v = Variants::parse("# comment\nSiân, Jane\n\nsolo\n");
        assert_eq!(v.len(), 1);
        assert!(v.are_variants("sian", "jane"));
        assert!(!v.is_empty());
    }

    #[test]
    fn phonetic_codes() {
        assert_eq!(soundex("robert"), soundex("rupert"));
        assert_eq!(soundex(""), "");
        let (p1, _) = double_metaphone("smith");
        let (p2, a2) = double_metaphone("smyth");
        assert!(p1 == p2 || p1 == a2);
        assert_eq!(double_metaphone("").0, "");
        assert_eq!(double_metaphone("catherine").0, double_metaphone("kathryn").0);
    }

    #[test]
    fn jaro_winkler_matches_strsim() {
        for (a, b) in [
            ("martha", "marhta"),
            ("dwayne", "duane"),
            ("dixon", "dicksonx"),
            ("jones", "johnson"),
            ("a", "a"),
            ("abc", "xyz"),
            ("williams", "willaims"),
            ("llewellyn", "llewelyn"),
        ] {
            let ours = jaro_winkler(a.as_bytes(), b.as_bytes());
            let theirs = strsim::jaro_winkler(a, b);
            assert!((ours - theirs).abs() < 1e-9, "{a} {b} {ours} {theirs}");
        }
        assert_eq!(jaro_winkler(b"", b""), 1.0);
        assert_eq!(jaro_winkler(b"a", b""), 0.0);
        let long = "a".repeat(70);
        assert!((jaro_winkler(long.as_bytes(), long.as_bytes()) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn one_edit() {
        assert!(within_one_edit(b"smith", b"smith"));
        assert!(within_one_edit(b"smith", b"smyth"));
        assert!(within_one_edit(b"smith", b"smth"));
        assert!(within_one_edit(b"smith", b"smiths"));
        assert!(within_one_edit(b"smith", b"msith"));
        assert!(within_one_edit(b"", b"a"));
        assert!(!within_one_edit(b"smith", b"jones"));
        assert!(!within_one_edit(b"smith", b"smithes"));
        assert!(!within_one_edit(b"abcd", b"badc"));
        assert_eq!(levenshtein("kitten", "sitting"), 3);
    }

    #[test]
    fn hashes_are_stable_and_nonzero() {
        assert_eq!(hash(b"abc"), hash(b"abc"));
        assert_ne!(hash(b"abc"), hash(b"abd"));
        assert_ne!(hash(b""), 0);
        assert_ne!(mix(1, 2), mix(2, 1));
    }
}
