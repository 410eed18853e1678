//! Secrets stay secret over a whole run: a plan and apply of the data source, the resource and
//! the `hosts_toml` function at `TF_LOG=trace`, then a plan that fails on bad sensitive input.
//! No header name or value, credential, client certificate or key may appear in stdout, stderr
//! or the core's log: not raw, not base64, not as base64 of `user:password`.

use super::provider;
use super::scenario::{acceptance_dir, diagnostics_text};
use super::terraform::{cores, Run, Session};
use base64::Engine as _;

const HEADER_NAME: &str = "X-Hdr-Name-S3cret";
const HEADER_VALUE: &str = "hdr-value-s3cret-7f3a";
const CONFIG_USER: &str = "cfg-user-s3cret";
const CONFIG_PASSWORD: &str = "cfg-pass-s3cret-91c2";
const HEADER_USER: &str = "hdr-user-s3cret";
const HEADER_PASSWORD: &str = "hdr-pass-s3cret-5d0e";
const BAD_MODE: &str = "mode-s3cret";
const BAD_HEADER_NAME: &str = "X-Bad Name-S3cret";
/// A literal, unlike the variables, is known when Terraform validates the configuration.
const KEY_PATH: &str = "/etc/keys/key-path-s3cret.key";

/// What the configuration gets wrong, if anything.
#[derive(Clone, Copy)]
enum Broken {
    Nothing,
    /// Found while rendering, at plan.
    HeaderName,
    /// Found while validating the configuration.
    KeyAndMode,
}

/// A configuration with every sensitive attribute of `registries` set, used by the data
/// source, the resource and the function, plus a registry with bad sensitive input.
fn main_tf(cert: &str, key: &str, broken: Broken) -> String {
    let extra = match broken {
        Broken::Nothing => String::new(),
        Broken::HeaderName => format!(
            r#"
    "broken.example" = {{ header = {{ "{BAD_HEADER_NAME}" = ["{HEADER_VALUE}"] }} }}"#
        ),
        Broken::KeyAndMode => format!(
            r#"
    "broken.example" = {{
      client_key  = "{KEY_PATH}"
      credentials = {{ username = "{HEADER_USER}", password = "{HEADER_PASSWORD}", mode = "{BAD_MODE}" }}
    }}"#
        ),
    };
    format!(
        r#"terraform {{
  required_providers {{
    containerd = {{ source = "{address}" }}
  }}
}}

variable "cert" {{
  type      = string
  sensitive = true
  default   = <<-EOT
{cert}EOT
}}

variable "key" {{
  type      = string
  sensitive = true
  default   = <<-EOT
{key}EOT
}}

locals {{
  registries = {{
    "docker.io" = {{
      header      = {{ "{HEADER_NAME}" = ["{HEADER_VALUE}"] }}
      credentials = {{ username = "{CONFIG_USER}", password = "{CONFIG_PASSWORD}" }}
      mirrors = [{{
        url         = "https://mirror.example"
        client_cert = var.cert
        client_key  = var.key
        credentials = {{ username = "{HEADER_USER}", password = "{HEADER_PASSWORD}", mode = "authorization_header" }}
      }}]
    }}{extra}
  }}
}}

data "containerd_registry_files" "this" {{
  registries = local.registries
}}

resource "containerd_registry_files" "this" {{
  registries = local.registries
}}

output "hosts_toml" {{
  value     = provider::containerd::hosts_toml("docker.io", local.registries["docker.io"])
  sensitive = true
}}

output "sha256" {{
  value = [data.containerd_registry_files.this.sha256, containerd_registry_files.this.sha256]
}}
"#,
        address = provider::ADDRESS,
    )
}

/// Every form in which a secret could leak.
fn forbidden(cert: &str, key: &str) -> Vec<String> {
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let mut out = Vec::new();
    for secret in [
        HEADER_NAME,
        HEADER_VALUE,
        CONFIG_USER,
        CONFIG_PASSWORD,
        HEADER_USER,
        HEADER_PASSWORD,
        BAD_MODE,
        BAD_HEADER_NAME,
        KEY_PATH,
    ] {
        out.push(secret.to_string());
        out.push(b64(secret));
    }
    for (user, password) in [
        (CONFIG_USER, CONFIG_PASSWORD),
        (HEADER_USER, HEADER_PASSWORD),
    ] {
        out.push(b64(&format!("{user}:{password}")));
    }
    for pem in [cert, key] {
        // Every base64 line of the PEM body, and the whole PEM base64-encoded.
        out.extend(
            pem.lines()
                .filter(|l| !l.starts_with("-----") && l.len() > 16)
                .map(str::to_string),
        );
        out.push(b64(pem)[..48].to_string());
    }
    out
}

fn leaks(run: &Run, log: &str, secrets: &[String]) -> Vec<String> {
    let all = format!("{}\n{}\n{log}", run.stdout, run.stderr);
    secrets
        .iter()
        .filter(|s| all.contains(s.as_str()))
        .cloned()
        .collect()
}

#[test]
fn no_secret_reaches_output_or_trace_logs() {
    let files = acceptance_dir().join("private_registry_ca/files");
    let cert = std::fs::read_to_string(files.join("tls.crt")).expect("tls.crt");
    let key = std::fs::read_to_string(files.join("tls.key")).expect("tls.key");
    let secrets = forbidden(&cert, &key);
    for core in cores().unwrap_or_else(|e| panic!("{e}")) {
        let temp = tempfile::tempdir().unwrap();
        let work = temp.path().join("work");
        let logs = temp.path().join("logs");
        std::fs::create_dir_all(&work).unwrap();
        std::fs::create_dir_all(&logs).unwrap();
        let cli_config = temp.path().join("cli.tfrc");
        provider::write_dev_overrides_config(&cli_config).unwrap();
        let log_path = logs.join("core.log");
        let mut session = Session::new(core, work.clone(), logs.clone(), false);
        session.env.extend([
            (
                "TF_CLI_CONFIG_FILE".into(),
                cli_config.display().to_string(),
            ),
            ("TF_LOG".into(), "trace".into()),
            ("TF_LOG_PATH".into(), log_path.display().to_string()),
        ]);
        let run = |args: &[&str], code: i32| {
            let run = session.run(args);
            let log = std::fs::read_to_string(&log_path).unwrap_or_default();
            assert_eq!(run.code, Some(code), "{}\n{}", core.label, run.describe());
            assert!(
                log.contains("containerd"),
                "{}: the trace log should hold the provider's run",
                core.label
            );
            let leaked = leaks(&run, &log, &secrets);
            assert!(
                leaked.is_empty(),
                "{}: secrets leaked {leaked:?} (logs in {})\n{}",
                core.label,
                log_path.display(),
                run.describe()
            );
            let _ = std::fs::remove_file(&log_path);
            run
        };

        std::fs::write(work.join("main.tf"), main_tf(&cert, &key, Broken::Nothing)).unwrap();
        run(&["apply", "-auto-approve", "-input=false", "-no-color"], 0);
        run(
            &["plan", "-detailed-exitcode", "-input=false", "-no-color"],
            0,
        );

        // Each plan fails for the bad sensitive input, and says what is wrong.
        for (broken, expected) in [
            (Broken::HeaderName, &["is not a valid HTTP header name"][..]),
            (
                Broken::KeyAndMode,
                &[
                    "`client_key` is set without `client_cert`",
                    "`mode` is not a mode",
                ][..],
            ),
        ] {
            std::fs::write(work.join("main.tf"), main_tf(&cert, &key, broken)).unwrap();
            let failed = run(&["plan", "-input=false", "-no-color"], 1);
            let diagnostics = diagnostics_text(&failed.stderr);
            for expected in expected {
                assert!(
                    diagnostics.contains(expected),
                    "{}: expected {expected:?}\n{}",
                    core.label,
                    failed.describe()
                );
            }
        }
        drop(temp);
    }
}
