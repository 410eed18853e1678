//! Conversions between the provider-facing types and the generated protobuf types.

use crate::codec;
use crate::diagnostics::{AttributePath, Diagnostic, Diagnostics, Severity, Step};
use crate::proto::tfplugin6 as pb;
use crate::provider::Signature;
use crate::schema::{Attribute, AttributeType, Block, BlockNesting, ObjectNesting, Schema};
use crate::types::Type;
use crate::value::Value;

const MARKDOWN: i32 = pb::StringKind::Markdown as i32;

pub fn schema(schema: &Schema) -> pb::Schema {
    pb::Schema {
        version: schema.version,
        block: Some(block(&schema.block, schema.version)),
    }
}

fn block(block: &Block, version: i64) -> pb::schema::Block {
    use pb::schema::nested_block::NestingMode;
    pb::schema::Block {
        version,
        attributes: block.attributes.iter().map(attribute).collect(),
        block_types: block
            .blocks
            .iter()
            .map(|nested| pb::schema::NestedBlock {
                type_name: nested.type_name.clone(),
                block: Some(self::block(&nested.block, 0)),
                nesting: match nested.nesting {
                    BlockNesting::Single => NestingMode::Single,
                    BlockNesting::Group => NestingMode::Group,
                    BlockNesting::List => NestingMode::List,
                    BlockNesting::Set => NestingMode::Set,
                    BlockNesting::Map => NestingMode::Map,
                } as i32,
                min_items: nested.min_items,
                max_items: nested.max_items,
            })
            .collect(),
        description: block.description.clone(),
        description_kind: MARKDOWN,
        deprecated: block.deprecated,
        deprecation_message: String::new(),
    }
}

fn attribute(attribute: &Attribute) -> pb::schema::Attribute {
    use crate::schema::Presence;
    use pb::schema::object::NestingMode;
    let (r#type, nested_type) = match &attribute.ty {
        AttributeType::Plain(ty) => (ty.to_json_bytes(), None),
        AttributeType::Nested(nested) => (
            Vec::new(),
            Some(pb::schema::Object {
                attributes: nested.attributes.iter().map(self::attribute).collect(),
                nesting: match nested.nesting {
                    ObjectNesting::Single => NestingMode::Single,
                    ObjectNesting::List => NestingMode::List,
                    ObjectNesting::Set => NestingMode::Set,
                    ObjectNesting::Map => NestingMode::Map,
                } as i32,
                ..Default::default()
            }),
        ),
    };
    pb::schema::Attribute {
        name: attribute.name.clone(),
        r#type,
        nested_type,
        description: attribute.description.clone(),
        required: attribute.presence == Presence::Required,
        optional: matches!(
            attribute.presence,
            Presence::Optional | Presence::OptionalComputed
        ),
        computed: matches!(
            attribute.presence,
            Presence::Computed | Presence::OptionalComputed
        ),
        sensitive: attribute.sensitive,
        description_kind: MARKDOWN,
        deprecated: attribute.deprecated,
        write_only: false,
        deprecation_message: String::new(),
    }
}

pub fn function(signature: &Signature) -> pb::Function {
    pb::Function {
        parameters: signature
            .parameters
            .iter()
            .map(|p| pb::function::Parameter {
                name: p.name.clone(),
                r#type: p.ty.to_json_bytes(),
                allow_null_value: p.allow_null,
                allow_unknown_values: false,
                description: p.description.clone(),
                description_kind: MARKDOWN,
            })
            .collect(),
        variadic_parameter: None,
        r#return: Some(pb::function::Return {
            r#type: signature.return_type.to_json_bytes(),
        }),
        summary: signature.summary.clone(),
        description: signature.description.clone(),
        description_kind: MARKDOWN,
        deprecation_message: String::new(),
    }
}

pub fn diagnostics(diagnostics: &Diagnostics) -> Vec<pb::Diagnostic> {
    diagnostics.0.iter().map(diagnostic).collect()
}

fn diagnostic(diagnostic: &Diagnostic) -> pb::Diagnostic {
    pb::Diagnostic {
        severity: match diagnostic.severity {
            Severity::Error => pb::diagnostic::Severity::Error,
            Severity::Warning => pb::diagnostic::Severity::Warning,
        } as i32,
        summary: diagnostic.summary.clone(),
        detail: diagnostic.detail.clone(),
        attribute: diagnostic.attribute.as_ref().map(attribute_path),
    }
}

pub fn attribute_path(path: &AttributePath) -> pb::AttributePath {
    use pb::attribute_path::step::Selector;
    pb::AttributePath {
        steps: path
            .0
            .iter()
            .map(|step| pb::attribute_path::Step {
                selector: Some(match step {
                    Step::Attribute(name) => Selector::AttributeName(name.clone()),
                    Step::Key(key) => Selector::ElementKeyString(key.clone()),
                    Step::Index(index) => Selector::ElementKeyInt(*index),
                }),
            })
            .collect(),
    }
}

/// Decodes a DynamicValue: msgpack when present, else JSON; an absent value is null.
pub fn decode(value: Option<&pb::DynamicValue>, ty: &Type) -> Result<Value, Diagnostic> {
    let Some(value) = value else {
        return Ok(Value::Null);
    };
    let decoded = if !value.msgpack.is_empty() {
        codec::decode_msgpack(&value.msgpack, ty)
    } else if !value.json.is_empty() {
        codec::decode_json(&value.json, ty)
    } else {
        Ok(Value::Null)
    };
    decoded.map_err(|e| Diagnostic::error("Invalid value from Terraform", e.to_string()))
}

pub fn encode(value: &Value, ty: &Type) -> Result<pb::DynamicValue, Diagnostic> {
    codec::encode_msgpack(value, ty)
        .map(|msgpack| pb::DynamicValue {
            msgpack,
            json: Vec::new(),
        })
        .map_err(|e| Diagnostic::error("Provider produced a value it cannot encode", e.to_string()))
}
