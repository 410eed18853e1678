//! The one place where domain findings become diagnostics and function errors.

use crate::domain::hosts_toml::ContainerdVersion;
use crate::domain::{Finding, Findings, Severity};
use tfplugin6::{AttributePath, Diagnostic, Diagnostics, FunctionError};

/// Each finding as a diagnostic at its input attribute (for a registry, at
/// `registries["ns"]`); findings without a summary of their own are about the registry
/// configuration for containerd `version`.
pub fn report(findings: &Findings, version: ContainerdVersion, diagnostics: &mut Diagnostics) {
    for finding in findings {
        diagnostics.push(diagnostic(finding, version));
    }
}

fn diagnostic(finding: &Finding, version: ContainerdVersion) -> Diagnostic {
    let location = &finding.location;
    let mut at = AttributePath::root(location.input.unwrap_or("registries"));
    let mut detail = finding.message.clone();
    if let Some(namespace) = &location.namespace {
        at = at.key(namespace);
        let field = location
            .attribute
            .as_ref()
            .map(|a| format!(".{a}"))
            .unwrap_or_default();
        detail = format!("registries[\"{namespace}\"]{field}: {detail}");
    }
    let summary = match (finding.summary, finding.severity) {
        (Some(summary), _) => summary.to_string(),
        (None, Severity::Error) => {
            format!("Invalid registry configuration for containerd {version}")
        }
        (None, Severity::Warning) => {
            format!("Registry configuration note for containerd {version}")
        }
    };
    let diagnostic = match finding.severity {
        Severity::Error => Diagnostic::error(summary, detail),
        Severity::Warning => Diagnostic::warning(summary, detail),
    };
    diagnostic.at(at)
}

/// The first error among `findings` as a function error: its attribute (if any) and message,
/// on the argument `argument` picks for it.
pub fn first_function_error(
    findings: &Findings,
    argument: impl Fn(&Finding) -> i64,
) -> Option<FunctionError> {
    findings.first_error().map(|finding| {
        let field = finding
            .location
            .attribute
            .as_ref()
            .map(|a| format!("{a}: "))
            .unwrap_or_default();
        FunctionError {
            text: format!("{field}{}", finding.message),
            argument: Some(argument(finding)),
        }
    })
}
