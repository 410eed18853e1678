package main

import (
	"context"

	"github.com/containerd/containerd/reference"
	"github.com/containerd/containerd/remotes/docker"
	"github.com/containerd/containerd/remotes/docker/config"
	"github.com/containerd/containerd/version"
)

var containerdVersion = version.Version

// Bit i of docker.HostCapabilities is capabilityOrder[i].
var capabilityOrder = []string{"pull", "resolve", "push"}

func refHostname(ref string) (string, error) {
	spec, err := reference.Parse(ref)
	if err != nil {
		return "", err
	}
	return spec.Hostname(), nil
}

func configureHosts(ctx context.Context, root, namespace string) ([]registryHost, error) {
	hosts, err := config.ConfigureHosts(ctx, config.HostOptions{HostDir: config.HostDirFromRoot(root)})(namespace)
	return convert(hosts), err
}

func convert(hosts []docker.RegistryHost) []registryHost {
	out := make([]registryHost, 0, len(hosts))
	for _, h := range hosts {
		out = append(out, registryHost{h.Scheme, h.Host, h.Path, uint(h.Capabilities), h.Header, h.Client})
	}
	return out
}
