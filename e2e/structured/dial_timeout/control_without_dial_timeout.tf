# Control: no dial_timeout; containerd's default 30s dial timeout outlasts the pull's bound.
data "containerd_registry_files" "node" {
  formats            = ["files", "cloud_config"]
  containerd_version = "{{CONTAINERD_VERSION}}"
  registries = {
    "dial.registry.invalid" = {
      mirrors = [
        { url = "http://127.0.0.1:{{BLACKHOLE_PORT}}" },
        { url = "http://127.0.0.1:{{LIVE_PORT}}" },
      ]
    }
  }
}
