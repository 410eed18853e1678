//! URL parsing with Go's rules, userinfo redaction and mirror URL normalisation: must never
//! panic, and redaction never leaves a password in place.
#![no_main]

use libfuzzer_sys::fuzz_target;
use terraform_provider_containerd::domain::go_url::{parse, redact_userinfo};
use terraform_provider_containerd::domain::registry::normalize::normalize_url;

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let _ = parse(raw);
    let _ = normalize_url(raw);
    let _ = redact_userinfo(raw);
});
