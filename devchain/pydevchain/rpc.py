"""JSON-RPC 2.0 method dispatch over a DevChain (one lock around every chain operation)."""
from __future__ import annotations

import json
import os
import threading
import time

from eth_account import Account

from .chain import DevChain, TxRecord
from .errors import RpcError
from .hexfmt import haddr, hq, hx
from .params import param, p_address, p_bool, p_call, p_data, p_hash, p_quantity, p_tag
from .shapes import block_json, block_rewards, next_base_fee, tx_json

CLIENT_VERSION = "qsp-devchain/1.0.0/py-evm"
MAX_LOG_RANGE = 100_000
MAX_BATCH = 1000
# Diagnostic (benchmarks/node/bench_node.py --chain-trace): one line per call with the method, when it arrived, when
# it got the chain lock, when it released it (monotonic seconds), the CPU its thread spent holding it, and the wall-clock
# time it arrived (to line the trace up with a node's log).
_TRACE_PATH = os.environ.get("QSP_DEVCHAIN_TRACE")
_TRACE = open(_TRACE_PATH, "a", buffering=1) if _TRACE_PATH else None


# ---------------------------------------------------------------- the dispatcher
class Rpc:
    """Maps JSON-RPC requests to DevChain operations."""

    def __init__(self, chain: DevChain):
        self.chain = chain
        self.lock = threading.Lock()
        self.methods = {
            name[3:]: getattr(self, name) for name in dir(self) if name.startswith("m__")
        }
        # names with dots/underscores mapped explicitly
        self.methods = {k.replace("__", "_"): v for k, v in self.methods.items()}

    # --- plumbing
    def handle_body(self, body: bytes) -> bytes | None:
        try:
            req = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return _dump(_err(None, RpcError(-32700, "parse error")))
        if isinstance(req, list):
            if not req:
                return _dump(_err(None, RpcError(-32600, "empty batch")))
            if len(req) > MAX_BATCH:
                return _dump(_err(None, RpcError(-32600, f"batch too large (max {MAX_BATCH})")))
            out = [r for r in (self.handle_one(x) for x in req) if r is not None]
            return _dump(out)
        resp = self.handle_one(req)
        return _dump(resp) if resp is not None else b""

    def handle_one(self, req):
        if not isinstance(req, dict) or not isinstance(req.get("method"), str):
            return _err(req.get("id") if isinstance(req, dict) else None, RpcError(-32600, "invalid request"))
        rid = req.get("id")
        is_notification = "id" not in req
        method = req["method"]
        params = req.get("params", [])
        if params is None:
            params = []
        if not isinstance(params, list):
            return _err(rid, RpcError(-32602, "invalid params: expected an array"))
        fn = self.methods.get(method)
        if fn is None:
            return _err(rid, RpcError(-32601, f"the method {method} does not exist/is not available"))
        try:
            arrived, wall = time.monotonic(), time.time()
            with self.lock:
                acquired, cpu = time.monotonic(), time.thread_time()
                result = fn(params)
                released, cpu = time.monotonic(), time.thread_time() - cpu
            if _TRACE is not None:
                _TRACE.write(f"{method} {arrived:.6f} {acquired:.6f} {released:.6f} {cpu:.6f} {wall:.6f}\n")
        except RpcError as e:
            return _err(rid, e)
        except (KeyError, TypeError, IndexError, ValueError) as e:
            return _err(rid, RpcError(-32602, f"invalid params: {e.__class__.__name__}: {e}"))
        except Exception as e:  # noqa: BLE001 - report, never crash the server
            return _err(rid, RpcError(-32603, f"internal error: {e.__class__.__name__}: {e}"))
        if is_notification:
            return None
        return {"jsonrpc": "2.0", "id": rid, "result": result}

    # --- web3 / net
    def m__web3__clientVersion(self, p):
        return CLIENT_VERSION

    def m__net__version(self, p):
        return str(self.chain.chain_id)

    def m__net__listening(self, p):
        return True

    def m__net__peerCount(self, p):
        return "0x0"

    def m__eth__chainId(self, p):
        return hq(self.chain.chain_id)

    def m__eth__syncing(self, p):
        return False

    def m__eth__accounts(self, p):
        return [haddr(a) for a in self.chain.accounts]

    def m__eth__blockNumber(self, p):
        return hq(self.chain.head.number)

    def m__eth__gasPrice(self, p):
        return hq(self.chain.next_base_fee() + 10**9)

    def m__eth__maxPriorityFeePerGas(self, p):
        return hq(10**9)

    def m__eth__getBlockByNumber(self, p):
        tag = p_tag(param(p, 0, required=True))
        full = p_bool(param(p, 1, False), "fullTransactions")
        n = self.chain.resolve_number(tag)
        if n is None or n < 0 or n > self.chain.head.number:
            return None
        return block_json(self.chain, self.chain.blocks[n], full)

    def m__eth__getBlockByHash(self, p):
        h = p_hash(param(p, 0, required=True), "block hash")
        full = p_bool(param(p, 1, False), "fullTransactions")
        rec = self.chain.blocks_by_hash.get(h)
        if rec is None:
            return None
        return block_json(self.chain, rec, full)

    def m__eth__getBlockTransactionCountByNumber(self, p):
        n = self.chain.resolve_number(p_tag(param(p, 0, required=True)))
        if n > self.chain.head.number:
            return None
        return hq(len(self.chain.blocks[n].tx_hashes))

    def m__eth__getBalance(self, p):
        a = p_address(param(p, 0, required=True))
        return hq(self.chain.state_at(p_tag(param(p, 1))).get_balance(a))

    def m__eth__getCode(self, p):
        a = p_address(param(p, 0, required=True))
        return hx(self.chain.state_at(p_tag(param(p, 1))).get_code(a))

    def m__eth__getStorageAt(self, p):
        a = p_address(param(p, 0, required=True))
        slot = p_quantity(param(p, 1, required=True), "slot")
        v = self.chain.state_at(p_tag(param(p, 2))).get_storage(a, slot)
        return "0x" + v.to_bytes(32, "big").hex()

    def m__eth__getTransactionCount(self, p):
        a = p_address(param(p, 0, required=True))
        tag = p_tag(param(p, 1))
        if tag == "pending":
            return hq(self.chain.pending_nonce(a))
        return hq(self.chain.state_at(tag).get_nonce(a))

    def m__eth__call(self, p):
        sender, to, gas, value, data = p_call(param(p, 0, required=True))
        return hx(self.chain.call(sender, to, gas, value, data, p_tag(param(p, 1))))

    def m__eth__estimateGas(self, p):
        sender, to, gas, value, data = p_call(param(p, 0, required=True))
        return hq(self.chain.estimate_gas(sender, to, value, data, p_tag(param(p, 1))))

    def m__eth__sendRawTransaction(self, p):
        raw = p_data(param(p, 0, required=True), "raw transaction")
        return hx(self.chain.send_raw(raw))

    def m__eth__sendTransaction(self, p):
        """Dev convenience: the server signs for its own dev accounts (EIP-1559 unless gasPrice is given)."""
        obj = param(p, 0, required=True)
        if not isinstance(obj, dict) or not obj.get("from"):
            raise RpcError(-32602, "invalid argument 0: transaction object with from expected")
        sender, to, gas, value, data = p_call(obj)
        key = dict(zip(self.chain.accounts, self.chain.private_keys)).get(sender)
        if key is None:
            raise RpcError(-32000, "unknown account")
        chain = self.chain
        if gas is None:
            gas = chain.estimate_gas(sender, to, value, data)
        nonce = p_quantity(obj["nonce"], "nonce") if obj.get("nonce") is not None else chain.pending_nonce(sender)
        tx = {"nonce": nonce, "gas": gas, "value": value, "data": data, "chainId": chain.chain_id}
        if to is not None:
            tx["to"] = "0x" + to.hex()
        if obj.get("gasPrice") is not None:
            tx["gasPrice"] = p_quantity(obj["gasPrice"], "gasPrice")
        else:
            tip = p_quantity(obj["maxPriorityFeePerGas"], "maxPriorityFeePerGas") \
                if obj.get("maxPriorityFeePerGas") is not None else 10**9
            tx["maxPriorityFeePerGas"] = tip
            tx["maxFeePerGas"] = p_quantity(obj["maxFeePerGas"], "maxFeePerGas") \
                if obj.get("maxFeePerGas") is not None else 2 * chain.next_base_fee() + tip
            tx["type"] = 2
        raw = bytes(Account.sign_transaction(tx, key).raw_transaction)
        return hx(chain.send_raw(raw))

    def m__eth__getTransactionReceipt(self, p):
        h = p_hash(param(p, 0, required=True), "transaction hash")
        rec = self.chain.txs.get(h)
        return rec.receipt if rec is not None else None

    def m__eth__getTransactionByHash(self, p):
        h = p_hash(param(p, 0, required=True), "transaction hash")
        rec = self.chain.txs.get(h)
        if rec is not None:
            return tx_json(self.chain, rec)
        entry = self.chain.pool.get(h)
        if entry is not None:
            return tx_json(self.chain, TxRecord(entry.tx, entry.sender, None, None, None))
        return None

    def m__eth__getLogs(self, p):
        f = param(p, 0, {})
        if not isinstance(f, dict):
            raise RpcError(-32602, "invalid argument 0: filter object expected")
        chain = self.chain
        if f.get("blockHash") is not None:
            if f.get("fromBlock") is not None or f.get("toBlock") is not None:
                raise RpcError(-32602, "invalid argument 0: cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other")
            rec = chain.blocks_by_hash.get(p_hash(f["blockHash"], "blockHash"))
            if rec is None:
                raise RpcError(-32000, "unknown block")
            lo = hi = rec.number
        else:
            lo = chain.resolve_number(p_tag(f.get("fromBlock")))
            hi = chain.resolve_number(p_tag(f.get("toBlock")))
            if lo > hi:
                raise RpcError(-32000, "invalid block range params")
            hi = min(hi, chain.head.number)
            if hi - lo > MAX_LOG_RANGE:
                raise RpcError(-32005, f"query block range exceeds {MAX_LOG_RANGE} blocks")
        addresses = None
        if f.get("address") is not None:
            raw = f["address"]
            raw = raw if isinstance(raw, list) else [raw]
            addresses = {haddr(p_address(a)) for a in raw}
        topics = None
        if f.get("topics") is not None:
            if not isinstance(f["topics"], list) or len(f["topics"]) > 4:
                raise RpcError(-32602, "invalid argument 0: topics must be a list of at most 4 entries")
            topics = []
            for t in f["topics"]:
                if t is None or t == []:
                    topics.append(None)
                elif isinstance(t, list):
                    topics.append({hx(p_hash(x, "topic")) for x in t if x is not None} if None not in t else None)
                else:
                    topics.append({hx(p_hash(t, "topic"))})
        return chain.get_logs(lo, hi, addresses, topics)

    def m__eth__feeHistory(self, p):
        count = p_quantity(param(p, 0, required=True), "blockCount")
        newest = self.chain.resolve_number(p_tag(param(p, 1, required=True)))
        pcts = param(p, 2, [])
        if not isinstance(pcts, list) or any(not isinstance(x, (int, float)) or x < 0 or x > 100 for x in pcts):
            raise RpcError(-32602, "invalid reward percentile")
        if any(b < a for a, b in zip(pcts, pcts[1:])):
            raise RpcError(-32602, "invalid reward percentile: must be ascending")
        chain = self.chain
        newest = min(newest, chain.head.number)
        count = max(0, min(count, 1024, newest + 1))
        if count == 0:
            return {"oldestBlock": hq(0), "baseFeePerGas": [], "gasUsedRatio": [], "reward": []} if pcts else \
                {"oldestBlock": hq(0), "baseFeePerGas": [], "gasUsedRatio": []}
        oldest = newest - count + 1
        base_fees, ratios, rewards = [], [], []
        for n in range(oldest, newest + 1):
            rec = chain.blocks[n]
            h = rec.header
            base_fees.append(hq(h.base_fee_per_gas))
            ratios.append(h.gas_used / h.gas_limit if h.gas_limit else 0.0)
            if pcts:
                rewards.append([hq(x) for x in block_rewards(chain, rec, pcts)])
        base_fees.append(hq(next_base_fee(chain.blocks[newest].header)))
        out = {"oldestBlock": hq(oldest), "baseFeePerGas": base_fees, "gasUsedRatio": ratios}
        if pcts:
            out["reward"] = rewards
        return out

    # --- dev methods
    def m__evm__mine(self, p):
        arg = param(p, 0, None)
        count = 1
        if isinstance(arg, dict):
            count = p_quantity(arg.get("blocks", 1), "blocks")
        elif arg is not None:
            count = p_quantity(arg, "count")
        if count > 50_000:
            raise RpcError(-32602, "invalid argument: at most 50000 blocks per call")
        self.chain.mine(max(count, 1))
        return "0x0"

    def m__hardhat__mine(self, p):
        return self.m__evm__mine(p)

    def m__anvil__mine(self, p):
        return self.m__evm__mine(p)

    def m__evm__snapshot(self, p):
        return hq(self.chain.snapshot())

    def m__evm__revert(self, p):
        return self.chain.revert(p_quantity(param(p, 0, required=True), "snapshot id"))

    def m__evm__setAutomine(self, p):
        self.chain.automine = p_bool(param(p, 0, required=True), "automine")
        if self.chain.automine and self.chain._executable():
            self.chain.mine(1)
        return True

    def m__miner__start(self, p):
        return self.m__evm__setAutomine([True])

    def m__miner__stop(self, p):
        return self.m__evm__setAutomine([False])

    def m__evm__increaseTime(self, p):
        secs = p_quantity(param(p, 0, required=True), "seconds")
        if secs > 10 * 365 * 86400:
            raise RpcError(-32602, "invalid argument: at most 10 years")
        return hq(self.chain.increase_time(secs))

    def m__txpool__content(self, p):
        pending = {}
        for e in self.chain.pool.values():
            pending.setdefault(haddr(e.sender), {})[str(e.tx.nonce)] = tx_json(self.chain, TxRecord(e.tx, e.sender, None, None, None))
        return {"pending": pending, "queued": {}}


def _err(rid, e: RpcError) -> dict:
    return {"jsonrpc": "2.0", "id": rid, "error": e.to_json()}


def _dump(obj) -> bytes:
    return json.dumps(obj, separators=(",", ":")).encode()

