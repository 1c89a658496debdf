"""devchain/scenario: the CLI output format, on-chain effects, and --queue-only."""
import json
import os
import subprocess
import sys

from conftest import DEVCHAIN

from pydevchain import scenario as sc
from pydevchain.client import RpcClient

QSP = sc.QSP


def run(*args):
    p = subprocess.run([sys.executable, os.path.join(DEVCHAIN, "scenario"), *args], capture_output=True, text=True,
                       timeout=300)
    return p.returncode, p.stdout, p.stderr


def test_scenario_cli_deploys_and_queue_only_adds(devchain_url, tmp_path):
    out = tmp_path / "scenario.json"
    code, stdout, stderr = run("--rpc", devchain_url, "--nodes", "2", "--police", "2", "--node-price", "3",
                               "--min-stake", "500", "--audit-timeout", "4", "--police-timeout", "6",
                               "--max-assigned", "2", "--request", "https://host:8443/a.sol:2.5", "--requests", "2",
                               "--uri", "ipfs://b", "--price", "1", "--mine", "3", "--seed", "01ff", "--out", str(out))
    assert code == 0, stderr
    data = json.loads(stdout)
    assert data == json.loads(out.read_text())
    assert oct(os.stat(out).st_mode & 0o777) == "0o600"
    assert set(data) == {"rpc", "chain_id", "seed", "token", "audit", "owner", "requestor", "nodes", "police",
                         "requests", "config", "block_number"}
    assert data["chain_id"] == 1337 and data["seed"] == "01ff"
    assert [r["uri"] for r in data["requests"]] == ["https://host:8443/a.sol", "ipfs://b", "ipfs://b"]
    assert [r["price"] for r in data["requests"]] == [str(25 * QSP // 10), str(QSP), str(QSP)]
    assert [r["id"] for r in data["requests"]] == [1, 2, 3]
    assert data["config"]["audit_timeout"] == 4 and data["config"]["police_timeout"] == 6
    assert data["config"]["min_stake"] == str(500 * QSP) and data["config"]["max_assigned"] == 2
    assert data["config"]["num_police"] == 2
    client = RpcClient(devchain_url)
    audit = sc.audit_at(client, data["audit"])
    for n in data["nodes"]:
        assert n["stake"] == str(500 * QSP) and n["price"] == str(3 * QSP)
        assert audit.call("hasEnoughStake", n["address"]) is True
    for p in data["police"]:
        assert audit.call("isPoliceNode", p["address"]) is True
    assert audit.call("getQueueLength") == 3
    assert data["block_number"] == client.block_number()
    # the node with price 3 cannot take 2.5 / 1 QSP requests
    assert audit.call("anyRequestAvailable", sender=data["nodes"][0]["address"]) == 4

    code, stdout, stderr = run("--rpc", devchain_url, "--queue-only", "--from-json", str(out), "--request", "u:7")
    assert code == 0, stderr
    added = json.loads(stdout)
    assert added["requests"] == [{"id": 4, "uri": "u", "price": str(7 * QSP)}]
    assert audit.call("getQueueLength") == 4
    assert audit.call("anyRequestAvailable", sender=data["nodes"][0]["address"]) == 1


def test_scenario_cli_rejects_bad_input(devchain_url):
    code, _, stderr = run("--rpc", devchain_url, "--request", "no-price-here")
    assert code == 2 and "URI:PRICE" in stderr
    code, _, stderr = run("--rpc", devchain_url, "--queue-only")
    assert code == 1 and "--queue-only needs" in stderr
    code, _, stderr = run("--rpc", "http://127.0.0.1:9", "--nodes", "0")
    assert code == 1 and "cannot reach" in stderr
