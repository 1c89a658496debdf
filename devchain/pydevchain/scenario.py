"""Deploy the QSP token + QuantstampAudit test double and set up nodes, police and requests.

Functions here are used by devchain/scenario (CLI), the pytest suite, the demo and the benchmarks.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

from eth_utils import keccak

from .chain import dev_private_keys
from .client import Contract, RpcClient, Wallet, deploy

QSP = 10**18
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(HERE, "build")
TOKEN_SUPPLY = 1_000_000_000 * QSP
ACCOUNT_ETH = 1000 * 10**18
MAX_UINT = 2**256 - 1


def load_artifact(name: str) -> tuple[list, str]:
    with open(os.path.join(BUILD, f"{name}.abi.json")) as fh:
        abi = json.load(fh)
    with open(os.path.join(BUILD, f"{name}.bin")) as fh:
        code = fh.read().strip()
    return abi, code


def token_at(client: RpcClient, address: str) -> Contract:
    return Contract(client, address, load_artifact("QSPToken")[0])


def audit_at(client: RpcClient, address: str) -> Contract:
    return Contract(client, address, load_artifact("QuantstampAudit")[0])


def derived_key(seed: bytes, role: str, index: int = 0) -> bytes:
    return keccak(seed + f":{role}:{index}".encode())


def funder_wallet(client: RpcClient, funder_key: str | None = None) -> Wallet:
    return Wallet(client, funder_key or dev_private_keys(1)[0])


def new_account(client: RpcClient, funder: Wallet, key: bytes, eth: int = ACCOUNT_ETH) -> Wallet:
    """A wallet for `key`, given `eth` wei by the funder (retrying on nonce races with other users)."""
    w = Wallet(client, key)
    funder.send(w.address, value=eth, gas=21000)
    return w


@dataclass
class Deployment:
    client: RpcClient
    token: Contract
    audit: Contract
    owner: Wallet
    requestor: Wallet | None = None
    nodes: list = field(default_factory=list)
    police: list = field(default_factory=list)
    requests: list = field(default_factory=list)
    seed: str = ""


def deploy_contracts(client: RpcClient, owner: Wallet, supply: int = TOKEN_SUPPLY) -> tuple[Contract, Contract]:
    tabi, tcode = load_artifact("QSPToken")
    aabi, acode = load_artifact("QuantstampAudit")
    token = deploy(owner, tabi, tcode, ["uint256"], [supply])
    audit = deploy(owner, aabi, acode, ["address"], [token.address])
    return token, audit


def configure(audit: Contract, owner: Wallet, *, audit_timeout=None, police_timeout=None, min_stake=None,
              max_assigned=None, police_per_report=None, fee_percentage=None, slash_percentage=None,
              lower_cap=None, claim_batch=None):
    """Owner-only test controls; None leaves the production default. Stakes and caps are wei-QSP."""
    pairs = [("setAuditTimeout", audit_timeout), ("setPoliceTimeoutInBlocks", police_timeout),
             ("setMinAuditStake", min_stake), ("setMaxAssignedRequests", max_assigned),
             ("setPoliceNodesPerReport", police_per_report),
             ("setReportProcessingFeePercentage", fee_percentage), ("setSlashPercentage", slash_percentage),
             ("setMinAuditPriceLowerCap", lower_cap), ("setClaimRewardsBatchLimit", claim_batch)]
    for fn, v in pairs:
        if v is not None:
            audit.transact(owner, fn, int(v))


def setup_node(token: Contract, audit: Contract, owner: Wallet, node: Wallet, stake: int, price: int | None):
    """Give the node `stake` QSP (wei), stake it, and set its minimum price (wei) if given."""
    if stake > 0:
        token.transact(owner, "transfer", node.address, stake)
        token.transact(node, "approve", audit.address, stake)
        audit.transact(node, "stake", stake)
    if price is not None:
        audit.transact(node, "setAuditNodePrice", price)


def fund_requestor(token: Contract, audit: Contract, owner: Wallet, requestor: Wallet, amount: int):
    token.transact(owner, "transfer", requestor.address, amount)
    token.transact(requestor, "approve", audit.address, MAX_UINT)


def queue_request(audit: Contract, requestor: Wallet, uri: str, price: int) -> int:
    """requestAudit(uri, price) from the requestor (which has approved the audit contract); returns the ID."""
    r = audit.transact(requestor, "requestAudit", uri, price)
    for name, args in audit.decode_logs(r):
        if name == "LogAuditRequested":
            return args["requestId"]
    raise RuntimeError(f"no LogAuditRequested in {r['transactionHash']}")


def ensure_requestor_funds(token: Contract, audit: Contract, owner: Wallet | None, requestor: Wallet, need: int):
    bal = token.call("balanceOf", requestor.address)
    allowance = token.call("allowance", requestor.address, audit.address)
    if bal < need:
        if owner is None:
            raise RuntimeError(f"requestor {requestor.address} holds {bal} wei-QSP, needs {need}; pass the owner key")
        token.transact(owner, "transfer", requestor.address, need - bal + 1_000_000 * QSP)
    if allowance < need:
        token.transact(requestor, "approve", audit.address, MAX_UINT)


def build(rpc: str = "http://127.0.0.1:8545", *, nodes: int = 1, police: int = 0, node_price_qsp: float = 0,
          stake_qsp: float | None = None, min_stake_qsp: float | None = None, audit_timeout: int | None = None,
          police_timeout: int | None = None, max_assigned: int | None = None, police_per_report: int | None = None,
          fee_percentage: int | None = None, slash_percentage: int | None = None, lower_cap_qsp: float | None = None,
          claim_batch: int | None = None, requests: list[tuple[str, float]] = (), mine: int = 0,
          seed: bytes | None = None, funder_key: str | None = None) -> Deployment:
    """Fresh deployment: returns a Deployment whose to_json() is the scenario output."""
    client = RpcClient(rpc)
    seed = seed if seed is not None else os.urandom(16)
    funder = funder_wallet(client, funder_key)
    owner = new_account(client, funder, derived_key(seed, "owner"))
    requestor = new_account(client, funder, derived_key(seed, "requestor"))
    node_wallets = [new_account(client, funder, derived_key(seed, "node", i)) for i in range(nodes)]
    police_wallets = [new_account(client, funder, derived_key(seed, "police", i)) for i in range(police)]
    token, audit = deploy_contracts(client, owner)
    min_stake = int(min_stake_qsp * QSP) if min_stake_qsp is not None else None
    configure(audit, owner, audit_timeout=audit_timeout, police_timeout=police_timeout, min_stake=min_stake,
              max_assigned=max_assigned, police_per_report=police_per_report, fee_percentage=fee_percentage,
              slash_percentage=slash_percentage,
              lower_cap=int(lower_cap_qsp * QSP) if lower_cap_qsp is not None else None, claim_batch=claim_batch)
    stake = int(stake_qsp * QSP) if stake_qsp is not None else audit.call("getMinAuditStake")
    price = int(node_price_qsp * QSP)
    for w in node_wallets:
        setup_node(token, audit, owner, w, stake, price)
    for w in police_wallets:
        audit.transact(owner, "addPoliceNode", w.address)
    total = sum(int(p * QSP) for _, p in requests)
    fund_requestor(token, audit, owner, requestor, total + 1_000_000 * QSP)
    dep = Deployment(client, token, audit, owner, requestor, node_wallets, police_wallets, [], seed.hex())
    for uri, p in requests:
        wei = int(p * QSP)
        dep.requests.append({"id": queue_request(audit, requestor, uri, wei), "uri": uri, "price": str(wei)})
    client.mine(mine)
    return dep


def to_json(dep: Deployment) -> dict:
    a = dep.audit
    return {
        "rpc": dep.client.url,
        "chain_id": dep.client.chain_id(),
        "seed": dep.seed,
        "token": dep.token.address,
        "audit": a.address,
        "owner": dep.owner.public(),
        "requestor": dep.requestor.public() if dep.requestor else None,
        "nodes": [dict(w.public(), stake=str(a.call("totalStakedFor", w.address)),
                       price=str(a.call("getMinAuditPrice", w.address))) for w in dep.nodes],
        "police": [w.public() for w in dep.police],
        "requests": dep.requests,
        "config": {
            "audit_timeout": a.call("getAuditTimeoutInBlocks"),
            "police_timeout": a.call("getPoliceTimeoutInBlocks"),
            "police_per_report": a.call("getPoliceNodesPerReport"),
            "fee_percentage": a.call("getReportProcessingFeePercentage"),
            "slash_percentage": a.call("getSlashPercentage"),
            "claim_batch": a.call("getClaimRewardsBatchLimit"),
            "min_stake": str(a.call("getMinAuditStake")),
            "max_assigned": a.call("getMaxAssignedRequests"),
            "lower_cap": str(a.call("getMinAuditPriceLowerCap")),
            "num_police": a.call("numPoliceNodes"),
        },
        "block_number": dep.client.block_number(),
    }
