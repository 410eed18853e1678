//! `provider::containerd::hosts_toml(namespace, registry)`: one registry's canonical hosts.toml.

use super::arguments::string_argument;
use super::first_error;
use crate::domain::limits::MAX_STRING_BYTES;
use crate::domain::registry::{
    render_registry, versions::default_containerd_version, RenderOptions,
};
use crate::domain::Finding;
use crate::provider::findings::first_function_error;
use crate::provider::registry_input::registry_from_value;
use tfplugin6::{
    AttributePath, CallRequest, CallResponse, Diagnostics, Function, FunctionError, Parameter,
    Signature, Type, Value,
};

pub struct HostsToml;

/// The arguments, read once; the constants are their positions.
struct Arguments<'a> {
    namespace: &'a str,
    registry: &'a Value,
}

impl<'a> Arguments<'a> {
    const NAMESPACE: i64 = 0;
    const REGISTRY: i64 = 1;
    const NAMES: [&'static str; 2] = ["namespace", "registry"];

    fn from_values(arguments: &'a [Value]) -> Result<Self, FunctionError> {
        let at = |position: i64| arguments.get(position as usize).unwrap_or(&Value::Null);
        let registry = at(Self::REGISTRY);
        if !matches!(registry, Value::Object(_) | Value::Map(_)) {
            return Err(FunctionError {
                text: format!("{} must be an object", Self::NAMES[Self::REGISTRY as usize]),
                argument: Some(Self::REGISTRY),
            });
        }
        Ok(Arguments {
            namespace: string_argument(
                arguments,
                Self::NAMESPACE,
                (MAX_STRING_BYTES, "MAX_STRING_BYTES"),
            )?,
            registry,
        })
    }
}

impl Function for HostsToml {
    fn name(&self) -> &'static str {
        "hosts_toml"
    }

    fn signature(&self) -> Signature {
        Signature {
            parameters: vec![
                Parameter {
                    name: Arguments::NAMES[Arguments::NAMESPACE as usize].into(),
                    ty: Type::String,
                    description: "Registry namespace: `docker.io`, `myreg.example:5000`, \
                                  `_default`."
                        .into(),
                    allow_null: false,
                },
                Parameter {
                    name: Arguments::NAMES[Arguments::REGISTRY as usize].into(),
                    ty: Type::Dynamic,
                    description: "An object with the attributes of one `registries` entry of \
                                  `containerd_registry_files` (`server`, `mirrors`, `ca`, …); \
                                  absent attributes are unset."
                        .into(),
                    allow_null: false,
                },
            ],
            return_type: Type::String,
            summary: "Render one registry as a canonical hosts.toml".into(),
            description: "Returns the hosts.toml text containerd reads for `namespace`, \
                          rendered as `containerd_registry_files` renders a `registries` entry \
                          for the default containerd version: quoted `[host.\"URL\"]` tables in \
                          order, each header table right after its host, endpoints normalized \
                          as containerd resolves them. Inline certificates are referenced by \
                          their node paths under `/etc/containerd/certs/<namespace>/`. \
                          Credentials in `config_toml` mode do not appear (they belong in \
                          config.toml); an entry with nothing else needs no hosts.toml and \
                          gives an empty string."
                .into(),
        }
    }

    fn call(&self, request: CallRequest) -> CallResponse {
        self.evaluate(&request.arguments).into()
    }
}

impl HostsToml {
    fn evaluate(&self, arguments: &[Value]) -> Result<Value, FunctionError> {
        let Arguments {
            namespace,
            registry,
        } = Arguments::from_values(arguments)?;
        let mut diagnostics = Diagnostics::default();
        let version = default_containerd_version();
        let registry = registry_from_value(
            namespace,
            registry,
            &AttributePath::default(),
            version,
            &mut diagnostics,
        );
        if let Some(error) = first_error(&diagnostics, Arguments::REGISTRY) {
            return Err(error);
        }
        let options = RenderOptions {
            version,
            now_unix: super::super::now_unix(),
        };
        let rendered = render_registry(&registry, &options);
        let argument = |finding: &Finding| {
            if finding.location.attribute.as_deref() == Some("namespace") {
                Arguments::NAMESPACE
            } else {
                Arguments::REGISTRY
            }
        };
        if let Some(error) = first_function_error(&rendered.problems, argument) {
            return Err(error);
        }
        Ok(Value::String(rendered.hosts_toml))
    }
}
