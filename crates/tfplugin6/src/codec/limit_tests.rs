//! Every limit refuses before it allocates, names itself, and holds in both directions.

use super::*;
use crate::limits::{MAX_COLLECTION_ELEMENTS, MAX_DEPTH, MAX_STRING_BYTES, MAX_VALUES};

fn array32(len: u32) -> Vec<u8> {
    let mut bytes = vec![0xdd];
    bytes.extend_from_slice(&len.to_be_bytes());
    bytes
}

fn nils(len: usize) -> Vec<u8> {
    let mut bytes = array32(len as u32);
    bytes.resize(bytes.len() + len, 0xc0);
    bytes
}

#[test]
fn a_collection_header_beyond_the_limit_is_refused_by_name() {
    for bytes in [array32(u32::MAX), nils(MAX_COLLECTION_ELEMENTS + 1)] {
        let error = decode_msgpack(&bytes, &Type::list(Type::String)).unwrap_err();
        assert!(
            matches!(error, CodecError::TooManyElements { max, .. } if max == MAX_COLLECTION_ELEMENTS),
            "{error:?}"
        );
        assert!(error.to_string().contains("MAX_COLLECTION_ELEMENTS"));
    }
    let map_header = [0xdf, 0xff, 0xff, 0xff, 0xff];
    assert!(matches!(
        decode_msgpack(&map_header, &Type::map(Type::String)),
        Err(CodecError::TooManyElements { .. })
    ));
}

#[test]
fn a_collection_at_the_limit_decodes() {
    let value = decode_msgpack(&nils(MAX_COLLECTION_ELEMENTS), &Type::list(Type::String)).unwrap();
    assert_eq!(
        value.elements().map(<[Value]>::len),
        Some(MAX_COLLECTION_ELEMENTS)
    );
}

#[test]
fn a_header_claiming_more_than_the_input_holds_is_refused() {
    let mut bytes = array32(1_000);
    bytes.extend_from_slice(&[0xc0; 10]);
    assert!(matches!(
        decode_msgpack(&bytes, &Type::list(Type::String)),
        Err(CodecError::Truncated { .. })
    ));
    // A map entry needs at least two bytes.
    assert!(matches!(
        decode_msgpack(&[0x83, 0xa0, 0xc0, 0xc0], &Type::map(Type::String)),
        Err(CodecError::Truncated { .. })
    ));
}

#[test]
fn values_are_counted_across_collections() {
    let lists = MAX_VALUES / MAX_COLLECTION_ELEMENTS + 1;
    let mut bytes = array32(lists as u32);
    for _ in 0..lists {
        bytes.extend_from_slice(&nils(MAX_COLLECTION_ELEMENTS));
    }
    let error = decode_msgpack(&bytes, &Type::list(Type::list(Type::String))).unwrap_err();
    assert_eq!(error, CodecError::TooManyValues { max: MAX_VALUES });
    assert!(error.to_string().contains("MAX_VALUES"));
}

#[test]
fn nesting_beyond_the_limit_is_refused() {
    let mut ty = Type::String;
    for _ in 0..MAX_DEPTH {
        ty = Type::list(ty);
    }
    let mut at_limit = vec![0x91; MAX_DEPTH - 1];
    at_limit.push(0x90);
    assert!(decode_msgpack(&at_limit, &ty).is_ok());
    let deeper = Type::list(ty);
    let mut too_deep = vec![0x91; MAX_DEPTH];
    too_deep.push(0x90);
    assert_eq!(
        decode_msgpack(&too_deep, &deeper),
        Err(CodecError::TooDeep { max: MAX_DEPTH })
    );
}

#[test]
fn dynamic_values_that_nest_dynamic_values_are_bounded() {
    // ["\"dynamic\"", ["\"dynamic\"", ...]] never reaches a concrete value.
    let mut bytes = Vec::new();
    for _ in 0..10_000 {
        bytes.extend_from_slice(&[0x92, 0xc4, 9]);
        bytes.extend_from_slice(b"\"dynamic\"");
    }
    bytes.push(0xc0);
    assert_eq!(
        decode_msgpack(&bytes, &Type::Dynamic),
        Err(CodecError::TooDeep { max: MAX_DEPTH })
    );
}

#[test]
fn a_string_beyond_the_limit_is_refused_before_its_bytes_are_read() {
    let mut header = vec![0xdb];
    header.extend_from_slice(&((MAX_STRING_BYTES + 1) as u32).to_be_bytes());
    let error = decode_msgpack(&header, &Type::String).unwrap_err();
    assert!(
        matches!(error, CodecError::StringTooLong { found, .. } if found == MAX_STRING_BYTES + 1)
    );
    assert!(error.to_string().contains("MAX_STRING_BYTES"));
    let json = format!("\"{}\"", "x".repeat(MAX_STRING_BYTES + 1));
    assert!(matches!(
        decode_json(json.as_bytes(), &Type::String),
        Err(CodecError::StringTooLong { .. })
    ));
}

#[test]
fn json_is_held_to_the_same_limits() {
    let nulls = format!("[{}null]", "null,".repeat(MAX_COLLECTION_ELEMENTS));
    assert!(matches!(
        decode_json(nulls.as_bytes(), &Type::list(Type::String)),
        Err(CodecError::TooManyElements { .. })
    ));
    let at_limit = format!("[{}null]", "null,".repeat(MAX_COLLECTION_ELEMENTS - 1));
    assert!(decode_json(at_limit.as_bytes(), &Type::list(Type::String)).is_ok());
    let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
    assert_eq!(
        decode_json(deep.as_bytes(), &Type::Dynamic),
        Err(CodecError::TooDeep { max: MAX_DEPTH })
    );
    let keys: Vec<String> = (0..=MAX_COLLECTION_ELEMENTS)
        .map(|i| format!("\"k{i}\":null"))
        .collect();
    let object = format!("{{{}}}", keys.join(","));
    assert!(matches!(
        decode_json(object.as_bytes(), &Type::map(Type::String)),
        Err(CodecError::TooManyElements { .. })
    ));
}

#[test]
fn the_encoder_refuses_what_the_decoder_would() {
    let long = Value::string("x".repeat(MAX_STRING_BYTES + 1));
    assert!(matches!(
        encode_msgpack(&long, &Type::String),
        Err(CodecError::StringTooLong { .. })
    ));
    let many = Value::List(vec![Value::Null; MAX_COLLECTION_ELEMENTS + 1]);
    assert!(matches!(
        encode_msgpack(&many, &Type::list(Type::String)),
        Err(CodecError::TooManyElements { .. })
    ));
}
