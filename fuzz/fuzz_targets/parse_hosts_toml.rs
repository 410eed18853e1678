//! `parse_hosts_toml`, the reader behind the function of that name: must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use terraform_provider_containerd::domain::hosts_toml::Rules;
use terraform_provider_containerd::domain::registry::parse_hosts_toml;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = parse_hosts_toml(text, "registry.example", &Rules::default());
    if parsed.registry.is_some() {
        assert!(!parsed.problems.has_errors(), "a registry despite errors");
    }
});
