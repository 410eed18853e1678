use super::*;
use crate::diagnostics::Diagnostics;
use crate::provider::{DataSource, Signature};
use crate::requests::{
    CallRequest, CallResponse, ReadDataRequest, ReadDataResponse, ValidateRequest, ValidateResponse,
};
use crate::value::Value;
use std::sync::Arc;

struct FakeDataSource(Vec<Attribute>);

impl DataSource for FakeDataSource {
    fn type_name(&self) -> &'static str {
        "fake_thing"
    }
    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: Block {
                attributes: self.0.clone(),
                description: "A thing.\n\nMore about it.".into(),
                ..Block::default()
            },
        }
    }
    fn validate(&self, _request: ValidateRequest) -> ValidateResponse {
        ValidateResponse::default()
    }
    fn read(&self, request: ReadDataRequest) -> ReadDataResponse {
        ReadDataResponse::new(request.config, Diagnostics::default())
    }
}

struct FakeFunction(&'static str);

impl Function for FakeFunction {
    fn name(&self) -> &'static str {
        "frob"
    }
    fn signature(&self) -> Signature {
        Signature {
            parameters: vec![Parameter {
                name: "input".into(),
                ty: Type::list(Type::String),
                description: self.0.into(),
                allow_null: true,
            }],
            return_type: Type::String,
            summary: "Frobs.".into(),
            description: "Frobs the input.".into(),
        }
    }
    fn call(&self, _request: CallRequest) -> CallResponse {
        Ok(Value::Null).into()
    }
}

struct FakeProvider {
    attributes: Vec<Attribute>,
    parameter_description: &'static str,
}

impl Provider for FakeProvider {
    fn type_name(&self) -> &'static str {
        "fake"
    }
    fn version(&self) -> &'static str {
        "9.9.9"
    }
    fn schema(&self) -> Schema {
        Schema::default()
    }
    fn data_sources(&self) -> Vec<Arc<dyn DataSource>> {
        vec![Arc::new(FakeDataSource(self.attributes.clone()))]
    }
    fn resources(&self) -> Vec<Arc<dyn crate::provider::Resource>> {
        Vec::new()
    }
    fn functions(&self) -> Vec<Arc<dyn Function>> {
        vec![Arc::new(FakeFunction(self.parameter_description))]
    }
}

fn attributes() -> Vec<Attribute> {
    vec![
        Attribute::new("name", Type::String, Presence::Required, "The name."),
        Attribute::new("token", Type::String, Presence::Optional, "A token.").sensitive(),
        Attribute::nested(
            "mirrors",
            ObjectNesting::List,
            vec![
                Attribute::new("url", Type::String, Presence::Required, "Mirror URL."),
                Attribute::nested(
                    "auth",
                    ObjectNesting::Single,
                    vec![Attribute::new(
                        "username",
                        Type::String,
                        Presence::Optional,
                        "User.",
                    )],
                    Presence::Optional,
                    "Credentials.",
                ),
            ],
            Presence::Optional,
            "Mirrors.",
        ),
        Attribute::new(
            "files",
            Type::list(Type::object([("path", Type::String)])),
            Presence::Computed,
            "Files.",
        ),
    ]
}

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let w = |p: &str, text: &str| {
        let p = dir.path().join(p);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    w(
        "templates/index.md.tmpl",
        "---\npage_title: \"fake\"\n---\n\n# fake {{ version }} from {{ source }}\n\n{{ surfaces }}\n\n{{ provider_schema }}\n",
    );
    w(
        "templates/guides/howto.md.tmpl",
        "# How\n\n{{ example \"examples/x.sh\" }}\n",
    );
    w("examples/x.sh", "echo hi\n");
    w(
        "examples/data-sources/fake_thing/data-source.tf",
        "data \"fake_thing\" \"x\" {}\n",
    );
    w(
        "examples/functions/frob/function.tf",
        "output \"x\" {\n  value = provider::fake::frob([])\n}\n",
    );
    dir
}

fn provider() -> FakeProvider {
    FakeProvider {
        attributes: attributes(),
        parameter_description: "What to frob.",
    }
}

fn page<'a>(pages: &'a [Page], path: &str) -> &'a str {
    &pages
        .iter()
        .find(|p| p.path == Path::new(path))
        .unwrap_or_else(|| panic!("no page {path}: {pages:?}"))
        .content
}

#[test]
fn renders_one_page_per_surface_with_every_attribute() {
    let repo = repo();
    let pages = render_pages(&provider(), "example.com/ns/fake", repo.path()).unwrap();
    let paths: Vec<String> = pages.iter().map(|p| p.path.display().to_string()).collect();
    assert_eq!(
        paths,
        [
            "index.md",
            "guides/howto.md",
            "data-sources/thing.md",
            "functions/frob.md"
        ]
    );
    let ds = page(&pages, "data-sources/thing.md");
    assert!(
        ds.starts_with(
            "---\npage_title: \"fake_thing Data Source - fake\"\nsubcategory: \"\"\ndescription: |-\n  A thing.\n---\n"
        ),
        "{ds}"
    );
    for want in [
        "# fake_thing (Data Source)",
        "A thing.\n\nMore about it.",
        "## Example Usage\n\n```terraform\ndata \"fake_thing\" \"x\" {}\n```",
        "### Required\n\n- `name` (String) The name.",
        "### Optional\n\n- `mirrors` (Attributes List) Mirrors. (see [below for nested schema](#nestedatt--mirrors))\n- `token` (String, Sensitive) A token.",
        "### Read-Only\n\n- `files` (List of Object) Files. (see [below for nested schema](#nestedatt--files))",
        "<a id=\"nestedatt--mirrors\"></a>\n### Nested Schema for `mirrors`\n\nRequired:\n\n- `url` (String) Mirror URL.\n\nOptional:\n\n- `auth` (Attributes) Credentials. (see [below for nested schema](#nestedatt--mirrors--auth))",
        "<a id=\"nestedatt--mirrors--auth\"></a>\n### Nested Schema for `mirrors.auth`\n\nOptional:\n\n- `username` (String) User.",
        "<a id=\"nestedatt--files\"></a>\n### Nested Schema for `files`\n\nRead-Only:\n\n- `path` (String)",
    ] {
        assert!(ds.contains(want), "missing {want:?} in\n{ds}");
    }
    let f = page(&pages, "functions/frob.md");
    for want in [
        "# function: frob",
        "frob(input list(string)) string",
        "1. `input` (List of String, Nullable) What to frob.",
        "provider::fake::frob",
    ] {
        assert!(f.contains(want), "missing {want:?} in\n{f}");
    }
    let index = page(&pages, "index.md");
    assert!(
        index.contains("# fake 9.9.9 from example.com/ns/fake"),
        "{index}"
    );
    assert!(
        index.contains("- [`fake_thing`](data-sources/thing.md)"),
        "{index}"
    );
    assert!(
        index.contains("- [`provider::fake::frob`](functions/frob.md)"),
        "{index}"
    );
    assert!(
        index.contains("The provider block has no arguments."),
        "{index}"
    );
    assert!(
        index.starts_with(&format!(
            "---\npage_title: \"fake\"\n---\n\n{GENERATED_NOTICE}\n\n# fake"
        )),
        "{index}"
    );
    let guide = page(&pages, "guides/howto.md");
    assert!(guide.contains("```shell\necho hi\n```"), "{guide}");
}

#[test]
fn a_missing_example_is_an_error() {
    let repo = repo();
    std::fs::remove_file(repo.path().join("examples/functions/frob/function.tf")).unwrap();
    let err = render_pages(&provider(), "x", repo.path())
        .unwrap_err()
        .to_string();
    assert!(err.contains("examples/functions/frob/function.tf"), "{err}");
}

#[test]
fn an_unknown_template_directive_is_an_error() {
    let repo = repo();
    std::fs::write(
        repo.path().join("templates/guides/howto.md.tmpl"),
        "{{ nonsense }}\n",
    )
    .unwrap();
    let err = render_pages(&provider(), "x", repo.path())
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown directive"), "{err}");
}

#[test]
fn missing_descriptions_finds_nested_attributes_and_parameters() {
    assert_eq!(missing_descriptions(&provider()), Vec::<String>::new());
    let mut attrs = attributes();
    if let AttributeType::Nested(n) = &mut attrs[2].ty {
        n.attributes[0].description = " ".into();
    }
    attrs.push(Attribute::new("new", Type::Bool, Presence::Optional, ""));
    let bad = FakeProvider {
        attributes: attrs,
        parameter_description: "",
    };
    assert_eq!(
        missing_descriptions(&bad),
        [
            "data source fake_thing: attribute mirrors: attribute url",
            "data source fake_thing: attribute new",
            "function frob: parameter input",
        ]
    );
}

#[test]
fn differences_reports_changed_missing_and_stale_pages() {
    let dir = tempfile::tempdir().unwrap();
    let pages = vec![
        Page {
            path: "index.md".into(),
            content: "a\nb\n".into(),
        },
        Page {
            path: "functions/f.md".into(),
            content: "f\n".into(),
        },
    ];
    write_pages(&pages, dir.path()).unwrap();
    assert!(differences(&pages, dir.path()).is_empty());
    std::fs::write(dir.path().join("index.md"), "a\nc\n").unwrap();
    std::fs::write(dir.path().join("functions/old.md"), "x").unwrap();
    std::fs::remove_file(dir.path().join("functions/f.md")).unwrap();
    assert_eq!(
        differences(&pages, dir.path()),
        [
            "docs/index.md differs from what the schema renders (first difference at line 2)",
            "docs/functions/f.md is missing",
            "docs/functions/old.md is not generated from the schema (a removed surface or guide?)",
        ]
    );
    write_pages(&pages, dir.path()).unwrap();
    assert!(differences(&pages, dir.path()).is_empty());
    assert!(!dir.path().join("functions/old.md").exists());
}

#[test]
fn type_spellings() {
    let ty = Type::map(Type::object([
        ("a", Type::Bool),
        ("b", Type::set(Type::Number)),
    ]));
    assert_eq!(type_label(&ty), "Map of Object");
    assert_eq!(hcl_type(&ty), "map(object({ a = bool, b = set(number) }))");
    assert_eq!(
        short_name("example", "example_registry_files"),
        "registry_files"
    );
}

#[test]
fn allowed_values_follow_the_description_in_declared_order() {
    let block = Block {
        attributes: vec![
            Attribute::new("mode", Type::String, Presence::Optional, "How.").one_of(["b", "a"]),
            Attribute::new("kinds", Type::set(Type::String), Presence::Required, "")
                .one_of(["x", "y"]),
            Attribute::new("free", Type::String, Presence::Optional, "Anything."),
        ],
        ..Block::default()
    };
    let text = schema_sections(&block);
    assert_eq!(
        text,
        "### Required\n\n\
         - `kinds` (Set of String) Allowed values of each element: `x`, `y`.\n\n\
         ### Optional\n\n\
         - `free` (String) Anything.\n\
         - `mode` (String) How. Allowed values: `b`, `a`.\n"
    );
}

#[test]
fn allowed_values_of_nested_attributes_are_listed_in_their_schema() {
    let mut attrs = attributes();
    if let AttributeType::Nested(n) = &mut attrs[2].ty {
        n.attributes[0] = n.attributes[0].clone().one_of(["https://a", "https://b"]);
    }
    let repo = repo();
    let with_values = FakeProvider {
        attributes: attrs,
        parameter_description: "What to frob.",
    };
    let pages = render_pages(&with_values, "x", repo.path()).unwrap();
    let ds = page(&pages, "data-sources/thing.md");
    let want =
        "Required:\n\n- `url` (String) Mirror URL. Allowed values: `https://a`, `https://b`.\n";
    assert!(ds.contains(want), "missing {want:?} in\n{ds}");
    let plain = render_pages(&provider(), "x", repo.path()).unwrap();
    assert!(!page(&plain, "data-sources/thing.md").contains("Allowed values"));
}
