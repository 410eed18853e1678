//! The structured `registries` input: its schema and its conversion into domain registries.

use crate::domain::enumeration::{
    describe_choices, describe_names, quoted_alternatives, Enumeration,
};
use crate::domain::hosts_toml::ContainerdVersion;
use crate::domain::limits::{self, MAX_MIRRORS, MAX_REGISTRIES};
use crate::domain::registry::{
    Capability, CertSource, ClientPair, Credentials, CredentialsMode, Mirror, Registry,
};
use std::collections::BTreeMap;
use tfplugin6::{
    Attribute, AttributePath, Diagnostic, Diagnostics, ObjectNesting, Presence, Type, Value,
};

mod reader;

use reader::Fields;

/// Attribute names inside `registries`, spelled once for the schema, the conversion from a
/// value and the conversion back.
mod name {
    pub const URL: &str = "url";
    pub const CAPABILITIES: &str = "capabilities";
    pub const OVERRIDE_PATH: &str = "override_path";
    pub const DIAL_TIMEOUT: &str = "dial_timeout";
    pub const SERVER: &str = "server";
    pub const SKIP_FALLBACK: &str = "skip_fallback";
    pub const MIRRORS: &str = "mirrors";
    pub const CA: &str = "ca";
    pub const CLIENT_CERT: &str = "client_cert";
    pub const CLIENT_KEY: &str = "client_key";
    pub const SKIP_VERIFY: &str = "skip_verify";
    pub const HEADER: &str = "header";
    pub const CREDENTIALS: &str = "credentials";
    pub const USERNAME: &str = "username";
    pub const PASSWORD: &str = "password";
    pub const MODE: &str = "mode";
}

const CERT_NOTE: &str = "PEM text (written to `/etc/containerd/certs/<namespace>/…` and \
referenced by absolute path) or the absolute path of a file already on the node.";

fn credentials_attribute(whose: &str) -> Attribute {
    Attribute::nested(
        name::CREDENTIALS,
        ObjectNesting::Single,
        vec![
            Attribute::new(
                name::USERNAME,
                Type::String,
                Presence::Required,
                "User name.",
            )
            .sensitive(),
            Attribute::new(
                name::PASSWORD,
                Type::String,
                Presence::Required,
                "Password or token.",
            )
            .sensitive(),
            Attribute::new(
                name::MODE,
                Type::String,
                Presence::Optional,
                &format!(
                    "How containerd gets them; hosts.toml has no credential fields. {}",
                    describe_choices(CredentialsMode::default(), " ")
                ),
            )
            .one_of(CredentialsMode::names()),
        ],
        Presence::Optional,
        &format!("Credentials for {whose}. Sensitive; never logged."),
    )
    .sensitive()
}

fn tls_attributes(whose: &str) -> Vec<Attribute> {
    vec![
        Attribute::new(
            name::CA,
            Type::list(Type::String),
            Presence::Optional,
            &format!("CA certificates that sign {whose}'s certificate: each {CERT_NOTE}"),
        ),
        Attribute::new(
            name::CLIENT_CERT,
            Type::String,
            Presence::Optional,
            &format!(
                "Client certificate presented to {whose}: {CERT_NOTE} Sensitive, since it may \
                 hold the key as well."
            ),
        )
        .sensitive(),
        Attribute::new(
            name::CLIENT_KEY,
            Type::String,
            Presence::Optional,
            &format!(
                "Key of `client_cert`: {CERT_NOTE} Written with mode `0600`. Leave unset when \
                 `client_cert` holds both."
            ),
        )
        .sensitive(),
        Attribute::new(
            name::SKIP_VERIFY,
            Type::Bool,
            Presence::Optional,
            &format!("Skip verifying {whose}'s TLS certificate."),
        ),
        Attribute::new(
            name::HEADER,
            Type::map(Type::list(Type::String)),
            Presence::Optional,
            &format!(
                "Extra HTTP headers sent to {whose}: name to values. Names are written in \
                 canonical form (`x-token` becomes `X-Token`). Sensitive, since headers often \
                 carry tokens; a hosts.toml with an `Authorization` header is written `0600`."
            ),
        )
        .sensitive(),
    ]
}

/// Schema of the `registries` attribute.
pub fn registries_attribute() -> Attribute {
    let mut mirror = vec![
        Attribute::new(
            name::URL,
            Type::String,
            Presence::Required,
            "Mirror endpoint. Without a scheme it gets `https://`, as containerd reads a host \
             without one; a loopback host (`localhost`, `127.0.0.1`, `[::1]`) without a scheme \
             gets exactly containerd's own default for that registry (see `server`). A trailing \
             `/v2` is dropped, and a URL with any other path gets `override_path = true` unless \
             `override_path` says otherwise. An endpoint equal to the upstream (the `server`, \
             or `docker.io`/`index.docker.io`/`registry-1.docker.io` for `docker.io`) is the \
             upstream, tried last anyway, and is not written as a mirror (a warning says so). \
             A URL listed twice is an error: containerd would try it twice, and two sets of \
             settings for one endpoint are ambiguous.",
        ),
        Attribute::new(
            name::CAPABILITIES,
            Type::list(Type::String),
            Presence::Optional,
            &format!(
                "What the mirror may be used for: {}. Default `[\"pull\", \"resolve\"]`.",
                describe_names::<Capability>()
            ),
        )
        .one_of(Capability::names()),
        Attribute::new(
            name::OVERRIDE_PATH,
            Type::Bool,
            Presence::Optional,
            "Use the URL's path as the API root instead of appending `/v2` (containerd 1.6+). \
             Default: true exactly when the URL has a path.",
        ),
        Attribute::new(
            name::DIAL_TIMEOUT,
            Type::String,
            Presence::Optional,
            "Connection timeout as a Go duration (`\"5s\"`); containerd 2.0.7 / 2.1 and later.",
        ),
    ];
    mirror.extend(tls_attributes("the mirror"));
    mirror.push(credentials_attribute("the mirror"));

    let mut registry = vec![Attribute::new(
        name::SERVER,
        Type::String,
        Presence::Optional,
        "Upstream registry URL, tried after the mirrors. Without it the provider writes what \
         containerd would use anyway: `https://registry-1.docker.io` for `docker.io`, \
         `https://<namespace>` for other registries, and no `server` for `_default` and for \
         loopback namespaces (`localhost`, `127.0.0.1`, `[::1]`, any port), where containerd \
         applies its own default for the pulled registry: for loopback, containerd 1.6 uses \
         http with skip_verify, 1.7 and 2.x https with skip_verify for no port or port 443, \
         plain http on port 80, and otherwise https first, then http, with skip_verify.",
    )];
    registry.extend(tls_attributes("the upstream"));
    registry.push(credentials_attribute("the upstream"));
    registry.push(Attribute::new(
        name::SKIP_FALLBACK,
        Type::Bool,
        Presence::Optional,
        "Pull only from the mirrors; never fall back to the upstream registry (air-gapped and \
         sovereign setups). The last mirror is written as the `server`, containerd's documented \
         way, so containerd tries nothing after it. Risk: if every mirror is down, pulls fail. \
         Needs at least one mirror; `server` and the upstream's TLS, header and credentials \
         settings are errors with it. Default false.",
    ));
    registry.push(Attribute::nested(
        name::MIRRORS,
        ObjectNesting::List,
        mirror,
        Presence::Optional,
        "Mirrors, tried in this order before the upstream; each becomes a \
         `[host.\"<url>\"]` table.",
    ));
    Attribute::nested(
        super::registry_files_input::REGISTRIES,
        ObjectNesting::Map,
        registry,
        Presence::Optional,
        "Registries declared as data, keyed by namespace (`docker.io`, \
         `myreg.example:5000`, `_default`, or `*` for `_default`). Each renders a canonical \
         `/etc/containerd/certs.d/<namespace>/hosts.toml`, except an entry that only gives \
         config.toml credentials, which needs no file. containerd reads the first directory it \
         finds for a registry and never `_default` after it, so a namespace with a file of its \
         own does not get `_default`'s mirrors (a warning says so). May be combined with \
         `hosts` and `certs`; the same namespace from two sources is an error.",
    )
}

/// Converts the wholly known `registries` value; problems carry attribute paths.
/// Capability names are checked against what containerd `version` accepts.
pub fn registries_from_value(
    value: &Value,
    version: ContainerdVersion,
    diagnostics: &mut Diagnostics,
) -> Vec<Registry> {
    let Some(entries) = value.entries() else {
        return Vec::new();
    };
    let path = AttributePath::root(super::registry_files_input::REGISTRIES);
    if entries.len() > MAX_REGISTRIES {
        diagnostics.push(reader::error(
            &path,
            limits::exceeded("MAX_REGISTRIES", MAX_REGISTRIES, entries.len()),
        ));
        return Vec::new();
    }
    if let Some(error) = reader::too_many_bytes(value, &path) {
        diagnostics.push(error);
        return Vec::new();
    }
    entries
        .iter()
        .map(|(namespace, registry)| {
            registry_from_value(
                namespace,
                registry,
                &path.clone().key(namespace),
                version,
                diagnostics,
            )
        })
        .collect()
}

/// Converts one registry object; absent attributes read as unset, so a partial object (as a
/// function argument may be) works too.
pub fn registry_from_value(
    namespace: &str,
    registry: &Value,
    path: &AttributePath,
    version: ContainerdVersion,
    diagnostics: &mut Diagnostics,
) -> Registry {
    if let Some(error) = reader::too_many_bytes(registry, path) {
        diagnostics.push(error);
        return Registry {
            namespace: namespace.to_string(),
            ..Registry::default()
        };
    }
    RegistryInput::read(registry, path.clone(), diagnostics).into_registry(
        namespace,
        version,
        diagnostics,
    )
}

/// One `registries` entry, read once.
struct RegistryInput {
    path: AttributePath,
    server: Option<String>,
    tls: TlsInput,
    credentials: Option<CredentialsInput>,
    skip_fallback: Option<bool>,
    mirrors: Vec<MirrorInput>,
}

/// One element of `mirrors`, read once.
struct MirrorInput {
    path: AttributePath,
    url: Option<String>,
    capabilities: Option<Vec<String>>,
    override_path: Option<bool>,
    dial_timeout: Option<String>,
    tls: TlsInput,
    credentials: Option<CredentialsInput>,
}

/// The TLS and header attributes the upstream and every mirror have.
struct TlsInput {
    ca: Option<Vec<String>>,
    client_cert: Option<String>,
    client_key: Option<String>,
    skip_verify: Option<bool>,
    header: Option<BTreeMap<String, Vec<String>>>,
}

struct CredentialsInput {
    path: AttributePath,
    username: Option<String>,
    password: Option<String>,
    mode: Option<String>,
}

impl RegistryInput {
    fn read(value: &Value, path: AttributePath, diagnostics: &mut Diagnostics) -> Self {
        let mut fields = Fields::new(value, path.clone(), diagnostics);
        let server = fields.string(name::SERVER);
        let tls = TlsInput::read(&mut fields);
        let credentials = CredentialsInput::read(&mut fields);
        let skip_fallback = fields.bool(name::SKIP_FALLBACK);
        let mirrors_path = fields.path_of(name::MIRRORS);
        let mirrors = fields
            .list(name::MIRRORS, (MAX_MIRRORS, "MAX_MIRRORS"))
            .unwrap_or_default();
        let mirrors = mirrors
            .iter()
            .enumerate()
            .map(|(index, mirror)| {
                let at = mirrors_path.clone().index(index as i64);
                MirrorInput::read(mirror, at, fields.diagnostics())
            })
            .collect();
        fields.finish();
        RegistryInput {
            path,
            server,
            tls,
            credentials,
            skip_fallback,
            mirrors,
        }
    }

    fn into_registry(
        self,
        namespace: &str,
        version: ContainerdVersion,
        diagnostics: &mut Diagnostics,
    ) -> Registry {
        let (ca, client, skip_verify, header) = self.tls.into_domain(&self.path, diagnostics);
        Registry {
            namespace: namespace.to_string(),
            server: self.server,
            ca,
            client,
            skip_verify,
            header,
            credentials: self.credentials.map(|c| c.into_domain(diagnostics)),
            skip_fallback: self.skip_fallback.unwrap_or(false),
            mirrors: self
                .mirrors
                .into_iter()
                .map(|m| m.into_mirror(version, diagnostics))
                .collect(),
        }
    }
}

impl MirrorInput {
    fn read(value: &Value, path: AttributePath, diagnostics: &mut Diagnostics) -> Self {
        let mut fields = Fields::new(value, path.clone(), diagnostics);
        let url = fields.string(name::URL);
        let capabilities = fields.strings(name::CAPABILITIES);
        let override_path = fields.bool(name::OVERRIDE_PATH);
        let dial_timeout = fields.string(name::DIAL_TIMEOUT);
        let tls = TlsInput::read(&mut fields);
        let credentials = CredentialsInput::read(&mut fields);
        fields.finish();
        MirrorInput {
            path,
            url,
            capabilities,
            override_path,
            dial_timeout,
            tls,
            credentials,
        }
    }

    fn into_mirror(self, version: ContainerdVersion, diagnostics: &mut Diagnostics) -> Mirror {
        let mut mirror = Mirror::new(self.url.unwrap_or_default());
        if let Some(names) = self.capabilities {
            mirror.capabilities = Vec::new();
            for name in names {
                match Capability::from_name(&name) {
                    Some(capability) => mirror.capabilities.push(capability),
                    None => diagnostics.push(
                        Diagnostic::error(
                            "Unknown capability",
                            format!(
                                "{name:?} is not a containerd capability ({}).",
                                Capability::accepted_by(Some(version))
                            ),
                        )
                        .at(self.path.clone().attribute(name::CAPABILITIES)),
                    ),
                }
            }
        }
        let (ca, client, skip_verify, header) = self.tls.into_domain(&self.path, diagnostics);
        mirror.ca = ca;
        mirror.client = client;
        mirror.skip_verify = skip_verify;
        mirror.header = header;
        mirror.override_path = self.override_path;
        mirror.dial_timeout = self.dial_timeout;
        mirror.credentials = self.credentials.map(|c| c.into_domain(diagnostics));
        mirror
    }
}

type TlsSettings = (
    Vec<CertSource>,
    Option<ClientPair>,
    Option<bool>,
    BTreeMap<String, Vec<String>>,
);

impl TlsInput {
    fn read(fields: &mut Fields<'_, '_>) -> Self {
        TlsInput {
            ca: fields.strings(name::CA),
            client_cert: fields.string(name::CLIENT_CERT),
            client_key: fields.string(name::CLIENT_KEY),
            skip_verify: fields.bool(name::SKIP_VERIFY),
            header: fields.header(name::HEADER),
        }
    }

    /// `client_key` alone would be ignored, so it is an error.
    fn into_domain(self, path: &AttributePath, diagnostics: &mut Diagnostics) -> TlsSettings {
        let client = match (self.client_cert, self.client_key) {
            (Some(cert), key) => {
                let key = key.unwrap_or_else(|| cert.clone());
                Some(ClientPair {
                    cert: cert_source(cert),
                    key: cert_source(key),
                })
            }
            (None, Some(_)) => {
                diagnostics.push(reader::error(
                    &path.clone().attribute(name::CLIENT_KEY),
                    format!(
                        "is set without `{}`; containerd needs the certificate the key belongs to (set `{}`, or put both in it)",
                        name::CLIENT_CERT,
                        name::CLIENT_CERT
                    ),
                ));
                None
            }
            (None, None) => None,
        };
        (
            self.ca
                .unwrap_or_default()
                .into_iter()
                .map(cert_source)
                .collect(),
            client,
            self.skip_verify,
            self.header.unwrap_or_default(),
        )
    }
}

impl CredentialsInput {
    fn read(fields: &mut Fields<'_, '_>) -> Option<Self> {
        let path = fields.path_of(name::CREDENTIALS);
        let value = fields.value(name::CREDENTIALS)?;
        let mut inner = Fields::new(value, path.clone(), fields.diagnostics());
        let credentials = CredentialsInput {
            username: inner.string(name::USERNAME),
            password: inner.string(name::PASSWORD),
            mode: inner.string(name::MODE),
            path,
        };
        inner.finish();
        Some(credentials)
    }

    fn into_domain(self, diagnostics: &mut Diagnostics) -> Credentials {
        let mode = match self.mode.as_deref() {
            None => CredentialsMode::default(),
            Some(mode) => CredentialsMode::parse(mode).unwrap_or_else(|| {
                diagnostics.push(
                    Diagnostic::error(
                        "Unknown credentials mode",
                        // Credentials are sensitive, their mode too: it is not quoted.
                        format!(
                            "`{}` is not a mode; use {}.",
                            name::MODE,
                            quoted_alternatives(&CredentialsMode::names())
                        ),
                    )
                    .at(self.path.clone().attribute(name::MODE)),
                );
                CredentialsMode::default()
            }),
        };
        Credentials {
            username: self.username.unwrap_or_default(),
            password: self.password.unwrap_or_default(),
            mode,
        }
    }
}

/// The object type of one registry, as `parse_hosts_toml` returns it and `registries` takes it.
pub fn registry_type() -> Type {
    match registries_attribute().value_type() {
        Type::Map(registry) => *registry,
        other => other,
    }
}

/// A registry as a value of [`registry_type`].
pub fn registry_to_value(registry: &Registry) -> Value {
    let mut value = tls_values(
        &registry.ca,
        &registry.client,
        registry.skip_verify,
        &registry.header,
    );
    value.insert(name::SERVER.into(), optional_string(&registry.server));
    value.insert(
        name::CREDENTIALS.into(),
        credentials_value(&registry.credentials),
    );
    let mirrors = registry.mirrors.iter().map(|mirror| {
        let mut value = tls_values(
            &mirror.ca,
            &mirror.client,
            mirror.skip_verify,
            &mirror.header,
        );
        value.insert(name::URL.into(), Value::string(&mirror.url));
        value.insert(
            name::CAPABILITIES.into(),
            Value::List(
                mirror
                    .capabilities
                    .iter()
                    .map(|c| Value::string(c.as_str()))
                    .collect(),
            ),
        );
        value.insert(
            name::OVERRIDE_PATH.into(),
            mirror.override_path.map_or(Value::Null, Value::Bool),
        );
        value.insert(
            name::DIAL_TIMEOUT.into(),
            optional_string(&mirror.dial_timeout),
        );
        value.insert(
            name::CREDENTIALS.into(),
            credentials_value(&mirror.credentials),
        );
        Value::Object(value)
    });
    value.insert(name::MIRRORS.into(), Value::List(mirrors.collect()));
    value.insert(
        name::SKIP_FALLBACK.into(),
        Value::Bool(registry.skip_fallback),
    );
    Value::Object(value)
}

fn optional_string(text: &Option<String>) -> Value {
    text.as_deref().map_or(Value::Null, Value::string)
}

fn cert_text(source: &CertSource) -> Value {
    match source {
        CertSource::Inline(text) | CertSource::Path(text) => Value::string(text),
    }
}

fn tls_values(
    ca: &[CertSource],
    client: &Option<ClientPair>,
    skip_verify: Option<bool>,
    header: &BTreeMap<String, Vec<String>>,
) -> BTreeMap<String, Value> {
    let mut value = BTreeMap::new();
    value.insert(
        name::CA.into(),
        if ca.is_empty() {
            Value::Null
        } else {
            Value::List(ca.iter().map(cert_text).collect())
        },
    );
    let (cert, key) = match client {
        Some(pair) if pair.cert == pair.key => (cert_text(&pair.cert), Value::Null),
        Some(pair) => (cert_text(&pair.cert), cert_text(&pair.key)),
        None => (Value::Null, Value::Null),
    };
    value.insert(name::CLIENT_CERT.into(), cert);
    value.insert(name::CLIENT_KEY.into(), key);
    value.insert(
        name::SKIP_VERIFY.into(),
        skip_verify.map_or(Value::Null, Value::Bool),
    );
    value.insert(
        name::HEADER.into(),
        if header.is_empty() {
            Value::Null
        } else {
            Value::Map(
                header
                    .iter()
                    .map(|(name, values)| {
                        (
                            name.clone(),
                            Value::List(values.iter().map(Value::string).collect()),
                        )
                    })
                    .collect(),
            )
        },
    );
    value
}

fn credentials_value(credentials: &Option<Credentials>) -> Value {
    match credentials {
        None => Value::Null,
        Some(credentials) => Value::object([
            (name::USERNAME, Value::string(&credentials.username)),
            (name::PASSWORD, Value::string(&credentials.password)),
            (name::MODE, Value::string(credentials.mode.name())),
        ]),
    }
}

fn cert_source(text: String) -> CertSource {
    if text.contains("-----BEGIN") {
        CertSource::Inline(text)
    } else {
        CertSource::Path(text)
    }
}

#[cfg(test)]
mod tests;
