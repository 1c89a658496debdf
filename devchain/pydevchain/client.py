"""A small synchronous JSON-RPC client, signing wallet and ABI contract wrapper (used by scenario, tests, bench)."""
from __future__ import annotations

import http.client
import json
import threading
import time
import urllib.parse

from eth_abi import decode, encode
from eth_account import Account
from eth_utils import keccak, to_checksum_address

DEFAULT_TIP = 10**9


class RpcClientError(Exception):
    """A JSON-RPC error answer (code, message, data) or a transport failure (code None)."""

    def __init__(self, code, message, data=None):
        super().__init__(f"{message} (code {code})" if code is not None else message)
        self.code = code
        self.message = message
        self.data = data


class RpcClient:
    """Keep-alive HTTP JSON-RPC client; one connection per thread."""

    def __init__(self, url: str = "http://127.0.0.1:8545", timeout: float = 120):
        u = urllib.parse.urlparse(url)
        if u.scheme != "http" or not u.hostname:
            raise ValueError(f"unsupported RPC URL {url!r}: use http://HOST:PORT")
        self.url = url
        self.host, self.port = u.hostname, u.port or 80
        self.path = u.path or "/"
        self.timeout = timeout
        self._local = threading.local()
        self._id = 0

    def _conn(self) -> http.client.HTTPConnection:
        c = getattr(self._local, "conn", None)
        if c is None:
            c = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self._local.conn = c
        return c

    def _post(self, payload) -> object:
        body = json.dumps(payload).encode()
        for attempt in range(2):
            c = self._conn()
            try:
                c.request("POST", self.path, body, {"Content-Type": "application/json"})
                resp = c.getresponse()
                data = resp.read()
                return json.loads(data)
            except (ConnectionError, http.client.HTTPException, OSError) as e:
                c.close()
                self._local.conn = None
                if attempt == 1:
                    raise RpcClientError(None, f"cannot reach {self.url}: {e}") from None
        raise AssertionError("unreachable")

    def raw(self, method: str, params=()) -> dict:
        self._id += 1
        return self._post({"jsonrpc": "2.0", "id": self._id, "method": method, "params": list(params)})

    def call(self, method: str, *params):
        resp = self.raw(method, params)
        if "error" in resp:
            e = resp["error"]
            raise RpcClientError(e.get("code"), e.get("message"), e.get("data"))
        return resp["result"]

    def batch(self, calls: list[tuple]) -> list:
        payload = [{"jsonrpc": "2.0", "id": i, "method": m, "params": list(p)} for i, (m, *p) in enumerate(calls)]
        return self._post(payload)

    # convenience
    def block_number(self) -> int:
        return int(self.call("eth_blockNumber"), 16)

    def chain_id(self) -> int:
        return int(self.call("eth_chainId"), 16)

    def mine(self, n: int = 1):
        if n > 0:
            self.call("evm_mine", hex(n))

    def wait_receipt(self, tx_hash: str, timeout: float = 60) -> dict:
        deadline = time.time() + timeout
        while True:
            r = self.call("eth_getTransactionReceipt", tx_hash)
            if r is not None:
                return r
            if time.time() > deadline:
                raise RpcClientError(None, f"no receipt for {tx_hash} after {timeout}s")
            time.sleep(0.02)


NONCE_ERRORS = ("nonce too low", "already known", "replacement transaction underpriced")


class Wallet:
    """A private key that signs and sends EIP-1559 (default) or legacy transactions."""

    def __init__(self, client: RpcClient, private_key: str | bytes):
        self.client = client
        self.account = Account.from_key(private_key)
        self.address = self.account.address
        self.private_key = "0x" + bytes(self.account.key).hex()
        self._nonce = None
        self._chain_id = None

    def public(self) -> dict:
        return {"address": self.address, "private_key": self.private_key}

    def chain_id(self) -> int:
        if self._chain_id is None:
            self._chain_id = self.client.chain_id()
        return self._chain_id

    def sign(self, to: str | None, data: bytes = b"", value: int = 0, gas: int | None = None,
             legacy: bool = False, nonce: int | None = None, chain_id: int | None = None,
             max_fee: int | None = None, tip: int = DEFAULT_TIP, gas_price: int | None = None) -> tuple[bytes, int]:
        if gas is None:
            est = {"from": self.address, "data": "0x" + data.hex(), "value": hex(value)}
            if to:
                est["to"] = to
            gas = int(int(self.client.call("eth_estimateGas", est), 16) * 1.25) + 5000
        if nonce is None:
            nonce = self._next_nonce()
        tx = {"nonce": nonce, "gas": gas, "value": value, "data": data,
              "chainId": self.chain_id() if chain_id is None else chain_id}
        if to:
            tx["to"] = to_checksum_address(to)
        if legacy:
            tx["gasPrice"] = gas_price if gas_price is not None else int(self.client.call("eth_gasPrice"), 16)
        else:
            if max_fee is None:
                base = int(self.client.call("eth_getBlockByNumber", "latest", False)["baseFeePerGas"], 16)
                max_fee = 2 * base + tip
            tx["maxFeePerGas"] = max_fee
            tx["maxPriorityFeePerGas"] = tip
            tx["type"] = 2
        signed = Account.sign_transaction(tx, self.account.key)
        return bytes(signed.raw_transaction), nonce

    def _next_nonce(self) -> int:
        if self._nonce is None:
            self._nonce = int(self.client.call("eth_getTransactionCount", self.address, "pending"), 16)
        n = self._nonce
        self._nonce += 1
        return n

    def reset_nonce(self):
        self._nonce = None

    def send(self, to: str | None, data: bytes = b"", value: int = 0, gas: int | None = None,
             legacy: bool = False, wait: bool = True, retries: int = 5) -> dict | str:
        """Sign and send; on a nonce race (a shared funder account) re-read the nonce and retry."""
        for attempt in range(retries + 1):
            try:
                raw, _ = self.sign(to, data, value, gas, legacy)
                h = self.client.call("eth_sendRawTransaction", "0x" + raw.hex())
                break
            except RpcClientError as e:
                if attempt < retries and e.message and e.message.startswith(NONCE_ERRORS):
                    self.reset_nonce()
                    time.sleep(0.01 * (attempt + 1))
                    continue
                self.reset_nonce()
                raise
        if not wait:
            return h
        return self.client.wait_receipt(h)


def _canon(t: dict) -> str:
    """Canonical ABI type, expanding tuples."""
    if t["type"].startswith("tuple"):
        return "(" + ",".join(_canon(c) for c in t["components"]) + ")" + t["type"][5:]
    return t["type"]


class Contract:
    """A deployed contract with its ABI: encode calls, eth_call, send transactions, decode logs."""

    def __init__(self, client: RpcClient, address: str, abi: list):
        self.client = client
        self.address = to_checksum_address(address)
        self.abi = abi
        self.functions: dict[str, dict] = {}
        self.events: dict[str, dict] = {}  # topic0 hex -> event
        for e in abi:
            if e.get("type") == "function":
                e = dict(e)
                e["_sig"] = e["name"] + "(" + ",".join(_canon(i) for i in e["inputs"]) + ")"
                e["_selector"] = keccak(text=e["_sig"])[:4]
                self.functions.setdefault(e["name"], e)
                self.functions[e["_sig"]] = e
            elif e.get("type") == "event":
                sig = e["name"] + "(" + ",".join(_canon(i) for i in e["inputs"]) + ")"
                self.events["0x" + keccak(text=sig).hex()] = e

    def encode(self, name: str, *args) -> bytes:
        f = self.functions[name]
        return f["_selector"] + encode([_canon(i) for i in f["inputs"]], list(args))

    def call(self, name: str, *args, sender: str | None = None, block="latest"):
        f = self.functions[name]
        obj = {"to": self.address, "data": "0x" + self.encode(name, *args).hex()}
        if sender:
            obj["from"] = sender
        out = bytes.fromhex(self.client.call("eth_call", obj, block)[2:])
        vals = decode([_canon(o) for o in f["outputs"]], out)
        return vals[0] if len(vals) == 1 else tuple(vals)

    def transact(self, wallet: Wallet, name: str, *args, gas: int | None = None, legacy: bool = False,
                 wait: bool = True, check: bool = True):
        r = wallet.send(self.address, self.encode(name, *args), gas=gas, legacy=legacy, wait=wait)
        if wait and check and r["status"] != "0x1":
            raise RpcClientError(None, f"{name} reverted in tx {r['transactionHash']}")
        return r

    def decode_logs(self, receipt_or_logs) -> list[tuple[str, dict]]:
        logs = receipt_or_logs["logs"] if isinstance(receipt_or_logs, dict) else receipt_or_logs
        out = []
        for lg in logs:
            if lg["address"].lower() != self.address.lower() or not lg["topics"]:
                continue
            ev = self.events.get(lg["topics"][0])
            if ev is None:
                continue
            indexed = [i for i in ev["inputs"] if i.get("indexed")]
            plain = [i for i in ev["inputs"] if not i.get("indexed")]
            vals = decode([_canon(i) for i in plain], bytes.fromhex(lg["data"][2:]))
            args = dict(zip([i["name"] for i in plain], vals))
            for i, t in zip(indexed, lg["topics"][1:]):
                args[i["name"]] = decode([_canon(i)], bytes.fromhex(t[2:]))[0]
            args["_log"] = lg
            out.append((ev["name"], args))
        return out

    def event_names(self, receipt) -> list[str]:
        return [n for n, _ in self.decode_logs(receipt)]


def deploy(wallet: Wallet, abi: list, bytecode_hex: str, ctor_types: list[str] = (), ctor_args: list = ()) -> Contract:
    data = bytes.fromhex(bytecode_hex.strip().removeprefix("0x")) + encode(list(ctor_types), list(ctor_args))
    r = wallet.send(None, data)
    if r["status"] != "0x1" or not r.get("contractAddress"):
        raise RpcClientError(None, f"deployment failed in tx {r['transactionHash']}")
    return Contract(wallet.client, r["contractAddress"], abi)
