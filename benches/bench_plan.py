#!/usr/bin/env python3
"""Plan cost of the containerd_registry_files data source against the pure-HCL equivalent.

Run through scripts/bench-plan, which builds what this needs and passes it in:

    bench_plan.py --provider DIR --core NAME=PATH [--core ...] --start-cost BIN
                  --floor-rust PATH --floor-go PATH [--runs N] [--baseline BIN]

For 5 host files (SCS's proxy caches) and 400 generated ones it times `plan` of
  A: the data source rendering the files into cloud-config, and
  B: a module doing the same with file() and yamlencode() (no provider at all),
alternating A B A B, with every native core given. It also reports the data source's state
size after apply, the provider's peak RSS during a 400-file plan, the per-start cost of the
provider beside two floor providers, and the release binary's size.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ADDRESS = "registry.terraform.io/kaas-tools/containerd"
SCS_UPSTREAMS = ["docker.io", "ghcr.io", "quay.io", "registry.gitlab.com", "registry.k8s.io"]

PROVIDER_TF = """\
terraform {
  required_providers {
    containerd = { source = "%s" }
  }
}

data "containerd_registry_files" "this" {
  formats = ["cloud_config"]
  hosts = [for name in %s : "${path.module}/files/${name}"]
}

output "user_data" {
  value     = data.containerd_registry_files.this.cloud_config
  sensitive = true
}
"""

FLOOR_TF = """\
terraform {
  required_providers {
    floor = { source = "registry.terraform.io/bench/floor" }
  }
}

data "floor_echo" "this" {
  input = "floor"
}

output "echo" {
  value = data.floor_echo.this.output
}
"""

HCL_TF = """\
locals {
  names = %s
  files = [for name in local.names : {
    path        = "/etc/containerd/certs.d/${name}/hosts.toml"
    permissions = "0644"
    content     = file("${path.module}/files/${name}")
  }]
}

output "user_data" {
  value = "#cloud-config\\n${yamlencode({
    write_files = local.files
    runcmd      = [["systemctl", "restart", "containerd"]]
  })}"
  sensitive = true
}
"""


def hosts_file(name: str) -> str:
    server = "registry-1.docker.io" if name == "docker.io" else name
    return (
        f'server = "https://{server}"\n\n'
        f'[host."https://registry.scs.community/v2/{name}"]\n'
        '    capabilities = ["pull"]\n'
        "    override_path = true\n"
    )


def names_for(count: int) -> list:
    if count <= len(SCS_UPSTREAMS):
        return SCS_UPSTREAMS[:count]
    return [f"registry-{i:03d}.example.com" for i in range(count)]


def write_config(root: Path, count: int, kind: str) -> Path:
    work = root / f"{kind}-{count}"
    shutil.rmtree(work, ignore_errors=True)
    (work / "files").mkdir(parents=True)
    names = names_for(count)
    for name in names:
        (work / "files" / name).write_text(hosts_file(name))
    listing = json.dumps(names)
    provider_tf = PROVIDER_TF % (ADDRESS, listing)
    text = {"provider": provider_tf, "baseline": provider_tf, "hcl": HCL_TF % listing}.get(kind, FLOOR_TF)
    (work / "main.tf").write_text(text)
    return work


def core_env(cli_config: Path, extra=None) -> dict:
    env = dict(os.environ)
    env.update(
        CHECKPOINT_DISABLE="1",
        TF_IN_AUTOMATION="1",
        TF_CLI_CONFIG_FILE=str(cli_config),
        TF_LOG="",
    )
    env.pop("TF_LOG_PATH", None)
    env.update(extra or {})
    return env


def run(core: str, work: Path, env: dict, *args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [core, f"-chdir={work}", *args, "-no-color"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    took = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"bench-plan: {core} {' '.join(args)} in {work} failed:\n{done.stdout}")
    return took


def plan_args():
    return ("plan", "-input=false", "-lock=false", "-refresh=true")


def write_cli_config(root: Path, provider_dir: Path, floor_dir=None, name="cli.tfrc") -> Path:
    path = root / name
    floor = f'    "registry.terraform.io/bench/floor" = "{floor_dir}"\n' if floor_dir else ""
    path.write_text(
        "provider_installation {\n"
        f'  dev_overrides {{\n    "{ADDRESS}" = "{provider_dir}"\n{floor}  }}\n'
        "}\n"
    )
    return path


def floor_dir(root: Path, name: str, binary: str) -> Path:
    """A dev_overrides directory holding a floor provider as terraform-provider-floor."""
    directory = root / f"floor-{name}"
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / "terraform-provider-floor"
    shutil.copy2(binary, target)
    return directory


def bench_plans(root, cores, provider_dir, floors, runs, counts, baseline_dir=None):
    """Rows of (core, files, {kind: median ms}). Kinds: provider, hcl, one floor-NAME per
    floor provider (its one trivial data source), and with a baseline binary, baseline (the
    same data source configuration on that build), all alternating in one loop."""
    envs = {"provider": core_env(write_cli_config(root, provider_dir)), "hcl": None}
    envs["hcl"] = envs["provider"]
    if baseline_dir:
        envs["baseline"] = core_env(write_cli_config(root, baseline_dir, name="cli-baseline.tfrc"))
    for name, binary in floors.items():
        cli = write_cli_config(root, provider_dir, floor_dir(root, name, binary), f"cli-{name}.tfrc")
        envs[f"floor-{name}"] = core_env(cli)
    rows = []
    for core_name, core in cores:
        for count in counts:
            works = {kind: write_config(root / core_name, count, kind) for kind in envs}
            # dev_overrides need no init; the HCL module has no provider to install.
            run(core, works["hcl"], envs["hcl"], "init", "-input=false", "-backend=false")
            for kind, work in works.items():
                run(core, work, envs[kind], *plan_args())  # warm the page cache
            times = {kind: [] for kind in works}
            for _ in range(runs):
                for kind, work in works.items():
                    times[kind].append(run(core, work, envs[kind], *plan_args()))
            rows.append((core_name, count, {k: statistics.median(v) * 1000 for k, v in times.items()}))
    return rows


def state_size(root, core, provider_dir, count):
    env = core_env(write_cli_config(root, provider_dir))
    work = write_config(root / "state", count, "provider")
    run(core, work, env, "apply", "-input=false", "-auto-approve", "-lock=false")
    state = json.loads((work / "terraform.tfstate").read_text())
    content = sum(len((work / "files" / n).read_text()) for n in names_for(count))
    data = next(r for r in state["resources"] if r["type"] == "containerd_registry_files")
    attributes = json.dumps(data["instances"][0]["attributes"], separators=(",", ":"))
    return len(attributes), content


def peak_rss(root, core, binary, count):
    """Peak RSS of the provider over one plan: the core starts a wrapper that runs it under
    /usr/bin/time, which appends each start's maximum resident set size to a log."""
    wrapper_dir = root / "rss-provider"
    shutil.rmtree(wrapper_dir, ignore_errors=True)
    wrapper_dir.mkdir(parents=True)
    log = root / "rss.log"
    log.unlink(missing_ok=True)
    wrapper = wrapper_dir / "terraform-provider-containerd"
    wrapper.write_text(f'#!/bin/sh\nexec /usr/bin/time -a -o "{log}" -f %M "{binary}" "$@"\n')
    wrapper.chmod(0o755)
    env = core_env(write_cli_config(root, wrapper_dir))
    work = write_config(root / "rss", count, "provider")
    run(core, work, env, *plan_args())
    starts = [int(line) for line in log.read_text().split() if line.isdigit()]
    return max(starts), len(starts)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--provider", required=True, type=Path, help="the release binary")
    parser.add_argument("--core", action="append", required=True, help="NAME=PATH of a native core")
    parser.add_argument("--start-cost", required=True)
    parser.add_argument("--floor-rust", required=True)
    parser.add_argument("--floor-go", required=True)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--starts", type=int, default=21)
    parser.add_argument("--counts", default="5,400")
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument(
        "--rss-only", action="store_true", help="only the peak RSS during a plan of the largest count"
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another build of the provider (e.g. the last release), planned in the same loop",
    )
    args = parser.parse_args()

    cores = [tuple(c.split("=", 1)) for c in args.core]
    counts = [int(c) for c in args.counts.split(",")]
    root = args.work.resolve()
    root.mkdir(parents=True, exist_ok=True)
    provider_dir = root / "provider"
    provider_dir.mkdir(exist_ok=True)
    shutil.copy2(args.provider, provider_dir / "terraform-provider-containerd")
    baseline_dir = None
    if args.baseline:
        baseline_dir = root / "baseline"
        baseline_dir.mkdir(exist_ok=True)
        shutil.copy2(args.baseline, baseline_dir / "terraform-provider-containerd")

    if args.rss_only:
        rss_kb, starts = peak_rss(root, cores[0][1], provider_dir / "terraform-provider-containerd", max(counts))
        print(f"Peak RSS of the provider during a {max(counts)}-file plan: {rss_kb / 1024:.1f} MiB "
              f"(largest of {starts} starts).")
        return

    out = []
    out.append(f"Machine: {os.cpu_count()} cores, {platform_line()}")
    out.append("")
    out.append(f"Plan, median of {args.runs} alternating runs (ms):")
    out.append("")
    baseline_head = " baseline plan (ratio) |" if baseline_dir else ""
    out.append(
        "| core | host files | data source plan | pure-HCL plan | ratio |"
        f"{baseline_head} floor-rust plan (ratio) | floor-go plan (ratio) |"
    )
    out.append("|---|---|---|---|---|---|---|" + ("---|" if baseline_dir else ""))
    floors = {"rust": args.floor_rust, "go": args.floor_go}
    rows = bench_plans(root, cores, provider_dir, floors, args.runs, counts, baseline_dir)
    for core_name, count, ms in rows:
        hcl = ms["hcl"]
        cells = [f"{ms['provider']:.0f}", f"{hcl:.0f}", f"{ms['provider'] / hcl:.2f}x"]
        for kind in (["baseline"] if baseline_dir else []) + ["floor-rust", "floor-go"]:
            cells.append(f"{ms[kind]:.0f} ({ms[kind] / hcl:.2f}x)")
        out.append(f"| {core_name} | {count} | " + " | ".join(cells) + " |")
    print("\n".join(out), flush=True)

    first_core = cores[0][1]
    state_bytes, content_bytes = state_size(root, first_core, provider_dir, max(counts))
    baseline_state = ""
    if baseline_dir:
        before, _ = state_size(root, first_core, baseline_dir, max(counts))
        baseline_state = f" The baseline's: {before} bytes."
    rss_kb, starts = peak_rss(root, first_core, provider_dir / "terraform-provider-containerd", max(counts))
    binary_bytes = args.provider.stat().st_size
    more = [
        "",
        f"State of the data source at {max(counts)} files: {state_bytes} bytes "
        f"for {content_bytes} bytes of hosts.toml content ({state_bytes / content_bytes:.1f}x)."
        + baseline_state,
        f"Peak RSS of the provider during a {max(counts)}-file plan: {rss_kb / 1024:.1f} MiB "
        f"(largest of {starts} starts).",
        f"Release binary: {binary_bytes / (1 << 20):.2f} MiB.",
        "",
        "Per start, through go-plugin's own client with AutoMTLS:",
        "",
    ]
    print("\n".join(more), flush=True)
    out.extend(more)
    starts_table = subprocess.run(
        [
            args.start_cost,
            "-n",
            str(args.starts),
            f"ours={provider_dir / 'terraform-provider-containerd'}",
            f"floor-rust={args.floor_rust}",
            f"floor-go={args.floor_go}",
        ],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    print(starts_table, flush=True)
    out.append(starts_table)
    (root / "report.md").write_text("\n".join(out) + "\n")


def platform_line():
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        model = "unknown CPU"
    return model


if __name__ == "__main__":
    main()
