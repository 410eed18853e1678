//! The smallest provider on this project's protocol layer: one data source, `floor_echo`, that
//! echoes its input. `scripts/bench-plan` starts it beside the real provider and a Go provider
//! built on terraform-plugin-framework, to tell what a start costs before any domain work.
//! Not shipped: it is a Cargo example (`cargo build --release --example floor_provider`).

use std::sync::Arc;
use tfplugin6::{
    Attribute, Block, DataSource, Diagnostics, Function, Presence, Provider, ReadDataRequest,
    ReadDataResponse, Resource, Schema, ServeOptions, Type, ValidateRequest, ValidateResponse,
    Value,
};

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
    fn validate(&self, _request: ValidateRequest) -> ValidateResponse {
        ValidateResponse::default()
    }
    fn read(&self, request: ReadDataRequest) -> ReadDataResponse {
        let input = request.config.attr("input").clone();
        let state = Value::object([("input", input.clone()), ("output", input)]);
        ReadDataResponse::new(state, Diagnostics::default())
    }
}

fn main() {
    let options = ServeOptions::new(&Floor, "registry.terraform.io/bench/floor");
    let code = tfplugin6::run(Arc::new(Floor), options);
    std::process::exit(code);
}
