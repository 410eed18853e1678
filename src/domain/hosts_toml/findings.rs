//! Collecting findings with their line numbers while walking a document.

use std::ops::Range;

use super::key_path::KeyPath;
use crate::domain::{Finding, Location, Severity};

/// The text being checked plus the findings so far.
pub(super) struct Collector<'t> {
    text: &'t str,
    pub problems: Vec<Finding>,
}

impl<'t> Collector<'t> {
    pub fn new(text: &'t str) -> Self {
        Self {
            text,
            problems: Vec::new(),
        }
    }

    pub fn text(&self) -> &'t str {
        self.text
    }

    pub fn error(&mut self, span: Option<Range<usize>>, key: &KeyPath, message: impl Into<String>) {
        self.push(Severity::Error, span, key, message.into());
    }

    pub fn warning(
        &mut self,
        span: Option<Range<usize>>,
        key: &KeyPath,
        message: impl Into<String>,
    ) {
        self.push(Severity::Warning, span, key, message.into());
    }

    pub fn line(&self, span: Option<Range<usize>>) -> Option<usize> {
        span.map(|s| line_at(self.text, s.start))
    }

    fn push(
        &mut self,
        severity: Severity,
        span: Option<Range<usize>>,
        key: &KeyPath,
        message: String,
    ) {
        let line = self.line(span);
        let key = (!key.is_root()).then(|| key.to_string());
        self.problems
            .push(Finding::new(severity, Location::text(line, key), message));
    }
}

/// 1-based line number of a byte offset (offsets past the end count as
/// the last line).
pub(super) fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()
        .get(..end)
        .map_or(0, |before| before.iter().filter(|&&b| b == b'\n').count())
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_numbers_are_one_based() {
        let text = "a\nb\n\nc";
        assert_eq!(line_at(text, 0), 1);
        assert_eq!(line_at(text, 1), 1);
        assert_eq!(line_at(text, 2), 2);
        assert_eq!(line_at(text, 5), 4);
        assert_eq!(line_at(text, 999), 4);
        assert_eq!(line_at("", 0), 1);
    }
}
