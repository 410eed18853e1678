//! Data source `containerd_registry_files`.

use crate::protocol::diagnostics::Diagnostics;
use crate::protocol::provider::DataSource;
use crate::protocol::schema::{Attribute, Block, Presence, Schema};
use crate::protocol::types::Type;
use crate::protocol::value::Value;

pub struct RegistryFilesDataSource;

impl DataSource for RegistryFilesDataSource {
    fn type_name(&self) -> &'static str {
        "containerd_registry_files"
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: Block {
                attributes: vec![
                    Attribute::new("hosts", Type::set(Type::String), Presence::Optional, "hosts"),
                    Attribute::new("cloud_config", Type::String, Presence::Computed, "cc"),
                ],
                ..Block::default()
            },
        }
    }

    fn validate(&self, _config: &Value) -> Diagnostics {
        Diagnostics::default()
    }

    fn read(&self, config: &Value) -> (Value, Diagnostics) {
        let mut out = config.clone();
        if let Value::Object(o) = &mut out {
            o.insert("cloud_config".into(), Value::string("#cloud-config\n"));
        }
        (out, Diagnostics::default())
    }
}
