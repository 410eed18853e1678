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
    /// The only values a string attribute, or each element of a list or set of strings, may
    /// take, in the order the docs list them; empty: any value of its type. Declared with
    /// [`Attribute::one_of`].
    pub allowed_values: Vec<String>,
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
            allowed_values: Vec::new(),
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

    /// Declares the only values the attribute (a string, or each element of a list or set of
    /// strings) may take; the docs list them. Checking them stays with the provider, whose
    /// messages may know more (such as which release accepts a value).
    pub fn one_of<I>(mut self, values: I) -> Attribute
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.allowed_values = values.into_iter().map(Into::into).collect();
        self
    }

    /// Whether [`Attribute::allowed_values`] apply to each element rather than to the value.
    pub fn allowed_values_apply_to_elements(&self) -> bool {
        matches!(
            &self.ty,
            AttributeType::Plain(Type::List(_) | Type::Set(_) | Type::Map(_))
        )
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
    fn one_of_declares_allowed_values_in_order() {
        let plain = Attribute::new("mode", Type::String, Presence::Optional, "m");
        assert!(plain.allowed_values.is_empty());
        let mode = plain.one_of(["b", "a"]);
        assert_eq!(mode.allowed_values, ["b", "a"]);
        assert!(!mode.allowed_values_apply_to_elements());
        let list = Attribute::new("caps", Type::list(Type::String), Presence::Optional, "c")
            .one_of(vec![String::from("x")]);
        assert_eq!(list.allowed_values, ["x"]);
        assert!(list.allowed_values_apply_to_elements());
    }

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
