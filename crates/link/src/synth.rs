//! Synthetic person records with ground truth, for tests and the benchmark: families sharing a surname and
//! address, twins, nicknames and Welsh/English variants, accents, typos, transposed and mistyped dates,
//! children moved to placements, missing values, and several agencies each with their own duplicates.

use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::compare::RawRecord;
use crate::names::Variants;
use crate::standardise::Date;

const BOYS: &[&str] = &[
    "Oliver",
    "George",
    "Harry",
    "Jack",
    "Jacob",
    "Noah",
    "Charlie",
    "Muhammad",
    "Thomas",
    "Oscar",
    "William",
    "James",
    "Henry",
    "Leo",
    "Alfie",
    "Joshua",
    "Freddie",
    "Archie",
    "Ethan",
    "Isaac",
    "Alexander",
    "Joseph",
    "Edward",
    "Samuel",
    "Max",
    "Daniel",
    "Arthur",
    "Lucas",
    "Mohammed",
    "Logan",
    "Theo",
    "Harrison",
    "Benjamin",
    "Mason",
    "Sebastian",
    "Finley",
    "Adam",
    "Dylan",
    "Zachary",
    "Riley",
    "Teddy",
    "Theodore",
    "David",
    "Toby",
    "Jake",
    "Elijah",
    "Louie",
    "Reuben",
    "Arlo",
    "Hugo",
    "Jaxon",
    "Luca",
    "Matthew",
    "Harvey",
    "Reggie",
    "Michael",
    "Tommy",
    "Jenson",
    "Frankie",
    "Albie",
    "Ronnie",
    "Jayden",
    "Jude",
    "Kai",
    "Tyler",
    "Connor",
    "Callum",
    "Kyle",
    "Liam",
    "Ryan",
    "Jordan",
    "Bradley",
    "Nathan",
    "Aaron",
    "Lewis",
    "Christopher",
    "Andrew",
    "Robert",
    "Richard",
    "Anthony",
    "Peter",
    "Stephen",
    "Patrick",
    "Nicholas",
    "Kieran",
    "Aidan",
    "Cameron",
    "Owen",
    "Evan",
    "Rhys",
    "Ali",
    "Omar",
    "Ibrahim",
    "Yusuf",
    "Hamza",
    "Bilal",
    "Kacper",
    "Jakub",
    "Filip",
    "Mateo",
    "Stanley",
    "Ellis",
    "Gabriel",
    "Caleb",
    "Jamie",
    "Sonny",
    "Rory",
    "Elliot",
    "Felix",
    "Ezra",
    "Hunter",
    "Kayden",
    "Brandon",
];
const GIRLS: &[&str] = &[
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Emily",
    "Isabella",
    "Mia",
    "Poppy",
    "Ella",
    "Lily",
    "Evie",
    "Sophia",
    "Grace",
    "Charlotte",
    "Jessica",
    "Sophie",
    "Freya",
    "Alice",
    "Florence",
    "Daisy",
    "Ruby",
    "Chloe",
    "Millie",
    "Scarlett",
    "Matilda",
    "Elsie",
    "Rosie",
    "Phoebe",
    "Harper",
    "Sienna",
    "Isabelle",
    "Ivy",
    "Evelyn",
    "Willow",
    "Erin",
    "Layla",
    "Maya",
    "Esme",
    "Eva",
    "Lucy",
    "Holly",
    "Imogen",
    "Lola",
    "Emma",
    "Hannah",
    "Abigail",
    "Elizabeth",
    "Katherine",
    "Rebecca",
    "Samantha",
    "Natalie",
    "Victoria",
    "Megan",
    "Lauren",
    "Bethany",
    "Leah",
    "Amy",
    "Zoe",
    "Jasmine",
    "Georgia",
    "Paige",
    "Courtney",
    "Shannon",
    "Kayleigh",
    "Chelsea",
    "Jade",
    "Caitlin",
    "Molly",
    "Eleanor",
    "Madison",
    "Summer",
    "Aria",
    "Hallie",
    "Orla",
    "Niamh",
    "Aisha",
    "Fatima",
    "Maryam",
    "Zara",
    "Amira",
    "Zuzanna",
    "Julia",
    "Maja",
    "Hanna",
    "Nicole",
    "Natalia",
    "Sarah",
    "Laura",
    "Rachel",
    "Jennifer",
    "Stephanie",
    "Danielle",
    "Amber",
    "Tegan",
    "Demi",
    "Skye",
    "Luna",
    "Nancy",
    "Margaret",
    "Mary",
    "Ellen",
    "Catherine",
    "Jane",
    "Joanna",
    "Abbie",
    "Kelsey",
    "Tia",
    "Keira",
    "Lexi",
    "Maisie",
    "Gracie",
];
const WELSH_BOYS: &[&str] = &[
    "Dafydd", "Ieuan", "Rhys", "Gwilym", "Siôn", "Iestyn", "Osian", "Gethin", "Gruffydd", "Llŷr", "Owain", "Huw",
    "Aled", "Emrys", "Hywel", "Macsen", "Tomos", "Cai", "Elis", "Iwan", "Steffan", "Rhodri", "Gareth", "Dewi", "Gwion",
    "Ioan", "Ifan", "Morgan", "Llywelyn", "Tudur", "Meirion", "Idris", "Emyr", "Sion", "Dylan", "Deio",
];
const WELSH_GIRLS: &[&str] = &[
    "Siân",
    "Catrin",
    "Elin",
    "Ffion",
    "Cerys",
    "Seren",
    "Nia",
    "Megan",
    "Mali",
    "Efa",
    "Alys",
    "Lowri",
    "Carys",
    "Gwenllïan",
    "Angharad",
    "Bethan",
    "Rhiannon",
    "Sioned",
    "Manon",
    "Eleri",
    "Heledd",
    "Mared",
    "Non",
    "Tirion",
    "Gwen",
    "Anwen",
    "Branwen",
    "Nest",
    "Mererid",
    "Cadi",
    "Betsan",
    "Enfys",
    "Awen",
    "Llio",
    "Swyn",
    "Mair",
];
const SURNAMES: &[&str] = &[
    "Jones",
    "Smith",
    "Williams",
    "Davies",
    "Evans",
    "Thomas",
    "Roberts",
    "Taylor",
    "Brown",
    "Lewis",
    "Hughes",
    "Wilson",
    "Johnson",
    "Walker",
    "Wright",
    "Robinson",
    "Thompson",
    "White",
    "Edwards",
    "Green",
    "Hall",
    "Wood",
    "Harris",
    "Clarke",
    "Jackson",
    "Patel",
    "Turner",
    "Martin",
    "Cooper",
    "Hill",
    "Ward",
    "Morris",
    "Moore",
    "Clark",
    "Lee",
    "King",
    "Baker",
    "Harrison",
    "Morgan",
    "Allen",
    "James",
    "Scott",
    "Phillips",
    "Watson",
    "Davis",
    "Parker",
    "Price",
    "Bennett",
    "Young",
    "Griffiths",
    "Mitchell",
    "Kelly",
    "Cook",
    "Carter",
    "Richardson",
    "Bailey",
    "Collins",
    "Bell",
    "Shaw",
    "Murphy",
    "Miller",
    "Cox",
    "Richards",
    "Khan",
    "Marshall",
    "Anderson",
    "Simpson",
    "Ellis",
    "Adams",
    "Singh",
    "Begum",
    "Wilkinson",
    "Foster",
    "Chapman",
    "Powell",
    "Webb",
    "Rogers",
    "Gray",
    "Mason",
    "Ali",
    "Hunt",
    "Hussain",
    "Campbell",
    "Matthews",
    "Owen",
    "Palmer",
    "Holmes",
    "Mills",
    "Barnes",
    "Knight",
    "Lloyd",
    "Butler",
    "Russell",
    "Barker",
    "Fisher",
    "Stevens",
    "Jenkins",
    "Murray",
    "Dixon",
    "Harvey",
    "Rees",
    "Pugh",
    "Howells",
    "Llewellyn",
    "Pritchard",
    "Vaughan",
    "Rowlands",
    "Parry",
    "Bevan",
    "Prosser",
    "Watkins",
    "Meredith",
    "Probert",
    "Gwynne",
    "Powell",
    "Jenkins",
    "Morgan",
    "Prydderch",
    "ap Rhys",
    "Bowen",
    "Cadwaladr",
    "Gruffydd",
    "Humphreys",
    "Ifans",
    "Lewis",
    "Maddocks",
    "Nicholas",
    "Parri",
    "O'Brien",
    "O'Connor",
    "O'Neill",
    "McDonald",
    "MacDonald",
    "McCarthy",
    "McLaughlin",
    "Doherty",
    "Kennedy",
    "Graham",
    "Stewart",
    "Robertson",
    "Reid",
    "Ross",
    "Fraser",
    "Hamilton",
    "Gordon",
    "Nowak",
    "Kowalski",
    "Wiśniewski",
    "Lewandowski",
    "Ahmed",
    "Rahman",
    "Islam",
    "Uddin",
    "Miah",
    "Chowdhury",
    "Akhtar",
    "Iqbal",
    "Shah",
    "Mahmood",
    "Nguyen",
    "Wang",
    "Li",
    "Chen",
    "Okafor",
    "Adeyemi",
    "Mensah",
    "Osei",
    "Boateng",
    "Fernandes",
    "Silva",
    "Santos",
    "Pereira",
    "Costa",
    "Müller",
    "Schmidt",
    "Kaur",
    "Gill",
    "Sandhu",
    "Dhillon",
    "Atkinson",
    "Burton",
    "Chambers",
    "Dawson",
    "Fletcher",
    "Gibson",
    "Hudson",
    "Lawrence",
    "Lambert",
    "Newton",
    "Pearson",
    "Porter",
    "Saunders",
    "Sutton",
    "Tucker",
    "Wells",
    "Whitehead",
    "Yates",
    "Barrett",
    "Booth",
    "Bradley",
    "Burgess",
    "Dean",
    "Elliott",
    "Fox",
    "Gardner",
    "Hart",
    "Holland",
    "Jordan",
    "Lane",
    "Lowe",
    "Marsh",
    "Nash",
    "Payne",
    "Pike",
    "Quinn",
    "Rhodes",
    "Sharp",
    "Stone",
    "Tate",
    "Warren",
    "Weston",
    "Wyatt",
];
const WELSH_AREAS: &[&str] = &["CF", "SA", "NP", "LL", "SY", "LD"];
const OTHER_AREAS: &[&str] = &[
    "B", "M", "L", "LS", "BS", "CH", "S", "NE", "BD", "HR", "GL", "WV", "ST", "DY", "CV", "NG", "LE", "SW", "SE", "E",
    "N", "W", "BN", "PL", "EX", "TA", "BA", "SN", "OX", "RG",
];
const AGENCIES: &[(&str, &str)] =
    &[("police", "POL"), ("council", "CSC"), ("health", "NHS"), ("school", "EDU"), ("charity", "CHA")];
const UNIT_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

/// One generated record with the person it truly belongs to.
#[derive(Debug, Clone)]
pub struct Synth {
    pub record: RawRecord,
    pub person: String,
}

struct Person {
    id: String,
    first: String,
    surname: String,
    alt_surname: Option<String>,
    dob: Date,
    sex: u8,
    home: String,
    placement: Option<String>,
}

fn pick<'a>(rng: &mut ChaCha8Rng, xs: &'a [&'a str]) -> &'a str {
    xs.choose(rng).copied().unwrap_or("")
}

fn zipf_surname(rng: &mut ChaCha8Rng) -> String {
    // Heavier head: rank r drawn with probability proportional to 1 / r^0.9 via inverse-CDF sampling.
    let n = SURNAMES.len() as f64;
    let x: f64 = rng.random();
    let r = ((n.powf(0.1) - 1.0) * x + 1.0).powf(10.0).floor() as usize;
    let name = SURNAMES.get(r.saturating_sub(1).min(SURNAMES.len() - 1)).copied().unwrap_or("Smith");
    // Make the tail long: a third of families get a rarer name made of two syllables of real ones.
    if rng.random_bool(0.35) {
        let a = pick(rng, SURNAMES);
        let b = pick(rng, SURNAMES).to_lowercase();
        let (a, b) = (&a[..a.len().min(4)], &b[b.len().saturating_sub(4)..]);
        if a.is_char_boundary(a.len()) && b.is_ascii() {
            return format!("{a}{b}");
        }
    }
    name.to_string()
}

fn postcode(rng: &mut ChaCha8Rng, welsh: bool, town: Option<(&str, u32)>) -> String {
    let (area, district) = match town {
        Some((a, d)) => (a.to_string(), d),
        None => {
            let a = if welsh { pick(rng, WELSH_AREAS) } else { pick(rng, OTHER_AREAS) };
            (a.to_string(), rng.random_range(1..=30))
        }
    };
    let sector = rng.random_range(0..10);
    let l1 = UNIT_LETTERS[rng.random_range(0..UNIT_LETTERS.len())] as char;
    let l2 = UNIT_LETTERS[rng.random_range(0..UNIT_LETTERS.len())] as char;
    format!("{area}{district} {sector}{l1}{l2}")
}

fn random_dob(rng: &mut ChaCha8Rng) -> Date {
    let start = Date { year: 2007, month: 1, day: 1 }.days();
    let end = Date { year: 2025, month: 6, day: 30 }.days();
    date_from_days(rng.random_range(start..=end))
}

fn date_from_days(z: i32) -> Date {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    Date { year: if m <= 2 { y + 1 } else { y }, month: m, day: d }
}

/// A keyboard-style typo: substitution, deletion, insertion or transposition of neighbours.
pub fn typo(rng: &mut ChaCha8Rng, s: &str) -> String {
    let mut c: Vec<char> = s.chars().collect();
    if c.len() < 3 {
        return s.to_string();
    }
    let i = rng.random_range(1..c.len());
    let letter = (b'a' + rng.random_range(0..26u8)) as char;
    match rng.random_range(0..4) {
        0 => c[i] = if c[i].is_uppercase() { letter.to_ascii_uppercase() } else { letter },
        1 => {
            c.remove(i);
        }
        2 => c.insert(i, if rng.random_bool(0.5) { c[i - 1] } else { letter }),
        _ => c.swap(i - 1, i),
    }
    c.into_iter().collect()
}

fn strip_accents(s: &str) -> String {
    let std = crate::standardise::name(s);
    title(&std)
}

fn title(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f.to_uppercase().chain(cs).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn mistype_date(rng: &mut ChaCha8Rng, d: Date) -> Date {
    for _ in 0..10 {
        let cand = match rng.random_range(0..3) {
            0 => Date::new(d.year, u32::from(d.month), u32::from(d.day) / 10 * 10 + rng.random_range(0..10)),
            1 => Date::new(d.year, u32::from(d.month), (u32::from(d.day) % 10) + 10 * rng.random_range(0..4)),
            _ => Date::new(d.year, rng.random_range(1..=12), u32::from(d.day)),
        };
        if let Some(c) = cand.filter(|c| *c != d) {
            return c;
        }
    }
    d
}

/// Generates exactly `records` records (ground truth in `Synth::person`), deterministic for a seed.
pub fn generate(records: usize, seed: u64) -> Vec<Synth> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let variants = Variants::builtin();
    let mut out: Vec<Synth> = Vec::with_capacity(records + 16);
    let mut person_no = 0u64;
    let mut counters = [0u64; 5];
    while out.len() < records {
        // A family.
        let welsh = rng.random_bool(0.45);
        let mut surname = zipf_surname(&mut rng);
        if rng.random_bool(0.04) {
            surname = format!("{surname}-{}", zipf_surname(&mut rng));
        }
        let home = postcode(&mut rng, welsh, None);
        let kids = match rng.random_range(0..100) {
            0..40 => 1,
            40..75 => 2,
            75..92 => 3,
            _ => 4,
        };
        let twins = kids >= 2 && rng.random_bool(0.06);
        let mut family: Vec<Person> = Vec::new();
        for k in 0..kids {
            let sex = if rng.random_bool(0.5) { b'M' } else { b'F' };
            let pool = match (sex, welsh && rng.random_bool(0.5)) {
                (b'M', true) => WELSH_BOYS,
                (b'M', false) => BOYS,
                (_, true) => WELSH_GIRLS,
                (_, false) => GIRLS,
            };
            let mut first = pick(&mut rng, pool).to_string();
            while family.iter().any(|p| p.first == first) {
                first = pick(&mut rng, pool).to_string();
            }
            // Siblings are born at least ten months apart, except twins.
            let mut dob = random_dob(&mut rng);
            for _ in 0..50 {
                if family.iter().all(|p| (p.dob.days() - dob.days()).abs() >= 300) {
                    break;
                }
                dob = random_dob(&mut rng);
            }
            if twins && k == 1 {
                dob = family[0].dob;
            }
            person_no += 1;
            let placement = rng.random_bool(0.2).then(|| postcode(&mut rng, welsh, None));
            let alt_surname = rng.random_bool(0.05).then(|| zipf_surname(&mut rng));
            family.push(Person {
                id: format!("P{person_no}"),
                first,
                surname: surname.clone(),
                alt_surname,
                dob,
                sex,
                home: home.clone(),
                placement,
            });
        }
        for p in &family {
            let n_agencies = match rng.random_range(0..100) {
                0..35 => 1,
                35..65 => 2,
                65..85 => 3,
                85..95 => 4,
                _ => 5,
            };
            let mut agencies: Vec<usize> = (0..AGENCIES.len()).collect();
            for i in 0..n_agencies {
                let j = rng.random_range(i..agencies.len());
                agencies.swap(i, j);
            }
            for &ag in &agencies[..n_agencies] {
                let copies = 1 + usize::from(rng.random_bool(0.25)) + usize::from(rng.random_bool(0.05));
                for _ in 0..copies {
                    if out.len() >= records {
                        break;
                    }
                    counters[ag] += 1;
                    let id = format!("{}{:07}", AGENCIES[ag].1, counters[ag]);
                    out.push(Synth { record: corrupt(&mut rng, p, ag, id, variants), person: p.id.clone() });
                }
            }
        }
    }
    // Shuffle so agencies and families are interleaved.
    for i in (1..out.len()).rev() {
        let j = rng.random_range(0..=i);
        out.swap(i, j);
    }
    out
}

fn corrupt(rng: &mut ChaCha8Rng, p: &Person, agency: usize, id: String, variants: &Variants) -> RawRecord {
    let shouty = agency == 0 && rng.random_bool(0.6);
    // First name.
    let mut first = p.first.clone();
    if rng.random_bool(0.12) {
        let key = crate::standardise::name(&first).replace(' ', "");
        let alts = variants.alternatives(&key);
        if let Some(a) = alts.choose(rng) {
            first = title(a);
        }
    }
    if !first.is_ascii() && rng.random_bool(0.5) {
        first = strip_accents(&first);
    }
    if rng.random_bool(0.06) {
        first = typo(rng, &first);
    }
    if rng.random_bool(0.02) {
        first.clear();
    }
    // Surname.
    let mut surname = match &p.alt_surname {
        Some(alt) if rng.random_bool(0.4) => alt.clone(),
        _ => p.surname.clone(),
    };
    if surname.contains('-') && rng.random_bool(0.35) {
        let parts: Vec<&str> = surname.split('-').collect();
        surname = pick(rng, &parts).to_string();
    }
    if surname.contains('\'') && rng.random_bool(0.4) {
        surname = surname.replace('\'', "");
    }
    if !surname.is_ascii() && rng.random_bool(0.5) {
        surname = strip_accents(&surname);
    }
    if rng.random_bool(0.05) {
        surname = typo(rng, &surname);
    }
    if rng.random_bool(0.02) {
        surname.clear();
    }
    if shouty {
        first = first.to_uppercase();
        surname = surname.to_uppercase();
    }
    // Date of birth.
    let mut dob = Some(p.dob);
    let roll = rng.random_range(0..1000);
    if roll < 30 && p.dob.day <= 12 && p.dob.day != p.dob.month {
        dob = Date::new(p.dob.year, u32::from(p.dob.day), u32::from(p.dob.month));
    } else if roll < 60 {
        dob = Some(mistype_date(rng, p.dob));
    } else if roll < 70 {
        let delta = if rng.random_bool(0.5) { 1 } else { -1 };
        dob = Date::new(p.dob.year + delta, u32::from(p.dob.month), u32::from(p.dob.day).min(28));
    } else if roll < 120 {
        dob = None;
    }
    // Sex.
    let sex_roll = rng.random_range(0..100);
    let sex = if sex_roll < 8 {
        String::new()
    } else {
        let s = if sex_roll < 9 { if p.sex == b'M' { b'F' } else { b'M' } } else { p.sex };
        match (s, rng.random_range(0..3)) {
            (b'M', 0) => "Male".to_string(),
            (b'M', _) => "M".to_string(),
            (_, 0) => "Female".to_string(),
            _ => "F".to_string(),
        }
    };
    // Postcode.
    let mut pc = match &p.placement {
        Some(pl) if rng.random_bool(0.5) => pl.clone(),
        _ => p.home.clone(),
    };
    if rng.random_bool(0.02) {
        let mut b: Vec<u8> = pc.into_bytes();
        let n = b.len();
        b[n - 1] = UNIT_LETTERS[rng.random_range(0..UNIT_LETTERS.len())];
        pc = String::from_utf8_lossy(&b).into_owned();
    }
    match rng.random_range(0..10) {
        0 => pc = pc.replace(' ', ""),
        1 => pc = pc.to_lowercase(),
        _ => {}
    }
    if rng.random_bool(0.07) {
        pc.clear();
    }
    RawRecord {
        record_id: id,
        source: AGENCIES[agency].0.to_string(),
        first_name: first,
        surname,
        dob: dob.map(|d| d.to_string()).unwrap_or_default(),
        sex,
        postcode: pc,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_exactly_n_deterministically() {
        let a = generate(500, 7);
        let b = generate(500, 7);
        assert_eq!(a.len(), 500);
        assert_eq!(a.iter().map(|s| &s.record).collect::<Vec<_>>(), b.iter().map(|s| &s.record).collect::<Vec<_>>());
        let ids: std::collections::HashSet<_> = a.iter().map(|s| s.record.record_id.clone()).collect();
        assert_eq!(ids.len(), 500);
        let persons: std::collections::HashSet<_> = a.iter().map(|s| s.person.clone()).collect();
        assert!(persons.len() < 400 && persons.len() > 100, "{}", persons.len());
    }

    #[test]
    fn days_round_trip() {
        for d in [
            Date { year: 2016, month: 2, day: 29 },
            Date { year: 2007, month: 1, day: 1 },
            Date { year: 2025, month: 12, day: 31 },
        ] {
            assert_eq!(date_from_days(d.days()), d);
        }
    }
}
