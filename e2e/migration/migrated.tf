# The node's old config.toml, its registry.mirrors and registry.configs migrated to
# hosts.toml (and config.toml credentials) by registries_from_config_toml.
data "containerd_registry_files" "node" {
  registries = provider::containerd::registries_from_config_toml(file("${path.module}/files/config.toml"))
  formats    = [{{FORMATS}}]
}
