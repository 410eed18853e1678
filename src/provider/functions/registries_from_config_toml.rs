//! `provider::containerd::registries_from_config_toml(text)`: a containerd config.toml's
//! deprecated `registry.mirrors` / `registry.configs` as `registries` input.

use crate::domain::migrate::registries_from_config_toml;
use crate::provider::registry_input::{registry_to_value, registry_type};
use tfplugin6::{
    CallRequest, CallResponse, Function, FunctionError, Parameter, Signature, Type, Value,
};

pub struct RegistriesFromConfigToml;

impl Function for RegistriesFromConfigToml {
    fn name(&self) -> &'static str {
        "registries_from_config_toml"
    }

    fn signature(&self) -> Signature {
        Signature {
            parameters: vec![Parameter {
                name: "text".into(),
                ty: Type::String,
                description: "The content of a containerd config.toml, e.g. \
                              `file(\"./config.toml\")`."
                    .into(),
                allow_null: false,
            }],
            return_type: Type::map(registry_type()),
            summary: "Migrate config.toml registry mirrors and configs to registries".into(),
            description: "Reads the CRI registry table of a containerd config.toml \
                          (`[plugins.\"io.containerd.grpc.v1.cri\".registry]` in config version \
                          2, `[plugins.\"io.containerd.cri.v1.images\".registry]` in 3) and \
                          returns what its deprecated `mirrors` and `configs` say, as the \
                          `registries` of `containerd_registry_files`: \
                          `registries = provider::containerd::registries_from_config_toml(file(\"config.toml\"))`. \
                          containerd refuses `mirrors` together with `config_path`, so this is \
                          the way from a config.toml with mirrors to hosts.toml files. The \
                          result sends pulls where containerd 1.6 sent them: each \
                          `mirrors.\"<host>\".endpoint` becomes a mirror, in order (without a \
                          scheme `https://`, or `http://` for loopback hosts; a path stays the \
                          API root); the upstream is tried last; `mirrors.\"*\"` becomes \
                          `_default` (which containerd reads from 1.6.17); each \
                          `configs.\"<host>\"` goes to every endpoint on that `host[:port]`: \
                          `tls.ca_file` as `ca`, `cert_file`/`key_file` as `client_cert`/\
                          `client_key` (paths on the node), `insecure_skip_verify` as \
                          `skip_verify`, and `auth` (`username`/`password`, or `auth` decoded) \
                          as `credentials` in config.toml mode, once per host. A `configs` host \
                          that no endpoint list names becomes a registry of its own. Fails, \
                          naming the line, on what hosts.toml cannot say the same way: an \
                          `identitytoken`, global `auths` or `headers`, an upstream listed \
                          before a mirror, `configs.\"docker.io\"` (containerd contacts \
                          `registry-1.docker.io`)."
                .into(),
        }
    }

    fn call(&self, request: CallRequest) -> CallResponse {
        self.evaluate(&request.arguments).into()
    }
}

impl RegistriesFromConfigToml {
    fn evaluate(&self, arguments: &[Value]) -> Result<Value, FunctionError> {
        let text = arguments
            .first()
            .and_then(Value::as_str)
            .unwrap_or_default();
        match registries_from_config_toml(text) {
            Ok(registries) => Ok(Value::Map(
                registries
                    .iter()
                    .map(|r| (r.namespace.clone(), registry_to_value(r)))
                    .collect(),
            )),
            Err(errors) => Err(FunctionError {
                text: errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
                argument: Some(0),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returns_registries_keyed_by_namespace_and_errors_on_the_argument() {
        let function = RegistriesFromConfigToml;
        let text = "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".registry.mirrors.\"docker.io\"]\nendpoint = [\"mirror.example\"]\n";
        let value = function.evaluate(&[Value::string(text)]).expect("migrates");
        let docker = &value.entries().expect("map")["docker.io"];
        let mirrors = docker.attr("mirrors").elements().expect("mirrors");
        assert_eq!(
            mirrors[0].attr("url").as_str(),
            Some("https://mirror.example")
        );
        let error = function
            .evaluate(&[Value::string("version = 2\n[plugins\n")])
            .expect_err("syntax error");
        assert_eq!(error.argument, Some(0));
        assert!(error.text.starts_with("line 2: "), "{}", error.text);
    }
}
