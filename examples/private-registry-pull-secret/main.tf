# Seed 004's private registry for every client: a registry reached as docker-registry:5000
# with a self-signed certificate and htpasswd credentials.
#
# - containerd nodes get the hosts.toml and the certificate (cloud_config); the credentials reach
#   containerd through config.toml (the default credentials mode);
# - Docker hosts get /etc/docker/certs.d/docker-registry:5000/ca.crt (docker_files);
# - CRI-O and Podman hosts get /etc/containers/certs.d/docker-registry:5000/ca.crt and the
#   registry in a registries.conf drop-in (containers_registries_conf_d);
# - Kubernetes gets the same credentials as a kubernetes.io/dockerconfigjson Secret, the one
#   seed 004 makes with `kubectl create secret docker-registry` (docker_config_json). With the
#   hashicorp/kubernetes provider:
#     resource "kubernetes_secret" "reg_cred" {
#       metadata { name = "reg-cred-secret" }
#       type = "kubernetes.io/dockerconfigjson"
#       data = { ".dockerconfigjson" = data.containerd_registry_files.this.docker_config_json }
#     }
#
# files/docker-registry.crt is a throwaway self-signed certificate (see
# examples/private-registry-ca); use your registry's own. The password would come from a
# variable or a secret store, not from the configuration.

terraform {
  required_providers {
    containerd = {
      source = "registry.terraform.io/kaas-tools/containerd"
    }
  }
}

data "containerd_registry_files" "this" {
  formats = ["cloud_config", "docker_files", "containers_registries_conf_d", "docker_config_json"]
  registries = {
    "docker-registry:5000" = {
      ca          = [file("${path.module}/files/docker-registry.crt")]
      credentials = { username = "myuser", password = "mypass" }
    }
  }
}

output "cloud_config" {
  sensitive = true
  value     = data.containerd_registry_files.this.cloud_config
}

output "docker_paths" {
  sensitive = true
  value     = [for f in data.containerd_registry_files.this.docker_files : f.path]
}

output "containers_paths" {
  sensitive = true
  value     = [for f in data.containerd_registry_files.this.containers_registries_conf_d : f.path]
}

# The Secret's `.dockerconfigjson`, decoded here to show its shape.
output "pull_secret" {
  sensitive = true
  value     = jsondecode(data.containerd_registry_files.this.docker_config_json)
}
