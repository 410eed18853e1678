# Giant Swarm's RFC (decision 7.b) shape: docker.io with an ordered list of mirror endpoints,
# schemeless as in the RFC (a loopback endpoint gets containerd's own default for the release:
# http:// with skip_verify on 1.6). The first is a closed port. containerd_version
# is left at the provider's default, which must work on containerd 1.6.
data "containerd_registry_files" "node" {
  formats = ["files", "cloud_config"]
  registries = {
    "docker.io" = {
      mirrors = [
        { url = "127.0.0.1:{{DEAD_PORT}}" },
        { url = "127.0.0.1:{{LIVE_PORT}}" },
      ]
    }
  }
}
