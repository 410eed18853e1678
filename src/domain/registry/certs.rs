//! Certificates given inline: checked and written as node files.
//!
//! Layout: every inline PEM of registry `<namespace>` is written under
//! `/etc/containerd/certs/<namespace>/`, named after the host it is for
//! (`host:port` written `host_port`):
//!
//! | What | File | Mode |
//! |---|---|---|
//! | CA of a mirror or the upstream | `<host>-ca.crt` (more: `<host>-ca-2.crt`, …) | 0644 |
//! | client certificate | `<host>-client.crt` | 0644 (0600 if it holds a key too) |
//! | client key | `<host>-client.key` | 0600 |
//! | certificate and key given as one PEM | `<host>-client.pem` | 0600 |
//!
//! When two hosts of one namespace share a host name (two paths on one
//! Harbor), the second uses `<host>-2-…`. hosts.toml references the files
//! by absolute path, so they work from any directory.
//!
//! Checks, on top of [`inspect_pem`]: a CA must hold certificates only, a
//! client certificate a certificate, a key a private key that matches the
//! certificate; a certificate that expires within 30 days is a warning.

use x509_parser::prelude::{FromDer, X509Certificate};

use crate::domain::certificate::{inspect_pem, PemKind};
use crate::domain::Severity;

/// Where inline certificates are written.
pub const INLINE_CERTS_DIR: &str = "/etc/containerd/certs";

/// Seconds in the expiry warning window.
pub const EXPIRY_WARNING_SECONDS: i64 = 30 * 24 * 60 * 60;

/// What a PEM must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Ca,
    ClientCert,
    ClientKey,
}

impl Role {
    pub fn describe(self) -> &'static str {
        match self {
            Role::Ca => "CA certificate",
            Role::ClientCert => "client certificate",
            Role::ClientKey => "client key",
        }
    }
}

/// Checks one inline PEM for `role`: (severity, message) findings.
pub(super) fn check_inline(pem_text: &str, role: Role, now_unix: i64) -> Vec<(Severity, String)> {
    let check = inspect_pem(pem_text.as_bytes(), now_unix);
    let mut out: Vec<(Severity, String)> = check
        .problems
        .iter()
        .map(|p| (p.severity, p.message.clone()))
        .collect();
    if check.problems.has_errors() {
        return out;
    }
    let wrong = match (role, check.kind) {
        (Role::Ca, Some(PemKind::Certificates)) => None,
        (Role::Ca, Some(_)) => Some("a CA must hold CERTIFICATE blocks only; this one holds a private key, which would be written world-readable"),
        (Role::ClientCert, Some(kind)) if kind.contains_certificate() => None,
        (Role::ClientCert, _) => Some("the client certificate holds no CERTIFICATE block"),
        (Role::ClientKey, Some(kind)) if kind.contains_private_key() => None,
        (Role::ClientKey, _) => Some("the client key holds no private key block"),
        (_, None) => Some("the PEM holds nothing containerd can use"),
    };
    if let Some(message) = wrong {
        out.push((Severity::Error, message.to_string()));
        return out;
    }
    for cert in &check.certificates {
        let left = cert.not_after_unix - now_unix;
        if (0..EXPIRY_WARNING_SECONDS).contains(&left) {
            out.push((
                Severity::Warning,
                format!(
                    "the certificate \"{}\" expires on {}, within 30 days",
                    cert.subject, cert.not_after
                ),
            ));
        }
    }
    out
}

/// Whether the private key in `key_pem` belongs to the first certificate
/// in `cert_pem`; `None` when either cannot be read (reported elsewhere).
pub(super) fn key_matches_certificate(cert_pem: &str, key_pem: &str) -> Option<bool> {
    use rustls::pki_types::{
        PrivateKeyDer, PrivatePkcs1KeyDer, PrivatePkcs8KeyDer, PrivateSec1KeyDer,
    };
    let blocks = pem::parse_many(cert_pem.as_bytes()).ok()?;
    let cert_block = blocks.iter().find(|b| b.tag() == "CERTIFICATE")?;
    let (_, cert) = X509Certificate::from_der(cert_block.contents()).ok()?;
    let spki = cert.tbs_certificate.subject_pki.raw;
    let key_blocks = pem::parse_many(key_pem.as_bytes()).ok()?;
    let key = key_blocks.iter().find_map(|b| {
        let der = b.contents().to_vec();
        match b.tag() {
            "PRIVATE KEY" => Some(PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(der))),
            "RSA PRIVATE KEY" => Some(PrivateKeyDer::Pkcs1(PrivatePkcs1KeyDer::from(der))),
            "EC PRIVATE KEY" => Some(PrivateKeyDer::Sec1(PrivateSec1KeyDer::from(der))),
            _ => None,
        }
    })?;
    let signing = rustls::crypto::aws_lc_rs::sign::any_supported_type(&key).ok()?;
    let public = signing.public_key()?;
    Some(public.as_ref() == spki)
}

/// A file-name-safe form of a host: `host:port` → `host_port`; anything
/// but letters, digits, `.`, `-` and `_` becomes `_`.
pub(super) fn file_stem(host: &str) -> String {
    host.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect::<String>()
        .trim_matches('_')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_fixtures::{
        EXPIRED_CERT, NOW, VALID_CERT, VALID_KEY_PKCS8, VALID_KEY_SEC1,
    };

    #[test]
    fn roles_are_checked() {
        assert_eq!(check_inline(VALID_CERT, Role::Ca, NOW), vec![]);
        let combined = format!("{VALID_CERT}{VALID_KEY_PKCS8}");
        assert!(check_inline(&combined, Role::Ca, NOW)[0]
            .1
            .contains("CERTIFICATE blocks only"));
        assert!(check_inline(VALID_KEY_PKCS8, Role::ClientCert, NOW)[0]
            .1
            .contains("no CERTIFICATE"));
        assert!(check_inline(VALID_CERT, Role::ClientKey, NOW)[0]
            .1
            .contains("no private key"));
        assert_eq!(check_inline(VALID_KEY_SEC1, Role::ClientKey, NOW), vec![]);
        let expired = check_inline(EXPIRED_CERT, Role::Ca, NOW);
        assert_eq!(expired[0].0, Severity::Error);
        assert!(expired[0].1.contains("CN=old-registry") && expired[0].1.contains("2021-06-30"));
    }

    #[test]
    fn expiry_within_30_days_is_a_warning() {
        // VALID_CERT expires 2124-01-01 00:00:00 UTC = 4_859_750_400.
        let not_after = 4_859_750_400;
        let close = check_inline(VALID_CERT, Role::Ca, not_after - 10 * 86_400);
        assert_eq!(close.len(), 1);
        assert_eq!(close[0].0, Severity::Warning);
        assert_eq!(
            close[0].1,
            "the certificate \"CN=docker-registry\" expires on 2124-01-01 00:00:00 UTC, within 30 days"
        );
        assert!(check_inline(VALID_CERT, Role::Ca, not_after - 31 * 86_400).is_empty());
    }

    #[test]
    fn keys_must_match_their_certificate() {
        assert_eq!(
            key_matches_certificate(VALID_CERT, VALID_KEY_PKCS8),
            Some(true)
        );
        assert_eq!(
            key_matches_certificate(VALID_CERT, VALID_KEY_SEC1),
            Some(true)
        );
        let other_key = rcgen::KeyPair::generate().expect("key").serialize_pem();
        assert_eq!(key_matches_certificate(VALID_CERT, &other_key), Some(false));
        assert_eq!(key_matches_certificate("junk", VALID_KEY_PKCS8), None);
    }

    #[test]
    fn stems_are_file_names() {
        assert_eq!(file_stem("docker-registry:5000"), "docker-registry_5000");
        assert_eq!(file_stem("[::1]:5000"), "1__5000");
        assert_eq!(
            file_stem("registry.scs.community"),
            "registry.scs.community"
        );
    }
}
