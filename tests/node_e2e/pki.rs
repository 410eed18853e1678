//! Test certificates, made fresh for every run with rcgen.

use std::net::IpAddr;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SanType,
};

/// A PEM certificate and its PEM (PKCS#8) key.
pub struct Pair {
    pub cert: String,
    pub key: String,
}

/// A certificate authority that can issue server and client certificates.
pub struct Ca {
    pub cert: String,
    issuer: Issuer<'static, KeyPair>,
}

fn sans(names: &[&str]) -> Vec<SanType> {
    names
        .iter()
        .map(|n| match n.parse::<IpAddr>() {
            Ok(ip) => SanType::IpAddress(ip),
            Err(_) => SanType::DnsName((*n).try_into().expect("DNS name")),
        })
        .collect()
}

impl Ca {
    pub fn new(common_name: &str) -> Ca {
        let key = KeyPair::generate().expect("key");
        let mut params = CertificateParams::default();
        params
            .distinguished_name
            .push(DnType::CommonName, common_name);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let cert = params.self_signed(&key).expect("self-signed CA");
        Ca {
            cert: cert.pem(),
            issuer: Issuer::new(params, key),
        }
    }

    /// A server certificate for `names` (DNS names or IP addresses).
    pub fn server(&self, names: &[&str]) -> Pair {
        self.issue(names[0], names, ExtendedKeyUsagePurpose::ServerAuth)
    }

    /// A client certificate with the given common name.
    pub fn client(&self, common_name: &str) -> Pair {
        self.issue(common_name, &[], ExtendedKeyUsagePurpose::ClientAuth)
    }

    fn issue(&self, cn: &str, names: &[&str], eku: ExtendedKeyUsagePurpose) -> Pair {
        let key = KeyPair::generate().expect("key");
        let mut params = CertificateParams::default();
        params.distinguished_name.push(DnType::CommonName, cn);
        params.subject_alt_names = sans(names);
        params.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
        ];
        params.extended_key_usages = vec![eku];
        let cert = params.signed_by(&key, &self.issuer).expect("issue");
        Pair {
            cert: cert.pem(),
            key: key.serialize_pem(),
        }
    }
}

/// What seed 004's `openssl req -x509 -subj "/CN=NAME" -addext "subjectAltName = DNS:NAME"`
/// makes: one self-signed certificate (CA:TRUE, as openssl's defaults set) that is both the
/// registry's certificate and the CA clients must trust.
pub fn self_signed_registry(name: &str) -> Pair {
    let key = KeyPair::generate().expect("key");
    let mut params = CertificateParams::new(vec![name.to_string()]).expect("params");
    params.distinguished_name.push(DnType::CommonName, name);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let cert = params.self_signed(&key).expect("self-signed");
    Pair {
        cert: cert.pem(),
        key: key.serialize_pem(),
    }
}
