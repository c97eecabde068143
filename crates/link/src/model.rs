//! Fellegi–Sunter model: u by random sampling, m by EM (one session per blocking rule, as Splink does),
//! the prior by EM over all blocked pairs, and match weights with term-frequency adjustment.

use crate::compare::{FIELDS, Gamma, LEVELS, PATTERNS, pattern_gamma};

/// Most levels any field has.
pub const MAX_LEVELS: usize = 8;

/// Per-field, per-level probabilities (level 0, "null", is unused).
pub type LevelTable = [[f64; MAX_LEVELS]; FIELDS];

/// Starting m probabilities, also the Dirichlet prior that keeps EM sane on small or odd data.
pub const M_PRIOR: LevelTable = [
    [0.0, 0.80, 0.06, 0.05, 0.04, 0.02, 0.01, 0.02],
    [0.0, 0.86, 0.05, 0.04, 0.03, 0.02, 0.0, 0.0],
    [0.0, 0.82, 0.04, 0.05, 0.03, 0.06, 0.0, 0.0],
    [0.0, 0.65, 0.05, 0.05, 0.25, 0.0, 0.0, 0.0],
    [0.0, 0.97, 0.03, 0.0, 0.0, 0.0, 0.0, 0.0],
];

/// Fallback u probabilities (used as a weak prior for the random-sampling estimate).
pub const U_PRIOR: LevelTable = [
    [0.0, 0.01, 0.002, 0.004, 0.02, 0.06, 0.902, 0.002],
    [0.0, 0.005, 0.002, 0.02, 0.972, 0.001, 0.0, 0.0],
    [0.0, 0.0002, 0.0001, 0.002, 0.1, 0.8977, 0.0, 0.0],
    [0.0, 0.0005, 0.002, 0.01, 0.9875, 0.0, 0.0, 0.0],
    [0.0, 0.5, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0],
];

/// Starting "household" probabilities: two different children of one household (siblings, twins, children
/// placed together) share surname and address, rarely a first name, and sometimes (twins) a birthday.
pub const F_PRIOR: LevelTable = [
    [0.0, 0.02, 0.01, 0.02, 0.05, 0.10, 0.79, 0.01],
    [0.0, 0.85, 0.03, 0.04, 0.06, 0.02, 0.0, 0.0],
    [0.0, 0.04, 0.005, 0.05, 0.15, 0.755, 0.0, 0.0],
    [0.0, 0.70, 0.05, 0.05, 0.20, 0.0, 0.0, 0.0],
    [0.0, 0.50, 0.50, 0.0, 0.0, 0.0, 0.0, 0.0],
];

/// Fields a household shares (surname, postcode): tied between the match and household classes.
pub const SHARED_BY_HOUSEHOLD: [usize; 2] = [1, 3];

/// A histogram of comparison vectors.
pub type Histogram = Vec<u64>;

/// A new empty histogram.
pub fn histogram() -> Histogram {
    vec![0; PATTERNS]
}

/// Adds `b` into `a`.
pub fn add_into(a: &mut Histogram, b: &Histogram) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += *y;
    }
}

/// Fitted model parameters: Fellegi–Sunter's match (m) and non-match (u) classes, plus a third latent class
/// for pairs of different children of the same household (f), whose agreement on surname, address and
/// (for twins) date of birth is not independent the way random non-matches are.
#[derive(Debug, Clone)]
pub struct Model {
    pub m: LevelTable,
    pub u: LevelTable,
    pub f: LevelTable,
    /// Probability that two records drawn at random are the same person.
    pub lambda: f64,
    /// Probability that two records drawn at random are different children of one household.
    pub lambda_f: f64,
}

/// Three-class EM over all blocked pairs (deduplicated across rules), u held fixed, with every pair no rule
/// blocks taken as a random non-match. Starts from the per-rule m and `F_PRIOR`.
pub fn em_three_class(
    union: &Histogram,
    m_start: &LevelTable,
    u: &LevelTable,
    total_pairs: f64,
    iterations: usize,
) -> Model {
    let live: Vec<(Gamma, f64)> =
        union.iter().enumerate().filter(|(_, c)| **c > 0).map(|(i, c)| (pattern_gamma(i), *c as f64)).collect();
    let total_pairs = total_pairs.max(1.0);
    let blocked: f64 = live.iter().map(|(_, c)| c).sum();
    let mut m = *m_start;
    let mut f = F_PRIOR;
    for k in SHARED_BY_HOUSEHOLD {
        f[k] = m[k];
    }
    let mut lm = (0.1 * blocked / total_pairs).clamp(1e-12, 0.3);
    let mut lf = lm;
    let pseudo = 10.0;
    for _ in 0..iterations {
        let mut am = [[0f64; MAX_LEVELS]; FIELDS];
        let mut af = [[0f64; MAX_LEVELS]; FIELDS];
        let (mut sm, mut sf) = (0.0, 0.0);
        for (g, c) in &live {
            let (mut pm, mut pf, mut pu) = (lm, lf, 1.0 - lm - lf);
            for k in 0..FIELDS {
                let l = g[k] as usize;
                if l == 0 {
                    continue;
                }
                pm *= m[k][l];
                pf *= f[k][l];
                pu *= u[k][l];
            }
            let z = pm + pf + pu;
            if z <= 0.0 {
                continue;
            }
            let (wm, wf) = (c * pm / z, c * pf / z);
            sm += wm;
            sf += wf;
            for k in 0..FIELDS {
                am[k][g[k] as usize] += wm;
                af[k][g[k] as usize] += wf;
            }
        }
        lm = (sm / total_pairs).clamp(1e-12, 0.45);
        lf = (sf / total_pairs).clamp(1e-12, 0.45);
        for k in 0..FIELDS {
            if SHARED_BY_HOUSEHOLD.contains(&k) {
                // A value the household shares is recorded (mistyped, left out) just as one child's own
                // value is, so both classes have the same agreement profile on it. Tying them stops the
                // household class from learning the blocking rules instead (blocked siblings almost always
                // agree exactly on surname and postcode, because that is how they were blocked).
                for l in 1..LEVELS[k] {
                    am[k][l] += af[k][l];
                }
            }
            let (tm, tf): (f64, f64) = (am[k][1..LEVELS[k]].iter().sum(), af[k][1..LEVELS[k]].iter().sum());
            for l in 1..LEVELS[k] {
                m[k][l] = (am[k][l] + pseudo * M_PRIOR[k][l]) / (tm + pseudo);
                f[k][l] = (af[k][l] + pseudo * F_PRIOR[k][l]) / (tf + pseudo);
            }
            normalise(&mut m[k], LEVELS[k]);
            if SHARED_BY_HOUSEHOLD.contains(&k) {
                f[k] = m[k];
            } else {
                normalise(&mut f[k], LEVELS[k]);
            }
        }
        cap_household_given_names(&mut f[0]);
    }
    Model { m, u: *u, f, lambda: lm, lambda_f: lf }
}

/// Two different children of one household almost never share a given name (nor a variant of one): the
/// household class may give those levels no more than `F_PRIOR` does, the rest going to the other levels in
/// proportion. Left free, on data with no households in it (the FEBRL sets), EM made the class out of matches
/// whose date of birth was changed (given name exact in 80% of its pairs), and those matches then scored as
/// siblings.
fn cap_household_given_names(row: &mut [f64; MAX_LEVELS]) {
    let capped = [1, 2];
    let excess: f64 = capped.iter().map(|&l| (row[l] - F_PRIOR[0][l]).max(0.0)).sum();
    if excess <= 0.0 {
        return;
    }
    for &l in &capped {
        row[l] = row[l].min(F_PRIOR[0][l]);
    }
    let rest: f64 = (1..LEVELS[0]).filter(|l| !capped.contains(l)).map(|l| row[l]).sum();
    for l in (1..LEVELS[0]).filter(|l| !capped.contains(l)) {
        row[l] += excess * row[l] / rest;
    }
}

/// u probabilities from a histogram of randomly sampled pairs, smoothed towards `U_PRIOR`.
pub fn estimate_u(random: &Histogram) -> LevelTable {
    let mut counts = [[0f64; MAX_LEVELS]; FIELDS];
    for (idx, &c) in random.iter().enumerate() {
        if c == 0 {
            continue;
        }
        let g = pattern_gamma(idx);
        for f in 0..FIELDS {
            counts[f][g[f] as usize] += c as f64;
        }
    }
    let mut u = [[0f64; MAX_LEVELS]; FIELDS];
    for f in 0..FIELDS {
        let total: f64 = counts[f][1..LEVELS[f]].iter().sum();
        let alpha = 1.0;
        for l in 1..LEVELS[f] {
            u[f][l] = (counts[f][l] + alpha * U_PRIOR[f][l]) / (total + alpha);
        }
        normalise(&mut u[f], LEVELS[f]);
    }
    u
}

fn normalise(row: &mut [f64; MAX_LEVELS], levels: usize) {
    for v in row.iter_mut().take(levels).skip(1) {
        *v = v.max(1e-9);
    }
    let s: f64 = row[1..levels].iter().sum();
    for v in row.iter_mut().take(levels).skip(1) {
        *v /= s;
    }
}

/// One EM session on the pairs of one blocking rule: fields in `excluded` (those the rule blocks on) are
/// ignored; m of the others and the session's match share are estimated with u held fixed.
/// Returns the m table (rows of excluded fields left as the starting values).
pub fn em_session(hist: &Histogram, excluded: &[usize], u: &LevelTable, iterations: usize) -> LevelTable {
    let mut m = M_PRIOR;
    let mut lambda = 0.3f64;
    let live: Vec<(Gamma, f64)> =
        hist.iter().enumerate().filter(|(_, c)| **c > 0).map(|(i, c)| (pattern_gamma(i), *c as f64)).collect();
    let total: f64 = live.iter().map(|(_, c)| c).sum();
    if total == 0.0 {
        return m;
    }
    let pseudo = 10.0;
    for _ in 0..iterations {
        let mut acc = [[0f64; MAX_LEVELS]; FIELDS];
        let mut matched = 0.0;
        for (g, c) in &live {
            let mut pm = lambda;
            let mut pu = 1.0 - lambda;
            for f in 0..FIELDS {
                let l = g[f] as usize;
                if l == 0 || excluded.contains(&f) {
                    continue;
                }
                pm *= m[f][l];
                pu *= u[f][l];
            }
            let p = if pm + pu > 0.0 { pm / (pm + pu) } else { 0.0 };
            let w = p * c;
            matched += w;
            for f in 0..FIELDS {
                acc[f][g[f] as usize] += w;
            }
        }
        lambda = (matched / total).clamp(1e-9, 1.0 - 1e-9);
        for f in 0..FIELDS {
            if excluded.contains(&f) {
                continue;
            }
            let s: f64 = acc[f][1..LEVELS[f]].iter().sum();
            for l in 1..LEVELS[f] {
                m[f][l] = (acc[f][l] + pseudo * M_PRIOR[f][l]) / (s + pseudo);
            }
            normalise(&mut m[f], LEVELS[f]);
        }
    }
    m
}

/// Combines the sessions: each field's m is the mean over the sessions that estimated it.
pub fn combine_sessions(sessions: &[(LevelTable, Vec<usize>)]) -> LevelTable {
    let mut m = M_PRIOR;
    for f in 0..FIELDS {
        let used: Vec<&LevelTable> = sessions.iter().filter(|(_, ex)| !ex.contains(&f)).map(|(t, _)| t).collect();
        if used.is_empty() {
            continue;
        }
        for l in 1..LEVELS[f] {
            m[f][l] = used.iter().map(|t| t[f][l]).sum::<f64>() / used.len() as f64;
        }
        normalise(&mut m[f], LEVELS[f]);
    }
    m
}

/// Estimates the prior by EM with m and u fixed over all blocked pairs (deduplicated across rules), taking
/// every pair that no rule blocks together as a non-match.
pub fn estimate_lambda(union: &Histogram, m: &LevelTable, u: &LevelTable, total_pairs: f64) -> f64 {
    let bf: Vec<(f64, f64)> = union
        .iter()
        .enumerate()
        .filter(|(_, c)| **c > 0)
        .map(|(i, c)| (bayes_factor(&pattern_gamma(i), m, u), *c as f64))
        .collect();
    let total_pairs = total_pairs.max(1.0);
    let mut lambda = 1e-4f64.min(0.5);
    for _ in 0..200 {
        let odds = lambda / (1.0 - lambda);
        let e: f64 = bf.iter().map(|(k, c)| c * (odds * k) / (1.0 + odds * k)).sum();
        let next = (e / total_pairs).clamp(1e-12, 0.5);
        if (next - lambda).abs() <= 1e-6 * lambda {
            lambda = next;
            break;
        }
        lambda = next;
    }
    lambda
}

fn bayes_factor(g: &Gamma, m: &LevelTable, u: &LevelTable) -> f64 {
    let mut k = 1.0;
    for f in 0..FIELDS {
        let l = g[f] as usize;
        if l > 0 {
            k *= m[f][l] / u[f][l];
        }
    }
    k
}

impl Model {
    /// Match weight (log2 Bayes factor) of one field at one level; 0 for null.
    pub fn field_weight(&self, f: usize, level: u8) -> f64 {
        let l = level as usize;
        if l == 0 { 0.0 } else { (self.m[f][l] / self.u[f][l]).log2() }
    }

    /// Prior weight log2(lambda / (1 - lambda)).
    pub fn prior_weight(&self) -> f64 {
        (self.lambda / (1.0 - self.lambda)).log2()
    }

    /// For every pattern: log2 of (lambda * m(γ), lambda_f * f(γ), (1 - lambda - lambda_f) * u(γ)), without
    /// term-frequency adjustment.
    pub fn pattern_logs(&self) -> Vec<[f32; 3]> {
        (0..PATTERNS)
            .map(|i| {
                let g = pattern_gamma(i);
                let mut out = [self.lambda.log2(), self.lambda_f.log2(), (1.0 - self.lambda - self.lambda_f).log2()];
                for (k, &l) in g.iter().enumerate() {
                    let l = l as usize;
                    if l > 0 {
                        out[0] += self.m[k][l].log2();
                        out[1] += self.f[k][l].log2();
                        out[2] += self.u[k][l].log2();
                    }
                }
                out.map(|x| x as f32)
            })
            .collect()
    }

    /// Term-frequency adjusted weight of an exact agreement on a value with relative frequency `tf`:
    /// log2(m_exact / tf), i.e. agreeing on a common surname counts for less than on a rare one.
    pub fn tf_weight(&self, f: usize, tf: f64) -> f64 {
        (self.m[f][1] / tf.max(1e-9)).log2()
    }
}

/// Converts a match weight to a probability.
pub fn probability(weight: f64) -> f64 {
    if weight > 60.0 {
        1.0
    } else if weight < -60.0 {
        0.0
    } else {
        let o = weight.exp2();
        o / (1.0 + o)
    }
}

/// Converts a probability to a match weight.
pub fn weight_of(probability: f64) -> f64 {
    let p = probability.clamp(1e-15, 1.0 - 1e-15);
    (p / (1.0 - p)).log2()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::pattern_index;

    #[test]
    fn probability_and_weight_are_inverse() {
        for p in [0.01, 0.5, 0.9, 0.999] {
            assert!((probability(weight_of(p)) - p).abs() < 1e-9);
        }
        assert_eq!(probability(100.0), 1.0);
        assert_eq!(probability(-100.0), 0.0);
    }

    #[test]
    fn u_from_random_pairs() {
        let mut h = histogram();
        h[pattern_index(&[6, 4, 5, 4, 2])] = 900;
        h[pattern_index(&[1, 1, 1, 1, 1])] = 100;
        let u = estimate_u(&h);
        assert!((u[0][1] - 0.1).abs() < 0.01);
        assert!((u[0][6] - 0.9).abs() < 0.01);
        for f in 0..FIELDS {
            let s: f64 = u[f][1..LEVELS[f]].iter().sum();
            assert!((s - 1.0).abs() < 1e-9);
        }
    }

    #[test]
    fn em_recovers_separated_classes() {
        // 1,000 matches agreeing on everything, 99,000 non-matches disagreeing on everything.
        let mut h = histogram();
        h[pattern_index(&[1, 1, 1, 1, 1])] = 1000;
        h[pattern_index(&[6, 4, 5, 4, 2])] = 99_000;
        let mut r = histogram();
        r[pattern_index(&[6, 4, 5, 4, 2])] = 1_000_000;
        r[pattern_index(&[1, 1, 1, 1, 1])] = 10;
        let u = estimate_u(&r);
        let m = em_session(&h, &[], &u, 50);
        assert!(m[0][1] > 0.9, "{:?}", m[0]);
        assert!(m[2][1] > 0.9);
        let lambda = estimate_lambda(&h, &m, &u, 1e8);
        assert!((lambda - 1e-5).abs() < 2e-6, "{lambda}");
        let model = Model { m, u, f: F_PRIOR, lambda, lambda_f: 1e-9 };
        assert!(model.field_weight(0, 1) > 5.0);
        assert!(model.field_weight(0, 6) < -3.0);
        assert_eq!(model.field_weight(0, 0), 0.0);
        assert!(model.tf_weight(1, 0.5) < model.tf_weight(1, 0.001));
        assert_eq!(model.pattern_logs().len(), PATTERNS);
    }

    #[test]
    fn three_class_em_finds_households() {
        // matches agree on everything; household pairs share surname and postcode only; the rest is random.
        let mut blocked = histogram();
        blocked[pattern_index(&[1, 1, 1, 1, 1])] = 1000;
        blocked[pattern_index(&[6, 1, 5, 1, 2])] = 1500;
        blocked[pattern_index(&[6, 1, 5, 1, 1])] = 1500;
        blocked[pattern_index(&[6, 4, 1, 4, 2])] = 5000;
        let mut random = histogram();
        random[pattern_index(&[6, 4, 5, 4, 2])] = 1_000_000;
        random[pattern_index(&[6, 1, 5, 4, 1])] = 5_000;
        random[pattern_index(&[6, 4, 1, 4, 1])] = 200;
        random[pattern_index(&[6, 4, 5, 1, 1])] = 100;
        let u = estimate_u(&random);
        let model = em_three_class(&blocked, &M_PRIOR, &u, 1e8, 100);
        assert!(model.lambda_f > model.lambda, "{} {}", model.lambda_f, model.lambda);
        let logs = model.pattern_logs();
        let odds = |g: &Gamma| {
            let [m, f, u] = logs[pattern_index(g)].map(f64::from);
            m - (f.exp2() + u.exp2()).log2()
        };
        assert!(odds(&[1, 1, 1, 1, 1]) > 10.0);
        assert!(odds(&[6, 1, 5, 1, 1]) < -5.0, "siblings {}", odds(&[6, 1, 5, 1, 1]));
    }

    #[test]
    fn sessions_combine_only_estimated_fields() {
        let mut a = M_PRIOR;
        a[0][1] = 0.5;
        a[0][5] = 0.5;
        a[0][6] = 0.5;
        let combined = combine_sessions(&[(a, vec![1]), (M_PRIOR, vec![0])]);
        assert!((combined[0][1] - 0.5 / (0.5 + 0.06 + 0.05 + 0.04 + 0.5 + 0.5 + 0.02)).abs() < 1e-9);
        assert!((combined[1][1] - M_PRIOR[1][1]).abs() < 1e-9);
    }
}
