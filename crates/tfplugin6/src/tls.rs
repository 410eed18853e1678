//! AutoMTLS: the core hands us its client certificate, we answer with a fresh self-signed
//! server certificate, and only that exact client may connect.
//!
//! Terraform's client certificate is ECDSA P-521/SHA-512 and marked as a CA, which webpki
//! refuses as an end entity. Since we know the one certificate to accept, we pin its bytes
//! instead of building a chain, and check the handshake signature with aws-lc-rs, which has
//! P-521. Client authentication is mandatory: any other local process is turned away.

use crate::error::TlsError;
use rustls::client::danger::HandshakeSignatureValid;
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{DigitallySignedStruct, DistinguishedName, ServerConfig, SignatureScheme};
use std::sync::Arc;

/// A server TLS configuration and the DER of its certificate, for the handshake line.
pub struct AutoMtls {
    pub config: Arc<ServerConfig>,
    pub server_cert_der: Vec<u8>,
}

/// Builds the TLS configuration from the PEM in `PLUGIN_CLIENT_CERT`. `organization` names the
/// server certificate's owner, e.g. `terraform-provider-NAME`.
pub fn auto_mtls(client_cert_pem: &str, organization: &str) -> Result<AutoMtls, TlsError> {
    let client = pem::parse(client_cert_pem)?;
    if client.tag() != "CERTIFICATE" {
        return Err(TlsError::NotACertificate(client.tag().to_string()));
    }
    let (server_cert_der, server_key_der) = self_signed_localhost(organization)?;
    let crypto = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let verifier = PinnedClientCert {
        der: client.contents().to_vec(),
        algorithms: crypto.signature_verification_algorithms,
    };
    let mut config = ServerConfig::builder_with_provider(crypto)
        .with_protocol_versions(rustls::ALL_VERSIONS)?
        .with_client_cert_verifier(Arc::new(verifier))
        .with_single_cert(
            vec![CertificateDer::from(server_cert_der.clone())],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key_der)),
        )?;
    config.alpn_protocols = vec![b"h2".to_vec()];
    Ok(AutoMtls {
        config: Arc::new(config),
        server_cert_der,
    })
}

/// A certificate the core accepts as both root and leaf: self-signed, SAN `localhost`,
/// extended key usage serverAuth, valid from a little before now.
fn self_signed_localhost(organization: &str) -> Result<(Vec<u8>, Vec<u8>), rcgen::Error> {
    use rcgen::{CertificateParams, DnType, ExtendedKeyUsagePurpose, KeyPair, KeyUsagePurpose};
    let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256)?;
    let mut params = CertificateParams::new(vec!["localhost".to_string()])?;
    params
        .distinguished_name
        .push(DnType::CommonName, "localhost");
    params
        .distinguished_name
        .push(DnType::OrganizationName, organization);
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let now = time::OffsetDateTime::now_utc();
    params.not_before = now - time::Duration::seconds(30);
    params.not_after = now + time::Duration::days(365 * 30);
    let cert = params.self_signed(&key)?;
    Ok((cert.der().to_vec(), key.serialize_der()))
}

#[derive(Debug)]
struct PinnedClientCert {
    der: Vec<u8>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ClientCertVerifier for PinnedClientCert {
    fn offer_client_auth(&self) -> bool {
        true
    }

    fn client_auth_mandatory(&self) -> bool {
        true
    }

    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &[]
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        if end_entity.as_ref() == self.der.as_slice() {
            Ok(ClientCertVerified::assertion())
        } else {
            Err(rustls::Error::General(
                "client certificate is not the one the plugin client announced".into(),
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLIENT_PEM: &str = "-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\n";

    fn contains(haystack: &[u8], needle: &str) -> bool {
        haystack
            .windows(needle.len())
            .any(|window| window == needle.as_bytes())
    }

    #[test]
    fn the_server_certificate_names_the_given_organization() {
        let mtls = auto_mtls(CLIENT_PEM, "terraform-provider-example").unwrap();
        assert!(contains(
            &mtls.server_cert_der,
            "terraform-provider-example"
        ));
        assert!(!contains(&mtls.server_cert_der, "terraform-provider-other"));
    }

    #[test]
    fn the_client_certificate_must_be_a_certificate_pem() {
        let key = CLIENT_PEM.replace("CERTIFICATE", "PRIVATE KEY");
        assert!(matches!(
            auto_mtls(&key, "x"),
            Err(TlsError::NotACertificate(tag)) if tag == "PRIVATE KEY"
        ));
        assert!(matches!(
            auto_mtls("not pem", "x"),
            Err(TlsError::ClientCertificatePem(_))
        ));
    }
}
