//! Documentation in the Terraform Registry layout, generated from the provider's own schema.
//!
//! [`render_pages`] walks whatever the provider returns from `data_sources()`, `resources()`
//! and `functions()` and renders one page each (`docs/data-sources/<name>.md`,
//! `docs/resources/<name>.md`, `docs/functions/<name>.md`, names without the provider's
//! prefix), plus `docs/index.md` and `docs/guides/*.md` from hand-written templates under
//! `templates/`. Nothing is listed by hand: a new surface gets a page, a new attribute a line.
//!
//! Every surface page takes its `## Example Usage` from the tfplugindocs locations:
//! `examples/data-sources/<type>/data-source.tf`, `examples/resources/<type>/resource.tf` (and
//! `import.sh` for an `## Import` section when present), `examples/functions/<name>/function.tf`.
//! A missing example is an error.
//!
//! Templates (`templates/index.md.tmpl`, `templates/guides/<name>.md.tmpl`) are Markdown with
//! their own front matter and a few directives, each alone on a line:
//! - `{{ example "PATH" }}`: the file at PATH (relative to the repository) as a fenced block;
//! - `{{ surfaces }}`: links to every data source, resource and function page;
//! - `{{ provider_schema }}`: the `provider` block's schema;
//! - `{{ version }}` and `{{ source }}` anywhere in a line.
//!
//! A provider's test compares the rendered pages with `docs/` ([`differences`]) and rewrites
//! them on request ([`write_pages`]).

use crate::provider::{Function, Parameter, Provider};
use crate::schema::{
    Attribute, AttributeType, Block, BlockNesting, NestedBlock, ObjectNesting, Presence, Schema,
};
use crate::types::Type;
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

/// Why the pages could not be rendered or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DocsError {
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error("cannot read example {}: {source} (every documented surface needs one)", path.display())]
    MissingExample { path: PathBuf, source: io::Error },
    #[error("{} line {line}: unknown directive {{{{ {directive} }}}}", template.display())]
    UnknownDirective {
        template: PathBuf,
        line: usize,
        directive: String,
    },
}

/// Adds the action and path to an I/O error.
fn io_error(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> DocsError {
    let path = path.to_path_buf();
    move |source| DocsError::Io {
        action,
        path,
        source,
    }
}

/// The comment every generated page carries right after its front matter.
pub const GENERATED_NOTICE: &str = "<!-- Generated from the provider schema, examples/ and \
templates/ by `UPDATE_DOCS=1 cargo test --test docs`. Do not edit by hand. -->";

/// One documentation page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Relative to `docs/`, e.g. `data-sources/registry_files.md`.
    pub path: PathBuf,
    pub content: String,
}

/// The directories under `docs/` whose every file the generator owns.
pub const GENERATED_DIRS: &[&str] = &["data-sources", "resources", "functions", "guides"];

/// Renders every page. `repo` is the repository root (where `examples/` and `templates/` are);
/// `source` the provider's source address (`registry.terraform.io/NAMESPACE/NAME`).
pub fn render_pages(
    provider: &dyn Provider,
    source: &str,
    repo: &Path,
) -> Result<Vec<Page>, DocsError> {
    let name = provider.type_name();
    let mut pages = Vec::new();
    let ctx = Context {
        provider,
        source,
        repo,
    };

    let index = repo.join("templates/index.md.tmpl");
    pages.push(Page {
        path: PathBuf::from("index.md"),
        content: ctx.render_template(&index)?,
    });

    let guides = repo.join("templates/guides");
    if guides.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&guides)
            .map_err(io_error("list", &guides))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().ends_with(".md.tmpl"))
            .collect();
        entries.sort();
        for template in entries {
            let file = template
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_suffix(".tmpl"))
                .unwrap_or_default()
                .to_string();
            pages.push(Page {
                path: Path::new("guides").join(file),
                content: ctx.render_template(&template)?,
            });
        }
    }

    for data_source in provider.data_sources() {
        let full = data_source.type_name();
        let example = repo.join(format!("examples/data-sources/{full}/data-source.tf"));
        pages.push(Page {
            path: Path::new("data-sources").join(format!("{}.md", short_name(name, full))),
            content: surface_page(
                name,
                full,
                "Data Source",
                &data_source.schema(),
                &example,
                None,
            )?,
        });
    }
    for resource in provider.resources() {
        let full = resource.type_name();
        let dir = repo.join(format!("examples/resources/{full}"));
        let import = dir.join("import.sh");
        pages.push(Page {
            path: Path::new("resources").join(format!("{}.md", short_name(name, full))),
            content: surface_page(
                name,
                full,
                "Resource",
                &resource.schema(),
                &dir.join("resource.tf"),
                import.is_file().then_some(import.as_path()),
            )?,
        });
    }
    for function in provider.functions() {
        let example = repo.join(format!(
            "examples/functions/{}/function.tf",
            function.name()
        ));
        pages.push(Page {
            path: Path::new("functions").join(format!("{}.md", function.name())),
            content: function_page(name, function.as_ref(), &example)?,
        });
    }
    Ok(pages)
}

/// Every place in the provider's schemas that lacks a description, as readable paths
/// (`data source example_thing: attribute files`). Empty when all is documented.
pub fn missing_descriptions(provider: &dyn Provider) -> Vec<String> {
    let mut missing = Vec::new();
    check_block(
        &provider.schema().block,
        "provider block",
        false,
        &mut missing,
    );
    for d in provider.data_sources() {
        let at = format!("data source {}", d.type_name());
        check_block(&d.schema().block, &at, true, &mut missing);
    }
    for r in provider.resources() {
        let at = format!("resource {}", r.type_name());
        check_block(&r.schema().block, &at, true, &mut missing);
    }
    for f in provider.functions() {
        let at = format!("function {}", f.name());
        let signature = f.signature();
        if signature.summary.trim().is_empty() {
            missing.push(format!("{at}: summary"));
        }
        if signature.description.trim().is_empty() {
            missing.push(format!("{at}: description"));
        }
        for p in &signature.parameters {
            if p.description.trim().is_empty() {
                missing.push(format!("{at}: parameter {}", p.name));
            }
        }
    }
    missing
}

fn check_block(block: &Block, at: &str, needs_own: bool, missing: &mut Vec<String>) {
    if needs_own && block.description.trim().is_empty() {
        missing.push(format!("{at}: description"));
    }
    check_attributes(&block.attributes, at, missing);
    for nested in &block.blocks {
        let inner = format!("{at}: block {}", nested.type_name);
        check_block(&nested.block, &inner, true, missing);
    }
}

fn check_attributes(attributes: &[Attribute], at: &str, missing: &mut Vec<String>) {
    for a in attributes {
        let here = format!("{at}: attribute {}", a.name);
        if a.description.trim().is_empty() {
            missing.push(here.clone());
        }
        if let AttributeType::Nested(nested) = &a.ty {
            check_attributes(&nested.attributes, &here, missing);
        }
    }
}

/// `example_thing` → `thing` for provider `example`.
pub fn short_name<'a>(provider: &str, full: &'a str) -> &'a str {
    full.strip_prefix(provider)
        .and_then(|rest| rest.strip_prefix('_'))
        .unwrap_or(full)
}

struct Context<'a> {
    provider: &'a dyn Provider,
    source: &'a str,
    repo: &'a Path,
}

impl Context<'_> {
    fn render_template(&self, template: &Path) -> Result<String, DocsError> {
        let text =
            std::fs::read_to_string(template).map_err(io_error("read template", template))?;
        let mut out = String::new();
        for (n, line) in text.lines().enumerate() {
            let trimmed = line.trim();
            let directive = trimmed
                .strip_prefix("{{")
                .and_then(|r| r.strip_suffix("}}"))
                .map(str::trim);
            match directive {
                Some("surfaces") => out.push_str(&self.surfaces()),
                Some("provider_schema") => {
                    let block = self.provider.schema().block;
                    if block.attributes.is_empty() && block.blocks.is_empty() {
                        out.push_str("The provider block has no arguments.\n");
                    } else {
                        out.push_str(&schema_sections(&block));
                    }
                }
                Some(d) if d.starts_with("example ") => {
                    let path = d["example ".len()..].trim().trim_matches('"');
                    out.push_str(&fenced_file(&self.repo.join(path))?);
                }
                Some(d) if d != "version" && d != "source" => {
                    return Err(DocsError::UnknownDirective {
                        template: template.to_path_buf(),
                        line: n + 1,
                        directive: d.to_string(),
                    });
                }
                _ => {
                    out.push_str(
                        &line
                            .replace("{{ version }}", self.provider.version())
                            .replace("{{ source }}", self.source),
                    );
                    out.push('\n');
                }
            }
        }
        Ok(insert_notice(&out))
    }

    fn surfaces(&self) -> String {
        let name = self.provider.type_name();
        let mut out = String::new();
        let mut section = |title: &str, dir: &str, items: Vec<(String, String)>| {
            if items.is_empty() {
                return;
            }
            let _ = writeln!(out, "### {title}\n");
            for (label, file) in items {
                let _ = writeln!(out, "- [`{label}`]({dir}/{file}.md)");
            }
            out.push('\n');
        };
        section(
            "Data Sources",
            "data-sources",
            self.provider
                .data_sources()
                .iter()
                .map(|d| {
                    let full = d.type_name();
                    (full.to_string(), short_name(name, full).to_string())
                })
                .collect(),
        );
        section(
            "Resources",
            "resources",
            self.provider
                .resources()
                .iter()
                .map(|r| {
                    let full = r.type_name();
                    (full.to_string(), short_name(name, full).to_string())
                })
                .collect(),
        );
        section(
            "Functions",
            "functions",
            self.provider
                .functions()
                .iter()
                .map(|f| {
                    (
                        format!("provider::{name}::{}", f.name()),
                        f.name().to_string(),
                    )
                })
                .collect(),
        );
        // The caller's line break ends the last list.
        while out.ends_with("\n\n") {
            out.pop();
        }
        out
    }
}

/// Puts [`GENERATED_NOTICE`] after the front matter (or at the top without one).
fn insert_notice(page: &str) -> String {
    if let Some(rest) = page.strip_prefix("---\n") {
        if let Some(end) = rest.find("\n---\n") {
            let (front, body) = rest.split_at(end + "\n---\n".len());
            return format!(
                "---\n{front}\n{GENERATED_NOTICE}\n\n{}",
                body.trim_start_matches('\n')
            );
        }
    }
    format!("{GENERATED_NOTICE}\n\n{page}")
}

fn front_matter(title: &str, description: &str) -> String {
    let mut out = format!("---\npage_title: \"{title}\"\nsubcategory: \"\"\ndescription: |-\n");
    for line in first_paragraph(description).lines() {
        if line.trim().is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "  {}", line.trim_end());
        }
    }
    out.push_str("---\n\n");
    out.push_str(GENERATED_NOTICE);
    out.push_str("\n\n");
    out
}

fn first_paragraph(text: &str) -> &str {
    let text = text.trim();
    text.split("\n\n").next().unwrap_or(text).trim()
}

fn fenced_file(path: &Path) -> Result<String, DocsError> {
    let text = std::fs::read_to_string(path).map_err(|source| DocsError::MissingExample {
        path: path.to_path_buf(),
        source,
    })?;
    let lang = match path.extension().and_then(|e| e.to_str()) {
        Some("tf") | Some("tfvars") => "terraform",
        Some("sh") => "shell",
        Some("toml") => "toml",
        Some("yaml") | Some("yml") => "yaml",
        Some("json") => "json",
        _ => "text",
    };
    Ok(format!("```{lang}\n{}\n```\n", text.trim_end()))
}

fn surface_page(
    provider: &str,
    full: &str,
    kind: &str,
    schema: &Schema,
    example: &Path,
    import: Option<&Path>,
) -> Result<String, DocsError> {
    let block = &schema.block;
    let mut out = front_matter(&format!("{full} {kind} - {provider}"), &block.description);
    let _ = writeln!(out, "# {full} ({kind})\n");
    if block.deprecated {
        out.push_str("~> **Deprecated.**\n\n");
    }
    let _ = writeln!(out, "{}\n", block.description.trim());
    out.push_str("## Example Usage\n\n");
    out.push_str(&fenced_file(example)?);
    out.push_str("\n## Schema\n\n");
    out.push_str(&schema_sections(block));
    if let Some(import) = import {
        out.push_str("\n## Import\n\nImport is supported using the following syntax:\n\n");
        out.push_str(&fenced_file(import)?);
    }
    Ok(out)
}

fn function_page(
    provider: &str,
    function: &dyn Function,
    example: &Path,
) -> Result<String, DocsError> {
    let name = function.name();
    let signature = function.signature();
    let mut out = front_matter(&format!("{name} function - {provider}"), &signature.summary);
    let _ = writeln!(out, "# function: {name}\n");
    let _ = writeln!(out, "{}\n", signature.description.trim());
    out.push_str("## Example Usage\n\n");
    out.push_str(&fenced_file(example)?);
    out.push_str("\n## Signature\n\n```text\n");
    let params: Vec<String> = signature
        .parameters
        .iter()
        .map(|p| format!("{} {}", p.name, hcl_type(&p.ty)))
        .collect();
    let _ = writeln!(
        out,
        "{name}({}) {}",
        params.join(", "),
        hcl_type(&signature.return_type)
    );
    out.push_str("```\n\n");
    let _ = writeln!(
        out,
        "Call it as `provider::{provider}::{name}(…)` (Terraform 1.8+, OpenTofu 1.7+).\n"
    );
    out.push_str("## Arguments\n\n");
    if signature.parameters.is_empty() {
        out.push_str("This function takes no arguments.\n");
    } else {
        for (i, p) in signature.parameters.iter().enumerate() {
            let _ = writeln!(out, "{}. {}", i + 1, parameter_line(p));
        }
    }
    let _ = write!(
        out,
        "\n## Return Type\n\n`{}`\n",
        hcl_type(&signature.return_type)
    );
    Ok(out)
}

fn parameter_line(p: &Parameter) -> String {
    let mut flags = vec![type_label(&p.ty)];
    if p.allow_null {
        flags.push("Nullable".into());
    }
    let line = format!(
        "`{}` ({}) {}",
        p.name,
        flags.join(", "),
        p.description.trim()
    );
    line.trim_end().to_string()
}

/// Required / Optional / Read-Only sections of a block, then its nested schemas.
pub fn schema_sections(block: &Block) -> String {
    let mut out = String::new();
    let mut nested: Vec<NestedDoc> = Vec::new();
    write_sections(block, None, &mut out, &mut nested);
    let mut i = 0;
    while i < nested.len() {
        let doc = nested[i].clone();
        let _ = writeln!(
            out,
            "\n<a id=\"{}\"></a>\n### Nested Schema for `{}`\n",
            doc.anchor, doc.title
        );
        write_sections(&doc.block, Some(&doc), &mut out, &mut nested);
        i += 1;
    }
    out
}

/// A nested schema documented below the main sections.
#[derive(Clone)]
struct NestedDoc {
    anchor: String,
    /// Dotted path from the top, e.g. `files` or `mirrors.credentials`.
    title: String,
    block: Block,
}

impl NestedDoc {
    fn child(parent: Option<&NestedDoc>, kind: &str, name: &str, block: Block) -> NestedDoc {
        match parent {
            None => NestedDoc {
                anchor: format!("{kind}--{name}"),
                title: name.to_string(),
                block,
            },
            Some(p) => NestedDoc {
                anchor: format!("{}--{name}", p.anchor),
                title: format!("{}.{name}", p.title),
                block,
            },
        }
    }
}

/// Top-level sections get `### Required` headings; nested schemas the `Required:` style.
fn write_sections(
    block: &Block,
    parent: Option<&NestedDoc>,
    out: &mut String,
    nested: &mut Vec<NestedDoc>,
) {
    let mut attributes: Vec<&Attribute> = block.attributes.iter().collect();
    attributes.sort_by(|a, b| a.name.cmp(&b.name));
    let mut blocks: Vec<&NestedBlock> = block.blocks.iter().collect();
    blocks.sort_by(|a, b| a.type_name.cmp(&b.type_name));

    for (section, wanted) in [
        ("Required", &[Presence::Required][..]),
        (
            "Optional",
            &[Presence::Optional, Presence::OptionalComputed][..],
        ),
        ("Read-Only", &[Presence::Computed][..]),
    ] {
        let mut lines = Vec::new();
        for a in attributes.iter().filter(|a| wanted.contains(&a.presence)) {
            let (label, inner) = attribute_label(a);
            let mut line = format!("- `{}` ({label}) {}", a.name, attribute_text(a));
            if let Some(inner) = inner {
                let doc = NestedDoc::child(parent, "nestedatt", &a.name, inner);
                let _ = write!(line, " (see [below for nested schema](#{}))", doc.anchor);
                nested.push(doc);
            }
            lines.push(line.trim_end().to_string());
        }
        // Blocks are arguments: required when they need at least one element.
        for b in blocks.iter().filter(|b| match section {
            "Required" => b.min_items > 0,
            "Optional" => b.min_items == 0,
            _ => false,
        }) {
            let doc = NestedDoc::child(parent, "nestedblock", &b.type_name, b.block.clone());
            lines.push(format!(
                "- `{}` ({}) {} (see [below for nested schema](#{}))",
                b.type_name,
                block_label(b),
                b.block.description.trim(),
                doc.anchor
            ));
            nested.push(doc);
        }
        if lines.is_empty() {
            continue;
        }
        if parent.is_none() {
            let _ = writeln!(out, "### {section}\n");
        } else {
            let _ = writeln!(out, "{section}:\n");
        }
        for line in lines {
            let _ = writeln!(out, "{line}");
        }
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
}

/// The parenthesised label (`Set of String, Sensitive`) and, for object-valued attributes,
/// the schema to document below. Inside a read-only attribute everything is read-only.
fn attribute_label(a: &Attribute) -> (String, Option<Block>) {
    let computed = a.presence == Presence::Computed;
    let (mut label, fields) = match &a.ty {
        AttributeType::Plain(ty) => (type_label(ty), object_fields(ty, computed)),
        AttributeType::Nested(nested) => {
            let label = match nested.nesting {
                ObjectNesting::Single => "Attributes",
                ObjectNesting::List => "Attributes List",
                ObjectNesting::Set => "Attributes Set",
                ObjectNesting::Map => "Attributes Map",
            };
            let fields = nested
                .attributes
                .iter()
                .cloned()
                .map(|mut f| {
                    if computed {
                        f.presence = Presence::Computed;
                    }
                    f
                })
                .collect();
            (label.to_string(), Some(fields))
        }
    };
    if a.sensitive {
        label.push_str(", Sensitive");
    }
    if a.deprecated {
        label.push_str(", Deprecated");
    }
    let inner = fields.map(|attributes| Block {
        attributes,
        ..Block::default()
    });
    (label, inner)
}

/// The description, followed by `` Allowed values: `a`, `b`. `` when the attribute declares
/// them (`Allowed values of each element:` for a collection).
fn attribute_text(a: &Attribute) -> String {
    let description = a.description.trim();
    if a.allowed_values.is_empty() {
        return description.to_string();
    }
    let names: Vec<String> = a.allowed_values.iter().map(|v| format!("`{v}`")).collect();
    let of = if a.allowed_values_apply_to_elements() {
        " of each element"
    } else {
        ""
    };
    let note = format!("Allowed values{of}: {}.", names.join(", "));
    if description.is_empty() {
        note
    } else {
        format!("{description} {note}")
    }
}

fn block_label(b: &NestedBlock) -> String {
    let kind = match b.nesting {
        BlockNesting::Single | BlockNesting::Group => "Block",
        BlockNesting::List => "Block List",
        BlockNesting::Set => "Block Set",
        BlockNesting::Map => "Block Map",
    };
    let mut label = kind.to_string();
    if b.min_items > 0 {
        let _ = write!(label, ", Min: {}", b.min_items);
    }
    if b.max_items > 0 {
        let _ = write!(label, ", Max: {}", b.max_items);
    }
    label
}

/// The fields of an object type, directly or as the element of a collection, without
/// descriptions (a plain object type carries none). In an input, fields named optional in the
/// type are optional and the others required; in a read-only attribute all are read-only.
fn object_fields(ty: &Type, computed: bool) -> Option<Vec<Attribute>> {
    match ty {
        Type::Object(object) => Some(
            object
                .attributes
                .iter()
                .map(|(name, ty)| {
                    let presence = if computed {
                        Presence::Computed
                    } else if object.optional.contains(name) {
                        Presence::Optional
                    } else {
                        Presence::Required
                    };
                    Attribute::new(name, ty.clone(), presence, "")
                })
                .collect(),
        ),
        Type::List(e) | Type::Set(e) | Type::Map(e) => object_fields(e, computed),
        _ => None,
    }
}

/// tfplugindocs-style type names: `String`, `List of String`, `Map of Object`.
pub fn type_label(ty: &Type) -> String {
    match ty {
        Type::String => "String".into(),
        Type::Number => "Number".into(),
        Type::Bool => "Boolean".into(),
        Type::Dynamic => "Dynamic".into(),
        Type::List(e) => format!("List of {}", type_label(e)),
        Type::Set(e) => format!("Set of {}", type_label(e)),
        Type::Map(e) => format!("Map of {}", type_label(e)),
        Type::Object(_) => "Object".into(),
        Type::Tuple(_) => "Tuple".into(),
    }
}

/// The HCL type-constraint spelling: `string`, `list(string)`, `object({ path = string })`.
pub fn hcl_type(ty: &Type) -> String {
    match ty {
        Type::String => "string".into(),
        Type::Number => "number".into(),
        Type::Bool => "bool".into(),
        Type::Dynamic => "any".into(),
        Type::List(e) => format!("list({})", hcl_type(e)),
        Type::Set(e) => format!("set({})", hcl_type(e)),
        Type::Map(e) => format!("map({})", hcl_type(e)),
        Type::Object(object) => {
            let fields: Vec<String> = object
                .attributes
                .iter()
                .map(|(name, ty)| {
                    if object.optional.contains(name) {
                        format!("{name} = optional({})", hcl_type(ty))
                    } else {
                        format!("{name} = {}", hcl_type(ty))
                    }
                })
                .collect();
            format!("object({{ {} }})", fields.join(", "))
        }
        Type::Tuple(elements) => format!(
            "tuple([{}])",
            elements.iter().map(hcl_type).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// Compares rendered pages with the files under `docs_dir`. Returns one line per difference:
/// a page that is missing or differs, and a file in a generated directory no page renders.
pub fn differences(pages: &[Page], docs_dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for page in pages {
        let path = docs_dir.join(&page.path);
        match std::fs::read_to_string(&path) {
            Ok(on_disk) if on_disk == page.content => {}
            Ok(on_disk) => out.push(format!(
                "docs/{} differs from what the schema renders (first difference at line {})",
                page.path.display(),
                first_difference(&on_disk, &page.content)
            )),
            Err(_) => out.push(format!("docs/{} is missing", page.path.display())),
        }
    }
    for stale in stale_files(pages, docs_dir) {
        out.push(format!(
            "docs/{} is not generated from the schema (a removed surface or guide?)",
            stale.display()
        ));
    }
    out
}

/// Files under the generated directories of `docs_dir` that no page renders, relative to it.
pub fn stale_files(pages: &[Page], docs_dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in GENERATED_DIRS {
        let Ok(entries) = std::fs::read_dir(docs_dir.join(dir)) else {
            continue;
        };
        let mut names: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| Path::new(dir).join(e.file_name()))
            .filter(|rel| !pages.iter().any(|p| &p.path == rel))
            .collect();
        names.sort();
        out.extend(names);
    }
    out
}

/// Writes every page under `docs_dir` and removes stale files of the generated directories.
pub fn write_pages(pages: &[Page], docs_dir: &Path) -> Result<(), DocsError> {
    for stale in stale_files(pages, docs_dir) {
        let p = docs_dir.join(stale);
        std::fs::remove_file(&p).map_err(io_error("remove", &p))?;
    }
    for page in pages {
        let p = docs_dir.join(&page.path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(io_error("create", parent))?;
        }
        std::fs::write(&p, &page.content).map_err(io_error("write", &p))?;
    }
    Ok(())
}

fn first_difference(a: &str, b: &str) -> usize {
    let mut al = a.lines();
    let mut bl = b.lines();
    let mut n = 1;
    loop {
        match (al.next(), bl.next()) {
            (None, None) => return n,
            (x, y) if x != y => return n,
            _ => n += 1,
        }
    }
}

#[cfg(test)]
mod tests;
