# Giant Swarm's container registry RFC (decisions 2.b and 7.b): docker.io pulled with an
# authenticated account, through an authenticated Azure Container Registry mirror first.
# Credentials go to containerd's config.toml for the host actually contacted (deprecated in
# containerd but working in 1.x and 2.x; the plan shows a warning saying so).
terraform {
  required_providers {
    containerd = {
      source = "registry.terraform.io/kaas-tools/containerd"
    }
  }
}

variable "docker_hub_password" {
  type      = string
  sensitive = true
  default   = "my_token_from_docker_hub"
}

variable "acr_password" {
  type      = string
  sensitive = true
  default   = "acr-token"
}

data "containerd_registry_files" "this" {
  formats            = ["files", "cloud_config"]
  containerd_version = "1.7"
  registries = {
    "docker.io" = {
      credentials = { username = "giantswarm-user-account", password = var.docker_hub_password }
      mirrors = [
        {
          url         = "giantswarm.azurecr.io"
          credentials = { username = "giantswarm", password = var.acr_password }
        },
      ]
    }
  }
}

output "cloud_config" {
  value     = data.containerd_registry_files.this.cloud_config
  sensitive = true
}

output "hosts_toml" {
  sensitive = true
  value     = one([for f in data.containerd_registry_files.this.files : f.content if endswith(f.path, "/docker.io/hosts.toml")])
}
