#!/usr/bin/python3
"""Boot-time processing of a (multipart) user-data by cloud-init itself, then write_files and runcmd.

Usage: cloud_init_compose.py USER_DATA WORK_DIR

Runs inside a private mount namespace whose /etc is a scratch copy and /var/log a scratch
directory (tests/acceptance/cloud_init_boot.rs sets that up), so every file lands in the
scratch copy and the host's /etc is never touched.

1. A cloud.cfg.d drop-in points cloud-init's paths into WORK_DIR and hands USER_DATA to the
   None datasource.
2. The user-data stage as `cloud-init init` runs it: fetch the datasource, instancify, store the
   user data, consume it; the user-data processor splits the MIME parts and the cloud-config part
   handler merges them (each part by its merge_how key or Merge-Type header) into the instance's
   cloud-config.txt.
3. `cloud-init single --name write_files|write_files_deferred|runcmd --frequency always`, the
   real command line, with the merged configuration.
4. The runcmd script cloud-init wrote runs with `systemctl` and `sysctl` that only record their
   arguments (there is no systemd here, and the host's kernel settings stay untouched).

Prints JSON: {"merged": text of cloud-config.txt, "runcmd": script text or null,
"calls": ["systemctl restart containerd", ...]}.
"""

import json
import os
import subprocess
import sys

from cloudinit import stages
from cloudinit.settings import PER_INSTANCE


def drop_in(work, user_data):
    cfg = {
        "system_info": {
            "paths": {
                "cloud_dir": os.path.join(work, "cloud"),
                "run_dir": os.path.join(work, "run"),
            }
        },
        "datasource_list": ["None"],
        "datasource": {"None": {"userdata_raw": user_data}},
        "output": {},
    }
    with open("/etc/cloud/cloud.cfg.d/99-compose-test.cfg", "w") as f:
        json.dump(cfg, f)  # JSON is YAML


def consume_user_data():
    init = stages.Init(ds_deps=[])
    init.read_cfg()
    init.initialize()
    init.fetch(existing="check")
    init.instancify()
    init.update()
    init.consume_data(PER_INSTANCE)
    return init.paths.get_ipath_cur("cloud_config"), init.paths.get_ipath_cur("scripts")


def single(name):
    run = subprocess.run(
        ["cloud-init", "single", "--name", name, "--frequency", "always"],
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        sys.exit("cloud-init single --name %s failed:\n%s%s" % (name, run.stdout, run.stderr))


def run_runcmd(script, work):
    fake = os.path.join(work, "fake-bin")
    log = os.path.join(work, "calls.log")
    os.makedirs(fake, exist_ok=True)
    for name in ("systemctl", "sysctl"):
        path = os.path.join(fake, name)
        with open(path, "w") as f:
            f.write('#!/bin/sh\nprintf \'%%s\\n\' "%s $*" >> "%s"\n' % (name, log))
        os.chmod(path, 0o755)
    env = dict(os.environ, PATH=fake + ":" + os.environ.get("PATH", "/usr/bin:/bin"))
    run = subprocess.run([script], capture_output=True, text=True, env=env)
    if run.returncode != 0:
        sys.exit("the runcmd script failed:\n%s%s" % (run.stdout, run.stderr))
    with open(log) if os.path.exists(log) else open(os.devnull) as f:
        return f.read().splitlines()


def main():
    user_data_path, work = sys.argv[1], sys.argv[2]
    with open(user_data_path) as f:
        user_data = f.read()
    drop_in(work, user_data)
    cloud_config, scripts = consume_user_data()
    for name in ("write_files", "write_files_deferred", "runcmd"):
        single(name)
    with open(cloud_config) as f:
        merged = f.read()
    script = os.path.join(scripts, "runcmd")
    runcmd, calls = None, []
    if os.path.exists(script):
        with open(script) as f:
            runcmd = f.read()
        calls = run_runcmd(script, work)
    json.dump({"merged": merged, "runcmd": runcmd, "calls": calls}, sys.stdout)


if __name__ == "__main__":
    main()
