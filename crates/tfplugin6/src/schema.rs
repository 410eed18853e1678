//! Schemas as the provider describes them, independent of the protobuf types.

use crate::types::{ObjectType, Type};

#[derive(Debug, Clone, Default)]
pub struct Schema {
    pub version: i64,
    pub block: Block,
}

#[derive(Debug, Clone, Default)]
pub struct Block {
    pub attributes: Vec<Attribute>,
    pub blocks: Vec<NestedBlock>,
    /// Markdown.
    pub description: String,
    pub deprecated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Presence {
    #[default]
    Optional,
    Required,
    Computed,
    /// Optional, and computed by the provider when not set.
    OptionalComputed,
}

#[derive(Debug, Clone)]
pub enum AttributeType {
    Plain(Type),
    Nested(NestedType),
}

#[derive(Debug, Clone)]
pub struct Attribute {
    pub name: String,
    pub ty: AttributeType,
    /// Markdown.
    pub description: String,
    pub presence: Presence,
    pub sensitive: bool,
    pub deprecated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectNesting {
    Single,
    List,
    Set,
    Map,
}

#[derive(Debug, Clone)]
pub struct NestedType {
    pub nesting: ObjectNesting,
    pub attributes: Vec<Attribute>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockNesting {
    Single,
    Group,
    List,
    Set,
    Map,
}

#[derive(Debug, Clone)]
pub struct NestedBlock {
    pub type_name: String,
    pub block: Block,
    pub nesting: BlockNesting,
    pub min_items: i64,
    pub max_items: i64,
}

impl Attribute {
    pub fn new(name: &str, ty: Type, presence: Presence, description: &str) -> Attribute {
        Attribute {
            name: name.to_string(),
            ty: AttributeType::Plain(ty),
            description: description.to_string(),
            presence,
            sensitive: false,
            deprecated: false,
        }
    }

    pub fn nested(
        name: &str,
        nesting: ObjectNesting,
        attributes: Vec<Attribute>,
        presence: Presence,
        description: &str,
    ) -> Attribute {
        Attribute {
            ty: AttributeType::Nested(NestedType {
                nesting,
                attributes,
            }),
            ..Attribute::new(name, Type::Dynamic, presence, description)
        }
    }

    pub fn sensitive(mut self) -> Attribute {
        self.sensitive = true;
        self
    }

    pub fn deprecated(mut self) -> Attribute {
        self.deprecated = true;
        self
    }

    /// The type of this attribute's value on the wire.
    pub fn value_type(&self) -> Type {
        match &self.ty {
            AttributeType::Plain(ty) => ty.clone(),
            AttributeType::Nested(nested) => {
                let object = object_type(&nested.attributes, &[]);
                match nested.nesting {
                    ObjectNesting::Single => object,
                    ObjectNesting::List => Type::list(object),
                    ObjectNesting::Set => Type::set(object),
                    ObjectNesting::Map => Type::map(object),
                }
            }
        }
    }
}

impl Block {
    /// The object type of a value that conforms to this block.
    pub fn value_type(&self) -> Type {
        object_type(&self.attributes, &self.blocks)
    }
}

fn object_type(attributes: &[Attribute], blocks: &[NestedBlock]) -> Type {
    let mut object = ObjectType::default();
    for attribute in attributes {
        object
            .attributes
            .insert(attribute.name.clone(), attribute.value_type());
    }
    for nested in blocks {
        let inner = nested.block.value_type();
        let ty = match nested.nesting {
            BlockNesting::Single | BlockNesting::Group => inner,
            BlockNesting::List => Type::list(inner),
            BlockNesting::Set => Type::set(inner),
            BlockNesting::Map => Type::map(inner),
        };
        object.attributes.insert(nested.type_name.clone(), ty);
    }
    Type::Object(object)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_type_includes_nested_attributes_and_blocks() {
        let block = Block {
            attributes: vec![
                Attribute::new("a", Type::String, Presence::Required, "a"),
                Attribute::nested(
                    "n",
                    ObjectNesting::List,
                    vec![Attribute::new("x", Type::Bool, Presence::Optional, "x")],
                    Presence::Optional,
                    "n",
                ),
            ],
            blocks: vec![NestedBlock {
                type_name: "b".into(),
                block: Block::default(),
                nesting: BlockNesting::Set,
                min_items: 0,
                max_items: 0,
            }],
            ..Block::default()
        };
        assert_eq!(
            block.value_type().to_json().to_string(),
            r#"["object",{"a":"string","b":["set",["object",{}]],"n":["list",["object",{"x":"bool"}]]}]"#
        );
    }
}
