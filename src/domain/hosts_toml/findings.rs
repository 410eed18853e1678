//! Collecting findings with their line numbers while walking a document.

use std::ops::Range;

use super::key_path::KeyPath;
use crate::domain::{Finding, Location, Severity};

/// The text being checked plus the findings so far.
pub(super) struct Collector<'t> {
    text: &'t str,
    /// Byte offsets of the text's line feeds, so a line number costs a binary search.
    line_feeds: Vec<usize>,
    pub problems: Vec<Finding>,
}

impl<'t> Collector<'t> {
    pub fn new(text: &'t str) -> Self {
        Self {
            text,
            line_feeds: line_feeds(text),
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
        span.map(|s| self.line_feeds.partition_point(|&feed| feed < s.start) + 1)
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

fn line_feeds(text: &str) -> Vec<usize> {
    text.bytes()
        .enumerate()
        .filter_map(|(i, b)| (b == b'\n').then_some(i))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_numbers_are_one_based() {
        let text = "a\nb\n\nc";
        let collector = Collector::new(text);
        let line_at = |offset: usize| collector.line(Some(offset..offset));
        assert_eq!(line_at(0), Some(1));
        assert_eq!(line_at(1), Some(1));
        assert_eq!(line_at(2), Some(2));
        assert_eq!(line_at(5), Some(4));
        assert_eq!(line_at(999), Some(4));
        assert_eq!(Collector::new("").line(Some(0..0)), Some(1));
        assert_eq!(collector.line(None), None);
    }
}
