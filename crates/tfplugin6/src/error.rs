//! The errors of the protocol layer. Messages name kinds, never contents: values can hold
//! credentials and keys.

use std::io;

/// Why serving stopped or never started.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("this provider speaks plugin protocol {supported}, the client offers {offered}")]
    UnsupportedProtocol { supported: u32, offered: String },
    #[error("cannot start the async runtime: {0}")]
    Runtime(#[source] io::Error),
    #[error("cannot listen: {0}")]
    Listen(#[source] io::Error),
    #[error(transparent)]
    Tls(#[from] TlsError),
    #[error("cannot write the handshake: {0}")]
    Handshake(#[source] io::Error),
    #[error("gRPC server: {0}")]
    Transport(#[from] tonic::transport::Error),
}

/// Why the AutoMTLS configuration could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TlsError {
    #[error("PLUGIN_CLIENT_CERT: {0}")]
    ClientCertificatePem(#[from] pem::PemError),
    #[error("PLUGIN_CLIENT_CERT holds a {0}")]
    NotACertificate(String),
    #[error("cannot make the server certificate: {0}")]
    ServerCertificate(#[from] rcgen::Error),
    #[error("TLS configuration: {0}")]
    Config(#[from] rustls::Error),
}

/// A type in Terraform's JSON type notation that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TypeError {
    #[error("type JSON: {0}")]
    Json(String),
    #[error("unknown primitive type {0:?}")]
    UnknownPrimitive(String),
    #[error("unknown type kind {0:?}")]
    UnknownKind(String),
    #[error("{0}")]
    Malformed(&'static str),
}

/// A value that does not match its type, or bytes that are not a value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CodecError {
    #[error("msgpack: {0}")]
    Msgpack(String),
    #[error("JSON: {0}")]
    Json(String),
    #[error("msgpack: {0} bytes after the value")]
    TrailingBytes(usize),
    #[error("expected {expected}, got {found}")]
    Mismatch {
        expected: &'static str,
        found: &'static str,
    },
    #[error("{0}")]
    Malformed(&'static str),
    #[error("tuple has {found} elements, type has {expected}")]
    TupleLength { found: usize, expected: usize },
    #[error("unexpected attribute {0:?}")]
    UnexpectedAttribute(String),
    #[error("missing attribute {0:?}")]
    MissingAttribute(String),
    #[error(transparent)]
    Type(#[from] TypeError),
    #[error("value nests deeper than the limit of {max} levels (MAX_DEPTH)")]
    TooDeep { max: usize },
    #[error(
        "a collection of {found} elements exceeds the limit of {max} elements per collection \
         (MAX_COLLECTION_ELEMENTS)"
    )]
    TooManyElements { found: usize, max: usize },
    #[error("value holds more than the limit of {max} values (MAX_VALUES)")]
    TooManyValues { max: usize },
    #[error("a string of {found} bytes exceeds the limit of {max} bytes (MAX_STRING_BYTES)")]
    StringTooLong { found: usize, max: usize },
    #[error("msgpack: {claimed} claims more than the {remaining} bytes that remain")]
    Truncated {
        claimed: &'static str,
        remaining: usize,
    },
}
