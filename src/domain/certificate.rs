//! Checking CA certificates and client certificates/keys before they are
//! shipped to nodes.
//!
//! containerd loads these files only when it pulls: CA files through Go's
//! `CertPool.AppendCertsFromPEM` (which reads `CERTIFICATE` blocks and
//! ignores everything else) and client files through `tls.X509KeyPair`
//! (a `CERTIFICATE` plus a `PRIVATE KEY`, `RSA PRIVATE KEY` or
//! `EC PRIVATE KEY` block). A broken file therefore surfaces only as failed
//! pulls on the nodes; checking here catches it at plan time. The kind of
//! file also decides its mode: anything holding a private key is written
//! 0600.
//!
//! The current time is a parameter, so the check stays a pure function.

use x509_parser::prelude::{FromDer, X509Certificate};

use super::{Finding, Findings, Location, Reported};

/// What a PEM file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PemKind {
    /// One or more certificates (a CA bundle or a client certificate).
    Certificates,
    /// A private key only.
    PrivateKey,
    /// Certificate(s) and a private key (a combined client file).
    CertificateAndKey,
}

impl PemKind {
    /// Files with private keys must not be world-readable.
    pub fn contains_private_key(self) -> bool {
        matches!(self, PemKind::PrivateKey | PemKind::CertificateAndKey)
    }

    pub fn contains_certificate(self) -> bool {
        matches!(self, PemKind::Certificates | PemKind::CertificateAndKey)
    }
}

/// A parsed certificate, for messages and later checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateInfo {
    /// RFC 4514 subject, e.g. `CN=docker-registry`.
    pub subject: String,
    pub not_before_unix: i64,
    pub not_after_unix: i64,
    /// `not_after` as `YYYY-MM-DD HH:MM:SS UTC`.
    pub not_after: String,
}

/// The result of [`inspect_pem`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PemCheck {
    /// `None` when the file holds nothing containerd can use.
    pub kind: Option<PemKind>,
    pub certificates: Vec<CertificateInfo>,
    /// About the file as a whole (no location).
    pub problems: Findings,
}

impl Reported for PemCheck {
    fn findings(&self) -> &Findings {
        &self.problems
    }
}

/// Private key labels Go's `tls.X509KeyPair` can load.
const KEY_LABELS: [&str; 3] = ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"];

/// Classifies and checks a certificate or key file given as bytes;
/// `now_unix` is the current time in seconds since the Unix epoch.
pub fn inspect_pem(bytes: &[u8], now_unix: i64) -> PemCheck {
    let mut check = PemCheck {
        kind: None,
        certificates: Vec::new(),
        problems: Findings::new(),
    };
    let blocks = match pem::parse_many(bytes) {
        Ok(blocks) => blocks,
        Err(e) => {
            check.error(format!("not a valid PEM file: {e}"));
            return check;
        }
    };
    if blocks.is_empty() {
        check.error(
            "not a PEM file: no -----BEGIN CERTIFICATE----- or -----BEGIN PRIVATE KEY----- block found (DER files must be converted to PEM)"
                .to_string(),
        );
        return check;
    }
    let certificate_count = blocks.iter().filter(|b| b.tag() == "CERTIFICATE").count();
    let mut keys = 0;
    for block in &blocks {
        match block.tag() {
            "CERTIFICATE" => check.certificate(block.contents(), certificate_count, now_unix),
            tag if KEY_LABELS.contains(&tag) => {
                if block.contents().is_empty() {
                    check.error(format!("the {tag} block is empty"));
                }
                keys += 1;
            }
            "ENCRYPTED PRIVATE KEY" => check.error(
                "the private key is encrypted; containerd cannot use encrypted keys (decrypt it, e.g. with openssl pkcs8)".to_string(),
            ),
            tag if tag.ends_with("PRIVATE KEY") => check.error(format!(
                "containerd cannot load a \"{tag}\" block; use a PKCS#8 (PRIVATE KEY), RSA PRIVATE KEY or EC PRIVATE KEY block"
            )),
            "EC PARAMETERS" => {}
            tag => check.warning(format!("containerd ignores the \"{tag}\" block")),
        }
    }
    if keys > 1 {
        check.warning(format!(
            "the file holds {keys} private keys; containerd uses only the first"
        ));
    }
    check.kind = match (certificate_count > 0, keys > 0) {
        (true, true) => Some(PemKind::CertificateAndKey),
        (true, false) => Some(PemKind::Certificates),
        (false, true) => Some(PemKind::PrivateKey),
        (false, false) => {
            check.error("the file holds no certificate and no private key".to_string());
            None
        }
    };
    check
}

impl PemCheck {
    fn error(&mut self, message: String) {
        self.problems
            .push(Finding::error(Location::default(), message));
    }

    fn warning(&mut self, message: String) {
        self.problems
            .push(Finding::warning(Location::default(), message));
    }

    fn certificate(&mut self, der: &[u8], count: usize, now_unix: i64) {
        let ordinal = self.certificates.len() + 1;
        let which = if count > 1 {
            format!("certificate {ordinal} of {count}")
        } else {
            "the certificate".to_string()
        };
        let certificate = match X509Certificate::from_der(der) {
            Ok((_, certificate)) => certificate,
            Err(e) => {
                self.error(format!("{which} is not a valid X.509 certificate: {e}"));
                // Keep numbering stable for the following blocks.
                self.certificates.push(CertificateInfo {
                    subject: String::new(),
                    not_before_unix: 0,
                    not_after_unix: 0,
                    not_after: String::new(),
                });
                return;
            }
        };
        let validity = certificate.validity();
        let info = CertificateInfo {
            subject: certificate.subject().to_string(),
            not_before_unix: validity.not_before.timestamp(),
            not_after_unix: validity.not_after.timestamp(),
            not_after: utc_text(&validity.not_after),
        };
        if info.not_after_unix < now_unix {
            self.error(format!(
                "{which} (\"{}\") expired on {}",
                info.subject, info.not_after
            ));
        } else if info.not_before_unix > now_unix {
            self.warning(format!(
                "{which} (\"{}\") is not valid before {}",
                info.subject,
                utc_text(&validity.not_before)
            ));
        }
        self.certificates.push(info);
    }
}

fn utc_text(time: &x509_parser::time::ASN1Time) -> String {
    let t = time.to_datetime();
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_fixtures::{
        EXPIRED_CERT, NOW, VALID_CERT, VALID_KEY_PKCS8, VALID_KEY_SEC1,
    };

    fn messages(check: &PemCheck) -> Vec<String> {
        check.problems.iter().map(|p| p.message.clone()).collect()
    }

    #[test]
    fn classifies_a_certificate() {
        let check = inspect_pem(VALID_CERT.as_bytes(), NOW);
        assert_eq!(check.kind, Some(PemKind::Certificates));
        assert_eq!(messages(&check), Vec::<String>::new());
        assert_eq!(check.certificates.len(), 1);
        assert_eq!(check.certificates[0].subject, "CN=docker-registry");
        assert_eq!(check.certificates[0].not_after, "2124-01-01 00:00:00 UTC");
        assert!(!PemKind::Certificates.contains_private_key());
    }

    #[test]
    fn classifies_keys_and_combined_files() {
        for key in [VALID_KEY_PKCS8, VALID_KEY_SEC1] {
            let check = inspect_pem(key.as_bytes(), NOW);
            assert_eq!(check.kind, Some(PemKind::PrivateKey));
            assert!(!check.has_errors());
        }
        let rsa = "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n";
        assert_eq!(
            inspect_pem(rsa.as_bytes(), NOW).kind,
            Some(PemKind::PrivateKey)
        );

        let combined = format!("{VALID_CERT}{VALID_KEY_PKCS8}");
        let check = inspect_pem(combined.as_bytes(), NOW);
        assert_eq!(check.kind, Some(PemKind::CertificateAndKey));
        assert!(PemKind::CertificateAndKey.contains_private_key());
    }

    #[test]
    fn expired_certificate_is_an_error_naming_subject_and_date() {
        let check = inspect_pem(EXPIRED_CERT.as_bytes(), NOW);
        assert_eq!(check.kind, Some(PemKind::Certificates));
        assert_eq!(
            messages(&check),
            vec![
                "the certificate (\"CN=old-registry\") expired on 2021-06-30 12:00:00 UTC"
                    .to_string()
            ]
        );
        assert!(check.has_errors());
        // Before its expiry it was fine.
        assert!(!inspect_pem(EXPIRED_CERT.as_bytes(), 1_600_000_000).has_errors());
    }

    #[test]
    fn bundles_number_their_certificates() {
        let bundle = format!("{VALID_CERT}{EXPIRED_CERT}");
        let check = inspect_pem(bundle.as_bytes(), NOW);
        assert_eq!(
            messages(&check),
            vec![
                "certificate 2 of 2 (\"CN=old-registry\") expired on 2021-06-30 12:00:00 UTC"
                    .to_string()
            ]
        );
    }

    #[test]
    fn not_yet_valid_is_a_warning() {
        let check = inspect_pem(VALID_CERT.as_bytes(), 1_600_000_000);
        assert!(!check.has_errors());
        assert_eq!(
            messages(&check),
            vec!["the certificate (\"CN=docker-registry\") is not valid before 2024-01-01 00:00:00 UTC".to_string()]
        );
    }

    #[test]
    fn rejects_non_pem_and_unusable_blocks() {
        let not_pem = inspect_pem(b"hello world\n", NOW);
        assert_eq!(not_pem.kind, None);
        assert!(messages(&not_pem)[0].starts_with("not a PEM file"));

        let binary = inspect_pem(&[0x30, 0x82, 0x01, 0x0a, 0xff, 0x00], NOW);
        assert!(binary.has_errors());

        let bad_der = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        let check = inspect_pem(bad_der.as_bytes(), NOW);
        assert!(messages(&check)[0].starts_with("the certificate is not a valid X.509 certificate"));

        let encrypted =
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n";
        assert!(messages(&inspect_pem(encrypted.as_bytes(), NOW))[0].contains("encrypted"));

        let openssh =
            "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
        assert!(inspect_pem(openssh.as_bytes(), NOW).has_errors());

        let public = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
        let check = inspect_pem(public.as_bytes(), NOW);
        assert_eq!(check.kind, None);
        assert_eq!(
            messages(&check),
            vec![
                "containerd ignores the \"PUBLIC KEY\" block".to_string(),
                "the file holds no certificate and no private key".to_string()
            ]
        );
    }

    #[test]
    fn tolerates_text_around_blocks() {
        let text = format!("Bag Attributes\n    friendlyName: x\n{VALID_CERT}\n# trailing\n");
        let check = inspect_pem(text.as_bytes(), NOW);
        assert_eq!(check.kind, Some(PemKind::Certificates));
        assert!(!check.has_errors());
    }

    #[test]
    fn never_panics() {
        for input in [
            &b""[..],
            b"-----BEGIN",
            b"-----BEGIN CERTIFICATE-----\n",
            b"\xff\xfe\x00",
        ] {
            let _ = inspect_pem(input, NOW);
        }
    }
}
