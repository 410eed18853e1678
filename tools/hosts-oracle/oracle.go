// Command hosts-oracle asks containerd's own host-configuration code (linked as a library, one
// build per containerd release) what it makes of a hosts directory, and prints the answer as JSON.
// It is a test tool of terraform-provider-containerd and is never shipped.
//
//	hosts-oracle resolve HOSTS_DIR NAMESPACE_OR_REF
//	hosts-oracle load HOSTS_TOML
//
// resolve prints the endpoints containerd would try, in order: scheme, host, path, capabilities,
// headers, TLS settings (skip_verify, CA and client certificates named by their subject common
// names), the dial timeout and whether an https attempt precedes http. It also prints the
// error containerd logs when it refuses a hosts.toml (it then falls back to the certificate files
// of the directory) and the error ConfigureHosts returns. load puts one hosts.toml into a
// temporary namespace directory and reports whether containerd's parser accepts it.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"unsafe"

	"github.com/sirupsen/logrus"
)

type endpoint struct {
	Scheme       string              `json:"scheme"`
	Host         string              `json:"host"`
	Path         string              `json:"path"`
	Capabilities []string            `json:"capabilities"`
	Header       map[string][]string `json:"header"`
	SkipVerify   bool                `json:"skip_verify"`
	CA           []string            `json:"ca"`
	Client       []string            `json:"client"`
	DialTimeout  string              `json:"dial_timeout"`
	HTTPFallback bool                `json:"http_fallback"`
}

type answer struct {
	Containerd  string     `json:"containerd"`
	Namespace   string     `json:"namespace"`
	Endpoints   []endpoint `json:"endpoints"`
	DecodeError string     `json:"decode_error,omitempty"`
	Error       string     `json:"error,omitempty"`
}

// decodeErrors collects what containerd logs at error level: a hosts.toml it cannot decode is
// logged and skipped, not returned.
type decodeErrors struct{ messages []string }

func (h *decodeErrors) Levels() []logrus.Level { return []logrus.Level{logrus.ErrorLevel} }

func (h *decodeErrors) Fire(e *logrus.Entry) error {
	msg := e.Message
	if err, ok := e.Data[logrus.ErrorKey]; ok {
		msg = fmt.Sprintf("%s: %v", msg, err)
	}
	h.messages = append(h.messages, msg)
	return nil
}

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var out answer
	var err error
	switch os.Args[1] {
	case "resolve":
		if len(os.Args) != 4 {
			usage()
		}
		out, err = resolve(os.Args[2], os.Args[3])
	case "load":
		if len(os.Args) != 3 {
			usage()
		}
		out, err = load(os.Args[2])
	case "version":
		fmt.Println(containerdVersion)
		return
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "hosts-oracle:", err)
		os.Exit(1)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "hosts-oracle:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: hosts-oracle resolve HOSTS_DIR NAMESPACE_OR_REF | load HOSTS_TOML | version")
	os.Exit(2)
}

func load(file string) (answer, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return answer{}, err
	}
	dir, err := os.MkdirTemp("", "hosts-oracle-")
	if err != nil {
		return answer{}, err
	}
	defer os.RemoveAll(dir)
	ns := filepath.Join(dir, "registry.test")
	if err := os.Mkdir(ns, 0o755); err != nil {
		return answer{}, err
	}
	if err := os.WriteFile(filepath.Join(ns, "hosts.toml"), b, 0o644); err != nil {
		return answer{}, err
	}
	return resolve(dir, "registry.test")
}

func resolve(root, target string) (answer, error) {
	namespace := target
	if strings.Contains(target, "/") {
		host, err := refHostname(target)
		if err != nil {
			return answer{}, fmt.Errorf("image reference %q: %w", target, err)
		}
		namespace = host
	}
	hook := &decodeErrors{}
	logrus.StandardLogger().SetOutput(io.Discard)
	logrus.StandardLogger().AddHook(hook)
	hosts, err := configureHosts(context.Background(), root, namespace)
	out := answer{Containerd: containerdVersion, Namespace: namespace, Endpoints: []endpoint{}}
	if err != nil {
		out.Error = err.Error()
	}
	out.DecodeError = strings.Join(hook.messages, "; ")
	system := systemSubjects()
	for _, h := range hosts {
		e := endpoint{
			Scheme:       h.scheme,
			Host:         h.host,
			Path:         h.path,
			Capabilities: capabilityNames(h.capabilities),
			Header:       map[string][]string(h.header),
		}
		if e.Header == nil {
			e.Header = map[string][]string{}
		}
		describeClient(&e, h.client, system)
		out.Endpoints = append(out.Endpoints, e)
	}
	return out, nil
}

// registryHost is the part of docker.RegistryHost the oracle reports.
type registryHost struct {
	scheme, host, path string
	capabilities       uint
	header             http.Header
	client             *http.Client
}

func capabilityNames(bits uint) []string {
	names := []string{}
	for i, name := range capabilityOrder {
		if bits&(1<<uint(i)) != 0 {
			names = append(names, name)
			bits &^= 1 << uint(i)
		}
	}
	if bits != 0 {
		names = append(names, fmt.Sprintf("unknown(%#x)", bits))
	}
	return names
}

func describeClient(e *endpoint, c *http.Client, system map[string]bool) {
	e.CA, e.Client = []string{}, []string{}
	if c == nil {
		return
	}
	rt := c.Transport
	if t := reflect.TypeOf(rt); t != nil && t.String() == "*docker.httpFallback" {
		e.HTTPFallback = true
		rt = fallbackInner(rt)
	}
	tr, ok := rt.(*http.Transport)
	if !ok {
		e.DialTimeout = fmt.Sprintf("unknown transport %T", rt)
		return
	}
	e.DialTimeout = dialTimeout(tr)
	cfg := tr.TLSClientConfig
	if cfg == nil {
		return
	}
	e.SkipVerify = cfg.InsecureSkipVerify
	if cfg.RootCAs != nil {
		//nolint:staticcheck // Subjects lists the certificates added to a non-system pool.
		for _, der := range cfg.RootCAs.Subjects() {
			if !system[string(der)] {
				e.CA = append(e.CA, commonName(der))
			}
		}
		sort.Strings(e.CA)
	}
	for _, cert := range cfg.Certificates {
		e.Client = append(e.Client, leafName(cert))
	}
}

// fallbackInner reads the unexported transport an httpFallback wraps (its first field).
func fallbackInner(rt http.RoundTripper) http.RoundTripper {
	v := reflect.ValueOf(rt).Elem().Field(0)
	return *(*http.RoundTripper)(unsafe.Pointer(v.UnsafeAddr()))
}

// dialTimeout reads the Timeout of the net.Dialer whose DialContext method value containerd set
// as the transport's DialContext. A method value is a closure {code pointer, receiver}.
func dialTimeout(tr *http.Transport) string {
	if tr.DialContext == nil {
		return "none"
	}
	fn := runtime.FuncForPC(reflect.ValueOf(tr.DialContext).Pointer())
	if fn == nil || !strings.HasSuffix(fn.Name(), "net.(*Dialer).DialContext-fm") {
		return "unknown dialer"
	}
	type methodValue struct {
		code   uintptr
		dialer *net.Dialer
	}
	closure := *(**methodValue)(unsafe.Pointer(&tr.DialContext))
	return closure.dialer.Timeout.String()
}

func systemSubjects() map[string]bool {
	out := map[string]bool{}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		return out
	}
	//nolint:staticcheck // see describeClient
	for _, der := range pool.Subjects() {
		out[string(der)] = true
	}
	return out
}

func commonName(der []byte) string {
	var rdn pkix.RDNSequence
	if _, err := asn1.Unmarshal(der, &rdn); err != nil {
		return fmt.Sprintf("unparsable subject %x", der)
	}
	var name pkix.Name
	name.FillFromRDNSequence(&rdn)
	return name.CommonName
}

func leafName(cert tls.Certificate) string {
	leaf := cert.Leaf
	if leaf == nil && len(cert.Certificate) > 0 {
		leaf, _ = x509.ParseCertificate(cert.Certificate[0])
	}
	if leaf == nil {
		return "unparsable"
	}
	return leaf.Subject.CommonName
}
