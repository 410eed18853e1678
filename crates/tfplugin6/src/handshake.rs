//! go-plugin's handshake: the magic cookie, version negotiation, the listener and the single
//! line on stdout that tells the core where to connect.

use crate::error::Error;
use std::io;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};
use tokio::net::{TcpListener, UnixListener};

pub const MAGIC_COOKIE_KEY: &str = "TF_PLUGIN_MAGIC_COOKIE";
pub const MAGIC_COOKIE_VALUE: &str =
    "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
pub const CORE_PROTOCOL_VERSION: u32 = 1;
pub const PROTOCOL_VERSION: u32 = 6;

pub const NOT_A_PROGRAM: &str =
    "This binary is a plugin. These are not meant to be executed directly.
Please execute the program that consumes these plugins, which will
load any plugins automatically";

pub fn cookie_is_valid(value: Option<&str>) -> bool {
    value == Some(MAGIC_COOKIE_VALUE)
}

/// Picks protocol 6 from `PLUGIN_PROTOCOL_VERSIONS` (a comma list in any order). An absent
/// variable means an old client that expects the default, which we also answer with 6.
pub fn negotiate(versions: Option<&str>) -> Result<u32, Error> {
    let Some(list) = versions.filter(|v| !v.trim().is_empty()) else {
        return Ok(PROTOCOL_VERSION);
    };
    let offered: Vec<u32> = list
        .split(',')
        .filter_map(|v| v.trim().parse().ok())
        .collect();
    if offered.contains(&PROTOCOL_VERSION) {
        Ok(PROTOCOL_VERSION)
    } else {
        Err(Error::UnsupportedProtocol {
            supported: PROTOCOL_VERSION,
            offered: list.to_string(),
        })
    }
}

pub enum Listener {
    Unix(UnixListener, PathBuf),
    Tcp(TcpListener),
}

impl Listener {
    /// `("unix", path)` or `("tcp", "127.0.0.1:port")`.
    pub fn address(&self) -> (&'static str, String) {
        match self {
            Listener::Unix(_, path) => ("unix", path.display().to_string()),
            Listener::Tcp(listener) => (
                "tcp",
                listener
                    .local_addr()
                    .map(|a| a.to_string())
                    .unwrap_or_default(),
            ),
        }
    }
}

/// Listens on a fresh unix socket in `PLUGIN_UNIX_SOCKET_DIR` or the temp directory, falling
/// back to TCP on loopback within `PLUGIN_MIN_PORT..=PLUGIN_MAX_PORT`.
pub async fn listen() -> io::Result<Listener> {
    let dir = std::env::var_os("PLUGIN_UNIX_SOCKET_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    match listen_unix(&dir) {
        Ok(listener) => Ok(listener),
        Err(unix_error) => listen_tcp().await.map_err(|tcp_error| {
            io::Error::other(format!("unix socket: {unix_error}; tcp: {tcp_error}"))
        }),
    }
}

fn listen_unix(dir: &std::path::Path) -> io::Result<Listener> {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    let mut last_error = None;
    for attempt in 0..16u32 {
        let path = dir.join(format!("plugin{}{:09}{attempt}", std::process::id(), nanos));
        match UnixListener::bind(&path) {
            Ok(listener) => return Ok(Listener::Unix(listener, path)),
            Err(e) => last_error = Some(e),
        }
    }
    Err(last_error.unwrap_or_else(|| io::Error::other("no socket path")))
}

async fn listen_tcp() -> io::Result<Listener> {
    let port = |name: &str, default: u16| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse::<u16>().ok())
            .unwrap_or(default)
    };
    let (min, max) = (
        port("PLUGIN_MIN_PORT", 10000),
        port("PLUGIN_MAX_PORT", 25000),
    );
    for candidate in min..=max {
        if let Ok(listener) = TcpListener::bind(("127.0.0.1", candidate)).await {
            return Ok(Listener::Tcp(listener));
        }
    }
    Err(io::Error::other(format!("no free port in {min}..={max}")))
}

/// The handshake line, e.g. `1|6|unix|/tmp/plugin1|grpc|<cert>`. The certificate is the
/// server's DER in unpadded standard base64 (Go's RawStdEncoding), or empty without TLS.
pub fn handshake_line(network: &str, address: &str, server_cert_der: Option<&[u8]>) -> String {
    use base64::Engine;
    let cert = server_cert_der
        .map(|der| base64::engine::general_purpose::STANDARD_NO_PAD.encode(der))
        .unwrap_or_default();
    format!("{CORE_PROTOCOL_VERSION}|{PROTOCOL_VERSION}|{network}|{address}|grpc|{cert}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_six_in_any_order() {
        assert_eq!(negotiate(Some("5,6")).ok(), Some(6));
        assert_eq!(negotiate(Some("6, 5")).ok(), Some(6));
        assert_eq!(negotiate(None).ok(), Some(6));
        assert!(negotiate(Some("4,5")).is_err());
    }

    #[test]
    fn cookie_must_match_exactly() {
        assert!(cookie_is_valid(Some(MAGIC_COOKIE_VALUE)));
        assert!(!cookie_is_valid(None));
        assert!(!cookie_is_valid(Some("d602bf8f")));
    }

    #[test]
    fn line_has_unpadded_base64() {
        assert_eq!(
            handshake_line("unix", "/tmp/p", Some(&[1, 2])),
            "1|6|unix|/tmp/p|grpc|AQI"
        );
        assert_eq!(
            handshake_line("tcp", "127.0.0.1:1", None),
            "1|6|tcp|127.0.0.1:1|grpc|"
        );
    }
}
