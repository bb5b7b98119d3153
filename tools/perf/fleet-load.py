#!/usr/bin/env python3
"""On-demand load test (not part of the test suite): `mda sim fleet` of N virtual devices over mutual TLS to the
embedded broker (`mda broker`, its own process), with `mda monitor` (its own process) storing into SQLite.

Measures, in one run:
  - connect time p50/p99 of the fleet (from the fleet's --json);
  - queue-to-PUBACK latency p50/p99 in the steady state (fleet --json);
  - end-to-end latency p50/p99: device queues the message -> the monitor receives it (the fleet's --timeline joined with
    the store's telemetry.received_ms on device, boot, sequence), for messages queued in the steady state;
  - CPU of the broker and of the monitor (percent of one core, utime+stime from /proc over the steady window) and their
    resident memory (steady and peak), the broker's memory per connection (RSS growth over the idle broker / devices);
  - messages lost: queued by the fleet and acknowledged but not in the store, plus drops reported by the fleet.

Usage: tools/perf/fleet-load.py [--devices N] [--period S] [--duration S] [--work DIR] [--workers W]
The work folder keeps the PKI and the fleet's bundles, so a rerun with the same --work skips the issuing.
"""
import argparse
import csv
import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MDA = ["dotnet", os.path.join(ROOT, "companion/MedDeviceAgent.Cli/bin/Release/net10.0/mda.dll")]
TICK = os.sysconf("SC_CLK_TCK")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run(args, **kw):
    result = subprocess.run(MDA + args, capture_output=True, text=True, **kw)
    if result.returncode != 0:
        sys.exit("mda " + " ".join(args) + " failed (" + str(result.returncode) + "): " + result.stderr)
    return result.stdout


def proc_sample(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])
        rss = hwm = 0
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
                elif line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
        return ticks, rss, hwm
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


class Sampler(threading.Thread):
    def __init__(self, pids):
        super().__init__(daemon=True)
        self.pids = pids
        self.samples = []  # (t, {name: (ticks, rss, hwm)})
        self.stop = False

    def run(self):
        while not self.stop:
            now = time.time()
            self.samples.append((now, {name: proc_sample(pid) for name, pid in self.pids.items()}))
            time.sleep(1.0)

    def window(self, start, end):
        inside = [s for s in self.samples if start <= s[0] <= end]
        if len(inside) < 2:
            return None
        first, last = inside[0], inside[-1]
        result = {}
        for name in self.pids:
            a, b = first[1][name], last[1][name]
            if a is None or b is None:
                continue
            cpu = (b[0] - a[0]) / TICK / (last[0] - first[0]) * 100.0
            rss = max(s[1][name][1] for s in inside if s[1][name])
            hwm = b[2]
            result[name] = {"cpuPercentOfOneCore": round(cpu, 1), "rssMiB": round(rss / 1024.0, 1), "peakRssMiB": round(hwm / 1024.0, 1)}
        return result


def percentile(values, q):
    if not values:
        return 0.0
    values = sorted(values)
    rank = max(1, int(-(-q * len(values) // 1)))
    return values[min(rank, len(values)) - 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--devices", type=int, default=1000)
    parser.add_argument("--period", type=float, default=10.0)
    parser.add_argument("--duration", type=float, default=120.0)
    parser.add_argument("--work", default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print only the result as JSON")
    a = parser.parse_args()

    work = os.path.abspath(a.work or os.path.join("/tmp", "mda-fleet-load-%d" % a.devices))
    os.makedirs(work, exist_ok=True)
    os.environ.setdefault("MDA_PASSPHRASE", "fleet-load-measurement")
    log = (lambda *m: None) if a.json else (lambda *m: print(*m, file=sys.stderr, flush=True))
    subprocess.run(["dotnet", "build", os.path.join(ROOT, "companion/MedDeviceAgent.Cli"), "-c", "Release", "-nologo", "-v", "quiet"], check=True, capture_output=True)
    pki = os.path.join(work, "pki")
    if not os.path.isdir(pki):
        run(["pki", "init", "--dir", pki])
    port = free_port()
    db = os.path.join(work, "telemetry-%d.db" % int(time.time()))
    timeline = os.path.join(work, "timeline.csv")
    broker = subprocess.Popen(MDA + ["broker", "--pki", pki, "--port", str(port)], stdout=open(os.path.join(work, "broker.out"), "w"), stderr=open(os.path.join(work, "broker.log"), "w"))
    time.sleep(3)
    monitor = subprocess.Popen(MDA + ["monitor", "--pki", pki, "--broker", "127.0.0.1:%d" % port, "--db", db, "--interval", "10", "--json"], stdout=open(os.path.join(work, "monitor.json"), "w"), stderr=open(os.path.join(work, "monitor.log"), "w"))
    sampler = Sampler({"broker": broker.pid, "monitor": monitor.pid})
    sampler.start()
    try:
        time.sleep(3)
        idle = sampler.samples[-1][1]["broker"]
        bundles = os.path.join(pki, "fleet", "bundles")
        have = len(os.listdir(bundles)) if os.path.isdir(bundles) else 0
        if have < a.devices:
            log("issuing %d bundles (a short run that connects them once)" % (a.devices - have))
            started = time.time()
            run(["sim", "fleet", "--pki", pki, "--devices", str(a.devices), "--broker", "127.0.0.1:%d" % port, "--period", "3600", "--duration", "1", "--workers", str(a.workers), "--json"])
            log("issued in %.1f s" % (time.time() - started))
        time.sleep(5)
        with sqlite3.connect(db) as c:
            before = c.execute("SELECT COUNT(*) FROM telemetry").fetchone()[0]
        log("fleet: %d devices, period %g s, %g s" % (a.devices, a.period, a.duration))
        t0 = time.time()
        out = run(["sim", "fleet", "--pki", pki, "--devices", str(a.devices), "--broker", "127.0.0.1:%d" % port, "--period", str(a.period), "--duration", str(a.duration), "--workers", str(a.workers), "--timeline", timeline, "--json"])
        t1 = time.time()
        fleet = json.loads(out.strip().splitlines()[-1])
        steady_end = t1 - 2
        # Let the monitor drain, then stop it (SIGTERM: commit, acknowledge, summary).
        deadline = time.time() + 60
        expected = before + fleet["acked"]
        while time.time() < deadline:
            with sqlite3.connect(db) as c:
                if c.execute("SELECT COUNT(*) FROM telemetry").fetchone()[0] >= expected:
                    break
            time.sleep(1)
    finally:
        sampler.stop = True
        monitor.terminate()
        monitor.wait(60)
        broker.terminate()
        broker.wait(60)

    stored = {}
    with sqlite3.connect(db) as c:
        for device, boot, sequence, received in c.execute("SELECT device, boot, sequence, received_ms FROM telemetry"):
            stored[(device, boot, sequence)] = received
        rejections = c.execute("SELECT COUNT(*) FROM rejections").fetchone()[0]
    e2e_all, e2e_steady, missing, steady_start = [], [], 0, None
    with open(timeline) as f:
        for row in csv.DictReader(f):
            key = (row["device"], int(row["boot"]), int(row["sequence"]))
            queued = int(row["queued_unix_ms"])
            if key not in stored:
                missing += 1
                continue
            latency = stored[key] - queued
            e2e_all.append(latency)
            if row["steady"] == "1":
                e2e_steady.append(latency)
                steady_start = queued / 1000.0 if steady_start is None else min(steady_start, queued / 1000.0)
    # CPU and memory over the steady state: from the first message queued after every device connected.
    steady_start = steady_start if steady_start is not None else t0
    usage = sampler.window(steady_start, steady_end)
    queued_total = sum(1 for _ in open(timeline)) - 1
    broker_idle_kib = idle[1] if idle else 0
    result = {
        "devices": a.devices,
        "periodSeconds": a.period,
        "durationSeconds": a.duration,
        "connected": fleet["connected"],
        "connectP50Ms": fleet["connectP50Ms"],
        "connectP99Ms": fleet["connectP99Ms"],
        "queued": queued_total,
        "acked": fleet["acked"],
        "stored": len(stored),
        "notStored": missing,
        "stillQueuedOnDevices": fleet["pending"],
        "droppedByDevices": fleet["lost"],
        "rejections": rejections,
        "reconnects": fleet["reconnects"],
        "pubackLatencyP50Ms": fleet.get("steadyLatencyP50Ms"),
        "pubackLatencyP99Ms": fleet.get("steadyLatencyP99Ms"),
        "endToEndP50Ms": percentile(e2e_steady, 0.50),
        "endToEndP99Ms": percentile(e2e_steady, 0.99),
        "endToEndMessages": len(e2e_steady),
        "steadyWindowSeconds": round(steady_end - steady_start, 1),
        "usage": usage,
        "brokerIdleRssMiB": round(broker_idle_kib / 1024.0, 1),
    }
    if usage and "broker" in usage:
        result["brokerKiBPerConnection"] = round((usage["broker"]["rssMiB"] * 1024.0 - broker_idle_kib) / a.devices, 1)
        result["cpuTogetherPercentOfOneCore"] = round(usage["broker"]["cpuPercentOfOneCore"] + usage.get("monitor", {}).get("cpuPercentOfOneCore", 0), 1)
    print(json.dumps(result, indent=None if a.json else 2))


if __name__ == "__main__":
    main()
