//! What the fuzz targets share: the provider's data source, its configuration type and the
//! `hosts_toml` function, looked up once through the provider's public surfaces.

use std::sync::{Arc, OnceLock};
use terraform_provider_containerd::provider::ContainerdProvider;
use tfplugin6::{DataSource, Function, Provider, Type};

pub struct DataSourceConfig {
    pub data_source: Arc<dyn DataSource>,
    /// The object type of the data source's configuration.
    pub ty: Type,
    /// The type of its `registries` attribute.
    pub registries: Type,
    pub hosts_toml: Arc<dyn Function>,
}

impl DataSourceConfig {
    /// Attributes that name files to read; the targets clear them.
    pub const FILE_ATTRIBUTES: [&'static str; 2] = ["hosts", "certs"];

    pub fn get() -> &'static DataSourceConfig {
        static CONFIG: OnceLock<DataSourceConfig> = OnceLock::new();
        CONFIG.get_or_init(|| {
            let provider = ContainerdProvider;
            let data_source = provider.data_sources().remove(0);
            let schema = data_source.schema();
            let registries = schema
                .block
                .attributes
                .iter()
                .find(|attribute| attribute.name == "registries")
                .expect("the data source has a registries attribute")
                .value_type();
            let hosts_toml = provider
                .functions()
                .into_iter()
                .find(|function| function.name() == "hosts_toml")
                .expect("the provider has a hosts_toml function");
            DataSourceConfig {
                ty: schema.block.value_type(),
                data_source,
                registries,
                hosts_toml,
            }
        })
    }
}

/// The type a decoding target decodes against, picked by the input's first byte: dynamic
/// (function arguments, `[type, value]` pairs), the data source configuration, its
/// `registries` attribute, or a list of dynamic values.
pub fn decoding_type(selector: u8, config: &DataSourceConfig) -> Type {
    match selector % 4 {
        0 => Type::Dynamic,
        1 => config.ty.clone(),
        2 => config.registries.clone(),
        _ => Type::list(Type::Dynamic),
    }
}
