# Control: the mirror only serves referrers, so containerd never pulls from it.
data "containerd_registry_files" "node" {
  formats            = ["files", "cloud_config"]
  containerd_version = "{{CONTAINERD_VERSION}}"
  registries = {
    "referrers.registry.invalid" = {
      mirrors = [{
        url          = "http://127.0.0.1:{{PORT}}"
        capabilities = ["referrers"]
      }]
    }
  }
}
