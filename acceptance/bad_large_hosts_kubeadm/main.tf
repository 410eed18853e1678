# The large hosts file of large_hosts_cloud_config (containerd loads it), asked for as Cluster
# API kubeadm files: even gzip+base64 encoded it exceeds the 10,240 characters Cluster API
# accepts per file, so the plan fails (see expect_error.txt).

terraform {
  required_providers {
    containerd = {
      source = "registry.terraform.io/kaas-tools/containerd"
    }
  }
}

data "containerd_registry_files" "this" {
  formats = ["kubeadm_files"]
  hosts   = ["./files/containerd/registry.example.com"]
}

output "kubeadm_files" {
  sensitive = true
  value     = data.containerd_registry_files.this.kubeadm_files
}
