"""A mining py-evm chain with its own block/transaction/log index, a transaction pool and snapshots.

Not thread-safe: the RPC layer serialises every call with one lock.
"""
from __future__ import annotations

import bisect
import os
import time
from dataclasses import dataclass, field

import rlp
from eth.chains.base import MiningChain
from eth.constants import BLANK_ROOT_HASH, ZERO_ADDRESS
from eth.db.atomic import AtomicDB
from eth.exceptions import Revert
from eth.vm.forks import PragueVM
from eth.vm.spoof import SpoofTransaction
from eth._utils.address import generate_contract_address
from eth_keys import keys
from eth_utils import keccak

from .errors import RpcError, execution_reverted
from .hexfmt import haddr, hq, hx

GENESIS_BALANCE = 1_000_000 * 10**18
DEFAULT_TIP = 10**9
MAX_POOL = 20_000


def dev_private_keys(count: int) -> list[bytes]:
    """Deterministic dev keys: keccak256("qsp-devchain:<index>") for index 0..count-1."""
    return [keccak(text=f"qsp-devchain:{i}") for i in range(count)]


@dataclass
class BlockRecord:
    number: int
    hash: bytes
    header: object
    tx_hashes: list
    logs: list  # list of log dicts (JSON-ready)
    size: int


@dataclass
class TxRecord:
    tx: object
    sender: bytes
    block_number: int | None
    index: int | None
    receipt: dict | None


@dataclass
class Snapshot:
    head_number: int
    head_hash: bytes
    time_offset: int


@dataclass
class PoolEntry:
    tx: object
    sender: bytes
    raw: bytes
    received: float = field(default_factory=time.time)


def tx_type(tx) -> int:
    t = getattr(tx, "type_id", None)
    return 0 if t is None else t


def effective_gas_price(tx, base_fee: int) -> int:
    if tx_type(tx) >= 2:
        return min(tx.max_fee_per_gas, base_fee + tx.max_priority_fee_per_gas)
    return tx.gas_price


def tx_fee_cap(tx) -> int:
    return tx.max_fee_per_gas if tx_type(tx) >= 2 else tx.gas_price


def tx_tip_cap(tx) -> int:
    return tx.max_priority_fee_per_gas if tx_type(tx) >= 2 else tx.gas_price


class DevChain:
    """A single-node dev chain: automine by default, pending pool when automine is off."""

    def __init__(self, chain_id: int = 1337, accounts: int = 10, block_gas_limit: int = 30_000_000):
        self.chain_id = chain_id
        self.block_gas_limit = block_gas_limit
        self.private_keys = dev_private_keys(accounts)
        self.accounts = [keys.PrivateKey(k).public_key.to_canonical_address() for k in self.private_keys]
        self.automine = True
        self.time_offset = 0
        self.min_next_timestamp = 0
        self.pool: dict[bytes, PoolEntry] = {}  # tx hash -> entry
        self.txs: dict[bytes, TxRecord] = {}
        self.blocks: list[BlockRecord] = []
        self.blocks_by_hash: dict[bytes, BlockRecord] = {}
        self.log_blocks: list[int] = []  # sorted numbers of blocks that have logs
        self.snapshots: dict[int, Snapshot] = {}
        self.next_snapshot_id = 1

        gas_limit = block_gas_limit

        class _Chain(MiningChain):
            vm_configuration = ((0, PragueVM),)

            def create_header_from_parent(self, parent_header, **header_params):
                header_params["gas_limit"] = gas_limit
                return super().create_header_from_parent(parent_header, **header_params)

        _Chain.chain_id = chain_id
        genesis_params = {
            "coinbase": ZERO_ADDRESS,
            "difficulty": 0,
            "extra_data": b"qsp-devchain",
            "gas_limit": gas_limit,
            "mix_hash": b"\x00" * 32,
            "nonce": b"\x00" * 8,
            "receipt_root": BLANK_ROOT_HASH,
            "timestamp": int(time.time()),
            "transaction_root": BLANK_ROOT_HASH,
        }
        genesis_state = {
            a: {"balance": GENESIS_BALANCE, "storage": {}, "code": b"", "nonce": 0} for a in self.accounts
        }
        self.chain = _Chain.from_genesis(AtomicDB(), genesis_params, genesis_state)
        self._index_block(self.chain.get_canonical_block_by_number(0), [], [])

    # ------------------------------------------------------------------ index
    @property
    def head(self) -> BlockRecord:
        return self.blocks[-1]

    def _index_block(self, block, receipts, senders):
        header = block.header
        number = header.block_number
        base_fee = getattr(header, "base_fee_per_gas", 0) or 0
        logs = []
        tx_hashes = []
        prev_cum = 0
        log_index = 0
        for i, (tx, receipt) in enumerate(zip(block.transactions, receipts)):
            h = tx.hash
            tx_hashes.append(h)
            sender = senders[i]
            tx_logs = []
            for lg in receipt.logs:
                entry = {
                    "address": haddr(lg.address),
                    "topics": ["0x" + t.to_bytes(32, "big").hex() for t in lg.topics],
                    "data": hx(lg.data),
                    "blockNumber": hq(number),
                    "transactionHash": hx(h),
                    "transactionIndex": hq(i),
                    "blockHash": hx(header.hash),
                    "logIndex": hq(log_index),
                    "removed": False,
                }
                log_index += 1
                tx_logs.append(entry)
            logs.extend(tx_logs)
            gas_used = receipt.gas_used - prev_cum
            prev_cum = receipt.gas_used
            contract = None
            if not tx.to:
                contract = haddr(generate_contract_address(sender, tx.nonce))
            rec = {
                "transactionHash": hx(h),
                "transactionIndex": hq(i),
                "blockHash": hx(header.hash),
                "blockNumber": hq(number),
                "from": haddr(sender),
                "to": haddr(tx.to) if tx.to else None,
                "cumulativeGasUsed": hq(receipt.gas_used),
                "gasUsed": hq(gas_used),
                "effectiveGasPrice": hq(effective_gas_price(tx, base_fee)),
                "contractAddress": contract,
                "logs": tx_logs,
                "logsBloom": hx(receipt.bloom.to_bytes(256, "big")),
                "status": hq(1 if receipt.state_root == b"\x01" else 0),
                "type": hq(tx_type(tx)),
            }
            self.txs[h] = TxRecord(tx=tx, sender=sender, block_number=number, index=i, receipt=rec)
        record = BlockRecord(number=number, hash=header.hash, header=header, tx_hashes=tx_hashes,
                             logs=logs, size=len(rlp.encode(block)))
        self.blocks.append(record)
        self.blocks_by_hash[header.hash] = record
        if logs:
            self.log_blocks.append(number)

    # ------------------------------------------------------------------ mining
    def _next_timestamp(self) -> int:
        parent_ts = self.head.header.timestamp
        ts = max(parent_ts + 1, int(time.time()) + self.time_offset, self.min_next_timestamp)
        self.min_next_timestamp = 0
        return ts

    def increase_time(self, seconds: int) -> int:
        """Advance the clock: the next block is at least `seconds` after the current head."""
        self.time_offset += seconds
        self.min_next_timestamp = self.head.header.timestamp + seconds
        return self.time_offset

    def _executable(self, state=None) -> list[PoolEntry]:
        """Pool entries in an executable order: per sender by nonce, senders in arrival order."""
        if not self.pool:
            return []
        if state is None:
            state = self.chain.get_vm().state
        by_sender: dict[bytes, list[PoolEntry]] = {}
        for e in self.pool.values():
            by_sender.setdefault(e.sender, []).append(e)
        out = []
        for sender, entries in by_sender.items():
            entries.sort(key=lambda e: e.tx.nonce)
            nonce = state.get_nonce(sender)
            for e in entries:
                if e.tx.nonce < nonce:
                    continue
                if e.tx.nonce != nonce:
                    break
                out.append(e)
                nonce += 1
        out.sort(key=lambda e: e.received)
        return out

    def mine(self, count: int = 1) -> list[bytes]:
        """Mine `count` blocks, the first including every executable pool transaction that fits."""
        hashes = []
        for _ in range(count):
            hashes.append(self._mine_one())
        return hashes

    def _mine_one(self) -> bytes:
        header = self.chain.header
        self.chain.header = header.copy(timestamp=self._next_timestamp())
        base_fee = self.chain.header.base_fee_per_gas
        chosen: list[PoolEntry] = []
        skipped_senders = set()
        gas_budget = self.block_gas_limit
        for e in self._executable():
            tx = e.tx
            if e.sender in skipped_senders or tx.gas > gas_budget or tx_fee_cap(tx) < base_fee:
                skipped_senders.add(e.sender)  # its later nonces cannot run in this block either
                continue
            chosen.append(e)
            gas_budget -= tx.gas
        try:
            # one pass over all transactions (linear; apply_transaction per tx is quadratic in py-evm)
            result, receipts, _ = self.chain.mine_all([e.tx for e in chosen], mix_hash=os.urandom(32))
            block = result.imported_block
            senders = [e.sender for e in chosen]
            for e in chosen:
                self.pool.pop(e.tx.hash, None)
        except Exception as exc:  # noqa: BLE001 - some tx became invalid: fall back to one at a time
            print(f"devchain: block build fell back to per-transaction mode: {exc}", flush=True)
            block, receipts, senders = self._mine_incremental(chosen)
        # drop stale pool entries (nonce already used)
        if self.pool:
            state = self.chain.get_vm().state
            for h, e in list(self.pool.items()):
                if e.tx.nonce < state.get_nonce(e.sender):
                    del self.pool[h]
        self._index_block(block, list(receipts), senders)
        return block.hash

    def _mine_incremental(self, chosen: list[PoolEntry]):
        receipts, senders = [], []
        for e in chosen:
            tx = e.tx
            self.pool.pop(tx.hash, None)
            try:
                _, receipt, _ = self.chain.apply_transaction(tx)
            except Exception as exc:  # noqa: BLE001 - a tx that fails validation is dropped
                print(f"devchain: dropped tx {hx(tx.hash)}: {exc}", flush=True)
                continue
            receipts.append(receipt)
            senders.append(e.sender)
        block = self.chain.mine_block(mix_hash=os.urandom(32))
        return block, receipts, senders

    # ------------------------------------------------------------------ state access
    def header_for(self, tag) -> object:
        return self.block_for(tag).header

    def block_for(self, tag) -> BlockRecord:
        n = self.resolve_number(tag)
        if n is None or n > self.head.number or n < 0:
            raise RpcError(-32000, "header not found")
        return self.blocks[n]

    def resolve_number(self, tag) -> int | None:
        if tag is None or tag in ("latest", "pending", "safe", "finalized"):
            return self.head.number
        if tag == "earliest":
            return 0
        if isinstance(tag, dict):
            if "blockHash" in tag:
                rec = self.blocks_by_hash.get(bytes.fromhex(tag["blockHash"][2:]))
                if rec is None or self.blocks[rec.number].hash != rec.hash:
                    raise RpcError(-32000, "header for hash not found")
                return rec.number
            tag = tag.get("blockNumber")
        if isinstance(tag, str) and tag.startswith("0x"):
            return int(tag, 16)
        if isinstance(tag, int):
            return tag
        raise RpcError(-32602, f"invalid argument: bad block tag {tag!r}")

    def state_at(self, tag):
        return self.chain.get_vm(at_header=self.header_for(tag)).state

    def pending_nonce(self, address: bytes) -> int:
        nonce = self.state_at("latest").get_nonce(address)
        nonces = {e.tx.nonce for e in self.pool.values() if e.sender == address}
        while nonce in nonces:
            nonce += 1
        return nonce

    def next_base_fee(self) -> int:
        return self.chain.header.base_fee_per_gas

    # ------------------------------------------------------------------ calls
    def _unsigned(self, vm, state, sender, to, gas, value, data):
        unsigned = vm.create_unsigned_transaction(
            nonce=state.get_nonce(sender), gas_price=0, gas=gas, to=to or b"", value=value, data=data
        )
        return SpoofTransaction(unsigned, from_=sender)

    def call(self, sender, to, gas, value, data, tag="latest") -> bytes:
        header = self.header_for(tag)
        free = header.copy(base_fee_per_gas=0)
        vm = self.chain.get_vm(at_header=free)
        state = vm.state
        gas = min(gas or self.block_gas_limit, self.block_gas_limit)
        tx = self._unsigned(vm, state, sender, to, gas, value, data)
        snapshot = state.snapshot()
        try:
            computation = state.apply_transaction(tx)
        except Exception as exc:  # noqa: BLE001 - validation failure of the synthetic tx
            raise RpcError(-32000, str(exc)) from None
        finally:
            state.revert(snapshot)
        if computation.is_error:
            err = computation.error
            if isinstance(err, Revert):
                raise execution_reverted(err.args[0] if err.args else b"")
            raise RpcError(-32000, _vm_error_message(err))
        return computation.output

    def estimate_gas(self, sender, to, value, data, tag="latest") -> int:
        header = self.header_for(tag)
        vm = self.chain.get_vm(at_header=header)
        with vm.in_costless_state() as state:
            tx = self._unsigned(vm, state, sender, to, self.block_gas_limit, value, data)
            try:
                return self.chain.gas_estimator(state, tx)
            except Revert as err:
                raise execution_reverted(err.args[0] if err.args else b"") from None
            except Exception as exc:  # noqa: BLE001
                msg = _vm_error_message(exc)
                if "out of gas" in msg.lower():
                    raise RpcError(-32000, f"gas required exceeds allowance ({self.block_gas_limit})") from None
                raise RpcError(-32000, msg) from None

    # ------------------------------------------------------------------ transactions
    def send_raw(self, raw: bytes) -> bytes:
        vm = self.chain.get_vm()
        if not raw:
            raise RpcError(-32000, "typed transaction too short")
        if raw[0] < 0x7f and raw[0] not in (1, 2):
            raise RpcError(-32000, "transaction type not supported")
        try:
            tx = vm.get_transaction_builder().decode(raw)
        except Exception as exc:  # noqa: BLE001
            raise RpcError(-32000, f"rlp: invalid transaction encoding ({exc.__class__.__name__})") from None
        # chain id
        ttype = tx_type(tx)
        if ttype == 0:
            v = tx.v
            if v not in (27, 28):
                cid = (v - 35) // 2
                if cid != self.chain_id:
                    raise RpcError(-32000, f"invalid sender: invalid chain id for signer: have {cid} want {self.chain_id}")
        elif tx.chain_id != self.chain_id:
            raise RpcError(-32000, f"invalid sender: invalid chain id for signer: have {tx.chain_id} want {self.chain_id}")
        try:
            tx.check_signature_validity()
            sender = tx.sender
        except Exception:  # noqa: BLE001
            raise RpcError(-32000, "invalid sender") from None
        h = tx.hash
        if h in self.pool or h in self.txs:
            raise RpcError(-32000, "already known")
        if tx.gas > self.block_gas_limit:
            raise RpcError(-32000, "exceeds block gas limit")
        intrinsic = tx.intrinsic_gas
        if tx.gas < intrinsic:
            raise RpcError(-32000, f"intrinsic gas too low: have {tx.gas}, want {intrinsic}")
        if ttype >= 2 and tx.max_priority_fee_per_gas > tx.max_fee_per_gas:
            raise RpcError(-32000, "max priority fee per gas higher than max fee per gas: address "
                           f"{haddr(sender)}, maxPriorityFeePerGas: {tx.max_priority_fee_per_gas}, "
                           f"maxFeePerGas: {tx.max_fee_per_gas}")
        base_fee = self.next_base_fee()
        if tx_fee_cap(tx) < base_fee:
            raise RpcError(-32000, f"max fee per gas less than block base fee: address {haddr(sender)}, "
                           f"maxFeePerGas: {tx_fee_cap(tx)}, baseFee: {base_fee}")
        state = self.state_at("latest")
        state_nonce = state.get_nonce(sender)
        if tx.nonce < state_nonce:
            raise RpcError(-32000, f"nonce too low: address {haddr(sender)}, tx: {tx.nonce} state: {state_nonce}")
        cost = tx.gas * tx_fee_cap(tx) + tx.value
        balance = state.get_balance(sender)
        if balance < cost:
            raise RpcError(-32000, f"insufficient funds for gas * price + value: address {haddr(sender)} "
                           f"have {balance} want {cost}")
        for oh, other in list(self.pool.items()):
            if other.sender == sender and other.tx.nonce == tx.nonce:
                old = other.tx
                if (tx_fee_cap(tx) * 100 < tx_fee_cap(old) * 110
                        or tx_tip_cap(tx) * 100 < tx_tip_cap(old) * 110):
                    raise RpcError(-32000, "replacement transaction underpriced")
                del self.pool[oh]
        if len(self.pool) >= MAX_POOL:
            raise RpcError(-32000, "txpool is full")
        self.pool[h] = PoolEntry(tx=tx, sender=sender, raw=raw)
        if self.automine and tx.nonce == state_nonce:
            # one block with every executable pool tx (normally just this one); more blocks if the gas is full
            for _ in range(len(self.pool)):
                self._mine_one()
                if h not in self.pool:
                    break
        return h

    # ------------------------------------------------------------------ snapshots
    def snapshot(self) -> int:
        sid = self.next_snapshot_id
        self.next_snapshot_id += 1
        self.snapshots[sid] = Snapshot(self.head.number, self.head.hash, self.time_offset)
        return sid

    def revert(self, sid: int) -> bool:
        snap = self.snapshots.get(sid)
        if snap is None:
            return False
        for k in [k for k in self.snapshots if k >= sid]:
            del self.snapshots[k]
        target = snap.head_number
        for rec in self.blocks[target + 1:]:
            for h in rec.tx_hashes:
                self.txs.pop(h, None)
            self.blocks_by_hash.pop(rec.hash, None)
        del self.blocks[target + 1:]
        cut = bisect.bisect_right(self.log_blocks, target)
        del self.log_blocks[cut:]
        self.pool.clear()
        block = self.chain.get_block_by_hash(snap.head_hash)
        chaindb = self.chain.chaindb
        chaindb._set_as_canonical_chain_head(chaindb.db, block.header, b"\x00" * 32)
        self.chain.header = self.chain.create_header_from_parent(block.header)
        return True

    # ------------------------------------------------------------------ logs
    def get_logs(self, from_n: int, to_n: int, addresses: list | None, topics: list | None) -> list:
        out = []
        lo = bisect.bisect_left(self.log_blocks, from_n)
        hi = bisect.bisect_right(self.log_blocks, to_n)
        for n in self.log_blocks[lo:hi]:
            for lg in self.blocks[n].logs:
                if _log_matches(lg, addresses, topics):
                    out.append(lg)
        return out


def _log_matches(lg, addresses, topics) -> bool:
    if addresses is not None and lg["address"].lower() not in addresses:
        return False
    if topics:
        lt = lg["topics"]
        if len(topics) > len(lt):
            return False
        for want, have in zip(topics, lt):
            if want is None:
                continue
            if have not in want:
                return False
    return True


def _vm_error_message(err) -> str:
    name = err.__class__.__name__
    text = str(err)
    if name == "OutOfGas":
        return "out of gas"
    if name in ("InvalidInstruction", "InvalidJumpDestination"):
        return f"invalid opcode: {text}" if text else "invalid opcode"
    return text or name
