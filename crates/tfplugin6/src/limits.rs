//! Bounds on every value the codec reads or writes.
//!
//! The transport allows messages of 256 MiB, so the size of a message bounds nothing useful:
//! a msgpack array header can claim 2^32 elements in five bytes, and one byte per `nil` becomes
//! a 32-byte [`Value`](crate::Value). Each limit is checked before the memory it guards is
//! allocated, so decoding costs at most a small constant times the input, and an error names
//! the limit it hit. The encoder enforces the same limits: a provider cannot write state that it
//! could not read back.

/// Collections (and dynamic values) nested deeper than this are refused.
pub const MAX_DEPTH: usize = 64;

/// Elements of one list, set, tuple or map, or attributes of one object.
pub const MAX_COLLECTION_ELEMENTS: usize = 100_000;

/// Values of every kind, nulls included, in one DynamicValue.
pub const MAX_VALUES: usize = 1_000_000;

/// Bytes of one string (UTF-8), map key or attribute name.
pub const MAX_STRING_BYTES: usize = 16 << 20;

use crate::error::CodecError;

/// What is left of the limits while one value is decoded or encoded.
pub(crate) struct Budget {
    values_left: usize,
}

impl Budget {
    pub fn new() -> Budget {
        Budget {
            values_left: MAX_VALUES,
        }
    }

    /// Counts one value.
    pub fn value(&mut self) -> Result<(), CodecError> {
        self.values_left = self
            .values_left
            .checked_sub(1)
            .ok_or(CodecError::TooManyValues { max: MAX_VALUES })?;
        Ok(())
    }

    /// Admits a collection of `len` elements at nesting `depth` (1 for the outermost).
    pub fn collection(&self, len: usize, depth: usize) -> Result<(), CodecError> {
        if depth > MAX_DEPTH {
            return Err(CodecError::TooDeep { max: MAX_DEPTH });
        }
        if len > MAX_COLLECTION_ELEMENTS {
            return Err(CodecError::TooManyElements {
                found: len,
                max: MAX_COLLECTION_ELEMENTS,
            });
        }
        if len > self.values_left {
            return Err(CodecError::TooManyValues { max: MAX_VALUES });
        }
        Ok(())
    }

    /// Admits a string of `len` bytes.
    pub fn string(len: usize) -> Result<(), CodecError> {
        if len > MAX_STRING_BYTES {
            return Err(CodecError::StringTooLong {
                found: len,
                max: MAX_STRING_BYTES,
            });
        }
        Ok(())
    }
}
