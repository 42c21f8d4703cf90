//! Content-defined chunks (FastCDC 2020): a file cut where its content says, so bytes
//! inserted or changed early in a dump move no cut point after the next one. Two versions of
//! a business data dump share most of their chunks; the ones they do not share are what
//! changed.

use std::io::Read;

use fastcdc::v2020::FastCDC;

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
pub fn chunks_of(mut input: impl Read) -> std::io::Result<Vec<Chunk>> {
    let mut cutter = Cutter::default();
    let mut chunks = Vec::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let k = match input.read(&mut buf) {
            Ok(0) => break,
            Ok(k) => k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        cutter.push(&buf[..k], |bytes| chunks.push(Chunk { sha256: sha256(bytes), len: bytes.len() as u64 }));
    }
    cutter.finish(|bytes| chunks.push(Chunk { sha256: sha256(bytes), len: bytes.len() as u64 }));
    Ok(chunks)
}

/// Cuts bytes pushed in pieces of any size into chunks, as they become final: a cut
/// point depends only on the `MAX` bytes from the chunk's start, so a chunk is handed out
/// once that many bytes (or the end) are known. The vault's writer and `chunks_of` cut
/// through this one path, so a stored file's chunks and a re-chunked file's are the same.
#[derive(Default)]
pub struct Cutter {
    pending: Vec<u8>,
}

impl Cutter {
    /// Takes `bytes` and hands every chunk now final to `each`.
    pub fn push(&mut self, bytes: &[u8], each: impl FnMut(&[u8])) {
        self.pending.extend_from_slice(bytes);
        if self.pending.len() < MAX as usize {
            return; // no chunk can be final yet
        }
        let used = cut(&self.pending, false, each);
        self.pending.drain(..used);
    }

    /// The end of the input: hands out the chunks left.
    pub fn finish(mut self, each: impl FnMut(&[u8])) {
        let used = cut(&self.pending, true, each);
        self.pending.drain(..used);
    }
}

/// Hands out the chunks of `data` that are final (all of them at the end); returns the
/// bytes used.
fn cut(data: &[u8], end: bool, mut each: impl FnMut(&[u8])) -> usize {
    for c in FastCDC::new(data, MIN, AVG, MAX) {
        if !end && c.offset + MAX as usize > data.len() {
            return c.offset;
        }
        each(&data[c.offset..c.offset + c.length]);
    }
    data.len()
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

    #[test]
    fn pieces_of_any_size_cut_where_the_whole_does() {
        let data = bytes(3, 3 << 20);
        let whole: Vec<Chunk> = fastcdc::v2020::StreamCDC::new(&data[..], MIN, AVG, MAX)
            .map(|c| c.map(|c| Chunk { sha256: sha256(&c.data), len: c.length as u64 }).unwrap())
            .collect();
        assert!(whole.len() > 10);
        assert_eq!(chunks_of(&data[..]).unwrap(), whole);
        for piece in [4096usize, 65_537, 100_000, 300_000, 1 << 20] {
            let mut cutter = Cutter::default();
            let mut got = Vec::new();
            let mut keep = |b: &[u8]| got.push(Chunk { sha256: sha256(b), len: b.len() as u64 });
            for p in data.chunks(piece) {
                cutter.push(p, &mut keep);
            }
            cutter.finish(&mut keep);
            assert_eq!(got, whole, "pieces of {piece}");
        }
    }
}
