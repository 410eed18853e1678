//! Registry namespace checks and the host a namespace names: must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use terraform_provider_containerd::domain::namespace::{canonical_namespace, validate_namespace};
use terraform_provider_containerd::domain::registry::normalize::{
    default_server, namespace_host,
};

fuzz_target!(|data: &[u8]| {
    let Ok(name) = std::str::from_utf8(data) else {
        return;
    };
    let canonical = canonical_namespace(name);
    if validate_namespace(canonical).is_ok() {
        let _ = namespace_host(canonical);
        let _ = default_server(canonical);
    }
});
