#!/usr/bin/env python3
"""The control port's `fds`, asked again and again: each reply read whole and checked.

    bench/held-fds.py PORT SECONDS [HOST]

Connects to a dial4j control port (loopback only), sends `fds`, reads the reply up to its status
line, checks its framing (a header of ten column names, then rows of ten fields each, the status
line `ok`), and asks again until SECONDS have passed. Prints one JSON line: how many `fds` replies,
their rows, and the time each took (first byte sent to status line read), p50 and max.
`bench/hold` (BENCHMARKS.md, "Held connections") runs it while `dial4j storm --probe` times
connects on the same loop.
"""
import json
import socket
import sys
import time

HEADER = ["fd", "name", "type", "flags", "state", "local", "remote", "age_s", "bytes_in",
          "bytes_out"]


def reply(s, buf):
    """One reply: the bytes up to and with its status line (read in large chunks, so that the
    client costs the machine little next to the loop it measures); the rest stays in buf."""
    while True:
        i = buf.find(b"\nok\n")
        j = buf.find(b"error:")
        if i >= 0:
            end = i + 4
            out, rest = bytes(buf[:end]), buf[end:]
            buf.clear()
            buf.extend(rest)
            return out
        if j >= 0 and buf.find(b"\n", j) >= 0:
            sys.exit("held-fds: " + buf[j:buf.find(b"\n", j)].decode())
        chunk = s.recv(1 << 20)
        if not chunk:
            sys.exit("held-fds: the reply ended without its status line")
        buf.extend(chunk)


def check(text):
    """The framing, line by line: the header, rows of ten fields, then ok. Returns the rows."""
    lines = text.decode().split("\n")
    if lines[0].split() != HEADER:
        sys.exit("held-fds: bad header %r" % lines[0])
    if lines[-2:] != ["ok", ""]:
        sys.exit("held-fds: no ok at the end")
    for row in lines[1:-2]:
        if len(row.split()) != 10:
            sys.exit("held-fds: a row without ten fields: %r" % row)
    return len(lines) - 3


def main():
    port, seconds = int(sys.argv[1]), float(sys.argv[2])
    host = sys.argv[3] if len(sys.argv) > 3 else "127.0.0.1"
    if not host.startswith("127.") and host != "::1":
        sys.exit("held-fds: loopback only, not " + host)
    s = socket.create_connection((host, port), timeout=30)
    buf = bytearray()
    took, rows = [], []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        t0 = time.monotonic()
        s.sendall(b"fds\n")
        text = reply(s, buf)
        took.append(time.monotonic() - t0)
        # Every reply's lines counted; the first, and every tenth, checked field by field too.
        if len(rows) % 10 == 0:
            rows.append(check(text))
        else:
            if not text.startswith(b"fd ") and not text.lstrip().startswith(b"fd "):
                sys.exit("held-fds: bad header")
            rows.append(text.count(b"\n") - 2)
    s.sendall(b"quit\n")
    s.close()
    took.sort()
    print(json.dumps({"fds_replies": len(took), "rows_min": min(rows), "rows_max": max(rows),
                      "ms_p50": round(took[len(took) // 2] * 1e3, 1),
                      "ms_max": round(took[-1] * 1e3, 1)}))


if __name__ == "__main__":
    main()
