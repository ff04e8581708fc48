//! FNV-1a: a hash that is the same in every build and run (unlike the std hasher), for what is kept or shown
//! (an imported row's digest in the project file, 処理通番, a proposed link number).

/// FNV-1a, fed as bytes are written (an `io::Write`, so that a value serialised into it is hashed without being
/// built as text first).
pub struct Fnv(u64);

impl Fnv {
    /// Nothing fed yet (FNV-1a's offset basis).
    pub fn new() -> Fnv {
        Fnv(0xcbf29ce484222325)
    }

    /// Feed bytes.
    pub fn feed(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x100000001b3);
        }
    }

    /// The hash of everything fed.
    pub fn finish(&self) -> u64 {
        self.0
    }
}

impl Default for Fnv {
    fn default() -> Self {
        Fnv::new()
    }
}

impl std::io::Write for Fnv {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.feed(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// FNV-1a of `bytes`.
pub fn fnv(bytes: &[u8]) -> u64 {
    let mut h = Fnv::new();
    h.feed(bytes);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_1a_test_vectors_and_fed_in_pieces_the_same() {
        assert_eq!(fnv(b""), 0xcbf29ce484222325);
        assert_eq!(fnv(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv(b"foobar"), 0x85944171f73967e8);
        let mut h = Fnv::new();
        h.feed(b"foo");
        h.feed(b"bar");
        assert_eq!(h.finish(), fnv(b"foobar"));
    }
}
