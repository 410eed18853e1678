//! Peak heap of the decoders on hostile inputs the transport allows: each must stay within a
//! small constant times its input, whether it decodes or is refused. `--nocapture` prints the
//! measured time and peak for each case.

use std::sync::atomic::Ordering;
use std::time::Instant;
use tfplugin6::{decode_json, decode_msgpack, Type};

#[path = "common/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::{LIVE, PEAK};

const MIB: usize = 1 << 20;

/// Decodes once and returns the peak heap above what was live before, with the outcome.
fn measure(name: &str, input: &[u8], decode: impl FnOnce(&[u8]) -> String) -> usize {
    let baseline = LIVE.load(Ordering::Relaxed);
    PEAK.store(baseline, Ordering::Relaxed);
    let start = Instant::now();
    let outcome = decode(input);
    let elapsed = start.elapsed();
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(baseline);
    println!(
        "{name:<44} input {:>5} MiB  {elapsed:>10.2?}  peak {:>9.1} MiB  {outcome}",
        input.len() / MIB,
        peak as f64 / MIB as f64
    );
    peak
}

fn msgpack(ty: Type) -> impl FnOnce(&[u8]) -> String {
    move |bytes| match decode_msgpack(bytes, &ty) {
        Ok(_) => "decoded".to_string(),
        Err(e) => e.to_string(),
    }
}

fn json(ty: Type) -> impl FnOnce(&[u8]) -> String {
    move |bytes| match decode_json(bytes, &ty) {
        Ok(_) => "decoded".to_string(),
        Err(e) => e.to_string(),
    }
}

fn array32(len: usize) -> Vec<u8> {
    let mut bytes = vec![0xdd];
    bytes.extend_from_slice(&(len as u32).to_be_bytes());
    bytes
}

/// A list of `outer` lists of `inner` nils.
fn nested_nils(outer: usize, inner: usize) -> Vec<u8> {
    let mut bytes = array32(outer);
    let mut chunk = array32(inner);
    chunk.resize(chunk.len() + inner, 0xc0);
    for _ in 0..outer {
        bytes.extend_from_slice(&chunk);
    }
    bytes
}

fn string_attribute(len: usize) -> Vec<u8> {
    let mut bytes = vec![0x81, 0xa1, b's', 0xdb];
    bytes.extend_from_slice(&(len as u32).to_be_bytes());
    bytes.resize(bytes.len() + len, b'x');
    bytes
}

fn json_nulls(bytes: usize) -> Vec<u8> {
    let mut text = Vec::with_capacity(bytes + 8);
    text.push(b'[');
    while text.len() < bytes {
        text.extend_from_slice(b"null,");
    }
    text.extend_from_slice(b"null]");
    text
}

type Decoder = Box<dyn FnOnce(&[u8]) -> String>;

#[test]
fn decoding_costs_a_small_constant_times_the_input() {
    let nils = Type::list(Type::String);
    let lists_of_nils = Type::list(Type::list(Type::String));
    let string_object = Type::object([("s", Type::String)]);

    // (name, input, decoder, allowed peak as a multiple of the input)
    let cases: Vec<(&str, Vec<u8>, Decoder, usize)> = vec![
        (
            "msgpack: header claims 2^32-1 elements",
            array32(u32::MAX as usize),
            Box::new(msgpack(nils.clone())),
            1_000,
        ),
        (
            "msgpack: 16 MiB array of nils",
            {
                let mut bytes = array32(16 * MIB);
                bytes.resize(bytes.len() + 16 * MIB, 0xc0);
                bytes
            },
            Box::new(msgpack(nils.clone())),
            4,
        ),
        (
            "msgpack: 100,000 nils (decodes)",
            nested_nils(1, 100_000),
            Box::new(msgpack(lists_of_nils.clone())),
            40,
        ),
        (
            "msgpack: 100 MiB string attribute",
            string_attribute(100 * MIB),
            Box::new(msgpack(string_object.clone())),
            4,
        ),
        (
            "msgpack: 16 MiB string attribute (decodes)",
            string_attribute(16 * MIB),
            Box::new(msgpack(string_object)),
            4,
        ),
        (
            "msgpack: 256 MiB of lists of nils",
            nested_nils(2_684, 100_000),
            Box::new(msgpack(lists_of_nils.clone())),
            4,
        ),
        (
            "JSON: 16 MiB array of nulls",
            json_nulls(16 * MIB),
            Box::new(json(nils.clone())),
            4,
        ),
        (
            "JSON: 256 MiB array of nulls",
            json_nulls(256 * MIB),
            Box::new(json(nils)),
            4,
        ),
        (
            "JSON: nesting 100,000 deep",
            [vec![b'['; 100_000], vec![b']'; 100_000]].concat(),
            Box::new(json(Type::Dynamic)),
            4,
        ),
    ];
    let mut over = Vec::new();
    for (name, input, decode, factor) in cases {
        let peak = measure(name, &input, decode);
        if peak > factor * input.len() {
            over.push(format!(
                "{name}: peak {peak} bytes > {factor} x {}",
                input.len()
            ));
        }
    }
    assert!(over.is_empty(), "{over:#?}");
}
