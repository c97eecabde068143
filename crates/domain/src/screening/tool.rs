//! The screening tool as data: indicators grouped by theme, each with its weight, guidance in
//! English and Welsh and the exploitation it points to; the score's bands; versions.
//!
//! haven's default tool follows the public tools in `DOMAIN.md` §4.2 and §4.5:
//! - the weights are SERAF's (Hampshire 4LSCB scoring guidance ✅): a *significant* indicator
//!   present now scores 5, a *moderate* one 1;
//! - the bands are SERAF's categories (≤5 not at risk, 6–10 mild, 11–15 moderate, ≥16
//!   significant), read as RAG: green ≤5, amber 6–15, red ≥16 (the RAG reading is haven's);
//! - the floor for young children is Catch22's and Pan-Cheshire's rule ✅: "where a child is
//!   aged 13 years old or younger the presence of any one high risk factor must be seen as a
//!   potential indicator", read as "at least amber".
//!
//! Each indicator says where it comes from ([`Basis`]): items and weights from SERAF and the
//! North Wales Police list, items from other public tools with haven's weight, and items that
//! are haven's own (county-lines indicators from the Home Office definition, which no public
//! scoring tool weighs). A partnership that adopts another tool adds a version; a version is
//! never changed once screenings use it, only retired.

use crate::code_enum;
use serde::Serialize;

code_enum!(
    /// The themes indicators are grouped by, in the order the form shows them.
    Theme {
        Missing => "missing",
        Relationships => "relationships",
        Money => "money",
        Substances => "substances",
        School => "school",
        Physical => "physical",
        Online => "online",
        Location => "location",
        Offending => "offending",
    }
);

code_enum!(
    /// The exploitation an indicator points to.
    Exploitation {
        /// Child criminal exploitation (county lines among it).
        Cce => "cce",
        /// Child sexual exploitation.
        Cse => "cse",
    }
);

code_enum!(
    /// The tier a screening gives: green, amber or red.
    Tier {
        Green => "green",
        Amber => "amber",
        Red => "red",
    }
);

/// Where an indicator and its weight come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Basis {
    /// The item and its weight are SERAF's (significant 5, moderate 1), or the North Wales
    /// Police high-risk list that matches SERAF's significant indicators.
    Seraf,
    /// The item is in a public tool named in `DOMAIN.md`; the weight is haven's.
    PublicItemHavenWeight,
    /// The item and its weight are haven's own choice (e.g. county-lines signs from the Home
    /// Office definition, which no public scoring tool weighs).
    Haven,
}

const BOTH: &[Exploitation] = &[Exploitation::Cce, Exploitation::Cse];
const CCE: &[Exploitation] = &[Exploitation::Cce];
const CSE: &[Exploitation] = &[Exploitation::Cse];

/// One indicator of a tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Indicator {
    /// Stable code, as answers name it: `missing-overnight`.
    pub code: &'static str,
    pub theme: Theme,
    /// Points when present.
    pub weight: u32,
    /// A high-risk (SERAF "significant") indicator: it triggers the young-child floor and the
    /// NRM prompt.
    pub significant: bool,
    pub points_to: &'static [Exploitation],
    pub basis: Basis,
    pub label_en: &'static str,
    pub label_cy: &'static str,
    pub guidance_en: &'static str,
    pub guidance_cy: &'static str,
}

impl Indicator {
    pub fn label(&self, welsh: bool) -> &'static str {
        if welsh { self.label_cy } else { self.label_en }
    }

    pub fn guidance(&self, welsh: bool) -> &'static str {
        if welsh { self.guidance_cy } else { self.guidance_en }
    }
}

/// A version of a screening tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tool {
    pub version: u32,
    pub name: &'static str,
    pub indicators: Vec<Indicator>,
    /// The lowest score that is amber, and the lowest that is red.
    pub amber_from: u32,
    pub red_from: u32,
    /// A child this age or younger with any significant indicator present is at least this tier.
    pub young_child_floor: Option<(u32, Tier)>,
    /// A retired version is kept to read the screenings made with it; no new screening uses it.
    pub retired: bool,
}

impl Tool {
    pub fn indicator(&self, code: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.code == code)
    }

    /// The tier a score falls in, before any floor: monotone in the score.
    pub fn band(&self, score: u32) -> Tier {
        if score >= self.red_from {
            Tier::Red
        } else if score >= self.amber_from {
            Tier::Amber
        } else {
            Tier::Green
        }
    }

    /// The themes in order, each with its indicators.
    pub fn by_theme(&self) -> Vec<(Theme, Vec<&Indicator>)> {
        Theme::ALL
            .iter()
            .map(|t| (*t, self.indicators.iter().filter(|i| i.theme == *t).collect::<Vec<_>>()))
            .filter(|(_, items)| !items.is_empty())
            .collect()
    }
}

/// The versions of the screening tool an install knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tools {
    pub versions: Vec<Tool>,
}

impl Tools {
    /// haven's default: version 1 of the tool described in this module.
    pub fn standard() -> Self {
        Self { versions: vec![standard_v1()] }
    }

    pub fn version(&self, version: u32) -> Option<&Tool> {
        self.versions.iter().find(|t| t.version == version)
    }

    /// The newest version not retired: what a new screening uses.
    pub fn current(&self) -> Option<&Tool> {
        self.versions.iter().filter(|t| !t.retired).max_by_key(|t| t.version)
    }
}

#[expect(clippy::too_many_arguments, reason = "one row of the tool's table")]
const fn item(
    code: &'static str,
    theme: Theme,
    significant: bool,
    weight: u32,
    points_to: &'static [Exploitation],
    basis: Basis,
    label: (&'static str, &'static str),
    guidance: (&'static str, &'static str),
) -> Indicator {
    Indicator {
        code,
        theme,
        weight,
        significant,
        points_to,
        basis,
        label_en: label.0,
        label_cy: label.1,
        guidance_en: guidance.0,
        guidance_cy: guidance.1,
    }
}

/// SERAF's weights.
const SIGNIFICANT: u32 = 5;
const MODERATE: u32 = 1;

fn standard_v1() -> Tool {
    use Basis::*;
    use Theme::*;
    let indicators = vec![
        item(
            "missing-overnight",
            Missing,
            true,
            SIGNIFICANT,
            BOTH,
            Seraf,
            ("Missing overnight or longer", "Ar goll dros nos neu'n hirach"),
            (
                "Has gone missing overnight or longer in the past six months, from home, care or school.",
                "Wedi mynd ar goll dros nos neu'n hirach yn ystod y chwe mis diwethaf, o'r cartref, gofal neu'r ysgol.",
            ),
        ),
        item(
            "missing-repeat",
            Missing,
            false,
            MODERATE,
            BOTH,
            PublicItemHavenWeight,
            ("Missing more than once in 90 days", "Ar goll fwy nag unwaith mewn 90 diwrnod"),
            (
                "Reported missing or absent two or more times in the last 90 days (episodes of missing are an indicator of the Merseyside CCE measurement tool).",
                "Wedi'i adrodd ar goll neu'n absennol ddwywaith neu fwy yn ystod y 90 diwrnod diwethaf.",
            ),
        ),
        item(
            "missing-late",
            Missing,
            false,
            MODERATE,
            BOTH,
            Seraf,
            ("Staying out late", "Aros allan yn hwyr"),
            (
                "Regularly coming home later than agreed, or staying out late without explanation.",
                "Dod adref yn hwyrach na'r hyn a gytunwyd yn rheolaidd, neu aros allan yn hwyr heb esboniad.",
            ),
        ),
        item(
            "missing-disclosure",
            Missing,
            false,
            MODERATE,
            BOTH,
            Haven,
            ("Disclosed harm while missing", "Wedi datgelu niwed tra ar goll"),
            (
                "Said in a return home interview or on return that they were harmed, threatened or exploited while missing.",
                "Wedi dweud mewn cyfweliad dychwelyd adref neu wrth ddychwelyd eu bod wedi cael eu niweidio, eu bygwth neu eu hecsbloetio tra ar goll.",
            ),
        ),
        item(
            "rel-older-partner",
            Relationships,
            true,
            SIGNIFICANT,
            CSE,
            Seraf,
            ("Older 'boyfriend' or controlling adult", "'Cariad' hŷn neu oedolyn sy'n rheoli"),
            (
                "In a relationship with an older 'boyfriend' or 'girlfriend', or with an adult who controls them.",
                "Mewn perthynas â 'chariad' hŷn, neu ag oedolyn sy'n eu rheoli.",
            ),
        ),
        item(
            "rel-abused-by-adult",
            Relationships,
            true,
            SIGNIFICANT,
            BOTH,
            Seraf,
            ("Abused by that adult", "Wedi'i gam-drin gan yr oedolyn hwnnw"),
            (
                "Physical or emotional abuse by that 'boyfriend' or adult.",
                "Cam-drin corfforol neu emosiynol gan y 'cariad' neu'r oedolyn hwnnw.",
            ),
        ),
        item(
            "rel-assault-withdrawn",
            Relationships,
            true,
            SIGNIFICANT,
            BOTH,
            Seraf,
            ("Reported an assault then withdrew it", "Wedi adrodd ymosodiad ac yna'i dynnu'n ôl"),
            (
                "Disclosed a sexual or physical assault and then withdrew the allegation.",
                "Wedi datgelu ymosodiad rhywiol neu gorfforol ac yna wedi tynnu'r honiad yn ôl.",
            ),
        ),
        item(
            "rel-vehicles",
            Relationships,
            true,
            SIGNIFICANT,
            BOTH,
            Seraf,
            ("Picked up by unknown adults in vehicles", "Yn cael eu codi gan oedolion anhysbys mewn cerbydau"),
            (
                "Seen getting into or out of vehicles driven by unknown adults.",
                "Wedi'u gweld yn mynd i mewn i gerbydau, neu'n dod allan ohonynt, sy'n cael eu gyrru gan oedolion anhysbys.",
            ),
        ),
        item(
            "rel-adults-of-concern",
            Relationships,
            false,
            MODERATE,
            BOTH,
            Seraf,
            ("Associating with older people of concern", "Yn cymdeithasu â phobl hŷn sy'n peri pryder"),
            (
                "Multiple callers, or associating with unknown adults or older young people; found with people of concern.",
                "Galwyr lluosog, neu gymdeithasu ag oedolion anhysbys neu bobl ifanc hŷn; wedi'u canfod gyda phobl sy'n peri pryder.",
            ),
        ),
        item(
            "rel-peers-exploited",
            Relationships,
            false,
            MODERATE,
            BOTH,
            Seraf,
            ("Friends involved in exploitation", "Ffrindiau sy'n ymwneud ag ecsbloetio"),
            (
                "Peers involved in sexual exploitation ('clipping') or in criminal exploitation.",
                "Cyfoedion sy'n ymwneud ag ecsbloetio rhywiol ('clipping') neu ecsbloetio troseddol.",
            ),
        ),
        item(
            "money-unexplained",
            Money,
            true,
            SIGNIFICANT,
            BOTH,
            Seraf,
            ("Unexplained money, clothes or items", "Arian, dillad neu eitemau heb esboniad"),
            (
                "Unexplained amounts of money, expensive clothes or other items, or gifts from people they will not name.",
                "Symiau o arian heb esboniad, dillad drud neu eitemau eraill, neu roddion gan bobl na fyddant yn eu henwi.",
            ),
        ),
        item(
            "money-phone",
            Money,
            false,
            MODERATE,
            BOTH,
            Seraf,
            ("Phone use that causes concern", "Defnydd o ffôn sy'n peri pryder"),
            (
                "Use of a mobile phone that causes concern: more than one phone, many calls or messages, a phone they cannot explain.",
                "Defnyddio ffôn symudol mewn ffordd sy'n peri pryder: mwy nag un ffôn, llawer o alwadau neu negeseuon, ffôn na allant ei esbonio.",
            ),
        ),
        item(
            "money-debt",
            Money,
            false,
            MODERATE,
            CCE,
            Haven,
            ("Owes a debt to others", "Mewn dyled i eraill"),
            (
                "Says they owe money or drugs to others, or must work off a debt (debt bondage is a county-lines sign).",
                "Yn dweud bod arnynt arian neu gyffuriau i eraill, neu fod rhaid iddynt weithio i dalu dyled.",
            ),
        ),
        item(
            "subs-drugs",
            Substances,
            false,
            MODERATE,
            BOTH,
            Seraf,
            ("Drug misuse", "Camddefnyddio cyffuriau"),
            ("Misuse of drugs.", "Camddefnyddio cyffuriau."),
        ),
        item(
            "subs-alcohol",
            Substances,
            false,
            MODERATE,
            BOTH,
            Seraf,
            ("Alcohol misuse", "Camddefnyddio alcohol"),
            ("Misuse of alcohol.", "Camddefnyddio alcohol."),
        ),
        item(
            "school-absence",
            School,
            false,
            MODERATE,
            BOTH,
            Seraf,
            ("Excluded, or absent from school", "Wedi'i wahardd, neu'n absennol o'r ysgol"),
            (
                "Exclusion, or unexplained absences from or not engaged in school, college, training or work.",
                "Gwaharddiad, neu absenoldebau heb esboniad o'r ysgol, coleg, hyfforddiant neu waith, neu ddim yn ymgysylltu â nhw.",
            ),
        ),
        item(
            "physical-injuries",
            Physical,
            true,
            SIGNIFICANT,
            BOTH,
            Seraf,
            ("Injuries without a plausible explanation", "Anafiadau heb esboniad credadwy"),
            ("Physical injuries without a plausible explanation.", "Anafiadau corfforol heb esboniad credadwy."),
        ),
        item(
            "physical-sexual-health",
            Physical,
            false,
            MODERATE,
            CSE,
            Seraf,
            ("Sexually transmitted infections", "Heintiau a drosglwyddir yn rhywiol"),
            (
                "Sexually transmitted infections, or repeated requests for emergency contraception.",
                "Heintiau a drosglwyddir yn rhywiol, neu geisiadau mynych am ddulliau atal cenhedlu brys.",
            ),
        ),
        item(
            "physical-despair",
            Physical,
            false,
            MODERATE,
            BOTH,
            Seraf,
            ("Expressions of despair", "Arwyddion o anobaith"),
            (
                "Self-harm, overdose, eating disorder, challenging behaviour or aggression.",
                "Hunan-niweidio, gorddos, anhwylder bwyta, ymddygiad heriol neu ymosodol.",
            ),
        ),
        item(
            "online-concern",
            Online,
            false,
            MODERATE,
            BOTH,
            Seraf,
            ("Internet use that causes concern", "Defnydd o'r rhyngrwyd sy'n peri pryder"),
            (
                "Use of the internet or social media that causes concern: contact with unknown adults, sharing images, secrecy.",
                "Defnyddio'r rhyngrwyd neu gyfryngau cymdeithasol mewn ffordd sy'n peri pryder: cysylltiad ag oedolion anhysbys, rhannu delweddau, cyfrinachedd.",
            ),
        ),
        item(
            "location-exploitation-places",
            Location,
            true,
            SIGNIFICANT,
            CSE,
            Seraf,
            ("Goes to places known for exploitation", "Yn mynd i leoedd sy'n hysbys am ecsbloetio"),
            (
                "Going to places known for on- or off-street sexual exploitation.",
                "Mynd i leoedd sy'n hysbys am ecsbloetio rhywiol ar y stryd neu oddi arni.",
            ),
        ),
        item(
            "location-out-of-area",
            Location,
            false,
            3,
            CCE,
            PublicItemHavenWeight,
            ("Found or travelling out of area", "Wedi'i ganfod neu'n teithio y tu allan i'r ardal"),
            (
                "Found in, or travelling to, other areas or cities without explanation (Plymouth's threshold indicator; the weight of 3 is haven's).",
                "Wedi'i ganfod mewn ardaloedd neu ddinasoedd eraill, neu'n teithio iddynt, heb esboniad.",
            ),
        ),
        item(
            "offending-supply",
            Offending,
            true,
            SIGNIFICANT,
            CCE,
            Haven,
            ("Moving or holding drugs or money for others", "Yn symud neu'n cadw cyffuriau neu arian i eraill"),
            (
                "Found with drugs or cash in amounts that suggest supply, or arrested in connection with drug supply: a sign they are being used to move or store drugs and money (Home Office county lines definition). A victim first.",
                "Wedi'i ganfod gyda chyffuriau neu arian parod mewn symiau sy'n awgrymu cyflenwi, neu wedi'i arestio mewn cysylltiad â chyflenwi cyffuriau. Dioddefwr yn gyntaf.",
            ),
        ),
        item(
            "offending-weapon",
            Offending,
            true,
            SIGNIFICANT,
            CCE,
            Haven,
            ("Carrying a weapon", "Yn cario arf"),
            (
                "Carrying a weapon, or afraid for their safety from people they work for. A victim first.",
                "Yn cario arf, neu'n ofni am eu diogelwch rhag pobl y maent yn gweithio iddynt. Dioddefwr yn gyntaf.",
            ),
        ),
        item(
            "offending-with-older",
            Offending,
            false,
            MODERATE,
            CCE,
            Haven,
            ("Offending with or for older people", "Yn troseddu gyda phobl hŷn neu ar eu rhan"),
            ("New offending with, or on behalf of, older people.", "Troseddu newydd gyda phobl hŷn, neu ar eu rhan."),
        ),
    ];
    Tool {
        version: 1,
        name: "haven exploitation screening",
        indicators,
        amber_from: 6,
        red_from: 16,
        young_child_floor: Some((13, Tier::Amber)),
        retired: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn the_standard_tool_covers_every_theme_with_unique_codes_and_seraf_weights() {
        let tools = Tools::standard();
        let tool = tools.current().unwrap();
        assert_eq!(tool.version, 1);
        let codes: BTreeSet<_> = tool.indicators.iter().map(|i| i.code).collect();
        assert_eq!(codes.len(), tool.indicators.len(), "codes are unique");
        let themes: BTreeSet<_> = tool.indicators.iter().map(|i| i.theme).collect();
        assert_eq!(themes.len(), Theme::ALL.len(), "every theme has an indicator");
        for i in &tool.indicators {
            assert!(!i.points_to.is_empty(), "{} points somewhere", i.code);
            assert!(!i.label_cy.is_empty() && !i.guidance_cy.is_empty(), "{} is in Welsh", i.code);
            if i.basis == Basis::Seraf {
                let expected = if i.significant { SIGNIFICANT } else { MODERATE };
                assert_eq!(i.weight, expected, "{} weighs as SERAF does", i.code);
            }
        }
        assert_eq!(tool.band(5), Tier::Green);
        assert_eq!(tool.band(6), Tier::Amber);
        assert_eq!(tool.band(15), Tier::Amber);
        assert_eq!(tool.band(16), Tier::Red);
    }
}
