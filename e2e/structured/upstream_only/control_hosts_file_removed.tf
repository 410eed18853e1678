# Control on containerd 2.x: the same rendering; the test then deletes the written hosts.toml
# (without that [host]-less file containerd 2.x must fail to reach the upstream).
data "containerd_registry_files" "node" {
  formats            = ["files", "cloud_config"]
  containerd_version = "{{CONTAINERD_VERSION}}"
  registries = {
    "upstream.registry.invalid" = {
      server = "http://127.0.0.1:{{PORT}}"
    }
  }
}
