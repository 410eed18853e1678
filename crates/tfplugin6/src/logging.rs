//! Logs as hclog JSON lines on stderr, which Terraform parses and shows under `TF_LOG`.
//!
//! Nothing here ever receives configuration values: surfaces log what they do, not what
//! they were given, so credentials and keys cannot leak into logs.

use log::{Level, LevelFilter, Log, Metadata, Record};
use std::io::Write;

struct HclogJson {
    /// The `@module` prefix, e.g. the provider's type name.
    prefix: String,
}

/// Installs the logger once per process; `prefix` starts every line's `@module`. The level
/// comes from `TF_LOG_PROVIDER` or `TF_LOG`, default info.
pub fn init(prefix: &str) {
    let level = std::env::var("TF_LOG_PROVIDER")
        .or_else(|_| std::env::var("TF_LOG"))
        .map(|v| level_from_env(&v))
        .unwrap_or(LevelFilter::Info);
    let logger = Box::new(HclogJson {
        prefix: prefix.to_string(),
    });
    if log::set_boxed_logger(logger).is_ok() {
        log::set_max_level(level);
    }
}

fn level_from_env(value: &str) -> LevelFilter {
    match value.trim().to_ascii_lowercase().as_str() {
        "trace" | "json" => LevelFilter::Trace,
        "debug" => LevelFilter::Debug,
        "warn" => LevelFilter::Warn,
        "error" => LevelFilter::Error,
        "off" => LevelFilter::Off,
        _ => LevelFilter::Info,
    }
}

/// One hclog JSON line; `@module` is `prefix.module`.
fn format_line(level: Level, message: &str, prefix: &str, module: &str, timestamp: &str) -> String {
    let level = match level {
        Level::Error => "error",
        Level::Warn => "warn",
        Level::Info => "info",
        Level::Debug => "debug",
        Level::Trace => "trace",
    };
    serde_json::json!({
        "@level": level,
        "@message": message,
        "@module": format!("{prefix}.{module}"),
        "@timestamp": timestamp,
    })
    .to_string()
}

impl Log for HclogJson {
    fn enabled(&self, metadata: &Metadata) -> bool {
        metadata.level() <= log::max_level()
    }

    fn log(&self, record: &Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let timestamp = time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        let module = record
            .module_path()
            .and_then(|m| m.rsplit("::").next())
            .unwrap_or("provider");
        let line = format_line(
            record.level(),
            &record.args().to_string(),
            &self.prefix,
            module,
            &timestamp,
        );
        let _ = writeln!(std::io::stderr().lock(), "{line}");
    }

    fn flush(&self) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_hclog_json() {
        let line = format_line(
            Level::Debug,
            "hello \"x\"",
            "example",
            "service",
            "2026-01-01T00:00:00Z",
        );
        let parsed: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(parsed["@level"], "debug");
        assert_eq!(parsed["@message"], "hello \"x\"");
        assert_eq!(parsed["@timestamp"], "2026-01-01T00:00:00Z");
        assert_eq!(parsed["@module"], "example.service");
    }

    #[test]
    fn levels_follow_tf_log_names() {
        assert_eq!(level_from_env("DEBUG"), LevelFilter::Debug);
        assert_eq!(level_from_env("trace"), LevelFilter::Trace);
        assert_eq!(level_from_env("bogus"), LevelFilter::Info);
    }
}
