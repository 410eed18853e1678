use super::super::tests::{file, gunzip};
use super::*;
use base64::Engine;

fn render(files: &[NodeFile], commands: &[Vec<String>], gzip: bool) -> (Value, Findings) {
    let mut problems = Findings::new();
    let text = ignition_config(NodeSetup::new(files, commands), gzip, &mut problems);
    (serde_json::from_str(&text).expect("JSON"), problems)
}

fn data_url_bytes(source: &str) -> Vec<u8> {
    let encoded = source
        .strip_prefix("data:;base64,")
        .unwrap_or_else(|| panic!("not a base64 data URL: {source}"));
    base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .expect("base64")
}

#[test]
fn every_file_is_a_data_url_with_its_mode_and_owner() {
    let files = [
        file("/etc/containerd/certs.d/docker.io/hosts.toml", b"server = \"x\"\n", "0644"),
        file("/etc/containerd/certs/client.key", &[0xff, 0, b'k'], "0600"),
    ];
    let (config, problems) = render(&files, &[], false);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(config["ignition"]["version"], "3.4.0");
    let written = config["storage"]["files"].as_array().expect("files");
    assert_eq!(written.len(), 2);
    let hosts = &written[0];
    assert_eq!(hosts["path"], "/etc/containerd/certs.d/docker.io/hosts.toml");
    assert_eq!(hosts["mode"], 0o644);
    assert_eq!(hosts["overwrite"], true);
    assert_eq!(hosts["user"]["name"], "root");
    assert_eq!(hosts["group"]["name"], "root");
    assert_eq!(
        data_url_bytes(hosts["contents"]["source"].as_str().unwrap_or_default()),
        b"server = \"x\"\n"
    );
    assert!(hosts["contents"].get("compression").is_none());
    assert_eq!(written[1]["mode"], 384, "0600 is 384 in JSON");
    assert_eq!(
        data_url_bytes(written[1]["contents"]["source"].as_str().unwrap_or_default()),
        [0xff, 0, b'k']
    );
    assert!(config.get("systemd").is_none(), "no commands, no unit");
}

#[test]
fn gzip_compresses_every_file() {
    let (config, _) = render(&[file("/a", b"text\n", "0644")], &[], true);
    let contents = &config["storage"]["files"][0]["contents"];
    assert_eq!(contents["compression"], "gzip");
    let bytes = data_url_bytes(contents["source"].as_str().unwrap_or_default());
    assert_eq!(gunzip(&bytes), b"text\n");
}

#[test]
fn commands_run_from_a_root_only_script_by_an_enabled_unit() {
    let commands = vec![
        vec!["printf".to_string(), "%s|".into(), "a b".into(), "it's".into(), "x\ny".into()],
        vec!["printf".to_string(), "done".into()],
    ];
    let (config, _) = render(&[], &commands, false);
    let script = &config["storage"]["files"][0];
    assert_eq!(script["path"], SCRIPT_PATH);
    assert_eq!(script["mode"], 0o700);
    let unit = &config["systemd"]["units"][0];
    assert_eq!(unit["name"], UNIT_NAME);
    assert_eq!(unit["enabled"], true);
    let contents = unit["contents"].as_str().expect("unit text");
    assert!(contents.contains(&format!("ExecStart=/bin/sh {SCRIPT_PATH}\n")));
    assert!(contents.contains("After=containerd.service\n"));
    assert!(contents.contains("Type=oneshot\n"));

    // The script, run by sh, passes each argument through unchanged.
    let text = data_url_bytes(script["contents"]["source"].as_str().unwrap_or_default());
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(String::from_utf8(text).expect("UTF-8"))
        .output()
        .expect("sh");
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "a b|it's|x\ny|done");
}

#[test]
fn a_failing_command_stops_the_script() {
    let script = commands_script(&[vec!["false".into()], vec!["echo".into(), "after".into()]]);
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(&script)
        .output()
        .expect("sh");
    assert!(!out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
}

#[test]
fn equal_input_gives_equal_bytes() {
    let files = [file("/a", b"a\n", "0644"), file("/b.key", b"k", "0600")];
    let commands = vec![vec!["true".to_string()]];
    let setup = NodeSetup::new(&files, &commands);
    let one = ignition_config(setup, true, &mut Findings::new());
    assert_eq!(one, ignition_config(setup, true, &mut Findings::new()));
}

#[test]
fn a_mode_that_is_not_octal_is_an_error() {
    let (_, problems) = render(&[file("/a", b"a", "rw-r--r--")], &[], false);
    assert!(problems.has_errors());
    assert!(problems[0].message.contains("/a"), "{problems:?}");
}
