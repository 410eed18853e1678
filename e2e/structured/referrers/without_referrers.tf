# Releases before 2.2: the same mirror without `referrers`; the control variant adds it to the
# written hosts.toml (the provider refuses it for these releases).
data "containerd_registry_files" "node" {
  formats            = ["files", "cloud_config"]
  containerd_version = "{{CONTAINERD_VERSION}}"
  registries = {
    "referrers.registry.invalid" = {
      mirrors = [{
        url          = "http://127.0.0.1:{{PORT}}"
        capabilities = ["pull", "resolve"]
      }]
    }
  }
}
