"""The simplest correct audit client: the baseline the node's throughput is measured against (issue 11).

One account, one request at a time, no store, no checks beyond what the protocol needs:
  anyRequestAvailable → getNextAuditRequest → the assignment from the receipt's LogAuditAssigned → submitReport.
It sends the same transactions as the node (same calldata: the node's own compressed report, a fixed gas limit,
EIP-1559 fees read once) and waits for each receipt (the dev chain mines every transaction at once).
"""
import time

from eth_account import Account

READY = 1  # anyRequestAvailable(): AuditAvailabilityState.Ready


def run_client(rpc, audit, key: str, requests: int, report: bytes, audit_state: int = 4) -> dict:
    """Answers `requests` requests; returns {"seconds", "transactions", "requests", "cpu_seconds"} (the CPU time of
    the whole benchmark process meanwhile: the client's signing, JSON and HTTP)."""
    acct = Account.from_key(key)
    chain_id = int(rpc.call("eth_chainId"), 16)
    nonce = int(rpc.call("eth_getTransactionCount", acct.address, "pending"), 16)
    base = int(rpc.call("eth_getBlockByNumber", "latest", False)["baseFeePerGas"], 16)
    fees = {"maxFeePerGas": 4 * base + 10**9, "maxPriorityFeePerGas": 10**9, "type": 2}

    def send(data: bytes) -> dict:
        nonlocal nonce
        tx = {"nonce": nonce, "to": audit.address, "value": 0, "gas": 1_000_000, "data": data, "chainId": chain_id, **fees}
        raw = "0x" + bytes(acct.sign_transaction(tx).raw_transaction).hex()
        nonce += 1
        tx_hash = rpc.call("eth_sendRawTransaction", raw)
        while (receipt := rpc.call("eth_getTransactionReceipt", tx_hash)) is None:
            time.sleep(0.002)
        return receipt

    answered, sent = 0, 0
    start, cpu = time.perf_counter(), time.process_time()
    while answered < requests:
        if audit.call("anyRequestAvailable", sender=acct.address) != READY:
            time.sleep(0.01)
            continue
        receipt = send(audit.encode("getNextAuditRequest"))
        sent += 1
        for name, args in audit.decode_logs(receipt):
            if name == "LogAuditAssigned" and args["auditor"].lower() == acct.address.lower():
                send(audit.encode("submitReport", args["requestId"], audit_state, report))
                sent += 1
                answered += 1
    return {"seconds": time.perf_counter() - start, "transactions": sent, "requests": answered,
            "cpu_seconds": time.process_time() - cpu}
