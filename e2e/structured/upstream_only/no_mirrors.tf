# A registry with no mirrors, only its upstream: for containerd 1.x the provider renders an empty
# [host] table, without which 1.6 cannot read the file; for 2.x none.
data "containerd_registry_files" "node" {
  formats            = ["files", "cloud_config"]
  containerd_version = "{{CONTAINERD_VERSION}}"
  registries = {
    "upstream.registry.invalid" = {
      server = "http://127.0.0.1:{{PORT}}"
    }
  }
}
