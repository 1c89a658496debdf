#!/usr/bin/env python3
"""Node throughput benchmark (issue 11): the node against the simplest client, on one fresh dev chain in one run.

  Requests are queued by a plain sender: pre-signed `requestAudit` transactions sent back to back (what the chain
  accepts per second). Then, client – node – client, so that the chain's slow-down as it grows and this VM's speed
  drift (±20–40 % within minutes) weigh on both alike:
  1. `minimal_client.py` answers N/2 queued requests with its own staked account, sending the transactions the node
     sends (the same compressed report: an instant analyzer's report of the contract) with the reads the protocol
     needs;
  2. the node (instant analyzer) answers N queued requests: time from "node started" to the last request done, the
     node's transactions per second, resident memory (idle and peak), and per-hundred rates;
  3. the client answers the other N/2; its time is the sum of both halves;
  4. a plain sender of the node's own transactions answers N more: pre-signed pairs (`getNextAuditRequest`,
     `submitReport` of the request that bid is assigned — the queue is FIFO at one price) sent back to back with a
     staked account of its own, no reads and no receipts. A bid or a submission costs the chain more than a
     `requestAudit` (~20 % more CPU per call), so this is what the chain accepts of the transactions the node sends.
With `--rounds R` the sequence runs R times on the same chain (each round's node with an account of its own, so no
earlier audit's rewards are claimed meanwhile) and the medians are printed: this VM's speed drifts, one round is one
sample. With `--chain-trace` the dev chain logs every call: its busy share, its work per method, how long it waited
between one transaction and the next (node vs client), and the ratio adjusted for the chain's speed in each phase.
The node is configured like the shipped config/config.yaml (`gas_limit: 1000000`, as the client): no estimates.
Prints a table and one `NODE_BENCH {json}` line per round (`NODE_BENCH_MEDIAN` for several); exit status 1 when the
targets (node ≤ 1.1 × client, node tx/s ≥ 90 % of the plain sender's) are missed.
Usage: bench_node.py --binary PATH [--requests 100] [--workers 4] [--rounds 1] [--chain-trace] [--count-rpc]
"""
import argparse
import hashlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from collections import Counter
from functools import partial

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "devchain"))
sys.path.insert(0, HERE)

from eth_account import Account  # noqa: E402

from minimal_client import run_client  # noqa: E402
from rpc_counter import RpcCounter, idle_gaps  # noqa: E402
from pydevchain import scenario as sc  # noqa: E402
from pydevchain.client import RpcClient  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_chain(workdir: str, trace: str | None = None):
    port = free_port()
    log = open(os.path.join(workdir, "chain.log"), "w")
    env = dict(os.environ, QSP_DEVCHAIN_TRACE=trace) if trace else None
    proc = subprocess.Popen([sys.executable, os.path.join(ROOT, "devchain", "serve"), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    client = RpcClient(url, timeout=60)
    for _ in range(600):
        try:
            client.call("eth_chainId")
            return proc, url, client
        except Exception:  # noqa: BLE001
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("bench_node: devchain/serve did not start")


def serve_contracts():
    class Quiet(SimpleHTTPRequestHandler):
        # Keep-alive like a real contract host (an IPFS gateway, S3): a new connection per fetch cost the node
        # and this process a connection set-up per request, on the cores the chain runs on.
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=os.path.join(ROOT, "examples", "contracts")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def plain_send(rpc, audit, requestor, uri: str, n: int) -> float:
    """Queues n requests with pre-signed transactions sent back to back; returns transactions per second (the ids
    are in `last_queued`)."""
    acct = Account.from_key(requestor.private_key)
    chain_id = int(rpc.call("eth_chainId"), 16)
    nonce = int(rpc.call("eth_getTransactionCount", acct.address, "pending"), 16)
    base = int(rpc.call("eth_getBlockByNumber", "latest", False)["baseFeePerGas"], 16)
    data = audit.encode("requestAudit", uri, 0)
    raws = []
    for i in range(n):
        tx = {"nonce": nonce + i, "to": audit.address, "value": 0, "gas": 1_000_000, "data": data, "chainId": chain_id,
              "maxFeePerGas": 4 * base + 10**9, "maxPriorityFeePerGas": 10**9, "type": 2}
        raws.append("0x" + bytes(acct.sign_transaction(tx).raw_transaction).hex())
    start = time.perf_counter()
    hashes = [rpc.call("eth_sendRawTransaction", raw) for raw in raws]
    seconds = time.perf_counter() - start
    requestor.reset_nonce()
    last_queued.clear()
    for tx_hash in hashes:
        for name, args in audit.decode_logs(rpc.call("eth_getTransactionReceipt", tx_hash)):
            if name == "LogAuditRequested":
                last_queued.append(args["requestId"])
    return n / seconds


last_queued: list[int] = []


def plain_pairs(rpc, audit, key: str, ids: list[int], report: bytes, audit_state: int) -> float:
    """Answers the queued requests `ids` (oldest first) with pre-signed bid/submit pairs sent back to back, no reads
    and no receipts; returns transactions per second. Fails if a bid was assigned another request than foreseen."""
    acct = Account.from_key(key)
    chain_id = int(rpc.call("eth_chainId"), 16)
    nonce = int(rpc.call("eth_getTransactionCount", acct.address, "pending"), 16)
    base = int(rpc.call("eth_getBlockByNumber", "latest", False)["baseFeePerGas"], 16)
    raws = []
    for request_id in ids:
        for data in (audit.encode("getNextAuditRequest"), audit.encode("submitReport", request_id, audit_state, report)):
            tx = {"nonce": nonce, "to": audit.address, "value": 0, "gas": 1_000_000, "data": data, "chainId": chain_id,
                  "maxFeePerGas": 4 * base + 10**9, "maxPriorityFeePerGas": 10**9, "type": 2}
            raws.append("0x" + bytes(acct.sign_transaction(tx).raw_transaction).hex())
            nonce += 1
    start = time.perf_counter()
    hashes = [rpc.call("eth_sendRawTransaction", raw) for raw in raws]
    seconds = time.perf_counter() - start
    failed = [h for h in hashes if int(rpc.call("eth_getTransactionReceipt", h)["status"], 16) != 1]
    if failed:
        raise SystemExit(f"bench_node: {len(failed)} of the plain sender's pre-signed transactions reverted (first {failed[0]})")
    return len(raws) / seconds


def write_node_files(workdir: str, url: str, dep, node_key: str, workers: int, max_assigned: int) -> str:
    keystore = Account.encrypt(node_key, "bench-pass", kdf="scrypt", iterations=1024)
    with open(os.path.join(workdir, "keystore.json"), "w") as f:
        json.dump(keystore, f)
    with open(os.path.join(workdir, "meta.json"), "w") as f:
        json.dump({"contractAddress": dep.audit.address, "version": "2.9.1"}, f)
    wrappers = os.path.join(workdir, "wrappers", "instant")
    os.makedirs(wrappers, exist_ok=True)
    with open(os.path.join(wrappers, "run"), "w") as f:
        f.write("#!/bin/sh\necho '{\"status\": \"success\"}'\n")
    os.chmod(os.path.join(wrappers, "run"), 0o755)
    config = f"""bench:
  eth_node:
    provider: HTTPProvider
    args:
      endpoint_uri: "{url}"
  audit_contract_abi:
    uri: {os.path.join(ROOT, "config", "abi", "QuantstampAudit-v2.abi.json")}
    metadata: ./meta.json
  keystore_file: ./keystore.json
  min_price_in_qsp: 0
  tx_timeout_seconds: 120
  gas_limit: 1000000
  max_assigned_requests: {max_assigned}
  evt_polling_sec: 0.2
  block_mined_polling_interval_sec: 0.2
  n_blocks_confirmation: 0
  analyzers:
    - instant:
        timeout_sec: 60
        storage_dir: {os.path.join(workdir, "storage")}
  analyzers_wrappers_dir: {os.path.join(workdir, "wrappers")}
  gas_price:
    strategy: dynamic
    max_gas_price_wei: 0
  evt_db_path: ./events.db
  audit_workers: {workers}
  fetch:
    allow_loopback_addresses: true
    timeout_seconds: 10
  status_server:
    port: 0
"""
    path = os.path.join(workdir, "config.yaml")
    with open(path, "w") as f:
        f.write(config)
    return path


def rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def started_at(log_path: str) -> float | None:
    """Unix time of the node's "node started" line."""
    try:
        with open(log_path) as f:
            for line in f:
                if '"node started"' in line:
                    entry = json.loads(line)
                    stamp = entry.get("ts")
                    return parse_time(stamp) if stamp else time.time()
    except (OSError, ValueError):
        pass
    return None


def parse_time(stamp: str) -> float:
    from datetime import datetime
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def done_times(db_path: str) -> list[float]:
    try:
        con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=1)
        try:
            return sorted(r[0] for r in con.execute("SELECT updated_at FROM audit_evt WHERE fk_status = 'DN'"))
        finally:
            con.close()
    except sqlite3.Error:
        return []


def cpu_split(pid: int) -> tuple[float, float]:
    """CPU seconds of the process itself and of its finished children so far (/proc/PID/stat)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        tick = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / tick, (int(fields[13]) + int(fields[14])) / tick
    except (OSError, ValueError, IndexError):
        return 0.0, 0.0


def node_cpu_seconds(proc) -> float:
    """Waits for the stopped node and returns its CPU time with its children's (analysis workers, wrappers)."""
    deadline = time.time() + 60
    while time.time() < deadline:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = status
            return usage.ru_utime + usage.ru_stime
        time.sleep(0.05)
    proc.kill()
    _, _, usage = os.wait4(proc.pid, 0)
    return usage.ru_utime + usage.ru_stime


def run_node(binary: str, workdir: str, config: str, requests: int, timeout: float) -> dict:
    log_path = os.path.join(workdir, "node.log")
    env = dict(os.environ, QSP_ETH_PASSPHRASE="bench-pass", QSP_LOGGING_LEVEL=os.environ.get("QSP_BENCH_LOG_LEVEL", "INFO"))
    with open(log_path, "w") as log:
        proc = subprocess.Popen([binary, "run", "--config", config, "--env", "bench"], cwd=workdir, env=env,
                                stdout=log, stderr=subprocess.STDOUT)
    try:
        t0 = None
        deadline = time.time() + timeout
        while t0 is None and time.time() < deadline and proc.poll() is None:
            t0 = started_at(log_path)
            time.sleep(0.01)
        if t0 is None:
            raise SystemExit(f"bench_node: the node did not start; see {log_path}")
        idle = rss_kib(proc.pid)
        peak = idle
        db = os.path.join(workdir, "events.db")
        times: list[float] = []
        while time.time() < deadline and proc.poll() is None:
            peak = max(peak, rss_kib(proc.pid))
            times = done_times(db)
            if len(times) >= requests:
                break
            time.sleep(0.1)
        if len(times) < requests:
            raise SystemExit(f"bench_node: the node answered {len(times)} of {requests} requests; see {log_path}")
        report = sqlite3.connect(f"file:{db}?mode=ro", uri=True).execute(
            "SELECT compressed_report, audit_state FROM audit_evt WHERE fk_status = 'DN' LIMIT 1").fetchone()
        txs = sqlite3.connect(f"file:{db}?mode=ro", uri=True).execute(
            "SELECT COUNT(*) FROM transactions WHERE state = 'mined'").fetchone()[0]
        # One audit per request: a second audit of a finished row once overwrote the report being submitted.
        audits = sqlite3.connect(f"file:{db}?mode=ro", uri=True).execute(
            "SELECT SUM(audit_attempts) FROM audit_evt WHERE fk_status = 'DN'").fetchone()[0] or 0
        own, children = cpu_split(proc.pid)
    finally:
        proc.terminate()
        cpu = node_cpu_seconds(proc)
    seconds = times[requests - 1] - t0
    hundreds = [(i, times[min(i + 99, requests - 1)] - (times[i - 1] if i else t0)) for i in range(0, requests, 100)]
    return {"seconds": seconds, "transactions": txs, "audits": audits, "cpu_seconds": cpu, "cpu_own": own, "cpu_children": children, "rss_idle_kib": idle, "rss_peak_kib": peak,
            "report": bytes(report[0]) if isinstance(report[0], (bytes, memoryview)) else bytes.fromhex(report[0]), "audit_state": report[1],
            "per_hundred": [{"from": i + 1, "requests_per_second": min(100, requests - i) / s} for i, s in hundreds]}


def read_chain_trace(path: str, windows: dict) -> dict:
    """The dev chain's trace split by phase: {"node": [[...]], "client": [[...], [...]]}, one list of calls (method,
    arrived, acquired, released, CPU seconds) per time window of that phase."""
    phases: dict = {who: [[] for _ in spans] for who, spans in windows.items()}
    with open(path) as f:
        for line in f:
            method, arrived, acquired, released, cpu = line.split()[:5]
            call = (method, float(arrived), float(acquired), float(released), float(cpu))
            for who, spans in windows.items():
                for index, (start, end) in enumerate(spans):
                    if start <= call[1] <= end:
                        phases[who][index].append(call)
    return phases


def chain_speed_factor(phases: dict) -> float | None:
    """How much slower the chain ran during the node's phase than during the client's, measured on the one call both
    make identically (`eth_sendRawTransaction`, CPU per call): this VM's speed drifts by ±20 % within minutes, which
    moves the plain ratio more than anything the node does."""
    cpu = {who: [c[4] for window in windows for c in window if c[0] == "eth_sendRawTransaction"]
           for who, windows in phases.items()}
    if not cpu["node"] or not cpu["client"]:
        return None
    return (sum(cpu["node"]) / len(cpu["node"])) / (sum(cpu["client"]) / len(cpu["client"]))


def print_chain_trace(phases: dict, requests: int) -> None:
    """Where the dev chain's time went while the node, then the client, answered: the share of time its lock was held,
    and per method the calls, the lock hold and the CPU per call (hold > CPU: its thread waited for the GIL while
    other connections' threads parsed requests)."""
    for who, windows in phases.items():
        windows = [window for window in windows if window]
        if not windows:
            continue
        phase = [call for window in windows for call in window]
        span = sum(window[-1][3] - window[0][1] for window in windows)
        held = sum(c[3] - c[2] for c in phase)
        print(f"chain with the {who}: lock held {held:.2f} s of {span:.2f} s ({100 * held / span:.0f} %), "
              f"{1000 * held / requests:.1f} ms per request")
        per: dict = {}
        for method, _, acquired, released, cpu in phase:
            n, h, c = per.get(method, (0, 0.0, 0.0))
            per[method] = (n + 1, h + released - acquired, c + cpu)
        for method, (n, h, c) in sorted(per.items(), key=lambda item: -item[1][1])[:6]:
            print(f"  {method:28} {n / requests:5.2f}/request  hold {1000 * h / n:7.2f} ms  CPU {1000 * c / n:7.2f} ms per call")


def merged_idle_gaps(traces: list) -> dict:
    """`idle_gaps` over several time windows (the client's two halves): the pauses between windows are not idle."""
    total: dict = {"span": 0.0, "idle": 0.0, "by_pair": Counter()}
    for calls in traces:
        gaps = idle_gaps(calls)
        total["span"] += gaps["span"]
        total["idle"] += gaps["idle"]
        total["by_pair"].update(dict(gaps["by_pair"]))
    total["by_pair"] = total["by_pair"].most_common(12)
    return total


def transaction_gaps(phase: list) -> dict:
    """How tightly a phase kept the chain busy: the chain's share of time with no call in flight (the client or node
    had nothing for it), and the mean gap between one eth_sendRawTransaction's end and the next one's start."""
    calls = sorted(phase, key=lambda c: c[1])
    idle, span, in_flight, last_end = 0.0, 0.0, 0, None
    for window in _split_windows(calls):
        span += window[-1][3] - window[0][1]
        events = sorted([(c[1], 1) for c in window] + [(c[3], -1) for c in window], key=lambda e: (e[0], -e[1]))
        in_flight, last_end = 0, None
        for at, delta in events:
            if in_flight == 0 and last_end is not None:
                idle += at - last_end
            in_flight += delta
            if in_flight == 0:
                last_end = at
    sends = sorted((c for c in calls if c[0] == "eth_sendRawTransaction"), key=lambda c: c[2])
    gaps = [b[2] - a[3] for a, b in zip(sends, sends[1:]) if 0 <= b[2] - a[3] < 0.5]
    return {"idle_share": idle / span if span else 0.0, "mean_gap_ms": 1000 * sum(gaps) / len(gaps) if gaps else 0.0}


def _split_windows(calls: list, pause: float = 0.5) -> list:
    """Calls split where nothing arrived for `pause` seconds (the client's two halves are two windows)."""
    windows: list = []
    busy_until = None
    for call in calls:
        if busy_until is not None and call[1] - busy_until < pause:
            windows[-1].append(call)
            busy_until = max(busy_until, call[3])
        else:
            windows.append([call])
            busy_until = call[3]
    return windows


def run_round(args, index: int, chain, rpc, url: str, dep, uri: str, base_dir: str, trace_path: str | None) -> dict:
    """One client – node – client – plain-pairs sequence on the shared chain; returns the round's measurements."""
    workdir = os.path.join(base_dir, f"round-{index + 1}")
    os.makedirs(workdir, exist_ok=True)
    windows: dict = {"node": [], "client": []}
    counter = RpcCounter(url) if args.count_rpc else None
    # Each round's node has an account of its own: an account with earlier audits would claim their rewards
    # (claimRewards transactions) in the middle of the measurement once their police windows have passed.
    config = write_node_files(workdir, counter.url if counter else url, dep, dep.nodes[2 + index].private_key, args.workers,
                              args.max_assigned)
    client_rpc = RpcClient(counter.url, timeout=60) if counter else rpc
    client_audit = sc.audit_at(client_rpc, dep.audit.address) if counter else dep.audit
    # The instant analyzer's compressed report before the node has written one (checked against it below):
    # header 0x21 0x03 (no findings, audit state 4) and the contract's SHA-256.
    with open(os.path.join(ROOT, "examples", "contracts", "DAOBug.sol"), "rb") as f:
        expected_report = bytes([0x21, 0x03]) + hashlib.sha256(f.read()).digest()
    halves = (args.requests // 2, args.requests - args.requests // 2)
    plains: list[float] = []
    clients: list[dict] = []
    client_calls, client_trace, chain_cpu_client = Counter(), [], 0.0

    def client_half(n: int, report: bytes, state: int) -> None:
        nonlocal chain_cpu_client
        plains.append(plain_send(rpc, dep.audit, dep.requestor, uri, n))
        cpu0, start = sum(cpu_split(chain.pid)), time.monotonic()
        clients.append(run_client(client_rpc, client_audit, dep.nodes[0].private_key, n, report, state))
        windows["client"].append((start, time.monotonic()))
        chain_cpu_client += sum(cpu_split(chain.pid)) - cpu0
        if counter:
            client_calls.update(counter.take())
            client_trace.append(counter.take_calls())

    client_half(halves[0], expected_report, 4)
    plains.append(plain_send(rpc, dep.audit, dep.requestor, uri, args.requests))
    if counter:
        counter.take(), counter.take_calls()  # the plain sender's calls
    chain_cpu0, start = sum(cpu_split(chain.pid)), time.monotonic()
    node = run_node(os.path.abspath(args.binary), workdir, config, args.requests, args.timeout)
    node_calls = counter.take() if counter else None
    node_trace = [counter.take_calls()] if counter else None
    chain_cpu_node = sum(cpu_split(chain.pid)) - chain_cpu0
    windows["node"].append((start, time.monotonic()))
    if node["report"] != expected_report or node["audit_state"] != 4:
        print(f"note: the node's report {node['report'].hex()} (state {node['audit_state']}) differs from the one the "
              f"client's first half sent ({expected_report.hex()}, state 4)", file=sys.stderr)
    client_half(halves[1], node["report"], node["audit_state"])
    plains.append(plain_send(rpc, dep.audit, dep.requestor, uri, args.requests))
    pairs = plain_pairs(rpc, dep.audit, dep.nodes[1].private_key, list(last_queued), node["report"], node["audit_state"])
    if counter:
        counter.close()
    client = {key: sum(half[key] for half in clients) for key in ("seconds", "transactions", "requests", "cpu_seconds")}
    with open(os.path.join(workdir, "windows.json"), "w") as f:
        json.dump(windows, f)
    return {"workdir": workdir, "node": node, "client": client, "plains": plains, "pairs": pairs, "windows": windows,
            "chain_cpu_node": chain_cpu_node, "chain_cpu_client": chain_cpu_client,
            "node_calls": node_calls, "node_trace": node_trace, "client_calls": client_calls, "client_trace": client_trace}


def report_round(args, measured: dict, trace_path: str | None) -> dict:
    """Prints one round's table and returns its NODE_BENCH numbers."""
    node, client, pairs = measured["node"], measured["client"], measured["pairs"]
    plain = sum(measured["plains"]) / len(measured["plains"])
    node_tps = node["transactions"] / node["seconds"]
    ratio = node["seconds"] / client["seconds"]
    result = {
        "requests": args.requests, "workers": args.workers,
        "node_seconds": round(node["seconds"], 2), "client_seconds": round(client["seconds"], 2),
        "node_over_client": round(ratio, 3),
        "node_transactions": node["transactions"], "node_audits_per_request": round(node["audits"] / args.requests, 3), "node_tx_per_second": round(node_tps, 2),
        "node_cpu_ms_per_request": round(1000 * node["cpu_seconds"] / args.requests, 1),
        "node_cpu_ms_per_request_own": round(1000 * node["cpu_own"] / args.requests, 1),
        "client_cpu_ms_per_request": round(1000 * client["cpu_seconds"] / args.requests, 1),
        "node_cpu_ms_per_request_children": round(1000 * node["cpu_children"] / args.requests, 1),
        "client_tx_per_second": round(client["transactions"] / client["seconds"], 2),
        "plain_sender_tx_per_second": round(plain, 2),
        "plain_pairs_tx_per_second": round(pairs, 2),
        "node_tx_rate_vs_plain_pairs": round(node_tps / pairs, 3),
        "client_tx_rate_vs_plain_pairs": round(client["transactions"] / client["seconds"] / pairs, 3),
        "client_tx_rate_vs_plain": round(client["transactions"] / client["seconds"] / plain, 3),
        "chain_cpu_ms_per_request_node": round(1000 * measured["chain_cpu_node"] / args.requests, 1),
        "chain_cpu_ms_per_request_client": round(1000 * measured["chain_cpu_client"] / args.requests, 1),
        "node_tx_rate_vs_plain": round(node_tps / plain, 3),
        "rss_idle_mib": round(node["rss_idle_kib"] / 1024, 1), "rss_peak_mib": round(node["rss_peak_kib"] / 1024, 1),
        "per_hundred_requests_per_second": [round(h["requests_per_second"], 2) for h in node["per_hundred"]],
        "workdir": measured["workdir"],
    }
    print(f"requests                 {args.requests}")
    print(f"node                     {result['node_seconds']:8.2f} s  {node_tps:6.2f} tx/s")
    print(f"minimal client           {result['client_seconds']:8.2f} s  {result['client_tx_per_second']:6.2f} tx/s")
    print(f"node / client            {ratio:8.3f}   (target ≤ 1.1)")
    print(f"plain sender             {plain:8.2f} tx/s  node at {100 * node_tps / plain:5.1f} %, client at "
          f"{100 * result['client_tx_rate_vs_plain']:5.1f} % (target ≥ 90 %; requestAudit transactions)")
    print(f"plain sender, node's txs {pairs:8.2f} tx/s  node at {100 * node_tps / pairs:5.1f} %, client at "
          f"{100 * result['client_tx_rate_vs_plain_pairs']:5.1f} % (pre-signed bid/submit pairs, no reads)")
    print(f"chain CPU per request    {result['chain_cpu_ms_per_request_node']:8.1f} ms with the node, "
          f"{result['chain_cpu_ms_per_request_client']:.1f} ms with the client (the chain works for both while they run)")
    print(f"audits per request       {result['node_audits_per_request']:8.3f}   (1: no request audited twice)")
    print(f"node CPU per request     {result['node_cpu_ms_per_request']:8.1f} ms (the node, its analysis workers and analyzers)")
    print(f"  of which the node      {result['node_cpu_ms_per_request_own']:8.1f} ms, workers and analyzers {result['node_cpu_ms_per_request_children']:.1f} ms")
    print(f"client CPU per request   {result['client_cpu_ms_per_request']:8.1f} ms (on 2 cores, either one's CPU slows the chain beside it)")
    print(f"node RSS idle / peak     {result['rss_idle_mib']} / {result['rss_peak_mib']} MiB (target < 100 MiB)")
    rates = result["per_hundred_requests_per_second"]
    print(f"requests/s per hundred   first {rates[0]:.2f}  last {rates[-1]:.2f}")
    node_calls, client_calls = measured["node_calls"], measured["client_calls"]
    if node_calls is not None:
        print("JSON-RPC calls per request (node | client):")
        for method in sorted(set(node_calls) | set(client_calls), key=lambda m: -node_calls.get(m, 0)):
            print(f"  {method:32} {node_calls.get(method, 0) / args.requests:7.2f} | {client_calls.get(method, 0) / args.requests:7.2f}")
        for who, traces in (("node", measured["node_trace"]), ("client", measured["client_trace"])):
            gaps = merged_idle_gaps(traces)
            print(f"chain idle with the {who}: {gaps['idle']:.2f} s of {gaps['span']:.2f} s; largest gaps (before → after):")
            for pair, seconds in gaps["by_pair"]:
                print(f"  {seconds:7.3f} s  {pair}")
        result["rpc_per_request_node"] = {m: round(n / args.requests, 2) for m, n in node_calls.items()}
        result["rpc_per_request_client"] = {m: round(n / args.requests, 2) for m, n in client_calls.items()}
    if trace_path:
        phases = read_chain_trace(trace_path, measured["windows"])
        print_chain_trace(phases, args.requests)
        for who, windows in phases.items():
            gaps = transaction_gaps([call for window in windows for call in window])
            result[f"chain_idle_share_{who}"] = round(gaps["idle_share"], 3)
            result[f"transaction_gap_ms_{who}"] = round(gaps["mean_gap_ms"], 2)
            print(f"  with the {who}: nothing in flight {100 * gaps['idle_share']:4.1f} % of the time; "
                  f"{gaps['mean_gap_ms']:.2f} ms from one transaction's end to the next one's start")
        factor = chain_speed_factor(phases)
        if factor:
            result["chain_speed_factor"] = round(factor, 3)
            result["node_over_client_speed_adjusted"] = round(ratio / factor, 3)
            print(f"chain speed drift        the chain ran {factor:.3f}× as slow in the node's phase (sendRawTransaction CPU); "
                  f"node / client adjusted for it: {ratio / factor:.3f}")
    print("NODE_BENCH " + json.dumps(result, sort_keys=True))
    result["ok"] = (ratio <= 1.1 and node_tps >= 0.9 * plain and node["rss_peak_kib"] < 100 * 1024
                    and node["audits"] == args.requests)
    return result


def median(values: list) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", required=True)
    ap.add_argument("--requests", type=int, default=100)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--max-assigned", type=int, default=10)
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--rounds", type=int, default=1,
                    help="repeat client – node – client – plain pairs this many times on the same chain and print the "
                         "medians (this VM's speed drifts by ±20–40 %% within minutes: one round is one sample)")
    ap.add_argument("--count-rpc", action="store_true",
                    help="route the node and the client through a counting proxy and print JSON-RPC calls per request "
                         "(diagnostic: the proxy slows both down)")
    ap.add_argument("--chain-trace", action="store_true",
                    help="have the dev chain log every call (lock wait, hold, CPU) and print where its time went, node vs "
                         "client (diagnostic; costs the chain a little)")
    args = ap.parse_args()
    workdir = tempfile.mkdtemp(prefix="qsp-bench-node-")
    trace_path = os.path.join(workdir, "chain.trace") if args.chain_trace else None
    chain, url, rpc = start_chain(workdir, trace_path)
    server, base = serve_contracts()
    rounds: list[dict] = []
    try:
        # nodes[0]: the minimal client, nodes[1]: the plain sender of bid/submit pairs, nodes[2 + i]: round i's node.
        dep = sc.build(url, nodes=2 + args.rounds, max_assigned=args.max_assigned)
        uri = f"{base}/DAOBug.sol"
        measured = [run_round(args, i, chain, rpc, url, dep, uri, workdir, trace_path) for i in range(args.rounds)]
    finally:
        server.shutdown()
        chain.terminate()
        chain.wait(10)
    for index, m in enumerate(measured):
        if args.rounds > 1:
            print(f"== round {index + 1} of {args.rounds}")
        rounds.append(report_round(args, m, trace_path))
    if args.rounds > 1:
        keys = ["node_over_client", "node_over_client_speed_adjusted", "node_tx_rate_vs_plain", "client_tx_rate_vs_plain",
                "node_tx_rate_vs_plain_pairs", "client_tx_rate_vs_plain_pairs", "node_cpu_ms_per_request", "rss_peak_mib"]
        print(f"== {args.rounds} rounds: per round, then the median")
        for key in keys:
            values = [r[key] for r in rounds if key in r]
            if values:
                print(f"  {key:34} {' '.join(f'{v:7.3f}' for v in values)}   median {median(values):.3f}")
        summary = {key: round(median([r[key] for r in rounds if key in r]), 3) for key in keys if any(key in r for r in rounds)}
        summary["rounds"] = args.rounds
        print("NODE_BENCH_MEDIAN " + json.dumps(summary, sort_keys=True))
        ok = (summary["node_over_client"] <= 1.1 and summary["node_tx_rate_vs_plain"] >= 0.9
              and all(r["rss_peak_mib"] < 100 and r["node_audits_per_request"] == 1 for r in rounds))
    else:
        ok = rounds[0]["ok"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
