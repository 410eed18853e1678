//! Terraform's type system (cty types) and their JSON encoding.
//!
//! Schemas carry types as JSON (`"string"`, `["list","string"]`, …) and the value codec needs the
//! type to tell a list from a set or a map from an object, because msgpack encodes them alike.

use crate::error::TypeError;
use serde_json::{json, Value as Json};
use std::collections::{BTreeMap, BTreeSet};

/// A cty type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    String,
    Number,
    Bool,
    /// Any type; values travel together with their concrete type.
    Dynamic,
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>),
    Object(ObjectType),
    Tuple(Vec<Type>),
}

/// An object type: attribute types plus the names that are optional in a type constraint.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ObjectType {
    pub attributes: BTreeMap<String, Type>,
    pub optional: BTreeSet<String>,
}

impl Type {
    pub fn list(element: Type) -> Type {
        Type::List(Box::new(element))
    }

    pub fn set(element: Type) -> Type {
        Type::Set(Box::new(element))
    }

    pub fn map(element: Type) -> Type {
        Type::Map(Box::new(element))
    }

    pub fn object<'a>(attributes: impl IntoIterator<Item = (&'a str, Type)>) -> Type {
        Type::Object(ObjectType {
            attributes: attributes
                .into_iter()
                .map(|(name, ty)| (name.to_string(), ty))
                .collect(),
            optional: BTreeSet::new(),
        })
    }

    /// The JSON form Terraform expects in schemas and function signatures.
    pub fn to_json(&self) -> Json {
        match self {
            Type::String => json!("string"),
            Type::Number => json!("number"),
            Type::Bool => json!("bool"),
            Type::Dynamic => json!("dynamic"),
            Type::List(element) => json!(["list", element.to_json()]),
            Type::Set(element) => json!(["set", element.to_json()]),
            Type::Map(element) => json!(["map", element.to_json()]),
            Type::Object(object) => {
                let attributes: serde_json::Map<String, Json> = object
                    .attributes
                    .iter()
                    .map(|(name, ty)| (name.clone(), ty.to_json()))
                    .collect();
                if object.optional.is_empty() {
                    json!(["object", attributes])
                } else {
                    json!(["object", attributes, object.optional])
                }
            }
            Type::Tuple(elements) => {
                json!([
                    "tuple",
                    elements.iter().map(Type::to_json).collect::<Vec<_>>()
                ])
            }
        }
    }

    pub fn to_json_bytes(&self) -> Vec<u8> {
        self.to_json().to_string().into_bytes()
    }

    pub fn from_json(json: &Json) -> Result<Type, TypeError> {
        match json {
            Json::String(name) => match name.as_str() {
                "string" => Ok(Type::String),
                "number" => Ok(Type::Number),
                "bool" => Ok(Type::Bool),
                "dynamic" => Ok(Type::Dynamic),
                other => Err(TypeError::UnknownPrimitive(other.to_string())),
            },
            Json::Array(parts) => {
                let kind = parts.first().and_then(Json::as_str).unwrap_or_default();
                let arg = parts
                    .get(1)
                    .ok_or(TypeError::Malformed("type JSON array needs an argument"))?;
                match kind {
                    "list" => Ok(Type::list(Type::from_json(arg)?)),
                    "set" => Ok(Type::set(Type::from_json(arg)?)),
                    "map" => Ok(Type::map(Type::from_json(arg)?)),
                    "object" => {
                        let fields = arg
                            .as_object()
                            .ok_or(TypeError::Malformed("object type needs a JSON object"))?;
                        let mut object = ObjectType::default();
                        for (name, ty) in fields {
                            object.attributes.insert(name.clone(), Type::from_json(ty)?);
                        }
                        if let Some(Json::Array(optional)) = parts.get(2) {
                            object.optional = optional
                                .iter()
                                .filter_map(|name| name.as_str().map(str::to_string))
                                .collect();
                        }
                        Ok(Type::Object(object))
                    }
                    "tuple" => {
                        let elements = arg
                            .as_array()
                            .ok_or(TypeError::Malformed("tuple type needs a JSON array"))?;
                        Ok(Type::Tuple(
                            elements
                                .iter()
                                .map(Type::from_json)
                                .collect::<Result<_, _>>()?,
                        ))
                    }
                    other => Err(TypeError::UnknownKind(other.to_string())),
                }
            }
            other => Err(TypeError::Json(format!("invalid type {other}"))),
        }
    }

    pub fn from_json_bytes(bytes: &[u8]) -> Result<Type, TypeError> {
        let json: Json =
            serde_json::from_slice(bytes).map_err(|e| TypeError::Json(e.to_string()))?;
        Type::from_json(&json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_json_matches_terraform_forms() {
        let ty = Type::object([
            ("hosts", Type::set(Type::String)),
            ("n", Type::Number),
            ("t", Type::Tuple(vec![Type::Bool, Type::Dynamic])),
        ]);
        assert_eq!(
            ty.to_json().to_string(),
            r#"["object",{"hosts":["set","string"],"n":"number","t":["tuple",["bool","dynamic"]]}]"#
        );
        assert_eq!(Type::from_json(&ty.to_json()).unwrap(), ty);
    }

    #[test]
    fn object_optional_attributes_round_trip() {
        let json: Json =
            serde_json::from_str(r#"["object",{"a":"string","b":"number"},["b"]]"#).unwrap();
        let ty = Type::from_json(&json).unwrap();
        assert_eq!(ty.to_json(), json);
    }

    #[test]
    fn rejects_garbage() {
        assert!(Type::from_json_bytes(b"\"strng\"").is_err());
        assert!(Type::from_json_bytes(b"[\"list\"]").is_err());
        assert!(Type::from_json_bytes(b"{").is_err());
    }
}
