//! hosts.toml validation, under each containerd profile: must never panic, and a file it
//! accepts must decode.
#![no_main]

use libfuzzer_sys::fuzz_target;
use terraform_provider_containerd::domain::hosts_toml::{validate, ContainerdVersion, Rules};

/// The first byte picks the profile; the rest is the file.
fn rules(selector: u8) -> Rules {
    let version = match selector % 5 {
        0 => return Rules::default(),
        1 => ContainerdVersion::new(1, 6, 20),
        2 => ContainerdVersion::new(1, 7, 24),
        3 => ContainerdVersion::new(2, 0, 5),
        _ => ContainerdVersion::new(2, 2, 0),
    };
    Rules::for_version(version)
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let validation = validate(text, &rules(selector));
    if !validation.problems.has_errors() {
        assert!(validation.parsed.is_some(), "accepted but not decoded");
    }
});
