//! Throwaway test certificates and keys (EC P-256, generated for these
//! tests only; the keys protect nothing).

/// Self-signed CA, CN=docker-registry, valid 2024-01-01 to 2124-01-01.
pub const VALID_CERT: &str = "\
-----BEGIN CERTIFICATE-----\n\
MIIBODCB36ADAgECAgID6DAKBggqhkjOPQQDAjAaMRgwFgYDVQQDDA9kb2NrZXIt\n\
cmVnaXN0cnkwIBcNMjQwMTAxMDAwMDAwWhgPMjEyNDAxMDEwMDAwMDBaMBoxGDAW\n\
BgNVBAMMD2RvY2tlci1yZWdpc3RyeTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IA\n\
BP4y2LChCzFJBcuivpxw2Q/GmQpo7xNLanQSlAUhbv33dOrmkasj6CTd8EG5YuwD\n\
unfbkgWVaPvfrOHBG/nlEF2jEzARMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0E\n\
AwIDSAAwRQIhAMrl7lwUEs13d7xui/iN6kDN6O1/pItHnygiXr7YhLLAAiAL2Zq7\n\
RlS9k/Zur9YCrtIxNVMNoit0I+/wJ5YNnQrohg==\n\
-----END CERTIFICATE-----\n\
";

/// PKCS#8 key of [`VALID_CERT`].
pub const VALID_KEY_PKCS8: &str = "\
-----BEGIN PRIVATE KEY-----\n\
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgUI9IE2b0mX4JFcYm\n\
eLTXX6dzLkeltYgPPtW6voPWD3ShRANCAAT+MtiwoQsxSQXLor6ccNkPxpkKaO8T\n\
S2p0EpQFIW7993Tq5pGrI+gk3fBBuWLsA7p325IFlWj736zhwRv55RBd\n\
-----END PRIVATE KEY-----\n\
";

/// SEC1 ("EC PRIVATE KEY") form of the same key.
pub const VALID_KEY_SEC1: &str = "\
-----BEGIN EC PRIVATE KEY-----\n\
MHcCAQEEIFCPSBNm9Jl+CRXGJni011+ncy5HpbWIDz7Vur6D1g90oAoGCCqGSM49\n\
AwEHoUQDQgAE/jLYsKELMUkFy6K+nHDZD8aZCmjvE0tqdBKUBSFu/fd06uaRqyPo\n\
JN3wQbli7AO6d9uSBZVo+9+s4cEb+eUQXQ==\n\
-----END EC PRIVATE KEY-----\n\
";

/// Self-signed, CN=old-registry, expired 2021-06-30 12:00:00 UTC.
pub const EXPIRED_CERT: &str = "\
-----BEGIN CERTIFICATE-----\n\
MIIBMDCB16ADAgECAgID6DAKBggqhkjOPQQDAjAXMRUwEwYDVQQDDAxvbGQtcmVn\n\
aXN0cnkwHhcNMjAwMTAxMDAwMDAwWhcNMjEwNjMwMTIwMDAwWjAXMRUwEwYDVQQD\n\
DAxvbGQtcmVnaXN0cnkwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASx/n5uWfwm\n\
5RyzRho9zMX4+RJhMxc5MmIS49u4U+8Agw1w4Ny6+/KrM3aeA4tHawxxjs6glZX4\n\
BT9n8ezGkmuZoxMwETAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUC\n\
IFd8ORVJF/QxPjflvIXzHkYZuyB6yFa/rtrBLve1X3FcAiEA/YUaAaA0Il2H87Bx\n\
0h3YNh3ZoUxADj/KCKX7yKB3+eg=\n\
-----END CERTIFICATE-----\n\
";

/// 2026-01-01T00:00:00Z as a Unix timestamp: the "now" of the tests.
pub const NOW: i64 = 1_767_225_600;
