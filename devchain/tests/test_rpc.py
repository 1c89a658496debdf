"""devchain/serve JSON-RPC behaviour: shapes, geth-like errors, tx validation, logs, snapshots, fee history."""
import http.client
import json
import threading
import urllib.parse

import pytest
import rlp
from eth_account import Account
from eth_utils import keccak

from pydevchain.client import RpcClientError, Wallet

GWEI = 10**9
TRANSFER_TOPIC = "0x" + keccak(text="Transfer(address,address,uint256)").hex()


def post(url, body: bytes):
    u = urllib.parse.urlparse(url)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    c.request("POST", "/", body, {"Content-Type": "application/json"})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, (json.loads(data) if data else None)


def err(client, method, *params):
    with pytest.raises(RpcClientError) as e:
        client.call(method, *params)
    return e.value


def signed(key, chain_id=1337, nonce=0, to="0x" + "11" * 20, value=1, gas=21000, legacy=False,
           max_fee=100 * GWEI, tip=GWEI, gas_price=100 * GWEI, data=b""):
    tx = {"nonce": nonce, "to": to, "value": value, "gas": gas, "data": data}
    if chain_id is not None:
        tx["chainId"] = chain_id
    if legacy:
        tx["gasPrice"] = gas_price
    else:
        tx.update(maxFeePerGas=max_fee, maxPriorityFeePerGas=tip, type=2)
    return "0x" + bytes(Account.sign_transaction(tx, key).raw_transaction).hex()


def nonce_of(client, addr, tag="latest"):
    return int(client.call("eth_getTransactionCount", addr, tag), 16)


@pytest.fixture
def key(dev_keys):
    return dev_keys[3]


@pytest.fixture
def addr(key):
    return Account.from_key(key).address


def test_basics(client, devchain_url):
    assert client.call("eth_chainId") == "0x539"
    assert client.call("net_version") == "1337"
    assert client.call("web3_clientVersion").startswith("qsp-devchain/")
    assert int(client.call("eth_gasPrice"), 16) > 0
    assert client.call("eth_maxPriorityFeePerGas") == hex(GWEI)
    latest = client.call("eth_getBlockByNumber", "latest", False)
    for f in ("number", "hash", "parentHash", "timestamp", "baseFeePerGas", "gasLimit", "gasUsed", "transactions"):
        assert f in latest
    if int(latest["number"], 16) > 0:
        parent = client.call("eth_getBlockByNumber", hex(int(latest["number"], 16) - 1), False)
        assert parent["hash"] == latest["parentHash"]
        assert int(parent["timestamp"], 16) < int(latest["timestamp"], 16)
    assert client.call("eth_getBlockByHash", latest["hash"], False)["number"] == latest["number"]
    assert client.call("eth_getBlockByNumber", "0xffffff", False) is None
    assert client.call("eth_getBlockByHash", "0x" + "00" * 32, False) is None
    assert client.call("eth_getTransactionReceipt", "0x" + "00" * 32) is None
    assert client.call("eth_getTransactionByHash", "0x" + "00" * 32) is None


def test_jsonrpc_errors_and_batch(devchain_url):
    assert post(devchain_url, b"{bad json")[1]["error"]["code"] == -32700
    _, r = post(devchain_url, json.dumps({"jsonrpc": "2.0", "id": 7, "method": "eth_nope", "params": []}).encode())
    assert r["id"] == 7 and r["error"]["code"] == -32601
    _, r = post(devchain_url, json.dumps({"jsonrpc": "2.0", "id": 8, "method": "eth_getBalance",
                                          "params": ["xyz", "latest"]}).encode())
    assert r["error"]["code"] == -32602
    _, r = post(devchain_url, json.dumps({"jsonrpc": "2.0", "id": 9, "method": "eth_getBalance",
                                          "params": "notalist"}).encode())
    assert r["error"]["code"] == -32602
    _, r = post(devchain_url, b"[]")
    assert r["error"]["code"] == -32600
    batch = [{"jsonrpc": "2.0", "id": 1, "method": "eth_chainId", "params": []},
             {"jsonrpc": "2.0", "id": 2, "method": "nope", "params": []},
             {"jsonrpc": "2.0", "method": "eth_blockNumber", "params": []},          # notification: no answer
             {"jsonrpc": "2.0", "id": 3, "method": "eth_blockNumber"}]
    _, r = post(devchain_url, json.dumps(batch).encode())
    assert [x["id"] for x in r] == [1, 2, 3]
    assert r[0]["result"] == "0x539" and r[1]["error"]["code"] == -32601 and r[2]["result"].startswith("0x")


def test_send_legacy_155_pre155_and_1559(client, key, addr, snap):
    n = nonce_of(client, addr)
    h1 = client.call("eth_sendRawTransaction", signed(key, nonce=n, legacy=True))
    h2 = client.call("eth_sendRawTransaction", signed(key, nonce=n + 1, legacy=True, chain_id=None))
    h3 = client.call("eth_sendRawTransaction", signed(key, nonce=n + 2))
    r1, r2, r3 = (client.call("eth_getTransactionReceipt", h) for h in (h1, h2, h3))
    assert [r["type"] for r in (r1, r2, r3)] == ["0x0", "0x0", "0x2"]
    assert all(r["status"] == "0x1" and r["gasUsed"] == hex(21000) for r in (r1, r2, r3))
    assert r1["effectiveGasPrice"] == hex(100 * GWEI)
    base = int(client.call("eth_getBlockByNumber", r3["blockNumber"], False)["baseFeePerGas"], 16)
    assert int(r3["effectiveGasPrice"], 16) == min(100 * GWEI, base + GWEI)
    t3 = client.call("eth_getTransactionByHash", h3)
    assert t3["maxFeePerGas"] == hex(100 * GWEI) and t3["chainId"] == "0x539" and t3["type"] == "0x2"
    assert t3["from"].lower() == addr.lower() and t3["blockHash"] == r3["blockHash"]
    assert client.call("eth_getTransactionByHash", h2)["v"] in ("0x1b", "0x1c")
    full = client.call("eth_getBlockByNumber", r3["blockNumber"], True)
    assert full["transactions"][0]["hash"] == h3
    assert nonce_of(client, addr) == n + 3


def test_send_raw_rejections(client, key, addr, dev_keys, snap):
    n = nonce_of(client, addr)
    for legacy in (True, False):
        e = err(client, "eth_sendRawTransaction", signed(key, nonce=n, chain_id=1, legacy=legacy))
        assert e.code == -32000 and e.message.startswith("invalid sender") and "invalid chain id" in e.message
    fields = rlp.decode(bytes.fromhex(signed(key, nonce=n, legacy=True)[2:]))
    fields[7] = b""                                                       # r = 0: no valid signature
    e = err(client, "eth_sendRawTransaction", "0x" + rlp.encode(fields).hex())
    assert e.message == "invalid sender"
    raw = signed(key, nonce=n)
    client.call("eth_sendRawTransaction", raw)
    assert err(client, "eth_sendRawTransaction", raw).message == "already known"
    e = err(client, "eth_sendRawTransaction", signed(key, nonce=n, value=2))
    assert e.message.startswith("nonce too low")
    broke = Account.create()
    e = err(client, "eth_sendRawTransaction", signed(broke.key, nonce=0))
    assert e.message.startswith("insufficient funds for gas * price + value")
    e = err(client, "eth_sendRawTransaction", signed(key, nonce=n + 1, gas=20000))
    assert e.message.startswith("intrinsic gas too low")
    e = err(client, "eth_sendRawTransaction", signed(key, nonce=n + 1, max_fee=1, tip=1))
    assert e.message.startswith("max fee per gas less than block base fee")
    e = err(client, "eth_sendRawTransaction", signed(key, nonce=n + 1, gas=10**9))
    assert e.message == "exceeds block gas limit"
    assert err(client, "eth_sendRawTransaction", "0x05aabb").message == "transaction type not supported"
    assert err(client, "eth_sendRawTransaction", "0xzz").code == -32602


def test_pool_with_automine_off_and_replacement(client, key, addr, snap):
    client.call("evm_setAutomine", False)
    n = nonce_of(client, addr)
    start = client.block_number()
    h1 = client.call("eth_sendRawTransaction", signed(key, nonce=n, max_fee=100 * GWEI, tip=10 * GWEI))
    assert client.call("eth_getTransactionReceipt", h1) is None
    assert client.call("eth_getTransactionByHash", h1)["blockNumber"] is None
    assert nonce_of(client, addr, "pending") == n + 1 and nonce_of(client, addr) == n
    e = err(client, "eth_sendRawTransaction", signed(key, nonce=n, value=5, max_fee=105 * GWEI, tip=10 * GWEI))
    assert e.message == "replacement transaction underpriced"
    h2 = client.call("eth_sendRawTransaction", signed(key, nonce=n, value=6, max_fee=110 * GWEI, tip=11 * GWEI))
    h3 = client.call("eth_sendRawTransaction", signed(key, nonce=n + 1, value=7))
    assert client.block_number() == start
    client.call("evm_mine")
    assert client.block_number() == start + 1
    assert client.call("eth_getTransactionReceipt", h1) is None                # replaced
    r2 = client.call("eth_getTransactionReceipt", h2)
    r3 = client.call("eth_getTransactionReceipt", h3)
    assert r2["blockNumber"] == r3["blockNumber"] == hex(start + 1)
    assert (r2["transactionIndex"], r3["transactionIndex"]) == ("0x0", "0x1")
    assert int(r3["cumulativeGasUsed"], 16) == 42000
    client.call("evm_mine", "0x3")
    assert client.block_number() == start + 4


def test_call_revert_shape_and_estimate(client, dep):
    token = dep.token
    stranger = "0x" + "22" * 20
    data = token.encode("transfer", "0x" + "33" * 20, 5)
    e = err(client, "eth_call", {"from": stranger, "to": token.address, "data": "0x" + data.hex()}, "latest")
    assert e.code == 3 and e.message == "execution reverted: insufficient balance"
    assert e.data.startswith("0x08c379a0")
    e = err(client, "eth_estimateGas", {"from": stranger, "to": token.address, "data": "0x" + data.hex()})
    assert e.code == 3 and e.data.startswith("0x08c379a0")
    owner = dep.owner.address
    est = int(client.call("eth_estimateGas", {"from": owner, "to": token.address, "data": "0x" + data.hex()}), 16)
    assert 21000 < est < 100000
    assert client.call("eth_estimateGas", {"from": owner, "to": stranger, "value": "0x1"}) == hex(21000)
    # from matters; block tags work; a zero-balance caller is fine for eth_call
    bal = dep.token.call("balanceOf", owner)
    assert bal > 0
    head = client.block_number()
    out = client.call("eth_call", {"to": token.address, "data": "0x" + token.encode("balanceOf", owner).hex()},
                      hex(head))
    assert int(out, 16) == bal
    assert client.call("eth_getCode", token.address, "latest").startswith("0x") and \
        len(client.call("eth_getCode", token.address)) > 100
    assert client.call("eth_getCode", token.address, "earliest") == "0x"


def test_get_logs_filters(client, dep):
    token = dep.token
    a, b = dep.nodes[0].address, dep.nodes[1].address
    start = client.block_number() + 1
    r1 = token.transact(dep.owner, "transfer", a, 1)
    r2 = token.transact(dep.owner, "transfer", b, 2)
    r3 = token.transact(dep.nodes[0], "approve", b, 3)
    end = client.block_number()
    rng = {"fromBlock": hex(start), "toBlock": hex(end)}
    logs = client.call("eth_getLogs", dict(rng, address=token.address))
    assert len(logs) == 3
    assert [lg["transactionHash"] for lg in logs] == [r1["transactionHash"], r2["transactionHash"],
                                                       r3["transactionHash"]]
    assert client.call("eth_getLogs", dict(rng, address=[token.address.lower(), dep.audit.address])) == logs
    assert client.call("eth_getLogs", dict(rng, address="0x" + "44" * 20)) == []
    transfers = client.call("eth_getLogs", dict(rng, topics=[TRANSFER_TOPIC]))
    assert len(transfers) == 2
    to_b = "0x" + "00" * 12 + b[2:].lower()
    only_b = client.call("eth_getLogs", dict(rng, topics=[TRANSFER_TOPIC, None, to_b]))
    assert [lg["transactionHash"] for lg in only_b] == [r2["transactionHash"]]
    to_a = "0x" + "00" * 12 + a[2:].lower()
    either = client.call("eth_getLogs", dict(rng, topics=[None, None, [to_a, to_b]]))
    assert len(either) == 3                                                    # approve's spender topic is b
    assert client.call("eth_getLogs", dict(rng, topics=[TRANSFER_TOPIC, None, None, None])) == []
    by_hash = client.call("eth_getLogs", {"blockHash": r2["blockHash"]})
    assert by_hash == r2["logs"] and by_hash[0]["blockHash"] == r2["blockHash"]
    assert by_hash[0]["logIndex"] == "0x0" and by_hash[0]["removed"] is False
    assert client.call("eth_getLogs", {"fromBlock": "latest", "address": token.address}) in ([], logs[-1:])
    assert err(client, "eth_getLogs", {"fromBlock": hex(end), "toBlock": hex(start - 1)}).code == -32000
    assert err(client, "eth_getLogs", {"blockHash": r2["blockHash"], "fromBlock": "0x1"}).code == -32602


def test_snapshot_revert_gives_new_hashes(client, key, addr):
    sid = client.call("evm_snapshot")
    h = client.block_number()
    tx = client.call("eth_sendRawTransaction", signed(key, nonce=nonce_of(client, addr)))
    client.call("evm_mine", "0x2")
    old = [client.call("eth_getBlockByNumber", hex(h + i), False)["hash"] for i in (1, 2, 3)]
    assert client.call("evm_revert", sid) is True
    assert client.block_number() == h
    assert client.call("eth_getTransactionReceipt", tx) is None
    assert client.call("eth_getBlockByHash", old[0], False) is None
    assert client.call("eth_getBlockByNumber", hex(h + 1), False) is None
    client.call("evm_mine", "0x3")
    new = [client.call("eth_getBlockByNumber", hex(h + i), False) for i in (1, 2, 3)]
    assert [b["hash"] for b in new] != old and all(b["hash"] not in old for b in new)
    assert new[0]["parentHash"] == client.call("eth_getBlockByNumber", hex(h), False)["hash"]
    assert client.call("evm_revert", sid) is False                             # used up
    assert client.call("evm_revert", "0x999") is False


def test_fee_history(client, key, addr, snap):
    n = nonce_of(client, addr)
    client.call("eth_sendRawTransaction", signed(key, nonce=n, tip=2 * GWEI))
    client.call("eth_sendRawTransaction", signed(key, nonce=n + 1, tip=3 * GWEI))
    head = client.block_number()
    fh = client.call("eth_feeHistory", "0x4", "latest", [10, 90])
    assert fh["oldestBlock"] == hex(head - 3)
    assert len(fh["baseFeePerGas"]) == 5 and len(fh["gasUsedRatio"]) == 4 and len(fh["reward"]) == 4
    for i, n_ in enumerate(range(head - 3, head + 1)):
        blk = client.call("eth_getBlockByNumber", hex(n_), False)
        assert fh["baseFeePerGas"][i] == blk["baseFeePerGas"]
        assert fh["gasUsedRatio"][i] == int(blk["gasUsed"], 16) / int(blk["gasLimit"], 16)
    assert fh["reward"][-1] == [hex(3 * GWEI), hex(3 * GWEI)]
    client.call("evm_mine")
    nxt = client.call("eth_getBlockByNumber", "latest", False)["baseFeePerGas"]
    assert fh["baseFeePerGas"][-1] == nxt
    assert "reward" not in client.call("eth_feeHistory", "0x2", "latest", [])
    assert err(client, "eth_feeHistory", "0x2", "latest", [90, 10]).code == -32602


def test_balance_nonce_and_time(client, key, addr, snap):
    bal = int(client.call("eth_getBalance", addr, "latest"), 16)
    assert bal > 0 and client.call("eth_getBalance", "0x" + "55" * 20, "latest") == "0x0"
    assert client.call("eth_getBalance", addr, "earliest") == hex(10**24)
    before = int(client.call("eth_getBlockByNumber", "latest", False)["timestamp"], 16)
    client.call("evm_increaseTime", "0xe10")
    client.call("evm_mine")
    after = int(client.call("eth_getBlockByNumber", "latest", False)["timestamp"], 16)
    assert after - before >= 3600


def test_concurrent_clients(client, devchain_url, dev_keys, snap):
    from pydevchain.client import RpcClient
    errors = []

    def worker(k):
        try:
            w = Wallet(RpcClient(devchain_url), k)
            for _ in range(5):
                w.send("0x" + "66" * 20, value=1, gas=21000)
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(dev_keys[i],)) for i in (5, 6, 7)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert client.call("eth_getBalance", "0x" + "66" * 20, "latest") == hex(15)


def test_misc_methods_and_bad_params(client, devchain_url, snap):
    accounts = client.call("eth_accounts")
    assert len(accounts) == 10 and all(a.startswith("0x") and len(a) == 42 for a in accounts)
    h = client.block_number()
    client.call("evm_mine", {"blocks": 2})
    client.call("hardhat_mine", "0x3")
    assert client.block_number() == h + 5
    assert err(client, "evm_mine", "0xc351").code == -32602                    # > 50,000 blocks
    assert err(client, "eth_getBlockByNumber", "newest", False).code == -32602
    assert err(client, "eth_getBlockByNumber", "0x1", "yes").code == -32602
    assert err(client, "eth_getLogs", {"topics": [None] * 5}).code == -32602
    assert err(client, "eth_getLogs", {"address": "0x1234"}).code == -32602
    assert err(client, "eth_getTransactionReceipt", "0x12").code == -32602
    assert err(client, "eth_sendRawTransaction").code == -32602
    assert err(client, "eth_getBalance", "0x" + "11" * 20, "0x" + "f" * 70).code == -32602
    assert client.call("eth_getBlockTransactionCountByNumber", "0x0") == "0x0"
    assert client.call("eth_getStorageAt", "0x" + "11" * 20, "0x0", "latest") == "0x" + "00" * 32
    # chunked request bodies are accepted
    u = urllib.parse.urlparse(devchain_url)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    body = json.dumps({"jsonrpc": "2.0", "id": 5, "method": "eth_chainId"}).encode()
    c.request("POST", "/", iter([body[:10], body[10:]]), {"Content-Type": "application/json",
                                                         "Transfer-Encoding": "chunked"}, encode_chunked=True)
    assert json.loads(c.getresponse().read())["result"] == "0x539"
    c.close()


def test_send_transaction_signs_for_dev_accounts(client, dev_keys, snap):
    dev = Account.from_key(dev_keys[4]).address
    h = client.call("eth_sendTransaction", {"from": dev, "to": "0x" + "88" * 20, "value": "0x5"})
    r = client.call("eth_getTransactionReceipt", h)
    assert r["status"] == "0x1" and r["type"] == "0x2" and r["from"].lower() == dev.lower()
    h = client.call("eth_sendTransaction", {"from": dev, "to": "0x" + "88" * 20, "value": "0x5",
                                            "gasPrice": hex(50 * GWEI)})
    assert client.call("eth_getTransactionReceipt", h)["type"] == "0x0"
    assert client.call("eth_getBalance", "0x" + "88" * 20, "latest") == "0xa"
    e = err(client, "eth_sendTransaction", {"from": "0x" + "99" * 20, "to": dev})
    assert e.message == "unknown account"
