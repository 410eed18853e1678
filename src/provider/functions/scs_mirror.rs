//! `provider::containerd::scs_mirror(name)`: SCS's registry.scs.community proxy-cache host
//! file for one upstream, byte for byte as SCS ships it.

use super::arguments::string_argument;
use crate::domain::limits::MAX_STRING_BYTES;
use crate::domain::registry::{render_scs_file, SCS_PRESETS};
use tfplugin6::{
    CallRequest, CallResponse, Function, FunctionError, Parameter, Signature, Type, Value,
};

pub struct ScsMirror;

impl Function for ScsMirror {
    fn name(&self) -> &'static str {
        "scs_mirror"
    }

    fn signature(&self) -> Signature {
        Signature {
            parameters: vec![Parameter {
                name: "upstream".into(),
                ty: Type::String,
                description: format!(
                    "One of the registries registry.scs.community proxy-caches: {}.",
                    SCS_PRESETS.map(|p| format!("`{p}`")).join(", ")
                ),
                allow_null: false,
            }],
            return_type: Type::String,
            summary: "SCS's registry.scs.community mirror file for an upstream".into(),
            description: "Returns the hosts.toml SCS KaaS ships in \
                          `terraform/files/containerd/<upstream>`: the upstream as `server` and \
                          `https://registry.scs.community/v2/<upstream>` as a pull-only mirror \
                          with `override_path`. Use it with `containerd_registry_files`' \
                          `registries` via `parse_hosts_toml`, or write it to a file."
                .into(),
        }
    }

    fn call(&self, request: CallRequest) -> CallResponse {
        scs_file(&request.arguments).into()
    }
}

fn scs_file(arguments: &[Value]) -> Result<Value, FunctionError> {
    let name = string_argument(arguments, 0, (MAX_STRING_BYTES, "MAX_STRING_BYTES"))?;
    render_scs_file(name)
        .map(Value::String)
        .ok_or_else(|| FunctionError {
            text: format!(
                "registry.scs.community has no proxy cache for {name:?}; it has {}",
                SCS_PRESETS.join(", ")
            ),
            argument: Some(0),
        })
}
