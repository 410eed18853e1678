//! The PEM and X.509 checks of certificate files: must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use terraform_provider_containerd::domain::certificate::inspect_pem;

/// 2026-01-01, so expiry checks see a fixed clock.
const NOW_UNIX: i64 = 1_767_225_600;

fuzz_target!(|data: &[u8]| {
    let check = inspect_pem(data, NOW_UNIX);
    if check.kind.is_some_and(|kind| kind.contains_certificate()) && !check.problems.has_errors() {
        assert!(!check.certificates.is_empty(), "a certificate file without certificates");
    }
});
