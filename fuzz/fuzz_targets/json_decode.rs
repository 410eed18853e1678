//! JSON DynamicValue decoding (raw state) against the types the provider receives: must never
//! panic, and what decodes survives a msgpack round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use terraform_provider_containerd_fuzz::{decoding_type, DataSourceConfig};
use tfplugin6::{decode_json, decode_msgpack, encode_msgpack};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let ty = decoding_type(selector, DataSourceConfig::get());
    let Ok(value) = decode_json(bytes, &ty) else {
        return;
    };
    let encoded = encode_msgpack(&value, &ty).expect("a decoded value encodes");
    let again = decode_msgpack(&encoded, &ty).expect("an encoded value decodes");
    assert_eq!(again, value);
});
