//! The Registry docs under `docs/` are what the provider's schema, `examples/` and `templates/`
//! render (`tfplugin6::docs`). `UPDATE_DOCS=1 cargo test --test docs` rewrites them.

use std::path::PathBuf;
use terraform_provider_containerd::provider::{ContainerdProvider, SOURCE_ADDRESS};
use tfplugin6::docs::{self, missing_descriptions, render_pages};
use tfplugin6::Provider;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn docs_match_the_schema() {
    let pages = render_pages(&ContainerdProvider, SOURCE_ADDRESS, &repo())
        .unwrap_or_else(|e| panic!("rendering the docs failed: {e}"));
    let docs_dir = repo().join("docs");
    if std::env::var_os("UPDATE_DOCS").is_some_and(|v| !v.is_empty() && v != "0") {
        docs::write_pages(&pages, &docs_dir).unwrap_or_else(|e| panic!("{e}"));
    }
    let differences = docs::differences(&pages, &docs_dir);
    assert!(
        differences.is_empty(),
        "docs/ is out of date with the provider schema, examples/ or templates/:\n  {}\n\
         run `UPDATE_DOCS=1 cargo test --test docs` and commit docs/",
        differences.join("\n  ")
    );
}

#[test]
fn every_surface_has_a_page() {
    let pages = render_pages(&ContainerdProvider, SOURCE_ADDRESS, &repo())
        .unwrap_or_else(|e| panic!("rendering the docs failed: {e}"));
    let paths: Vec<String> = pages.iter().map(|p| p.path.display().to_string()).collect();
    let provider = ContainerdProvider;
    let mut want = vec!["index.md".to_string()];
    want.extend(provider.data_sources().iter().map(|d| {
        format!(
            "data-sources/{}.md",
            docs::short_name("containerd", d.type_name())
        )
    }));
    want.extend(provider.resources().iter().map(|r| {
        format!(
            "resources/{}.md",
            docs::short_name("containerd", r.type_name())
        )
    }));
    want.extend(
        provider
            .functions()
            .iter()
            .map(|f| format!("functions/{}.md", f.name())),
    );
    assert!(
        want.contains(&"data-sources/registry_files.md".to_string()),
        "{want:?}"
    );
    for w in &want {
        assert!(paths.contains(w), "no page {w} among {paths:?}");
    }
    assert!(
        paths.iter().any(|p| p.starts_with("guides/")),
        "no guide page among {paths:?}"
    );
}

#[test]
fn every_attribute_and_parameter_has_a_description() {
    let missing = missing_descriptions(&ContainerdProvider);
    assert!(
        missing.is_empty(),
        "schema elements without a description (the docs need one for each):\n  {}",
        missing.join("\n  ")
    );
}

#[test]
fn every_schema_attribute_appears_in_its_page() {
    let pages = render_pages(&ContainerdProvider, SOURCE_ADDRESS, &repo())
        .unwrap_or_else(|e| panic!("rendering the docs failed: {e}"));
    let provider = ContainerdProvider;
    let mut checked = 0;
    let surfaces = provider
        .data_sources()
        .iter()
        .map(|d| ("data-sources", d.type_name(), d.schema()))
        .chain(
            provider
                .resources()
                .iter()
                .map(|r| ("resources", r.type_name(), r.schema())),
        )
        .collect::<Vec<_>>();
    for (dir, name, schema) in surfaces {
        let path = format!("{dir}/{}.md", docs::short_name("containerd", name));
        let page = pages
            .iter()
            .find(|p| p.path.display().to_string() == path)
            .unwrap_or_else(|| panic!("no page {path}"));
        for a in &schema.block.attributes {
            assert!(
                page.content.contains(&format!("- `{}` (", a.name)),
                "{path} does not list attribute {}",
                a.name
            );
            checked += 1;
        }
    }
    assert!(checked > 0, "no attribute checked");
}
