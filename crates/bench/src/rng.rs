//! A small deterministic random number generator (SplitMix64), so a seed gives the same site
//! on every platform and with every version of every dependency (the `rand` crate's `StdRng`
//! promises neither).

/// A seeded SplitMix64 generator: fast, statistically fine for synthetic data, not for secrets.
#[derive(Debug, Clone)]
pub struct SiteRng {
    state: u64,
}

impl SiteRng {
    /// A generator for `seed`; the same seed always yields the same sequence.
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// A generator for one named part of the site, independent of how much the others draw.
    pub fn derive(seed: u64, part: &str) -> Self {
        let mut hash = 0xcbf2_9ce4_8422_2325_u64;
        for byte in part.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        let mut rng = Self::new(seed ^ hash);
        rng.next_u64();
        rng
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`0` when `bound` is `0`).
    pub fn below(&mut self, bound: usize) -> usize {
        if bound == 0 {
            return 0;
        }
        // Multiply-shift: unbiased enough for synthetic data, no division.
        let wide = u128::from(self.next_u64()) * bound as u128;
        (wide >> 64) as usize
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high.saturating_sub(low) + 1)
    }

    /// A float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1_u64 << 53) as f64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One element of `items`; panics on an empty slice (callers pass constant, non-empty lists).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index chosen with probability proportional to `weights`.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
        let mut roll = self.below(total as usize) as u64;
        for (index, weight) in weights.iter().enumerate() {
            let weight = u64::from(*weight);
            if roll < weight {
                return index;
            }
            roll -= weight;
        }
        weights.len().saturating_sub(1)
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }

    /// A random version-4 UUID in canonical lowercase form.
    pub fn uuid(&mut self) -> String {
        let high = self.next_u64();
        let low = self.next_u64();
        let time_low = high >> 32;
        let time_mid = (high >> 16) & 0xffff;
        let version = (high & 0x0fff) | 0x4000;
        let variant = ((low >> 48) & 0x3fff) | 0x8000;
        let node = low & 0xffff_ffff_ffff;
        format!("{time_low:08x}-{time_mid:04x}-{version:04x}-{variant:04x}-{node:012x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pageport_model::ids::is_canonical_uuid;

    #[test]
    fn the_same_seed_gives_the_same_sequence() {
        let mut a = SiteRng::new(7);
        let mut b = SiteRng::new(7);
        let first: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        let second: Vec<u64> = (0..5).map(|_| b.next_u64()).collect();
        assert_eq!(first, second);
        let mut c = SiteRng::new(8);
        assert_ne!(first[0], c.next_u64());
    }

    #[test]
    fn derived_generators_differ_by_part() {
        let mut pages = SiteRng::derive(1, "pages");
        let mut widgets = SiteRng::derive(1, "widgets");
        assert_ne!(pages.next_u64(), widgets.next_u64());
    }

    #[test]
    fn bounded_draws_stay_in_range() {
        let mut rng = SiteRng::new(3);
        for _ in 0..1000 {
            assert!(rng.below(10) < 10);
            let n = rng.between(2, 4);
            assert!((2..=4).contains(&n));
            let u = rng.unit();
            assert!((0.0..1.0).contains(&u));
        }
        assert_eq!(rng.below(0), 0);
    }

    #[test]
    fn weighted_never_picks_a_zero_weight() {
        let mut rng = SiteRng::new(5);
        for _ in 0..1000 {
            assert_ne!(rng.weighted(&[3, 0, 1]), 1);
        }
    }

    #[test]
    fn uuids_are_canonical_version_4() {
        let mut rng = SiteRng::new(11);
        for _ in 0..100 {
            let uuid = rng.uuid();
            assert!(is_canonical_uuid(&uuid), "{uuid}");
            assert_eq!(&uuid[14..15], "4");
            assert!(matches!(&uuid[19..20], "8" | "9" | "a" | "b"), "{uuid}");
        }
    }
}
