//! URL parsing with Go's rules, userinfo redaction and mirror URL normalisation must never
//! panic, and a URL that `request_url` takes as plain without parsing it must parse.
#![no_main]

use libfuzzer_sys::fuzz_target;
use terraform_provider_containerd::domain::go_url::{parse, redact_userinfo};
use terraform_provider_containerd::domain::registry::normalize::normalize_url;
use terraform_provider_containerd::domain::request_url;

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let _ = parse(raw);
    let _ = normalize_url(raw);
    let _ = redact_userinfo(raw);
    if request_url::is_plain(raw) {
        assert!(url::Url::parse(raw).is_ok(), "plain but unparsable: {raw:?}");
    }
});
