# A registry with no mirrors, only its upstream: on containerd 1.6 the provider renders an empty
# [host] table, without which 1.6 cannot read the file.
data "containerd_registry_files" "node" {
  containerd_version = "1.6"
  registries = {
    "upstream.registry.invalid" = {
      server = "http://127.0.0.1:{{PORT}}"
    }
  }
}
