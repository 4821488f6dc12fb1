//! `--shard i/N`: N machines split one portfolio without talking to each other. A portal's
//! shard is a SHA-256 of its history key, so every machine, every version of gongkai and every
//! run of the night agree on it, and adding a portal never moves the others.

use sha2::{Digest, Sha256};

/// One of `count` shards, numbered from 0 (as Kubernetes numbers an Indexed Job's pods).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// `"i/N"` with `0 <= i < N`.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let form = || format!("分片应写作 i/N（i 从 0 数起，小于 N），例如 0/3，而不是“{text}”");
        let (index, count) = text.trim().split_once('/').ok_or_else(form)?;
        let index: u32 = index.trim().parse().map_err(|_| form())?;
        let count: u32 = count.trim().parse().map_err(|_| form())?;
        if count == 0 {
            return Err(format!("分片数 N 应至少为 1，而不是“{text}”"));
        }
        if index >= count {
            return Err(format!(
                "分片序号从 0 数起，应小于分片数 {count}（可用 0 到 {}），而不是“{text}”",
                count - 1
            ));
        }
        Ok(Shard { index, count })
    }

    /// Whether the portal with history key `key` is this shard's.
    pub fn owns(&self, key: &str) -> bool {
        shard_of(key, self.count) == self.index
    }
}

/// The shard (of `count`) a portal's history key falls in: the first eight bytes of the key's
/// SHA-256, big-endian, modulo `count`.
pub fn shard_of(key: &str, count: u32) -> u32 {
    let digest = Sha256::digest(key.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    (u64::from_be_bytes(first) % u64::from(count.max(1))) as u32
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Vec<String> {
        (0..200)
            .map(|i| format!("http://127.0.0.1:{}/", 20000 + i))
            .collect()
    }

    #[test]
    fn every_portal_is_in_exactly_one_shard() {
        for count in 1..=7 {
            let shards: Vec<Shard> = (0..count).map(|index| Shard { index, count }).collect();
            for key in keys() {
                let owners = shards.iter().filter(|s| s.owns(&key)).count();
                assert_eq!(owners, 1, "{key} in {owners} of {count} shards");
            }
        }
    }

    #[test]
    fn assignment_is_stable_and_spread() {
        // Pinned values: a change here moves portals between machines mid-rollout.
        assert_eq!(
            shard_of("http://www.example.gov.cn/", 1000),
            shard_of("http://www.example.gov.cn/", 1000)
        );
        let pinned: Vec<u32> = [
            "http://www.example.gov.cn/",
            "http://127.0.0.1:8080/",
            "https://a.gov.cn/xxgk/",
        ]
        .iter()
        .map(|k| shard_of(k, 1_000_000))
        .collect();
        assert_eq!(pinned, PINNED);
        let mut sizes = [0usize; 4];
        for key in keys() {
            sizes[shard_of(&key, 4) as usize] += 1;
        }
        assert!(sizes.iter().all(|&n| n >= 25), "{sizes:?}");
    }

    /// Computed independently: `sha256(key)[..8]` big-endian modulo 1,000,000 (Python hashlib).
    const PINNED: [u32; 3] = [308440, 765334, 504589];

    #[test]
    fn shards_parse_from_zero_and_refuse_out_of_range() {
        assert_eq!(Shard::parse("0/2"), Ok(Shard { index: 0, count: 2 }));
        assert_eq!(Shard::parse(" 1 / 2 "), Ok(Shard { index: 1, count: 2 }));
        assert!(Shard::parse("2/2").unwrap_err().contains("0 到 1"));
        assert!(Shard::parse("0/0").is_err());
        assert!(Shard::parse("1").is_err());
        assert!(Shard::parse("a/2").is_err());
    }
}
