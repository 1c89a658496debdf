"""The committed build/ artifacts are fresh, and the compiled ABI carries the deployed contract's interface."""
import json
import os
import subprocess
import sys

import pytest
from eth_utils import keccak

DEVCHAIN = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(DEVCHAIN)
REFERENCE = os.path.join(ROOT, "config", "abi", "QuantstampAudit-v2.abi.json")


def load(name):
    with open(os.path.join(DEVCHAIN, "build", f"{name}.abi.json")) as fh:
        return json.load(fh)


def canon(t):
    if t["type"].startswith("tuple"):
        return "(" + ",".join(canon(c) for c in t["components"]) + ")" + t["type"][5:]
    return t["type"]


def signature(e):
    return e["name"] + "(" + ",".join(canon(i) for i in e["inputs"]) + ")"


def test_build_artifacts_are_not_stale(tmp_path):
    subprocess.run([sys.executable, os.path.join(DEVCHAIN, "compile"), "--out", str(tmp_path)],
                   check=True, capture_output=True)
    for name in ("QSPToken", "QuantstampAudit"):
        for ext in (".abi.json", ".bin"):
            with open(os.path.join(DEVCHAIN, "build", name + ext)) as fh:
                committed = fh.read()
            with open(tmp_path / (name + ext)) as fh:
                fresh = fh.read()
            assert committed == fresh, f"devchain/build/{name}{ext} is stale: run devchain/compile"


def test_every_reference_selector_and_topic_is_present_with_identical_types():
    if not os.path.exists(REFERENCE):
        pytest.skip(f"reference ABI not found at {REFERENCE}")
    with open(REFERENCE) as fh:
        reference = json.load(fh)
    mine = {(e["type"], signature(e)): e for e in load("QuantstampAudit") if e["type"] in ("function", "event")}
    checked = 0
    for e in reference:
        if e["type"] not in ("function", "event"):
            continue
        key = (e["type"], signature(e))
        assert key in mine, f"missing {e['type']} {key[1]}"
        m = mine[key]
        if e["type"] == "function":
            assert [canon(o) for o in m["outputs"]] == [canon(o) for o in e["outputs"]], key
            ref_view = e.get("stateMutability") in ("view", "pure") or e.get("constant") is True
            assert (m["stateMutability"] in ("view", "pure")) == ref_view, key
        else:
            assert [bool(i.get("indexed")) for i in m["inputs"]] == [bool(i.get("indexed")) for i in e["inputs"]], key
            assert bool(m.get("anonymous")) == bool(e.get("anonymous")), key
        checked += 1
    assert checked == 67  # 43 functions + 24 events in the deployed ABI


def test_protocol_selectors_and_topics():
    """Spot-check the hashes quoted in PROTOCOL.md 2.2, 2.3 and the test-only controls of 2.10."""
    functions = {signature(e): e for e in load("QuantstampAudit") if e["type"] == "function"}
    events = {signature(e) for e in load("QuantstampAudit") if e["type"] == "event"}
    selectors = {
        "getNextAuditRequest()": "be7a3164", "submitReport(uint256,uint8,bytes)": "dc61b497",
        "anyRequestAvailable()": "6ca78a1c", "myMostRecentAssignedAudit()": "2fd1b320",
        "getNextPoliceAssignment()": "f769aeb2", "submitPoliceReport(uint256,bytes,bool)": "3224ba23",
        "claimRewards()": "372500ab", "setAuditTimeout(uint256)": "c9f21fec",
        "setMaxAssignedRequests(uint256)": "28929072", "setMinAuditStake(uint256)": "b6057719",
        "setPoliceTimeoutInBlocks(uint256)": "4a1b13f0", "setPoliceNodesPerReport(uint256)": "1ed27a14",
        "setSlashPercentage(uint256)": "393ebbf8", "setReportProcessingFeePercentage(uint256)": "af26ed68",
        "addPoliceNode(address)": "9cecba34", "removePoliceNode(address)": "08567a87",
        "getAuditState(uint256)": "0783c2ef", "getAuditAssignBlockNumber(uint256)": "630eb125",
        "getAuditReportBlockNumber(uint256)": "7a805504", "verifiedReports(uint256)": "b8a26260",
        "policeTimeouts(uint256)": "9766b69f", "getPoliceReportResult(uint256,address)": "8b7358a0",
        "isAssigned(uint256,address)": "05357c69", "depositsOf(address)": "e3a9db1a",
        "unlockBlockNumber(address)": "1b90b79a", "numPoliceNodes()": "928c97eb",
        "collectedFees(uint256)": "309945ba", "getQueueLength()": "b8f77005",
    }
    for sig, sel in selectors.items():
        assert sig in functions, sig
        assert keccak(text=sig)[:4].hex() == sel, sig
    topics = {
        "LogAuditAssigned(uint256,address,address,string,uint256,uint256)":
            "7f77829ea87833bf5f6593e4e0c63ef9049662fb927b51278325bcf708b38359",
        "PoliceNodeAssignedToReport(address,uint256)":
            "41000dc4a0fb757999a82d88448d2e01e89419ffd8f21c0599d5a60247ae7cde",
        "PoliceSubmissionPeriodExceeded(uint256,uint256,uint256)":
            "764073f9ee9dbd62b4e15bcf81b9fd0e112226675be79ee964de258124da8a70",
        "PoliceSlash(uint256,address,address,uint256)":
            "bb3db90091e7d94a3031b1e74ca2c6eef93076c8b10469ae849657f482abf4ca",
        "PoliceAssignmentExpiredAndCleared(uint256)":
            "3c19ef3613691cc28a274f1e4f5a26e85cff95fb7f0077b909a25aa4c8204791",
    }
    for sig, topic in topics.items():
        assert sig in events, sig
        assert keccak(text=sig).hex() == topic, sig


def test_token_is_a_plain_erc20():
    functions = {signature(e) for e in load("QSPToken") if e["type"] == "function"}
    for sig in ["approve(address,uint256)", "transferFrom(address,address,uint256)", "balanceOf(address)",
                "transfer(address,uint256)", "allowance(address,address)", "totalSupply()", "decimals()"]:
        assert sig in functions
    transfer = [e for e in load("QSPToken") if e["type"] == "event" and e["name"] == "Transfer"][0]
    assert [i["indexed"] for i in transfer["inputs"]] == [True, True, False]
