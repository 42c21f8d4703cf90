//! Content-defined chunks (FastCDC 2020): a file cut where its content says, so bytes
//! inserted or changed early in a dump move no cut point after the next one. Two versions of
//! a business data dump share most of their chunks; the ones they do not share are what
//! changed.

use std::io::Read;

use fastcdc::v2020::{Error as CdcError, StreamCDC};

use crate::digest::{sha256, Sha256};

/// Chunk sizes: small enough that a changed row costs a chunk of tens of kilobytes, large
/// enough that a gigabyte is some sixteen thousand chunks.
pub const MIN: u32 = 16 << 10;
pub const AVG: u32 = 64 << 10;
pub const MAX: u32 = 256 << 10;

/// One chunk: its SHA-256 and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chunk {
    pub sha256: Sha256,
    pub len: u64,
}

/// The chunks of everything `input` yields, in order.
pub fn chunks_of(input: impl Read) -> std::io::Result<Vec<Chunk>> {
    StreamCDC::new(input, MIN, AVG, MAX)
        .map(|c| match c {
            Ok(c) => Ok(Chunk { sha256: sha256(&c.data), len: c.length as u64 }),
            Err(CdcError::IoError(e)) => Err(e),
            Err(e) => Err(std::io::Error::other(e.to_string())),
        })
        .collect()
}

/// The bytes of `after`'s chunks that are not chunks of `before`.
pub fn changed_bytes(before: &[Chunk], after: &[Chunk]) -> u64 {
    let known: std::collections::HashSet<Sha256> = before.iter().map(|c| c.sha256).collect();
    after.iter().filter(|c| !known.contains(&c.sha256)).map(|c| c.len).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `len` bytes that never repeat: SHA-256 of a counter, block after block.
    fn bytes(seed: u64, len: usize) -> Vec<u8> {
        (0u64..).flat_map(|i| sha256(&[seed.to_le_bytes(), i.to_le_bytes()].concat()).0).take(len).collect()
    }

    #[test]
    fn a_change_in_the_middle_costs_a_chunk_or_two() {
        let old = bytes(1, 4 << 20);
        let mut new = old.clone();
        // A row rewritten and a few bytes inserted, 1.5 MB in.
        new.splice(1_500_000..1_500_100, bytes(2, 130));
        let (a, b) = (chunks_of(&old[..]).unwrap(), chunks_of(&new[..]).unwrap());
        assert_eq!(a.iter().map(|c| c.len).sum::<u64>(), old.len() as u64);
        assert_eq!(b.iter().map(|c| c.len).sum::<u64>(), new.len() as u64);
        let changed = changed_bytes(&a, &b);
        assert!(changed > 0 && changed <= 2 * MAX as u64, "{changed}");
        assert_eq!(changed_bytes(&a, &a), 0);
        assert_eq!(changed_bytes(&[], &b), new.len() as u64);
    }
}
