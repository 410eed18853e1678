//! DynamicValue codec: msgpack (and the JSON form found in raw state), driven by a cty type.
//!
//! The layout follows Terraform's object wire format: null is nil, unknown is a msgpack
//! extension, objects are maps holding every attribute, and values of `dynamic` type travel as
//! `[type JSON, value]`.

use crate::error::CodecError;
use crate::limits::Budget;
use crate::types::{ObjectType, Type};
use crate::value::{Number, Value};
use serde_json::Value as Json;
use std::collections::BTreeMap;

mod json_decode;
mod msgpack_decode;

type CodecResult<T> = Result<T, CodecError>;

/// Decodes a msgpack DynamicValue of type `ty`, under the [`limits`](crate::limits).
pub fn decode_msgpack(bytes: &[u8], ty: &Type) -> CodecResult<Value> {
    msgpack_decode::decode(bytes, ty)
}

/// Decodes the JSON form of a value (raw state and `DynamicValue.json`), under the
/// [`limits`](crate::limits).
pub fn decode_json(bytes: &[u8], ty: &Type) -> CodecResult<Value> {
    from_json(json_decode::parse(bytes)?, ty)
}

/// Encodes `value` as msgpack according to `ty`. A value beyond the
/// [`limits`](crate::limits) is refused, so everything encoded here decodes again.
pub fn encode_msgpack(value: &Value, ty: &Type) -> CodecResult<Vec<u8>> {
    let mut out = Vec::new();
    write_msgpack(&mut out, value, ty, &mut Budget::new(), 0)?;
    Ok(out)
}

/// Below this, an f64 holds every integer exactly; the encoder writes such whole floats as
/// integers.
const EXACT_INTEGERS: f64 = 9.0e15;

pub(crate) fn parse_number(text: &str) -> CodecResult<Value> {
    if let Ok(i) = text.parse::<i64>() {
        return Ok(Value::Number(Number::Int(i)));
    }
    let float = text
        .parse::<f64>()
        .map_err(|_| CodecError::Malformed("invalid number"))?;
    float_number(float).map(Value::Number)
}

/// A decoded float as a number. cty numbers are finite, so NaN and the infinities are not
/// numbers to Terraform; a whole float is the integer the encoder would write for it, so a
/// value is the same after a round trip.
pub(crate) fn float_number(float: f64) -> CodecResult<Number> {
    if !float.is_finite() {
        Err(CodecError::Malformed("invalid number"))
    } else if float.fract() == 0.0 && float.abs() < EXACT_INTEGERS {
        Ok(Number::Int(float as i64))
    } else {
        Ok(Number::Float(float))
    }
}

fn from_json(json: Json, ty: &Type) -> CodecResult<Value> {
    if json.is_null() {
        return Ok(Value::Null);
    }
    match ty {
        Type::Dynamic => {
            let Json::Object(mut wrapper) = json else {
                return Err(CodecError::Malformed(
                    "dynamic JSON value must be {\"value\", \"type\"}",
                ));
            };
            let concrete = Type::from_json(wrapper.get("type").unwrap_or(&Json::Null))?;
            from_json(wrapper.remove("value").unwrap_or(Json::Null), &concrete)
        }
        Type::String => match json {
            Json::String(s) => Ok(Value::String(s)),
            other => Err(mismatch("string", json_kind(&other))),
        },
        Type::Number => match json {
            Json::Number(n) => parse_number(&n.to_string()),
            Json::String(s) => parse_number(&s),
            other => Err(mismatch("number", json_kind(&other))),
        },
        Type::Bool => match json {
            Json::Bool(b) => Ok(Value::Bool(b)),
            other => Err(mismatch("bool", json_kind(&other))),
        },
        Type::List(element) | Type::Set(element) => {
            let Json::Array(items) = json else {
                return Err(mismatch("a JSON array", json_kind(&json)));
            };
            let items = items
                .into_iter()
                .map(|item| from_json(item, element))
                .collect::<CodecResult<Vec<_>>>()?;
            Ok(if matches!(ty, Type::Set(_)) {
                Value::Set(items)
            } else {
                Value::List(items)
            })
        }
        Type::Tuple(elements) => {
            let Json::Array(items) = json else {
                return Err(mismatch("a JSON array", json_kind(&json)));
            };
            if items.len() != elements.len() {
                return Err(CodecError::TupleLength {
                    found: items.len(),
                    expected: elements.len(),
                });
            }
            Ok(Value::Tuple(
                items
                    .into_iter()
                    .zip(elements)
                    .map(|(item, ty)| from_json(item, ty))
                    .collect::<CodecResult<_>>()?,
            ))
        }
        Type::Map(element) => {
            let Json::Object(entries) = json else {
                return Err(mismatch("a JSON object", json_kind(&json)));
            };
            Ok(Value::Map(
                entries
                    .into_iter()
                    .map(|(k, v)| Ok((k, from_json(v, element)?)))
                    .collect::<CodecResult<_>>()?,
            ))
        }
        Type::Object(object) => {
            let Json::Object(mut entries) = json else {
                return Err(mismatch("a JSON object", json_kind(&json)));
            };
            // Raw state may come from an older schema: absent attributes read as null and
            // attributes the schema no longer has are dropped.
            let mut attributes = BTreeMap::new();
            for (name, ty) in &object.attributes {
                let item = entries.remove(name).unwrap_or(Json::Null);
                attributes.insert(name.clone(), from_json(item, ty)?);
            }
            Ok(Value::Object(attributes))
        }
    }
}

fn write_msgpack(
    out: &mut Vec<u8>,
    value: &Value,
    ty: &Type,
    budget: &mut Budget,
    depth: usize,
) -> CodecResult<()> {
    use rmp::encode;
    budget.value()?;
    let io = |e: std::io::Error| CodecError::Msgpack(e.to_string());
    let val = |e: rmp::encode::ValueWriteError| CodecError::Msgpack(e.to_string());
    match value {
        Value::Null => {
            encode::write_nil(out).map_err(io)?;
            return Ok(());
        }
        Value::Unknown => {
            encode::write_ext_meta(out, 1, 0).map_err(val)?;
            out.push(0);
            return Ok(());
        }
        _ => {}
    }
    match ty {
        Type::Dynamic => {
            let concrete = infer_type(value);
            encode::write_array_len(out, 2).map_err(val)?;
            encode::write_bin(out, &concrete.to_json_bytes()).map_err(val)?;
            write_msgpack(out, value, &concrete, budget, depth + 1)
        }
        Type::String => match value {
            Value::String(s) => {
                Budget::string(s.len())?;
                encode::write_str(out, s).map_err(val)
            }
            other => Err(mismatch("string", value_kind(other))),
        },
        Type::Number => match value {
            Value::Number(Number::Int(i)) => encode::write_sint(out, *i).map(|_| ()).map_err(val),
            Value::Number(Number::Float(f)) if !f.is_finite() => {
                Err(CodecError::Malformed("invalid number"))
            }
            Value::Number(Number::Float(f)) => {
                if f.fract() == 0.0 && f.abs() < EXACT_INTEGERS {
                    encode::write_sint(out, *f as i64).map(|_| ()).map_err(val)
                } else {
                    encode::write_f64(out, *f).map_err(val)
                }
            }
            other => Err(mismatch("number", value_kind(other))),
        },
        Type::Bool => match value {
            Value::Bool(b) => encode::write_bool(out, *b).map_err(io),
            other => Err(mismatch("bool", value_kind(other))),
        },
        Type::List(element) | Type::Set(element) => {
            let items = value
                .elements()
                .ok_or_else(|| mismatch("a collection", value_kind(value)))?;
            budget.collection(items.len(), depth + 1)?;
            encode::write_array_len(out, items.len() as u32).map_err(val)?;
            items
                .iter()
                .try_for_each(|item| write_msgpack(out, item, element, budget, depth + 1))
        }
        Type::Tuple(elements) => {
            let items = value
                .elements()
                .ok_or_else(|| mismatch("a tuple", value_kind(value)))?;
            if items.len() != elements.len() {
                return Err(CodecError::TupleLength {
                    found: items.len(),
                    expected: elements.len(),
                });
            }
            budget.collection(items.len(), depth + 1)?;
            encode::write_array_len(out, items.len() as u32).map_err(val)?;
            items
                .iter()
                .zip(elements)
                .try_for_each(|(item, ty)| write_msgpack(out, item, ty, budget, depth + 1))
        }
        Type::Map(element) => {
            let entries = value
                .entries()
                .ok_or_else(|| mismatch("a map", value_kind(value)))?;
            budget.collection(entries.len(), depth + 1)?;
            encode::write_map_len(out, entries.len() as u32).map_err(val)?;
            entries.iter().try_for_each(|(key, item)| {
                Budget::string(key.len())?;
                encode::write_str(out, key).map_err(val)?;
                write_msgpack(out, item, element, budget, depth + 1)
            })
        }
        Type::Object(ObjectType { attributes, .. }) => {
            let entries = value
                .entries()
                .ok_or_else(|| mismatch("an object", value_kind(value)))?;
            budget.collection(attributes.len(), depth + 1)?;
            encode::write_map_len(out, attributes.len() as u32).map_err(val)?;
            attributes.iter().try_for_each(|(name, ty)| {
                encode::write_str(out, name).map_err(val)?;
                let item = entries.get(name).unwrap_or(&Value::Null);
                write_msgpack(out, item, ty, budget, depth + 1)
            })
        }
    }
}

// Error messages name kinds, never contents: values can hold credentials and keys.

pub(crate) fn mismatch(expected: &'static str, found: &'static str) -> CodecError {
    CodecError::Mismatch { expected, found }
}

fn value_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Unknown => "an unknown value",
        Value::Bool(_) => "a bool",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::List(_) => "a list",
        Value::Set(_) => "a set",
        Value::Tuple(_) => "a tuple",
        Value::Map(_) => "a map",
        Value::Object(_) => "an object",
    }
}

fn json_kind(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "a bool",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

/// The concrete type of a value in a `dynamic` position. Collections take their first
/// element's type; empty ones are collections of `dynamic`.
pub fn infer_type(value: &Value) -> Type {
    let first = |items: &[Value]| items.first().map(infer_type).unwrap_or(Type::Dynamic);
    match value {
        Value::Null | Value::Unknown => Type::Dynamic,
        Value::Bool(_) => Type::Bool,
        Value::Number(_) => Type::Number,
        Value::String(_) => Type::String,
        Value::List(items) => Type::list(first(items)),
        Value::Set(items) => Type::set(first(items)),
        Value::Tuple(items) => Type::Tuple(items.iter().map(infer_type).collect()),
        Value::Map(entries) => Type::map(
            entries
                .values()
                .next()
                .map(infer_type)
                .unwrap_or(Type::Dynamic),
        ),
        Value::Object(entries) => Type::Object(ObjectType {
            attributes: entries
                .iter()
                .map(|(k, v)| (k.clone(), infer_type(v)))
                .collect(),
            optional: Default::default(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_type() -> Type {
        Type::object([
            ("s", Type::String),
            ("n", Type::Number),
            ("b", Type::Bool),
            ("l", Type::list(Type::String)),
            ("set", Type::set(Type::Number)),
            ("m", Type::map(Type::Bool)),
            ("t", Type::Tuple(vec![Type::String, Type::Number])),
            ("d", Type::Dynamic),
            ("u", Type::String),
            ("z", Type::String),
        ])
    }

    /// Found by the msgpack_decode fuzz target: a float64 NaN decoded, and since NaN != NaN
    /// the value no longer equalled itself after a round trip.
    #[test]
    fn non_finite_numbers_are_refused_both_ways() {
        let f64_bytes = |f: f64| [&[0xcb][..], &f.to_be_bytes()].concat();
        let f32_bytes = |f: f32| [&[0xca][..], &f.to_be_bytes()].concat();
        for bytes in [
            f64_bytes(f64::NAN),
            f64_bytes(f64::INFINITY),
            f64_bytes(f64::NEG_INFINITY),
            f32_bytes(f32::NAN),
            f32_bytes(f32::INFINITY),
        ] {
            assert!(decode_msgpack(&bytes, &Type::Number).is_err(), "{bytes:x?}");
        }
        assert_eq!(
            decode_msgpack(&f64_bytes(1.5), &Type::Number).unwrap(),
            Value::Number(Number::Float(1.5))
        );
        assert!(decode_json(b"\"NaN\"", &Type::Number).is_err());
        assert!(encode_msgpack(&Value::Number(Number::Float(f64::NAN)), &Type::Number).is_err());
    }

    /// Found by the msgpack_decode fuzz target: a float64 0.0 decoded as a float, was encoded
    /// as the integer 0 and came back as an integer, a different value.
    #[test]
    fn whole_floats_decode_as_the_integers_they_encode_to() {
        let f64_bytes = |f: f64| [&[0xcb][..], &f.to_be_bytes()].concat();
        for (float, int) in [(0.0, 0), (-3.0, -3), (1e15, 1_000_000_000_000_000)] {
            let decoded = decode_msgpack(&f64_bytes(float), &Type::Number).unwrap();
            assert_eq!(decoded, Value::Number(Number::Int(int)));
            let again = encode_msgpack(&decoded, &Type::Number).unwrap();
            assert_eq!(decode_msgpack(&again, &Type::Number).unwrap(), decoded);
        }
        assert_eq!(
            decode_json(b"2.0", &Type::Number).unwrap(),
            Value::Number(Number::Int(2))
        );
        assert_eq!(
            decode_msgpack(&f64_bytes(1e17), &Type::Number).unwrap(),
            Value::Number(Number::Float(1e17))
        );
    }

    #[test]
    fn msgpack_round_trip() {
        let value = Value::object([
            ("s", Value::string("hé")),
            ("n", Value::Number(Number::Float(1.5))),
            ("b", Value::Bool(true)),
            ("l", Value::List(vec![Value::string("a"), Value::Unknown])),
            ("set", Value::Set(vec![Value::Number(Number::Int(-7))])),
            (
                "m",
                Value::Map([("k".to_string(), Value::Bool(false))].into()),
            ),
            (
                "t",
                Value::Tuple(vec![Value::string("x"), Value::Number(Number::Int(3))]),
            ),
            ("d", Value::List(vec![Value::string("dyn")])),
            ("u", Value::Unknown),
            ("z", Value::Null),
        ]);
        let bytes = encode_msgpack(&value, &sample_type()).unwrap();
        assert_eq!(decode_msgpack(&bytes, &sample_type()).unwrap(), value);
    }

    #[test]
    fn unknown_is_fixext1_type_zero() {
        assert_eq!(
            encode_msgpack(&Value::Unknown, &Type::String).unwrap(),
            vec![0xd4, 0, 0]
        );
    }

    #[test]
    fn refined_unknown_ext12_decodes_as_unknown() {
        // fixext ... ext type 12 carrying a map {1: false} (refinement "not null").
        let bytes = [0xc7, 0x03, 0x0c, 0x81, 0x01, 0xc2];
        assert_eq!(
            decode_msgpack(&bytes, &Type::String).unwrap(),
            Value::Unknown
        );
    }

    #[test]
    fn every_number_width_decodes() {
        let cases: &[(&[u8], f64)] = &[
            (&[0x05], 5.0),
            (&[0xff], -1.0),
            (&[0xcc, 0xc8], 200.0),
            (&[0xcd, 0x01, 0x00], 256.0),
            (&[0xce, 0, 1, 0, 0], 65536.0),
            (&[0xcf, 0, 0, 0, 1, 0, 0, 0, 0], 4294967296.0),
            (&[0xd0, 0x80], -128.0),
            (&[0xd1, 0xff, 0x00], -256.0),
            (&[0xd2, 0xff, 0xff, 0xff, 0xfe], -2.0),
            (
                &[0xd3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfd],
                -3.0,
            ),
            (&[0xca, 0x3f, 0xc0, 0, 0], 1.5),
            (&[0xcb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0], 1.5),
            (&[0xa3, b'2', b'.', b'5'], 2.5),
        ];
        for (bytes, expected) in cases {
            match decode_msgpack(bytes, &Type::Number).unwrap() {
                Value::Number(n) => assert_eq!(n.as_f64(), *expected, "{bytes:x?}"),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn dynamic_values_carry_their_type() {
        // ["\"string\"" as bin, "hi"]
        let mut bytes = vec![0x92, 0xc4, 8];
        bytes.extend_from_slice(b"\"string\"");
        bytes.extend_from_slice(&[0xa2, b'h', b'i']);
        assert_eq!(
            decode_msgpack(&bytes, &Type::Dynamic).unwrap(),
            Value::string("hi")
        );
        assert_eq!(
            encode_msgpack(&Value::string("hi"), &Type::Dynamic).unwrap(),
            bytes
        );
    }

    #[test]
    fn errors_name_kinds_not_contents() {
        let secret = Value::object([("password", Value::string("hunter2"))]);
        let error = encode_msgpack(&secret, &Type::String)
            .unwrap_err()
            .to_string();
        assert!(!error.contains("hunter2"), "{error}");
        let bytes = encode_msgpack(&Value::string("hunter2"), &Type::String).unwrap();
        let error = decode_msgpack(&bytes, &Type::Bool).unwrap_err().to_string();
        assert!(
            !error.contains("hunter2") && error.contains("a string"),
            "{error}"
        );
    }

    #[test]
    fn objects_must_have_exactly_their_attributes() {
        let ty = Type::object([("a", Type::String)]);
        let missing = encode_msgpack(&Value::object([]), &Type::object([])).unwrap();
        assert!(decode_msgpack(&missing, &ty)
            .unwrap_err()
            .to_string()
            .contains("missing"));
        let extra = encode_msgpack(
            &Value::object([("a", Value::Null), ("b", Value::Null)]),
            &Type::object([("a", Type::String), ("b", Type::String)]),
        )
        .unwrap();
        assert!(decode_msgpack(&extra, &ty)
            .unwrap_err()
            .to_string()
            .contains("unexpected"));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for bytes in [&b""[..], &[0x92, 0x01], &[0xdc, 0xff, 0xff], &[0x80, 0x80]] {
            assert!(decode_msgpack(bytes, &sample_type()).is_err());
        }
        assert!(decode_msgpack(&[0xa1, 0xff], &Type::String).is_err());
        assert!(decode_msgpack(&[0xa3, b'N', b'a', b'N'], &Type::Number).is_err());
    }

    #[test]
    fn json_state_decodes_with_missing_attributes_as_null() {
        let ty = Type::object([
            ("a", Type::String),
            ("b", Type::list(Type::Number)),
            ("d", Type::Dynamic),
        ]);
        let value = decode_json(
            br#"{"a":"x","old":1,"d":{"value":true,"type":"bool"}}"#,
            &ty,
        )
        .unwrap();
        assert_eq!(
            value,
            Value::object([
                ("a", Value::string("x")),
                ("b", Value::Null),
                ("d", Value::Bool(true))
            ])
        );
    }
}

#[cfg(test)]
mod limit_tests;
