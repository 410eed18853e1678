//! What the domain reports about its input: one [`Finding`] type, collected in [`Findings`].
//!
//! The provider turns findings into diagnostics or function errors in one place each; the
//! domain only says how serious a finding is, where it is and what it means.

use std::ops::Deref;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// containerd would reject or fail on this; rendering is refused.
    Error,
    /// containerd would silently ignore or misread this.
    Warning,
}

/// Where a finding is. Every part is optional: a finding about the whole input has none.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The input attribute the finding is about (`hosts`, `certs`, …).
    pub input: Option<&'static str>,
    /// The user's file, as its path was written.
    pub file: Option<String>,
    /// 1-based line in a document.
    pub line: Option<usize>,
    /// TOML key path such as `host."https://m.example".capabilities`.
    pub key: Option<String>,
    /// The registry (its namespace) a structured-input finding is about.
    pub namespace: Option<String>,
    /// Path inside a registry entry or the output set, e.g. `mirrors[0].dial_timeout`.
    pub attribute: Option<String>,
}

impl Location {
    /// A place in a document: line and key path.
    pub fn text(line: Option<usize>, key: Option<String>) -> Self {
        Self {
            line,
            key,
            ..Self::default()
        }
    }

    /// An attribute inside the registry of `namespace` (empty: of the whole set; an empty
    /// attribute: the registry as a whole).
    pub fn registry(namespace: &str, attribute: &str) -> Self {
        Self {
            input: Some("registries"),
            namespace: (!namespace.is_empty()).then(|| namespace.to_string()),
            attribute: (!attribute.is_empty()).then(|| attribute.to_string()),
            ..Self::default()
        }
    }

    /// One of the user's files, listed in `input`.
    pub fn file(input: &'static str, path: &str) -> Self {
        Self {
            input: Some(input),
            file: Some(path.to_string()),
            ..Self::default()
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub location: Location,
    /// A headline naming the kind of finding, when its producer has one.
    pub summary: Option<&'static str>,
    pub message: String,
}

impl Finding {
    pub fn new(severity: Severity, location: Location, message: impl Into<String>) -> Self {
        Self {
            severity,
            location,
            summary: None,
            message: message.into(),
        }
    }

    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, location, message)
    }

    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, location, message)
    }

    pub fn with_summary(self, summary: &'static str) -> Self {
        Self {
            summary: Some(summary),
            ..self
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Findings in the order they were found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Findings(Vec<Finding>);

impl Findings {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, finding: Finding) {
        self.0.push(finding);
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Finding::is_error)
    }

    /// The first error, if any.
    pub fn first_error(&self) -> Option<&Finding> {
        self.0.iter().find(|f| f.is_error())
    }
}

impl Deref for Findings {
    type Target = [Finding];

    fn deref(&self) -> &[Finding] {
        &self.0
    }
}

impl Extend<Finding> for Findings {
    fn extend<I: IntoIterator<Item = Finding>>(&mut self, findings: I) {
        self.0.extend(findings);
    }
}

impl FromIterator<Finding> for Findings {
    fn from_iter<I: IntoIterator<Item = Finding>>(findings: I) -> Self {
        Self(findings.into_iter().collect())
    }
}

impl IntoIterator for Findings {
    type Item = Finding;
    type IntoIter = std::vec::IntoIter<Finding>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Findings {
    type Item = &'a Finding;
    type IntoIter = std::slice::Iter<'a, Finding>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// A result that carries findings; whether it has errors is asked the same way of all.
pub trait Reported {
    fn findings(&self) -> &Findings;

    fn has_errors(&self) -> bool {
        self.findings().has_errors()
    }
}
