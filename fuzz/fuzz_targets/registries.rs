//! The `registries` input, converted and rendered through the data source (validate, then
//! read) and through `hosts_toml`: must never panic. The input is the data source
//! configuration in JSON; attributes that name files are cleared so nothing is read.
#![no_main]

use libfuzzer_sys::fuzz_target;
use terraform_provider_containerd_fuzz::DataSourceConfig;
use tfplugin6::{decode_json, CallRequest, ReadDataRequest, ValidateRequest, Value};

fuzz_target!(|data: &[u8]| {
    let config = DataSourceConfig::get();
    let Ok(Value::Object(mut attributes)) = decode_json(data, &config.ty) else {
        return;
    };
    for name in DataSourceConfig::FILE_ATTRIBUTES {
        attributes.insert(name.to_string(), Value::Null);
    }
    if let Some(Value::Map(registries)) = attributes.get("registries") {
        for (namespace, registry) in registries {
            let arguments = vec![Value::String(namespace.clone()), registry.clone()];
            let _ = config.hosts_toml.call(CallRequest::new(arguments));
        }
    }
    let config_value = Value::Object(attributes);
    let validated = config.data_source.validate(ValidateRequest::new(config_value.clone()));
    if !validated.diagnostics.has_errors() {
        let _ = config.data_source.read(ReadDataRequest::new(config_value));
    }
});
