//! The smallest provider on this project's protocol layer: one data source, `floor_echo`, that
//! echoes its input. `scripts/bench-plan` starts it beside the real provider and a Go provider
//! built on terraform-plugin-framework, to tell what a start costs before any domain work.
//! Not shipped: it is a Cargo example (`cargo build --release --example floor_provider`).

use std::sync::Arc;
use terraform_provider_containerd::protocol::diagnostics::Diagnostics;
use terraform_provider_containerd::protocol::provider::{DataSource, Function, Provider, Resource};
use terraform_provider_containerd::protocol::schema::{Attribute, Block, Presence, Schema};
use terraform_provider_containerd::protocol::types::Type;
use terraform_provider_containerd::protocol::value::Value;

struct Floor;
struct Echo;

impl Provider for Floor {
    fn type_name(&self) -> &'static str {
        "floor"
    }
    fn version(&self) -> &'static str {
        "0.0.0"
    }
    fn schema(&self) -> Schema {
        Schema::default()
    }
    fn data_sources(&self) -> Vec<Arc<dyn DataSource>> {
        vec![Arc::new(Echo)]
    }
    fn resources(&self) -> Vec<Arc<dyn Resource>> {
        Vec::new()
    }
    fn functions(&self) -> Vec<Arc<dyn Function>> {
        Vec::new()
    }
}

impl DataSource for Echo {
    fn type_name(&self) -> &'static str {
        "floor_echo"
    }
    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: Block {
                attributes: vec![
                    Attribute::new("input", Type::String, Presence::Required, "Any text."),
                    Attribute::new("output", Type::String, Presence::Computed, "The input."),
                ],
                ..Block::default()
            },
        }
    }
    fn validate(&self, _config: &Value) -> Diagnostics {
        Diagnostics::default()
    }
    fn read(&self, config: &Value) -> (Value, Diagnostics) {
        let input = config.attr("input").clone();
        let state = Value::object([("input", input.clone()), ("output", input)]);
        (state, Diagnostics::default())
    }
}

fn main() {
    let code = terraform_provider_containerd::protocol::serve::run(
        Arc::new(Floor),
        "registry.terraform.io/bench/floor",
    );
    std::process::exit(code);
}
