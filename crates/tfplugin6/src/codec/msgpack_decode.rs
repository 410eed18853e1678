//! Typed msgpack decoding straight into [`Value`]s, with no intermediate tree. Every length in
//! a header is checked against the limits and against the bytes that remain before anything
//! is allocated for it.

use super::{float_number, mismatch, parse_number, CodecResult};
use crate::error::CodecError;
use crate::limits::Budget;
use crate::types::Type;
use crate::value::{Number, Value};
use rmp::decode as rd;
use rmp::Marker;
use std::collections::BTreeMap;

pub fn decode(bytes: &[u8], ty: &Type) -> CodecResult<Value> {
    let mut decoder = Decoder {
        input: bytes,
        budget: Budget::new(),
    };
    let value = decoder.value(ty, 0)?;
    if !decoder.input.is_empty() {
        return Err(CodecError::TrailingBytes(decoder.input.len()));
    }
    Ok(value)
}

struct Decoder<'a> {
    input: &'a [u8],
    budget: Budget,
}

fn wire<E: std::fmt::Display>(error: E) -> CodecError {
    CodecError::Msgpack(error.to_string())
}

impl<'a> Decoder<'a> {
    fn peek(&self) -> CodecResult<Marker> {
        self.input
            .first()
            .map(|byte| Marker::from_u8(*byte))
            .ok_or_else(|| CodecError::Msgpack("unexpected end of input".into()))
    }

    fn take(&mut self, len: usize, what: &'static str) -> CodecResult<&'a [u8]> {
        if len > self.input.len() {
            return Err(CodecError::Truncated {
                claimed: what,
                remaining: self.input.len(),
            });
        }
        let (taken, rest) = self.input.split_at(len);
        self.input = rest;
        Ok(taken)
    }

    /// Admits `len` elements of at least `min_bytes` each at nesting `depth`.
    fn admit(&self, len: u32, min_bytes: usize, depth: usize) -> CodecResult<usize> {
        let len = len as usize;
        self.budget.collection(len, depth)?;
        if len.saturating_mul(min_bytes) > self.input.len() {
            return Err(CodecError::Truncated {
                claimed: "a collection header",
                remaining: self.input.len(),
            });
        }
        Ok(len)
    }

    fn value(&mut self, ty: &Type, depth: usize) -> CodecResult<Value> {
        self.budget.value()?;
        match self.peek()? {
            Marker::Null => {
                self.input = &self.input[1..];
                return Ok(Value::Null);
            }
            // ext 0 is "unknown"; ext 12 is an unknown with refinements we do not use.
            Marker::FixExt1
            | Marker::FixExt2
            | Marker::FixExt4
            | Marker::FixExt8
            | Marker::FixExt16
            | Marker::Ext8
            | Marker::Ext16
            | Marker::Ext32 => {
                let meta = rd::read_ext_meta(&mut self.input).map_err(wire)?;
                self.take(meta.size as usize, "an extension")?;
                return Ok(Value::Unknown);
            }
            _ => {}
        }
        match ty {
            Type::Dynamic => self.dynamic(depth),
            Type::String => self.string("string").map(Value::String),
            Type::Number => self.number(),
            Type::Bool => match self.peek()? {
                Marker::True | Marker::False => {
                    Ok(Value::Bool(rd::read_bool(&mut self.input).map_err(wire)?))
                }
                other => Err(mismatch("bool", marker_kind(other))),
            },
            Type::List(element) | Type::Set(element) => {
                let len = self.array_len("an array for a list or set", depth + 1)?;
                let mut items = Vec::with_capacity(len);
                for _ in 0..len {
                    items.push(self.value(element, depth + 1)?);
                }
                Ok(if matches!(ty, Type::Set(_)) {
                    Value::Set(items)
                } else {
                    Value::List(items)
                })
            }
            Type::Tuple(elements) => {
                let len = self.array_len("an array for a tuple", depth + 1)?;
                if len != elements.len() {
                    return Err(CodecError::TupleLength {
                        found: len,
                        expected: elements.len(),
                    });
                }
                let items = elements
                    .iter()
                    .map(|ty| self.value(ty, depth + 1))
                    .collect::<CodecResult<_>>()?;
                Ok(Value::Tuple(items))
            }
            Type::Map(element) => {
                let len = self.map_len("a map", depth + 1)?;
                let mut map = BTreeMap::new();
                for _ in 0..len {
                    let key = self.string("a string map key")?;
                    map.insert(key, self.value(element, depth + 1)?);
                }
                Ok(Value::Map(map))
            }
            Type::Object(object) => {
                let len = self.map_len("a map for an object", depth + 1)?;
                let mut attributes = BTreeMap::new();
                for _ in 0..len {
                    let key = self.string("a string map key")?;
                    let ty = object
                        .attributes
                        .get(&key)
                        .ok_or_else(|| CodecError::UnexpectedAttribute(key.clone()))?;
                    attributes.insert(key, self.value(ty, depth + 1)?);
                }
                if let Some(missing) = object
                    .attributes
                    .keys()
                    .find(|k| !attributes.contains_key(*k))
                {
                    return Err(CodecError::MissingAttribute(missing.clone()));
                }
                Ok(Value::Object(attributes))
            }
        }
    }

    /// A `[type JSON, value]` pair.
    fn dynamic(&mut self, depth: usize) -> CodecResult<Value> {
        let pair = "dynamic value must be a [type, value] pair";
        if !matches!(
            self.peek()?,
            Marker::FixArray(_) | Marker::Array16 | Marker::Array32
        ) {
            return Err(CodecError::Malformed(pair));
        }
        if self.array_len("an array", depth + 1)? != 2 {
            return Err(CodecError::Malformed(pair));
        }
        let type_json = match self.peek()? {
            Marker::Bin8 | Marker::Bin16 | Marker::Bin32 => {
                let len = rd::read_bin_len(&mut self.input).map_err(wire)?;
                self.take(len as usize, "a binary")?
            }
            Marker::FixStr(_) | Marker::Str8 | Marker::Str16 | Marker::Str32 => {
                let len = rd::read_str_len(&mut self.input).map_err(wire)?;
                self.take(len as usize, "a string")?
            }
            _ => {
                return Err(CodecError::Malformed(
                    "dynamic value type must be JSON bytes",
                ))
            }
        };
        let concrete = Type::from_json(&super::json_decode::parse(type_json)?)?;
        // A concrete type of "dynamic" nests another pair: depth still grows.
        self.value(&concrete, depth + 1)
    }

    fn string(&mut self, expected: &'static str) -> CodecResult<String> {
        let marker = self.peek()?;
        if !matches!(
            marker,
            Marker::FixStr(_) | Marker::Str8 | Marker::Str16 | Marker::Str32
        ) {
            return Err(mismatch(expected, marker_kind(marker)));
        }
        let len = rd::read_str_len(&mut self.input).map_err(wire)? as usize;
        Budget::string(len)?;
        let bytes = self.take(len, "a string")?;
        std::str::from_utf8(bytes)
            .map(str::to_owned)
            .map_err(|_| CodecError::Malformed("string is not UTF-8"))
    }

    fn number(&mut self) -> CodecResult<Value> {
        let number = match self.peek()? {
            Marker::U64 => {
                let u: u64 = rd::read_int(&mut self.input).map_err(wire)?;
                i64::try_from(u).map_or(Number::Float(u as f64), Number::Int)
            }
            Marker::FixPos(_)
            | Marker::FixNeg(_)
            | Marker::U8
            | Marker::U16
            | Marker::U32
            | Marker::I8
            | Marker::I16
            | Marker::I32
            | Marker::I64 => Number::Int(rd::read_int(&mut self.input).map_err(wire)?),
            Marker::F32 => float_number(rd::read_f32(&mut self.input).map_err(wire)?.into())?,
            Marker::F64 => float_number(rd::read_f64(&mut self.input).map_err(wire)?)?,
            Marker::FixStr(_) | Marker::Str8 | Marker::Str16 | Marker::Str32 => {
                return parse_number(&self.string("number")?);
            }
            other => return Err(mismatch("number", marker_kind(other))),
        };
        Ok(Value::Number(number))
    }

    fn array_len(&mut self, expected: &'static str, depth: usize) -> CodecResult<usize> {
        let marker = self.peek()?;
        if !matches!(
            marker,
            Marker::FixArray(_) | Marker::Array16 | Marker::Array32
        ) {
            return Err(mismatch(expected, marker_kind(marker)));
        }
        let len = rd::read_array_len(&mut self.input).map_err(wire)?;
        self.admit(len, 1, depth)
    }

    fn map_len(&mut self, expected: &'static str, depth: usize) -> CodecResult<usize> {
        let marker = self.peek()?;
        if !matches!(marker, Marker::FixMap(_) | Marker::Map16 | Marker::Map32) {
            return Err(mismatch(expected, marker_kind(marker)));
        }
        let len = rd::read_map_len(&mut self.input).map_err(wire)?;
        self.admit(len, 2, depth)
    }
}

fn marker_kind(marker: Marker) -> &'static str {
    match marker {
        Marker::Null => "nil",
        Marker::True | Marker::False => "a bool",
        Marker::FixPos(_)
        | Marker::FixNeg(_)
        | Marker::U8
        | Marker::U16
        | Marker::U32
        | Marker::U64
        | Marker::I8
        | Marker::I16
        | Marker::I32
        | Marker::I64
        | Marker::F32
        | Marker::F64 => "a number",
        Marker::FixStr(_) | Marker::Str8 | Marker::Str16 | Marker::Str32 => "a string",
        Marker::Bin8 | Marker::Bin16 | Marker::Bin32 => "binary data",
        Marker::FixArray(_) | Marker::Array16 | Marker::Array32 => "an array",
        Marker::FixMap(_) | Marker::Map16 | Marker::Map32 => "a map",
        Marker::Reserved => "a reserved byte",
        _ => "an extension",
    }
}
