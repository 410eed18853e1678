//! Reading a function's string argument once, with its size limit checked first.

use crate::domain::limits::exceeded;
use tfplugin6::{FunctionError, Value};

/// The string at `position`, at most `most` bytes (the limit called `limit`).
pub(super) fn string_argument<'a>(
    arguments: &'a [Value],
    position: i64,
    (most, limit): (usize, &str),
) -> Result<&'a str, FunctionError> {
    let text = arguments
        .get(position as usize)
        .and_then(Value::as_str)
        .unwrap_or_default();
    if text.len() > most {
        return Err(FunctionError {
            text: format!("the argument {}", exceeded(limit, most, text.len())),
            argument: Some(position),
        });
    }
    Ok(text)
}
