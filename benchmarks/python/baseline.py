"""Python baseline for qsp-bench: the same workloads with pycryptodome, eth-abi and eth-account.

Prints `RESULT <metric> <value> <unit>` lines like the Swift benchmark (CPU time of this thread, best of 5 rounds).
"""
import time

from Crypto.Hash import keccak
from eth_abi import decode, encode
from eth_account import Account

LOG_TYPES = ["uint256", "address", "address", "string", "uint256", "uint256"]
LOG_VALUES = [
    42,
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "https://example.com/contract.sol",
    10**18,
    12345,
]


def best_per_call(fn, iterations, rounds=5):
    best = float("inf")
    for _ in range(rounds):
        start = time.thread_time()
        for _ in range(iterations):
            fn()
        best = min(best, (time.thread_time() - start) / iterations)
    return best


def result(metric, value, unit):
    print(f"RESULT {metric} {value:.3f} {unit}", flush=True)


def keccak256(data):
    h = keccak.new(digest_bits=256)
    h.update(data)
    return h.digest()


def main():
    mebibyte = bytes((i * 31) & 0xFF for i in range(1 << 20))
    per_mib = best_per_call(lambda: keccak256(mebibyte), 20)
    result("keccak256_1MiB_throughput", 1.048576 / per_mib, "MB/s")
    small = bytes(range(64))
    result("keccak256_64B_latency", best_per_call(lambda: keccak256(small), 100_000) * 1e9, "ns/hash")

    data = encode(LOG_TYPES, LOG_VALUES)
    assert list(decode(LOG_TYPES, data))[3] == LOG_VALUES[3]
    result("abi_decode_log_6_fields", best_per_call(lambda: decode(LOG_TYPES, data), 5_000) * 1e6, "us/log")

    account = Account.from_key("0x4646464646464646464646464646464646464646464646464646464646464646")
    tx = {
        "type": 2, "chainId": 1337, "nonce": 7, "maxPriorityFeePerGas": 1_000_000_000,
        "maxFeePerGas": 30_000_000_000, "gas": 300_000, "to": LOG_VALUES[1], "value": 0,
        "data": bytes.fromhex("be7a3164"), "accessList": [],
    }
    result("eip1559_sign", best_per_call(lambda: account.sign_transaction(tx), 300) * 1e6, "us/tx")


if __name__ == "__main__":
    main()
