"""JSON shapes of blocks and transactions, fee-history helpers (geth field names)."""
from .chain import DevChain, effective_gas_price, tx_type
from .hexfmt import haddr, hq, hx


def block_json(chain: DevChain, rec, full: bool) -> dict:
    h = rec.header
    out = {
        "number": hq(h.block_number),
        "hash": hx(h.hash),
        "parentHash": hx(h.parent_hash),
        "nonce": hx(h.nonce),
        "mixHash": hx(h.mix_hash),
        "sha3Uncles": hx(h.uncles_hash),
        "logsBloom": hx(h.bloom.to_bytes(256, "big")),
        "transactionsRoot": hx(h.transaction_root),
        "stateRoot": hx(h.state_root),
        "receiptsRoot": hx(h.receipt_root),
        "miner": haddr(h.coinbase),
        "difficulty": hq(h.difficulty),
        "totalDifficulty": hq(0),
        "extraData": hx(h.extra_data),
        "size": hq(rec.size),
        "gasLimit": hq(h.gas_limit),
        "gasUsed": hq(h.gas_used),
        "timestamp": hq(h.timestamp),
        "baseFeePerGas": hq(h.base_fee_per_gas),
        "uncles": [],
        "withdrawals": [],
        "withdrawalsRoot": hx(h.withdrawals_root),
        "blobGasUsed": hq(h.blob_gas_used),
        "excessBlobGas": hq(h.excess_blob_gas),
        "parentBeaconBlockRoot": hx(h.parent_beacon_block_root),
    }
    if getattr(h, "requests_hash", None) is not None:
        out["requestsHash"] = hx(h.requests_hash)
    if full:
        out["transactions"] = [tx_json(chain, chain.txs[t]) for t in rec.tx_hashes]
    else:
        out["transactions"] = [hx(t) for t in rec.tx_hashes]
    return out


def tx_json(chain: DevChain, rec) -> dict:
    tx = rec.tx
    t = tx_type(tx)
    out = {
        "type": hq(t),
        "hash": hx(tx.hash),
        "nonce": hq(tx.nonce),
        "blockHash": None,
        "blockNumber": None,
        "transactionIndex": None,
        "from": haddr(rec.sender),
        "to": haddr(tx.to) if tx.to else None,
        "value": hq(tx.value),
        "gas": hq(tx.gas),
        "input": hx(tx.data),
        "r": hq(tx.r),
        "s": hq(tx.s),
    }
    base_fee = None
    if rec.block_number is not None:
        blk = chain.blocks[rec.block_number]
        out["blockHash"] = hx(blk.hash)
        out["blockNumber"] = hq(rec.block_number)
        out["transactionIndex"] = hq(rec.index)
        base_fee = blk.header.base_fee_per_gas
    if t == 0:
        out["gasPrice"] = hq(tx.gas_price)
        out["v"] = hq(tx.v)
        if tx.v not in (27, 28):
            out["chainId"] = hq((tx.v - 35) // 2)
    else:
        out["chainId"] = hq(tx.chain_id)
        out["v"] = hq(tx.y_parity)
        out["yParity"] = hq(tx.y_parity)
        out["accessList"] = [
            {"address": haddr(a), "storageKeys": ["0x" + k.to_bytes(32, "big").hex() for k in ks]}
            for a, ks in tx.access_list
        ]
        if t == 1:
            out["gasPrice"] = hq(tx.gas_price)
        else:
            out["maxFeePerGas"] = hq(tx.max_fee_per_gas)
            out["maxPriorityFeePerGas"] = hq(tx.max_priority_fee_per_gas)
            out["gasPrice"] = hq(effective_gas_price(tx, base_fee) if base_fee is not None else tx.max_fee_per_gas)
    return out


def block_rewards(chain: DevChain, rec, pcts) -> list[int]:
    base_fee = rec.header.base_fee_per_gas
    if not rec.tx_hashes:
        return [0 for _ in pcts]
    items = []
    for h in rec.tx_hashes:
        t = chain.txs[h]
        tip = effective_gas_price(t.tx, base_fee) - base_fee
        items.append((tip, int(t.receipt["gasUsed"], 16)))
    items.sort()
    total = sum(g for _, g in items) or 1
    out = []
    for pct in pcts:
        threshold = total * pct / 100
        acc, idx = 0, 0
        for i, (tip, g) in enumerate(items):
            acc += g
            idx = i
            if acc >= threshold:
                break
        out.append(items[idx][0])
    return out


def next_base_fee(h) -> int:
    """EIP-1559 base fee of the child of header h."""
    target = h.gas_limit // 2
    base = h.base_fee_per_gas
    if h.gas_used == target:
        return base
    if h.gas_used > target:
        delta = max(base * (h.gas_used - target) // target // 8, 1)
        return base + delta
    delta = base * (target - h.gas_used) // target // 8
    return base - delta
