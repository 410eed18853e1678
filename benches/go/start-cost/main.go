// Command start-cost measures what one start of a Terraform provider costs its core, the way
// Terraform and OpenTofu start one: go-plugin's client with AutoMTLS execs the plugin, reads the
// handshake, dials, calls GetProviderSchema and StopProvider, then stops it through the
// go-plugin controller and waits for the exit.
//
//	start-cost -n 15 ours=/path/to/terraform-provider-containerd floor-go=/path/to/floor-provider
//
// Providers are started in turn (A B C A B C ...). It prints one Markdown row per provider with
// the median of each phase in milliseconds.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// The handshake values every Terraform core uses.
var handshake = plugin.HandshakeConfig{
	MagicCookieKey:   "TF_PLUGIN_MAGIC_COOKIE",
	MagicCookieValue: "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2",
}

// rawConn hands the caller the gRPC connection itself; requests are sent as raw messages.
type rawConn struct{ plugin.NetRPCUnsupportedPlugin }

func (rawConn) GRPCServer(*plugin.GRPCBroker, *grpc.Server) error { return nil }

func (rawConn) GRPCClient(_ context.Context, _ *plugin.GRPCBroker, c *grpc.ClientConn) (interface{}, error) {
	return c, nil
}

var phases = []string{"exec+handshake", "dial", "TLS+GetProviderSchema", "StopProvider", "shutdown+exit", "total"}

func startOnce(path string) (map[string]time.Duration, error) {
	took := map[string]time.Duration{}
	begin := time.Now()
	mark := func(phase string, since time.Time) time.Time {
		now := time.Now()
		took[phase] = now.Sub(since)
		return now
	}
	client := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig:  handshake,
		VersionedPlugins: map[int]plugin.PluginSet{6: {"provider": rawConn{}}},
		Cmd:              exec.Command(path),
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		AutoMTLS:         true,
		Logger:           hclog.NewNullLogger(),
		SyncStdout:       io.Discard,
		SyncStderr:       io.Discard,
	})
	defer client.Kill()
	if _, err := client.Start(); err != nil {
		return nil, err
	}
	t := mark("exec+handshake", begin)
	protocol, err := client.Client()
	if err != nil {
		return nil, err
	}
	raw, err := protocol.Dispense("provider")
	if err != nil {
		return nil, err
	}
	conn := raw.(*grpc.ClientConn)
	t = mark("dial", t)
	ctx := context.Background()
	var reply emptypb.Empty
	if err := conn.Invoke(ctx, "/tfplugin6.Provider/GetProviderSchema", &emptypb.Empty{}, &reply); err != nil {
		return nil, fmt.Errorf("GetProviderSchema: %w", err)
	}
	t = mark("TLS+GetProviderSchema", t)
	if err := conn.Invoke(ctx, "/tfplugin6.Provider/StopProvider", &emptypb.Empty{}, &reply); err != nil {
		return nil, fmt.Errorf("StopProvider: %w", err)
	}
	t = mark("StopProvider", t)
	client.Kill()
	if !client.Exited() {
		return nil, fmt.Errorf("the plugin did not exit")
	}
	mark("shutdown+exit", t)
	took["total"] = time.Since(begin)
	return took, nil
}

func median(values []time.Duration) time.Duration {
	sorted := append([]time.Duration(nil), values...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	return sorted[len(sorted)/2]
}

func main() {
	runs := flag.Int("n", 15, "starts per provider")
	flag.Parse()
	type target struct{ name, path string }
	var targets []target
	for _, arg := range flag.Args() {
		name, path, ok := strings.Cut(arg, "=")
		if !ok {
			fmt.Fprintf(os.Stderr, "start-cost: %q is not NAME=PATH\n", arg)
			os.Exit(2)
		}
		targets = append(targets, target{name, path})
	}
	samples := map[string]map[string][]time.Duration{}
	for i := 0; i < *runs; i++ {
		for _, t := range targets {
			took, err := startOnce(t.path)
			if err != nil {
				fmt.Fprintf(os.Stderr, "start-cost: %s: %v\n", t.name, err)
				os.Exit(1)
			}
			if samples[t.name] == nil {
				samples[t.name] = map[string][]time.Duration{}
			}
			for phase, d := range took {
				samples[t.name][phase] = append(samples[t.name][phase], d)
			}
		}
	}
	fmt.Printf("| provider (median of %d starts, ms) | %s |\n", *runs, strings.Join(phases, " | "))
	fmt.Printf("|---|%s\n", strings.Repeat("---|", len(phases)))
	for _, t := range targets {
		cells := make([]string, 0, len(phases))
		for _, phase := range phases {
			cells = append(cells, fmt.Sprintf("%.1f", float64(median(samples[t.name][phase]))/float64(time.Millisecond)))
		}
		fmt.Printf("| %s | %s |\n", t.name, strings.Join(cells, " | "))
	}
}
