#!/usr/bin/python3
"""Apply a #cloud-config document's write_files and runcmd with cloud-init's own modules.

Usage: cloud_init_node.py USER_DATA SCRIPTS_DIR

Runs inside the node's private mount namespace (see tests/node_e2e/node.rs), so the files land
where the document says (/etc/containerd/... is a scratch directory there).

- checks the document against cloud-init's schema (strict),
- cc_write_files.handle, then cc_write_files_deferred.handle (on a node the deferred files are
  written in the final stage; nothing between matters here),
- cc_runcmd.handle: cloud-init's runcmd script is written to SCRIPTS_DIR/runcmd (on a node:
  /var/lib/cloud/instance/scripts/runcmd, executed by scripts_user); the caller executes it.

Prints JSON: {"files": [{"path", "mode", "uid", "gid", "size"}], "runcmd": path or null}.
"""

import inspect
import json
import logging
import os
import sys
import types

from cloudinit import util
from cloudinit.config import cc_runcmd, cc_write_files, cc_write_files_deferred
from cloudinit.config.schema import get_schema, validate_cloudconfig_schema

LOG = logging.getLogger("node-e2e")


def call_handle(module, name, cfg, cloud):
    # cloud-init 22.4 (Debian 12): handle(name, cfg, cloud, log, args); newer: no log.
    params = inspect.signature(module.handle).parameters
    if "log" in params:
        module.handle(name, cfg, cloud, LOG, [])
    else:
        module.handle(name, cfg, cloud, [])


def main():
    user_data_path, scripts_dir = sys.argv[1], sys.argv[2]
    with open(user_data_path, "rb") as f:
        blob = f.read().decode("utf-8")
    if not blob.startswith("#cloud-config\n"):
        sys.exit("user-data does not start with '#cloud-config\\n': %r" % blob[:40])
    cfg = util.load_yaml(blob)
    if not isinstance(cfg, dict):
        sys.exit("user-data is not a YAML mapping")
    validate_cloudconfig_schema(cfg, get_schema(), strict=True)

    distro = types.SimpleNamespace(default_owner="root:root")
    cloud = types.SimpleNamespace(
        distro=distro,
        get_ipath=lambda name=None: scripts_dir,
        get_ipath_cur=lambda name=None: scripts_dir,
    )
    call_handle(cc_write_files, "write_files", cfg, cloud)
    call_handle(cc_write_files_deferred, "write_files_deferred", cfg, cloud)
    runcmd = None
    if "runcmd" in cfg:
        call_handle(cc_runcmd, "runcmd", cfg, cloud)
        runcmd = os.path.join(scripts_dir, "runcmd")

    files = []
    for entry in cfg.get("write_files", []):
        st = os.stat(entry["path"])
        files.append(
            {
                "path": entry["path"],
                "mode": "%04o" % (st.st_mode & 0o7777),
                "uid": st.st_uid,
                "gid": st.st_gid,
                "size": st.st_size,
            }
        )
    json.dump({"files": files, "runcmd": runcmd}, sys.stdout)


if __name__ == "__main__":
    logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)
    main()
