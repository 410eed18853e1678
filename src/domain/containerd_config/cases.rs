//! The shared case list of the config.toml program, read from `cases.toml` (its header
//! describes the fields). Compiled into the unit harness (`tests.rs`) and into the node suite
//! (`tests/node_e2e/enablement.rs`), so both run the same cases.

use std::path::Path;
use toml_edit::{DocumentMut, Item, Table};

const CASES: &str = include_str!("cases.toml");

/// The release a case list is built for.
pub struct CaseRelease<'a> {
    /// Its `containerd config default`.
    pub default: &'a str,
    /// Its CRI registry plugin.
    pub registry_plugin: &'a str,
    pub is_v2: bool,
    /// The repository root, for `start_file`.
    pub root: &'a Path,
}

pub struct Case {
    pub label: String,
    /// None: no config.toml at all.
    pub start: Option<String>,
    pub outcome: Outcome,
}

pub enum Outcome {
    /// config_path is set and the file has this config version.
    Enabled(i64),
    /// The file is left unchanged and the message contains this text.
    Refused(String),
}

/// The cases that apply to `release`, their starting files built from its default.
pub fn cases(release: &CaseRelease) -> Result<Vec<Case>, String> {
    let document: DocumentMut = CASES.parse().map_err(|e| format!("cases.toml: {e}"))?;
    let line = if release.is_v2 { "2.x" } else { "1.x" };
    document
        .get("case")
        .and_then(Item::as_array_of_tables)
        .ok_or("cases.toml has no [[case]]")?
        .iter()
        .filter(|case| text(case, "releases").is_none_or(|only| only == line))
        .map(|case| {
            let label = text(case, "label").ok_or("a case without a label")?;
            let start = start(case, release).map_err(|e| format!("{label}: {e}"))?;
            let outcome = outcome(case, release).map_err(|e| format!("{label}: {e}"))?;
            Ok(Case {
                label: label.to_string(),
                start,
                outcome,
            })
        })
        .collect()
}

fn text<'t>(case: &'t Table, key: &str) -> Option<&'t str> {
    case.get(key).and_then(Item::as_str)
}

fn start(case: &Table, release: &CaseRelease) -> Result<Option<String>, String> {
    if let Some(start) = text(case, "start") {
        return Ok(Some(start.to_string()));
    }
    if let Some(file) = text(case, "start_file") {
        let path = release.root.join(file);
        return std::fs::read_to_string(&path)
            .map(Some)
            .map_err(|e| format!("{}: {e}", path.display()));
    }
    match text(case, "base") {
        None => return Ok(None),
        Some("default") => {}
        Some(other) => return Err(format!("unknown base {other:?}")),
    }
    let mut start = release.default.to_string();
    if let Some(value) = text(case, "config_path") {
        start = with_config_path(&start, value)?;
    }
    if let Some(table) = text(case, "append") {
        let table = table.replace("{registry_plugin}", release.registry_plugin);
        start = format!("{}\n{table}", start.trim_end());
    }
    Ok(Some(start))
}

/// `default` with the value of its CRI registry config_path line replaced: the empty one
/// (`containerd config default` leaves it empty), else the first.
fn with_config_path(default: &str, value: &str) -> Result<String, String> {
    let is_config_path = |line: &str| line.trim_start().starts_with("config_path");
    let is_empty = |line: &str| matches!(line.trim(), "config_path = \"\"" | "config_path = ''");
    let target = default
        .lines()
        .position(is_empty)
        .or_else(|| default.lines().position(is_config_path))
        .ok_or("the default has no config_path line")?;
    let lines: Vec<String> = default
        .lines()
        .enumerate()
        .map(|(at, line)| {
            let indent = line.len() - line.trim_start().len();
            if at == target {
                format!("{}config_path = \"{value}\"", &line[..indent])
            } else {
                line.to_string()
            }
        })
        .collect();
    Ok(lines.join("\n") + "\n")
}

fn outcome(case: &Table, release: &CaseRelease) -> Result<Outcome, String> {
    if let Some(message) = text(case, "refused") {
        return Ok(Outcome::Refused(message.to_string()));
    }
    let version = case.get("version").ok_or("neither version nor refused")?;
    if let Some(number) = version.as_integer() {
        return Ok(Outcome::Enabled(number));
    }
    match version.as_str() {
        Some("new") => Ok(Outcome::Enabled(if release.is_v2 { 3 } else { 2 })),
        Some("default") => release
            .default
            .parse::<DocumentMut>()
            .ok()
            .and_then(|d| d.get("version").and_then(Item::as_integer))
            .map(Outcome::Enabled)
            .ok_or_else(|| format!("the default has no version:\n{}", release.default)),
        _ => Err(format!("bad version {version}")),
    }
}
