# Giant Swarm's RFC (decision 7.b): docker.io with an authenticated upstream and two mirrors,
# the first with its own credentials. Credentials go to config.toml auth for the host that is
# actually contacted.
terraform {
  required_providers {
    containerd = {
      source = "registry.terraform.io/kaas-tools/containerd"
    }
  }
}

data "containerd_registry_files" "this" {
  formats = ["files", "cloud_config"]
  registries = {
    "docker.io" = {
      credentials = { username = "giantswarm-user-account", password = "my_token_from_docker_hub" }
      mirrors = [
        {
          url         = "giantswarm.azurecr.io"
          credentials = { username = "gs-acr", password = "acr-secret" }
        },
        { url = "https://my-mirror-registry.mydomain.io" },
      ]
    }
  }
}

locals {
  r      = data.containerd_registry_files.this
  hosts  = one([for f in local.r.files : f.content if f.path == "/etc/containerd/certs.d/docker.io/hosts.toml"])
  parsed = provider::containerd::parse_hosts_toml(local.hosts)
}

output "cloud_config" {
  value     = local.r.cloud_config
  sensitive = true
  precondition {
    condition     = strcontains(local.r.cloud_config, "\"giantswarm.azurecr.io\"\t\"gs-acr\"\t\"acr-secret\"") && strcontains(local.r.cloud_config, "\"registry-1.docker.io\"\t\"giantswarm-user-account\"")
    error_message = "config.toml auth must be set for the mirror host and for registry-1.docker.io"
  }
}

output "mirrors" {
  sensitive = true
  value     = [for m in local.parsed.mirrors : m.url]
  precondition {
    condition     = [for m in local.parsed.mirrors : m.url] == ["https://giantswarm.azurecr.io", "https://my-mirror-registry.mydomain.io"]
    error_message = "mirrors must be rendered in the given order with https added: ${jsonencode([for m in local.parsed.mirrors : m.url])}"
  }
  precondition {
    condition     = local.parsed.server == "https://registry-1.docker.io"
    error_message = "docker.io's server must default to https://registry-1.docker.io"
  }
  precondition {
    condition     = alltrue([for m in local.parsed.mirrors : jsonencode(m.capabilities) == jsonencode(["pull", "resolve"])])
    error_message = "mirrors default to pull and resolve"
  }
  precondition {
    condition     = !strcontains(local.hosts, "acr-secret") && !strcontains(local.hosts, "my_token")
    error_message = "credentials in config_toml mode must not appear in hosts.toml"
  }
}
