//! Resource `containerd_registry_files`: the data source's inputs and outputs, kept in state.
//!
//! The files are rendered at plan time whenever the inputs are known, so `terraform plan` shows
//! which node file changes, and an input change is an in-place update. Apply renders again and
//! refuses a result that differs from the plan (a listed file changed in between, a certificate
//! expired): the state never holds what the plan did not show. Nothing exists outside
//! Terraform's state, so delete and refresh have nothing to do.

use super::registry_files;
use super::registry_files_input::FILE_SHA256;
use super::registry_files_output::computed_names;
use tfplugin6::{
    ApplyRequest, ApplyResponse, AttributePath, Diagnostic, Diagnostics, PlanRequest, PlanResponse,
    Resource, Schema, ValidateRequest, ValidateResponse, Value,
};

pub struct RegistryFilesResource;

impl Resource for RegistryFilesResource {
    fn type_name(&self) -> &'static str {
        registry_files::TYPE_NAME
    }

    fn schema(&self) -> Schema {
        registry_files::schema(format!(
            "{} The resource renders at plan time, like the data source, and keeps \
                     the result in state: a plan shows an in-place update with the \
                     `file_sha256` of each changed file (when `formats` names it, as the \
                     default does) and the new `sha256`, and the outputs stay as applied \
                     until the next apply.",
            registry_files::DESCRIPTION
        ))
    }

    fn validate(&self, request: ValidateRequest) -> ValidateResponse {
        ValidateResponse::new(registry_files::validate_config(&request.config))
    }

    fn plan(&self, request: PlanRequest) -> PlanResponse {
        let (planned_state, diagnostics) = if request.proposed_new_state.is_wholly_known() {
            registry_files::render(&request.proposed_new_state)
        } else {
            (
                registry_files::pending(&request.proposed_new_state),
                Diagnostics::default(),
            )
        };
        PlanResponse::new(planned_state, diagnostics)
    }

    fn apply(&self, request: ApplyRequest) -> ApplyResponse {
        if request.planned_state.is_null() {
            // A delete: nothing exists outside the state.
            return ApplyResponse::new(Value::Null, Diagnostics::default());
        }
        let (new_state, diagnostics) = applied(&request.planned_state, &request.config);
        if diagnostics.has_errors() {
            // Nothing changes: the state stays as it was before this apply.
            return ApplyResponse::new(request.prior_state, diagnostics);
        }
        ApplyResponse::new(new_state, diagnostics)
    }
}

/// Renders `config` again and checks every value the plan knew against the result.
fn applied(planned: &Value, config: &Value) -> (Value, Diagnostics) {
    let (new_state, mut diagnostics) = registry_files::render(config);
    if diagnostics.has_errors() {
        return (new_state, diagnostics);
    }
    for (attribute, detail) in differences(planned, &new_state) {
        diagnostics.push(
            Diagnostic::error(
                "Rendered output differs from the plan",
                format!(
                    "{detail} Something the plan read changed before apply (a listed file, or \
                     the validity of a certificate); nothing was applied. Run plan again."
                ),
            )
            .at(AttributePath::root(&attribute)),
        );
    }
    (new_state, diagnostics)
}

/// Each computed attribute whose planned value was known and differs in `applied`, with a
/// description that shows no sensitive value (only `file_sha256`'s paths, which are not).
/// The inputs are the configuration's in both, as Terraform checks.
fn differences(planned: &Value, applied: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for name in computed_names() {
        let (want, got) = (planned.attr(name), applied.attr(name));
        if want.is_unknown() || want == got {
            continue;
        }
        let detail = if name == FILE_SHA256 {
            let paths = changed_keys(want, got);
            format!("`{FILE_SHA256}` changed for {}.", paths.join(", "))
        } else {
            format!("`{name}` is not what the plan showed.")
        };
        out.push((name.to_string(), detail));
    }
    out
}

/// The keys of two maps whose values differ or that only one has.
fn changed_keys(a: &Value, b: &Value) -> Vec<String> {
    let empty = Default::default();
    let (a, b) = (a.entries().unwrap_or(&empty), b.entries().unwrap_or(&empty));
    let mut keys: Vec<String> = a
        .keys()
        .chain(b.keys())
        .filter(|key| a.get(*key) != b.get(*key))
        .cloned()
        .collect();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use tfplugin6::Step;

    fn config(dir: &std::path::Path) -> Value {
        let path = dir.join("docker.io");
        Value::object([
            (
                "hosts",
                Value::Set(vec![Value::string(path.to_string_lossy())]),
            ),
            (
                "formats",
                Value::Set(vec![
                    Value::string("files"),
                    Value::string("cloud_config"),
                    Value::string(FILE_SHA256),
                ]),
            ),
        ])
    }

    fn write_hosts(dir: &std::path::Path, mirror: &str) {
        let text = format!("server = \"https://registry-1.docker.io\"\n\n[host.\"{mirror}\"]\n");
        std::fs::write(dir.join("docker.io"), text).expect("hosts file");
    }

    fn apply(planned: &Value, config: &Value) -> ApplyResponse {
        RegistryFilesResource.apply(ApplyRequest::new(
            planned.clone(),
            config.clone(),
            Value::Null,
        ))
    }

    fn errors_at(response: &ApplyResponse) -> Vec<(Vec<Step>, String)> {
        response
            .diagnostics
            .0
            .iter()
            .filter(|d| d.severity == tfplugin6::Severity::Error)
            .map(|d| {
                let at = d
                    .attribute
                    .as_ref()
                    .map(|p| p.0.clone())
                    .unwrap_or_default();
                (at, d.detail.clone())
            })
            .collect()
    }

    #[test]
    fn apply_returns_the_planned_state_when_rendering_agrees() {
        let dir = tempfile::tempdir().expect("tmp");
        write_hosts(dir.path(), "https://m.example");
        let config = config(dir.path());
        let (planned, diagnostics) = registry_files::render(&config);
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        let response = apply(&planned, &config);
        assert!(
            errors_at(&response).is_empty(),
            "{:?}",
            response.diagnostics
        );
        assert_eq!(response.new_state, planned);
    }

    #[test]
    fn apply_refuses_a_result_that_differs_from_the_plan() {
        let dir = tempfile::tempdir().expect("tmp");
        write_hosts(dir.path(), "https://m.example");
        let config = config(dir.path());
        let (planned, _) = registry_files::render(&config);
        // The file changes between plan and apply.
        write_hosts(dir.path(), "https://other.example");
        let response = apply(&planned, &config);
        assert_eq!(response.new_state, Value::Null, "the prior state stays");
        let errors = errors_at(&response);
        let at: Vec<&Vec<Step>> = errors.iter().map(|(at, _)| at).collect();
        for attribute in ["cloud_config", "file_sha256", "files", "sha256"] {
            assert!(
                at.contains(&&vec![Step::Attribute(attribute.into())]),
                "{attribute} not reported: {errors:?}"
            );
        }
        let sha = errors
            .iter()
            .find(|(at, _)| at == &vec![Step::Attribute(FILE_SHA256.into())])
            .map(|(_, detail)| detail.as_str())
            .unwrap_or_default();
        assert!(
            sha.contains("/etc/containerd/certs.d/docker.io/hosts.toml"),
            "{sha}"
        );
        assert!(
            errors.iter().all(|(_, d)| !d.contains("other.example")),
            "no content in diagnostics: {errors:?}"
        );
    }

    #[test]
    fn apply_refuses_a_planned_state_it_did_not_render() {
        let dir = tempfile::tempdir().expect("tmp");
        write_hosts(dir.path(), "https://m.example");
        let config = config(dir.path());
        let (mut planned, _) = registry_files::render(&config);
        if let Value::Object(attributes) = &mut planned {
            attributes.insert("sha256".into(), Value::string("0".repeat(64)));
        }
        let errors = errors_at(&apply(&planned, &config));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].0, vec![Step::Attribute("sha256".into())]);
    }

    #[test]
    fn a_delete_needs_no_rendering() {
        let response = apply(&Value::Null, &Value::Null);
        assert!(
            response.diagnostics.0.is_empty(),
            "{:?}",
            response.diagnostics
        );
        assert_eq!(response.new_state, Value::Null);
    }

    #[test]
    fn unknown_planned_values_take_what_apply_renders() {
        let dir = tempfile::tempdir().expect("tmp");
        write_hosts(dir.path(), "https://m.example");
        let config = config(dir.path());
        let planned = registry_files::pending(&config);
        let response = apply(&planned, &config);
        assert!(
            errors_at(&response).is_empty(),
            "{:?}",
            response.diagnostics
        );
        assert_eq!(response.new_state, registry_files::render(&config).0);
    }
}
