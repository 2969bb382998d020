#!/usr/bin/env python3
"""The Python contender of grafana-bench: the `grafana-client` package from PyPI.

Run by `grafana-bench` inside `.bench/venv`, one process per measurement, so
that the peak RSS (VmHWM) it reports is its own. Prints one JSON line:
{"seconds": ..., "ops": ..., "bytes": 0, "vmhwm_kb": ..., "cpu_seconds": ...}

    contender.py versions
    contender.py w1 --url http://127.0.0.1:PORT/ --key KEY --count N [--warmup W]
    contender.py w2 --url http://127.0.0.1:PORT/ --count N [--inflight 32] [--uid-prefix P]
"""

import argparse
import asyncio
import importlib.metadata
import json
import platform
import sys
import time
from urllib.parse import urlparse

AUTH = ("admin", "admin")
POOL_SIZE = 32


def vmhwm_kb():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def host_port(url):
    u = urlparse(url)
    return u.hostname, u.port


def w2_uid(prefix, i):
    return f"{prefix}{i:05d}"


def run_w1(args):
    from grafana_client import GrafanaApi

    host, port = host_port(args.url)
    api = GrafanaApi(auth=AUTH, host=host, port=port, session_pool_size=POOL_SIZE)
    first = api.snapshots.get_snapshot_by_key(args.key)
    if first.get("meta", {}).get("isSnapshot") is not True:
        raise SystemExit("the W1 answer is not a snapshot")
    for _ in range(args.warmup):
        api.snapshots.get_snapshot_by_key(args.key)
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(args.count):
        api.snapshots.get_snapshot_by_key(args.key)
    return time.perf_counter() - started, time.process_time() - cpu


async def run_w2(args):
    import niquests
    from grafana_client import AsyncGrafanaApi

    host, port = host_port(args.url)
    api = AsyncGrafanaApi(auth=AUTH, host=host, port=port)
    # AsyncGrafanaApi 5.1.4 takes no session_pool_size: give its session the
    # same pool size as every other contender, keeping its headers.
    old = api.client.s
    new = niquests.AsyncSession(pool_maxsize=POOL_SIZE)
    new.headers.update(old.headers)
    await old.close()
    api.client.s = new
    sem = asyncio.Semaphore(args.inflight)

    async def one(i):
        uid = w2_uid(args.uid_prefix, i)
        async with sem:
            d = await api.dashboard.get_dashboard(uid)
        return d["dashboard"]["uid"] == uid

    for i in range(min(args.warmup, args.count)):
        await one(i)
    started, cpu = time.perf_counter(), time.process_time()
    results = await asyncio.gather(*(one(i) for i in range(args.count)))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if sum(results) != args.count:
        raise SystemExit(f"{sum(results)} of {args.count} dashboards had the uid asked for")
    await new.close()
    return seconds, cpu


def versions():
    out = {"python": platform.python_version()}
    for pkg in ("grafana-client", "niquests"):
        try:
            out[pkg] = importlib.metadata.version(pkg)
        except importlib.metadata.PackageNotFoundError:
            out[pkg] = None
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("versions")
    for name in ("w1", "w2"):
        s = sub.add_parser(name)
        s.add_argument("--url", required=True)
        s.add_argument("--key", default="")
        s.add_argument("--count", type=int, required=True)
        s.add_argument("--warmup", type=int, default=50)
        s.add_argument("--inflight", type=int, default=32)
        s.add_argument("--uid-prefix", default="bench-w2-")
    args = p.parse_args()
    if args.cmd == "versions":
        print(json.dumps(versions()))
        return
    if args.cmd == "w1":
        seconds, cpu = run_w1(args)
    else:
        seconds, cpu = asyncio.run(run_w2(args))
    out = {"seconds": seconds, "ops": args.count, "bytes": 0, "vmhwm_kb": vmhwm_kb(), "cpu_seconds": cpu}
    print(json.dumps(out))


if __name__ == "__main__":
    sys.exit(main())
