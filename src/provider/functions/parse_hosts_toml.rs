//! `provider::containerd::parse_hosts_toml(text)`: an existing hosts.toml as a `registries`
//! entry, to migrate hand-written files to structured input.

use super::arguments::string_argument;
use crate::domain::hosts_toml::Rules;
use crate::domain::limits::MAX_FILE_BYTES;
use crate::domain::registry::parse_hosts_toml;
use crate::provider::findings::first_function_error;
use crate::provider::registry_input::{registry_to_value, registry_type};
use tfplugin6::{
    CallRequest, CallResponse, Function, FunctionError, Parameter, Signature, Type, Value,
};

pub struct ParseHostsToml;

impl Function for ParseHostsToml {
    fn name(&self) -> &'static str {
        "parse_hosts_toml"
    }

    fn signature(&self) -> Signature {
        Signature {
            parameters: vec![Parameter {
                name: "text".into(),
                ty: Type::String,
                description: "The content of a hosts.toml file, e.g. `file(\"./docker.io\")`.".into(),
                allow_null: false,
            }],
            return_type: registry_type(),
            summary: "Read a hosts.toml into the structured registry form".into(),
            description: "Returns the object a `registries` entry of `containerd_registry_files` \
                          takes, so hand-written files can be migrated: \
                          `registries = { \"docker.io\" = provider::containerd::parse_hosts_toml(file(\"docker.io\")) }`. \
                          Fails, naming the line and key, on a file containerd would reject. An \
                          `Authorization: Basic` header comes back as `authorization_header` \
                          credentials."
                .into(),
        }
    }

    fn call(&self, request: CallRequest) -> CallResponse {
        registry_from_text(&request.arguments).into()
    }
}

fn registry_from_text(arguments: &[Value]) -> Result<Value, FunctionError> {
    let text = string_argument(arguments, 0, (MAX_FILE_BYTES, "MAX_FILE_BYTES"))?;
    let parsed = parse_hosts_toml(text, "", &Rules::default());
    match (
        parsed.registry,
        first_function_error(&parsed.problems, |_| 0),
    ) {
        (Some(registry), None) => Ok(registry_to_value(&registry)),
        (_, Some(error)) => Err(error),
        (None, None) => Err(FunctionError {
            text: "the file cannot be represented as a registry".into(),
            argument: Some(0),
        }),
    }
}
