//! Reading config.toml's CRI registry table; [`mapping`](super::mapping) turns what it says
//! into registries.

use std::collections::BTreeMap;
use std::ops::Range;

use base64::Engine;
use toml_edit::{Document, Item, TableLike};

use super::mapping::{self, endpoint, Endpoint, HostConfig, Settings};
use crate::domain::registry::Registry;

/// The CRI registry tables, by config version: 2 (containerd 1.x), 3+ (2.x), 1 (no `version`).
const REGISTRY_TABLES: [[&str; 3]; 3] = [
    ["plugins", "io.containerd.grpc.v1.cri", "registry"],
    ["plugins", "io.containerd.cri.v1.images", "registry"],
    ["plugins", "cri", "registry"],
];

/// One problem, at its line (1-based) when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationError {
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for MigrationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// The registries a config.toml's `registry.mirrors` and `registry.configs` describe, sorted
/// by namespace (`*` becomes `_default`); every problem found, when there is one.
pub fn registries_from_config_toml(text: &str) -> Result<Vec<Registry>, Vec<MigrationError>> {
    let document = Document::parse(text).map_err(|e| {
        vec![MigrationError {
            line: e.span().map(|s| line_at(text, s.start)),
            message: format!("TOML syntax error: {}", e.message().trim()),
        }]
    })?;
    let mut reader = Reader {
        text,
        errors: Vec::new(),
    };
    let settings = reader.settings(document.as_table());
    let Some(settings) = settings else {
        return Err(reader.errors);
    };
    let (registries, mapping_errors) = mapping::registries(&settings);
    reader.errors.extend(mapping_errors);
    if reader.errors.is_empty() {
        Ok(registries)
    } else {
        Err(reader.errors)
    }
}

fn line_at(text: &str, offset: usize) -> usize {
    text.get(..offset).unwrap_or(text).matches('\n').count() + 1
}

struct Reader<'t> {
    text: &'t str,
    errors: Vec<MigrationError>,
}

impl Reader<'_> {
    fn line(&self, span: Option<Range<usize>>) -> Option<usize> {
        span.map(|s| line_at(self.text, s.start))
    }

    fn error(&mut self, item: &Item, message: String) {
        let line = self.line(item.span());
        self.errors.push(MigrationError { line, message });
    }

    fn settings(&mut self, root: &toml_edit::Table) -> Option<Settings> {
        let found: Vec<(String, &Item)> = REGISTRY_TABLES
            .iter()
            .filter_map(|path| {
                let mut item = root.get(path[0])?;
                for key in &path[1..] {
                    item = item.as_table_like()?.get(key)?;
                }
                Some((format!("[plugins.\"{}\".registry]", path[1]), item))
            })
            .collect();
        let (name, item) = match found.as_slice() {
            [] => {
                self.errors.push(MigrationError {
                    line: None,
                    message: "no CRI registry table: expected [plugins.\"io.containerd.grpc.v1.cri\".registry] (config version 2) or [plugins.\"io.containerd.cri.v1.images\".registry] (version 3)".into(),
                });
                return None;
            }
            [one] => one.clone(),
            [_, second, ..] => {
                let message = format!(
                    "{} and {} both exist; containerd reads only the one of the file's config version, migrate that one alone",
                    found[0].0, second.0
                );
                self.error(second.1, message);
                return None;
            }
        };
        let Some(table) = item.as_table_like() else {
            self.error(item, format!("{name} is not a table"));
            return None;
        };
        let mut settings = Settings {
            mirrors: BTreeMap::new(),
            configs: BTreeMap::new(),
        };
        for (key, value) in table.iter() {
            match key {
                "config_path" => {}
                "mirrors" => settings.mirrors = self.mirrors(value),
                "configs" => settings.configs = self.configs(value),
                "auths" | "headers" if value.as_table_like().is_some_and(|t| t.is_empty()) => {}
                "auths" | "headers" => self.error(
                    value,
                    format!("registry.{key} cannot be migrated: hosts.toml has no such setting for every registry; give each registry its credentials or header in registries"),
                ),
                other => self.error(value, format!("unknown registry setting {other:?}")),
            }
        }
        Some(settings)
    }

    fn table<'i>(&mut self, item: &'i Item, what: &str) -> Option<&'i dyn TableLike> {
        let table = item.as_table_like();
        if table.is_none() {
            self.error(item, format!("{what} must be a table"));
        }
        table
    }

    fn string(&mut self, item: &Item, what: &str) -> Option<String> {
        let text = item.as_str().map(str::to_string);
        if text.is_none() {
            self.error(item, format!("{what} must be a string"));
        }
        text
    }

    fn mirrors(&mut self, item: &Item) -> BTreeMap<String, Vec<Endpoint>> {
        let mut out = BTreeMap::new();
        let Some(table) = self.table(item, "registry.mirrors") else {
            return out;
        };
        for (host, entry) in table.iter() {
            let Some(entry) = self.table(entry, &format!("mirrors.{host:?}")) else {
                continue;
            };
            let mut endpoints = Vec::new();
            for (key, value) in entry.iter() {
                if key != "endpoint" {
                    self.error(
                        value,
                        format!("mirrors.{host:?}.{key} is not a mirror setting (only endpoint)"),
                    );
                    continue;
                }
                let Some(array) = value.as_array() else {
                    self.error(
                        value,
                        format!("mirrors.{host:?}.endpoint must be a list of URLs"),
                    );
                    continue;
                };
                for element in array.iter() {
                    let line = self.line(element.span());
                    match element.as_str() {
                        Some(url) => match endpoint(url) {
                            Ok(mut e) => {
                                e.line = line;
                                endpoints.push(e);
                            }
                            Err(message) => self.errors.push(MigrationError { line, message }),
                        },
                        None => self.errors.push(MigrationError {
                            line,
                            message: format!("mirrors.{host:?}.endpoint holds a non-string"),
                        }),
                    }
                }
            }
            out.insert(host.to_string(), endpoints);
        }
        out
    }

    fn configs(&mut self, item: &Item) -> BTreeMap<String, (HostConfig, Option<usize>)> {
        let mut out = BTreeMap::new();
        let Some(table) = self.table(item, "registry.configs") else {
            return out;
        };
        for (host, entry) in table.iter() {
            let line = self.line(entry.span());
            let Some(entry) = self.table(entry, &format!("configs.{host:?}")) else {
                continue;
            };
            let mut config = HostConfig::default();
            for (key, value) in entry.iter() {
                match key {
                    "tls" => self.tls(host, value, &mut config),
                    "auth" => self.auth(host, value, &mut config),
                    other => self.error(
                        value,
                        format!("configs.{host:?}.{other} is not a registry config (tls, auth)"),
                    ),
                }
            }
            if host == "docker.io" {
                self.error(
                    item_at(table, host),
                    "configs.\"docker.io\" applies to no host containerd contacts: Docker Hub's endpoint is registry-1.docker.io; rename the table to configs.\"registry-1.docker.io\"".into(),
                );
            }
            out.insert(host.to_string(), (config, line));
        }
        out
    }

    fn tls(&mut self, host: &str, item: &Item, config: &mut HostConfig) {
        let what = format!("configs.{host:?}.tls");
        let Some(table) = self.table(item, &what) else {
            return;
        };
        let (mut cert, mut key) = (None, None);
        for (name, value) in table.iter() {
            let path = |reader: &mut Self| {
                let path = reader.string(value, &format!("{what}.{name}"))?;
                if path.starts_with('/') {
                    Some(path)
                } else {
                    reader.error(value, format!("{what}.{name} must be an absolute path"));
                    None
                }
            };
            match name {
                "ca_file" => config.ca = path(self),
                "cert_file" => cert = path(self),
                "key_file" => key = path(self),
                "insecure_skip_verify" => match value.as_bool() {
                    Some(skip) => config.skip_verify = skip,
                    None => self.error(value, format!("{what}.{name} must be true or false")),
                },
                other => self.error(value, format!("{what}.{other} is not a TLS setting")),
            }
        }
        match (cert, key) {
            (Some(cert), Some(key)) => config.client = Some((cert, key)),
            (None, None) => {}
            _ => self.error(
                item,
                format!("{what}: cert_file and key_file go together (containerd refuses one without the other)"),
            ),
        }
    }

    /// containerd's order: a non-empty username wins, then identitytoken, then auth.
    fn auth(&mut self, host: &str, item: &Item, config: &mut HostConfig) {
        let what = format!("configs.{host:?}.auth");
        let Some(table) = self.table(item, &what) else {
            return;
        };
        let mut fields = BTreeMap::new();
        for (name, value) in table.iter() {
            match name {
                "username" | "password" | "auth" | "identitytoken" => {
                    if let Some(text) = self.string(value, &format!("{what}.{name}")) {
                        fields.insert(name, text);
                    }
                }
                other => self.error(value, format!("{what}.{other} is not an auth setting")),
            }
        }
        let field = |name: &str| fields.get(name).filter(|v| !v.is_empty()).cloned();
        if let Some(username) = field("username") {
            config.credentials = Some((username, field("password").unwrap_or_default()));
        } else if field("identitytoken").is_some() {
            self.error(
                item,
                format!("{what}.identitytoken cannot be expressed as registries credentials (username and password); keep this auth table in config.toml, which containerd reads together with config_path"),
            );
        } else if let Some(encoded) = field("auth") {
            match decode_auth(&encoded) {
                Some(pair) => config.credentials = Some(pair),
                None => self.error(
                    item,
                    format!(
                        "{what}.auth must be base64 of \"user:password\", as containerd decodes it"
                    ),
                ),
            }
        }
    }
}

fn item_at<'a>(table: &'a dyn TableLike, key: &str) -> &'a Item {
    table.get(key).unwrap_or(&Item::None)
}

/// `auth`: base64 of `user:password`; containerd trims NULs from the password.
fn decode_auth(encoded: &str) -> Option<(String, String)> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_string(), password.trim_matches('\0').to_string()))
}
