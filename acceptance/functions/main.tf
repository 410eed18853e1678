# Provider functions: SCS presets byte for byte, and parse_hosts_toml/hosts_toml round trips.
terraform {
  required_providers {
    containerd = {
      source = "registry.terraform.io/kaas-tools/containerd"
    }
  }
}

locals {
  registry = {
    server  = "https://registry-1.docker.io"
    mirrors = [{ url = "https://mirror.example/v2/docker.io", capabilities = ["pull"] }, { url = "mirror-two.example:5000" }]
  }
  rendered = provider::containerd::hosts_toml("docker.io", local.registry)
  parsed   = provider::containerd::parse_hosts_toml(local.rendered)
  scs      = { for name in ["docker.io", "ghcr.io"] : name => provider::containerd::scs_mirror(name) }
  scs_file = file("./files/containerd/docker.io")
}

data "containerd_registry_files" "this" {
  formats    = ["files", "cloud_config"]
  registries = { "docker.io" = local.parsed }
}

output "cloud_config" {
  sensitive = true
  value     = data.containerd_registry_files.this.cloud_config
}

output "checks" {
  sensitive = true
  value     = local.rendered
  precondition {
    condition     = local.scs["docker.io"] == local.scs_file
    error_message = "scs_mirror(\"docker.io\") must equal SCS's shipped file byte for byte"
  }
  precondition {
    condition     = provider::containerd::parse_hosts_toml(local.scs["ghcr.io"]).mirrors[0].url == "https://registry.scs.community/v2/ghcr.io"
    error_message = "scs_mirror(\"ghcr.io\") must point at registry.scs.community/v2/ghcr.io"
  }
  precondition {
    condition     = provider::containerd::hosts_toml("docker.io", local.parsed) == local.rendered
    error_message = "hosts_toml(parse_hosts_toml(x)) must give x back"
  }
  precondition {
    condition     = [for m in local.parsed.mirrors : m.url] == ["https://mirror.example/v2/docker.io", "https://mirror-two.example:5000"] && local.parsed.mirrors[0].override_path == true
    error_message = "parse must give back normalized mirrors: ${jsonencode(local.parsed.mirrors)}"
  }
  precondition {
    condition     = data.containerd_registry_files.this.files[0].content == local.rendered
    error_message = "the data source must render the parsed registry to the same text"
  }
}
