"""A TCP port on 127.0.0.1 that never answers a connection attempt: a listener with a backlog of 0
whose accept queue this process fills itself and never accepts from. Linux then drops every
further SYN, so a client's connect() hangs until its own timeout, like a firewalled address.
Used by tests/node_e2e.rs for containerd's `dial_timeout`. Usage: blackhole.py PORT; prints
"ready" once the queue is full, then sleeps until killed."""

import socket
import sys
import time

port = int(sys.argv[1])
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.bind(("127.0.0.1", port))
listener.listen(0)
fillers = []
for _ in range(2):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setblocking(False)
    try:
        s.connect(("127.0.0.1", port))
    except BlockingIOError:
        pass
    fillers.append(s)
time.sleep(0.3)
print("ready", flush=True)
while True:
    time.sleep(3600)
