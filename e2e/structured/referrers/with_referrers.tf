# A mirror with the `referrers` capability (containerd 2.2+) next to pull and resolve.
data "containerd_registry_files" "node" {
  formats            = ["files", "cloud_config"]
  containerd_version = "{{CONTAINERD_VERSION}}"
  registries = {
    "referrers.registry.invalid" = {
      mirrors = [{
        url          = "http://127.0.0.1:{{PORT}}"
        capabilities = ["pull", "resolve", "referrers"]
      }]
    }
  }
}
