//! Collecting findings with their line numbers while walking a document.

use std::cell::OnceCell;
use std::ops::Range;

use super::key_path::KeyPath;
use crate::domain::limits::MAX_FINDINGS;
use crate::domain::{Finding, Location, Severity};

/// The text being checked plus the findings so far: the first [`MAX_FINDINGS`] of them, and
/// a count of the rest.
pub(super) struct Collector<'t> {
    text: &'t str,
    /// Byte offsets of the text's line feeds, so a line number costs a binary search; built
    /// at the first line number asked of a text longer than [`COUNTED_TEXT`].
    line_feeds: OnceCell<Vec<usize>>,
    pub problems: Vec<Finding>,
    not_listed: usize,
    errors_not_listed: bool,
}

impl<'t> Collector<'t> {
    pub fn new(text: &'t str) -> Self {
        Self {
            text,
            line_feeds: OnceCell::new(),
            problems: Vec::new(),
            not_listed: 0,
            errors_not_listed: false,
        }
    }

    /// Whether no more findings are listed; a caller may then skip composing a warning
    /// and call [`Collector::warning`] with an empty message.
    pub fn full(&self) -> bool {
        self.problems.len() >= MAX_FINDINGS
    }

    /// The findings, with one more at the end saying how many were not listed.
    pub fn into_problems(mut self) -> Vec<Finding> {
        if self.not_listed > 0 {
            let severity = if self.errors_not_listed {
                Severity::Error
            } else {
                Severity::Warning
            };
            let message = format!(
                "{} more findings in this file are not listed (the limit MAX_FINDINGS = {MAX_FINDINGS} lists the first ones){}",
                self.not_listed,
                if self.errors_not_listed { ", some of them errors" } else { "" }
            );
            self.problems
                .push(Finding::new(severity, Location::text(None, None), message));
        }
        self.problems
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
        let start = span?.start;
        if self.text.len() <= COUNTED_TEXT {
            let before = self
                .text
                .as_bytes()
                .get(..start)
                .unwrap_or(self.text.as_bytes());
            return Some(before.iter().filter(|&&b| b == b'\n').count() + 1);
        }
        let feeds = self.line_feeds.get_or_init(|| line_feeds(self.text));
        Some(feeds.partition_point(|&feed| feed < start) + 1)
    }

    fn push(
        &mut self,
        severity: Severity,
        span: Option<Range<usize>>,
        key: &KeyPath,
        message: String,
    ) {
        if self.full() {
            self.not_listed += 1;
            self.errors_not_listed |= severity == Severity::Error;
            return;
        }
        let line = self.line(span);
        let key = (!key.is_root()).then(|| key.to_string());
        self.problems
            .push(Finding::new(severity, Location::text(line, key), message));
    }
}

/// Texts up to this length count their line feeds for each line number instead of indexing
/// them: a hosts.toml is usually this short and asks for a line or two.
const COUNTED_TEXT: usize = 2048;

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

        let long = format!("{}x", "\n".repeat(COUNTED_TEXT));
        let collector = Collector::new(&long);
        assert_eq!(collector.line(Some(0..0)), Some(1));
        assert_eq!(
            collector.line(Some(COUNTED_TEXT..COUNTED_TEXT)),
            Some(COUNTED_TEXT + 1)
        );
        assert_eq!(collector.line(Some(9999..9999)), Some(COUNTED_TEXT + 1));
    }

    #[test]
    fn findings_past_the_limit_are_counted_not_listed() {
        let mut collector = Collector::new("a");
        for _ in 0..MAX_FINDINGS + 2 {
            collector.warning(None, KeyPath::root(), "w");
        }
        assert!(collector.full());
        collector.error(None, KeyPath::root(), "e");
        let problems = collector.into_problems();
        assert_eq!(problems.len(), MAX_FINDINGS + 1);
        let last = &problems[MAX_FINDINGS];
        assert_eq!(last.severity, Severity::Error);
        assert!(
            last.message.starts_with("3 more findings"),
            "{}",
            last.message
        );
    }
}
