terraform {
  required_providers {
    containerd = {
      # Spell the host out: OpenTofu's default registry host is registry.opentofu.org.
      source = "registry.terraform.io/kaas-tools/containerd"
    }
  }
}

# The provider takes no configuration.
provider "containerd" {}
