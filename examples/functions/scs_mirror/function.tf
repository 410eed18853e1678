# SCS's registry.scs.community proxy-cache file for ghcr.io, byte for byte as SCS ships it.
output "ghcr_io_hosts_toml" {
  value = provider::containerd::scs_mirror("ghcr.io")
}
