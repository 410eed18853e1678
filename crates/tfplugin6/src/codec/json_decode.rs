//! JSON parsing under the codec's limits: depth, elements per collection, values and string
//! length are counted while the parser runs, so an oversize document fails before its tree is
//! built.

use super::CodecResult;
use crate::error::CodecError;
use crate::limits::{Budget, MAX_COLLECTION_ELEMENTS};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value as Json};
use std::cell::RefCell;
use std::fmt;

/// Parses one JSON document under the limits.
pub fn parse(bytes: &[u8]) -> CodecResult<Json> {
    let budget = RefCell::new(Budget::new());
    let limit = RefCell::new(None);
    let mut parser = serde_json::Deserializer::from_slice(bytes);
    let parsed = Bounded {
        budget: &budget,
        limit: &limit,
        depth: 0,
    }
    .deserialize(&mut parser)
    .and_then(|json| parser.end().map(|()| json));
    // A limit error travels through serde as text; hand back the typed error instead.
    parsed.map_err(|e| {
        limit
            .borrow_mut()
            .take()
            .unwrap_or_else(|| CodecError::Json(e.to_string()))
    })
}

#[derive(Clone, Copy)]
struct Bounded<'b> {
    budget: &'b RefCell<Budget>,
    limit: &'b RefCell<Option<CodecError>>,
    depth: usize,
}

impl Bounded<'_> {
    fn check<E: de::Error>(&self, result: Result<(), CodecError>) -> Result<(), E> {
        result.map_err(|error| {
            let text = error.to_string();
            *self.limit.borrow_mut() = Some(error);
            E::custom(text)
        })
    }

    fn nested(self) -> Self {
        Bounded {
            depth: self.depth + 1,
            ..self
        }
    }

    /// Admits one more element into a collection that already holds `len`. JSON has no
    /// length headers, so the count is checked as elements arrive.
    fn grow<E: de::Error>(&self, len: usize) -> Result<(), E> {
        if len < MAX_COLLECTION_ELEMENTS {
            return Ok(());
        }
        self.check(Err(CodecError::TooManyElements {
            found: len + 1,
            max: MAX_COLLECTION_ELEMENTS,
        }))
    }
}

impl<'de> DeserializeSeed<'de> for Bounded<'_> {
    type Value = Json;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Json, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Bounded<'_> {
    type Value = Json;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Json, E> {
        self.check(self.budget.borrow_mut().value())?;
        Ok(Json::Null)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Json, E> {
        self.check(self.budget.borrow_mut().value())?;
        Ok(Json::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, i: i64) -> Result<Json, E> {
        self.check(self.budget.borrow_mut().value())?;
        Ok(Json::Number(i.into()))
    }

    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Json, E> {
        self.check(self.budget.borrow_mut().value())?;
        Ok(Json::Number(u.into()))
    }

    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Json, E> {
        self.check(self.budget.borrow_mut().value())?;
        Number::from_f64(f)
            .map(Json::Number)
            .ok_or_else(|| E::custom("number is not finite"))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Json, E> {
        self.check(self.budget.borrow_mut().value())?;
        self.check(Budget::string(s.len()))?;
        Ok(Json::String(s.to_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        self.check(self.budget.borrow_mut().value())?;
        self.check(self.budget.borrow().collection(0, self.depth + 1))?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self.nested())? {
            self.grow(items.len())?;
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        self.check(self.budget.borrow_mut().value())?;
        self.check(self.budget.borrow().collection(0, self.depth + 1))?;
        let mut entries = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            self.grow(entries.len())?;
            self.check(Budget::string(key.len()))?;
            let value = map.next_value_seed(self.nested())?;
            entries.insert(key, value);
        }
        Ok(Json::Object(entries))
    }
}
