# The first mirror never answers a connection attempt; dial_timeout (containerd 2.0.7+) gives up
# on it after 1s, so containerd moves on to the live second mirror well within the pull's bound.
data "containerd_registry_files" "node" {
  formats            = ["files", "cloud_config"]
  containerd_version = "{{CONTAINERD_VERSION}}"
  registries = {
    "dial.registry.invalid" = {
      mirrors = [
        { url = "http://127.0.0.1:{{BLACKHOLE_PORT}}", dial_timeout = "1s" },
        { url = "http://127.0.0.1:{{LIVE_PORT}}" },
      ]
    }
  }
}
