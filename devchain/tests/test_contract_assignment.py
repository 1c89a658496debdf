"""QuantstampAudit test double: requests, queue order, availability codes, bidding, sweep, floor, staking."""
from conftest import MIN_STAKE, P, T
from flows import QSP, block_of, call, head, mine_until, names, request, reverts, tx

from pydevchain.client import RpcClientError


def test_queue_is_ordered_by_price_then_age(dep):
    a = request(dep, 10)
    b = request(dep, 20)
    c = request(dep, 20)
    assert call(dep, "getQueueLength") == 3
    assert call(dep, "getNextPrice", 0) == 10 * QSP
    assert call(dep, "getNextPrice", 10 * QSP) == 20 * QSP
    assert call(dep, "getNextPrice", 20 * QSP) == 0
    assert call(dep, "getNextAuditByPrice", 20 * QSP, 0) == b
    assert call(dep, "getNextAuditByPrice", 20 * QSP, b) == c
    assert call(dep, "findPrecedingPrice", 15 * QSP) == 20 * QSP
    won = []
    for _ in range(3):
        _, evs = tx(dep, dep.nodes[0], "getNextAuditRequest")
        assert names(evs) == ["LogAuditAssigned"]
        won.append(evs[0][1]["requestId"])
    assert won == [b, c, a]
    assert call(dep, "getQueueLength") == 0
    assert call(dep, "getNextAssignedRequest", 0) == b
    assert call(dep, "getNextAssignedRequest", b) == c
    assert call(dep, "getNextAssignedRequest", a) == 0


def test_request_events_prices_floor_and_pause(dep):
    r, evs = tx(dep, dep.requestor, "requestAuditWithPriceHint", "https://x/a.sol", 7 * QSP, 0)
    assert names(evs) == ["LogAuditRequested"]
    args = evs[0][1]
    assert (args["uri"], args["price"], args["requestor"].lower()) == ("https://x/a.sol", 7 * QSP,
                                                                     dep.requestor.address.lower())
    assert call(dep, "getAuditState", args["requestId"]) == 1
    dep.audit.transact(dep.owner, "setMinAuditPriceLowerCap", 8 * QSP)
    e = reverts(lambda: request(dep, 7))
    assert e.code == 3 and "lower cap" in e.message
    request(dep, 8)
    dep.audit.transact(dep.owner, "pause")
    assert call(dep, "paused") is True
    assert reverts(lambda: request(dep, 9)).code == 3
    dep.audit.transact(dep.owner, "unpause")
    request(dep, 9)


def test_assignment_fields_and_most_recent(dep):
    n = dep.nodes[0]
    assert call(dep, "myMostRecentAssignedAudit", sender=n) == (0, "0x" + "0" * 40, "", 0, 0)
    rid = request(dep, 12, "https://example.org/fields.sol")
    req_block = head(dep)
    dep.client.mine(2)
    r, evs = tx(dep, n, "getNextAuditRequest")
    a = block_of(r)
    assert names(evs) == ["LogAuditAssigned"]
    ev = evs[0][1]
    assert ev["requestId"] == rid and ev["auditor"].lower() == n.address.lower()
    assert ev["requestBlockNumber"] == req_block and ev["price"] == 12 * QSP
    assert call(dep, "getAuditAssignBlockNumber", rid) == a
    assert call(dep, "assignedRequestCount", n.address) == 1
    assert call(dep, "unlockBlockNumber", n.address) == a + T + P
    assert call(dep, "mostRecentAssignedRequestIdsPerAuditor", n.address) == rid
    mr = call(dep, "myMostRecentAssignedAudit", sender=n)
    assert mr[0] == rid and mr[2] == "https://example.org/fields.sol" and mr[4] == req_block
    tx(dep, n, "submitReport", rid, 4, b"r")
    assert call(dep, "myMostRecentAssignedAudit", sender=n)[0] == rid  # never cleared


def test_any_request_available_check_order(dep):
    unstaked = dep.police[0]
    n0, n1 = dep.nodes[0], dep.nodes[1]
    assert call(dep, "anyRequestAvailable", sender=unstaked) == 5      # understaked wins over empty
    assert call(dep, "anyRequestAvailable", sender=n0) == 2            # empty
    _, evs = tx(dep, n0, "getNextAuditRequest")
    assert names(evs) == ["LogAuditQueueIsEmpty"]
    _, evs = tx(dep, unstaked, "getNextAuditRequest")
    assert names(evs) == ["LogAuditAssignmentError_Understaked"]
    assert evs[0][1]["stake"] == 0
    dep.audit.transact(dep.owner, "setMaxAssignedRequests", 1)
    request(dep, 20)
    request(dep, 20)
    tx(dep, n0, "getNextAuditRequest")
    assert call(dep, "anyRequestAvailable", sender=n0) == 3            # exceeded
    _, evs = tx(dep, n0, "getNextAuditRequest")
    assert names(evs) == ["LogAuditAssignmentError_ExceededMaxAssignedRequests"]
    dep.audit.transact(n1, "setAuditNodePrice", 21 * QSP)
    assert call(dep, "anyRequestAvailable", sender=n1) == 4            # underpriced
    _, evs = tx(dep, n1, "getNextAuditRequest")
    assert names(evs) == ["LogAuditNodePriceHigherThanRequests"]
    assert evs[0][1]["amount"] == 21 * QSP
    dep.audit.transact(n1, "setAuditNodePrice", 20 * QSP)              # equal is fine
    assert call(dep, "anyRequestAvailable", sender=n1) == 1
    _, evs = tx(dep, n1, "getNextAuditRequest")
    assert names(evs)[-1] == "LogAuditAssigned"   # (n0's assignment may be swept first: T = 3)


def test_set_audit_node_price_bounds(dep):
    n = dep.nodes[0]
    _, evs = tx(dep, n, "setAuditNodePrice", 3 * QSP)
    assert names(evs) == ["LogAuditNodePriceChanged"] and evs[0][1]["amount"] == 3 * QSP
    assert call(dep, "getMinAuditPrice", n.address) == 3 * QSP
    supply = dep.token.call("totalSupply")
    assert reverts(lambda: tx(dep, n, "setAuditNodePrice", supply + 1)).code == 3
    dep.audit.transact(dep.owner, "setMinAuditPriceLowerCap", 5 * QSP)
    assert reverts(lambda: tx(dep, n, "setAuditNodePrice", 4 * QSP)).code == 3


def test_floor_require_reverts_whole_bid_including_sweep(dep):
    n0, n1 = dep.nodes[0], dep.nodes[1]
    old = request(dep, 30)
    r, _ = tx(dep, n1, "getNextAuditRequest")
    a = block_of(r)
    request(dep, 30)
    dep.audit.transact(dep.owner, "setMinAuditPriceLowerCap", 15 * QSP)  # n0's price (10) is now below the floor
    mine_until(dep, a + T)
    e = reverts(lambda: dep.audit.call("getNextAuditRequest", sender=n0.address))
    assert e.code == 3
    r, _ = tx(dep, n0, "getNextAuditRequest", gas=500_000, check=False)
    assert r["status"] == "0x0" and r["logs"] == []
    assert call(dep, "getAuditState", old) == 2                          # the sweep was reverted too
    assert call(dep, "assignedRequestCount", n1.address) == 1


def test_expiry_sweep_expires_only_the_oldest_assignment(dep):
    n0, n1, n2 = dep.nodes
    r1, r2, r3 = request(dep, 30), request(dep, 20), request(dep, 10)
    rc, _ = tx(dep, n0, "getNextAuditRequest")
    a1 = block_of(rc)
    tx(dep, n1, "getNextAuditRequest")                                   # r2 at a1 + 1
    mine_until(dep, a1 + T)                                              # next tx at a1 + T + 1 > a1 + T
    _, evs = tx(dep, n2, "getNextAuditRequest")
    assert names(evs) == ["LogAuditAssignmentUpdate_Expired", "LogAuditAssigned"]
    assert evs[0][1] == {**evs[0][1], "requestId": r1, "allowanceBlockNumber": a1 + T}
    assert evs[1][1]["requestId"] == r3
    assert call(dep, "getAuditState", r1) == 6
    assert call(dep, "getAuditState", r2) == 2
    assert call(dep, "assignedRequestCount", n0.address) == 0
    assert call(dep, "assignedRequestCount", n1.address) == 1
    # an expired request is never re-queued; the requestor can refund it
    _, evs = tx(dep, n0, "getNextAuditRequest")
    assert names(evs) == ["LogAuditAssignmentUpdate_Expired", "LogAuditQueueIsEmpty"]  # sweeps r2 now
    _, evs = tx(dep, dep.requestor, "refund", r1)
    assert names(evs) == ["LogRefund"]


def test_two_nodes_racing_for_one_request(dep):
    n0, n1 = dep.nodes[0], dep.nodes[1]
    rid = request(dep, 20)
    dep.client.call("evm_setAutomine", False)
    h0 = n0.send(dep.audit.address, dep.audit.encode("getNextAuditRequest"), gas=400_000, wait=False)
    h1 = n1.send(dep.audit.address, dep.audit.encode("getNextAuditRequest"), gas=400_000, wait=False)
    assert dep.client.call("eth_getTransactionReceipt", h0) is None
    dep.client.mine(1)
    dep.client.call("evm_setAutomine", True)
    r0 = dep.client.call("eth_getTransactionReceipt", h0)
    r1 = dep.client.call("eth_getTransactionReceipt", h1)
    assert r0["blockNumber"] == r1["blockNumber"]
    assert dep.audit.event_names(r0) == ["LogAuditAssigned"]
    assert dep.audit.event_names(r1) == ["LogAuditQueueIsEmpty"]
    assert call(dep, "getAuditAuditor", rid).lower() == n0.address.lower()


def test_staking_minimum_and_lock(dep):
    n = dep.nodes[0]
    assert call(dep, "getMinAuditStake") == MIN_STAKE
    assert call(dep, "totalStakedFor", n.address) == MIN_STAKE
    assert call(dep, "hasEnoughStake", n.address) is True
    assert reverts(lambda: tx(dep, n, "stake", 0)).code == 3
    request(dep, 10)
    r, _ = tx(dep, n, "getNextAuditRequest")
    a = block_of(r)
    mine_until(dep, a + T + P - 1)
    assert reverts(lambda: tx(dep, n, "unstake")).code == 3              # would be mined at a+T+P: locked
    dep.client.mine(1)
    before = dep.token.call("balanceOf", n.address)
    _, evs = tx(dep, n, "unstake")                                       # mined at a+T+P+1
    assert dep.token.call("balanceOf", n.address) == before + MIN_STAKE
    assert call(dep, "totalStakedFor", n.address) == 0
    assert call(dep, "hasEnoughStake", n.address) is False
    assert call(dep, "anyRequestAvailable", sender=n) == 5


def test_owner_controls(dep):
    n = dep.nodes[0]
    assert call(dep, "auditData") == call(dep, "police") == call(dep, "reportData") == call(dep, "tokenEscrow")
    assert call(dep, "police").lower() == dep.audit.address.lower()
    assert call(dep, "owner").lower() == dep.owner.address.lower()
    for fn, arg in [("setAuditTimeout", 5), ("setMinAuditStake", 1), ("addPoliceNode", n.address),
                    ("setMinAuditPriceLowerCap", 1), ("pause", None)]:
        args = [] if arg is None else [arg]
        assert reverts(lambda: tx(dep, n, fn, *args)).code == 3
    assert reverts(lambda: tx(dep, dep.owner, "setMinAuditStake", 0)).code == 3
    assert reverts(lambda: tx(dep, dep.owner, "setSlashPercentage", 101)).code == 3
    assert reverts(lambda: tx(dep, dep.owner, "setReportProcessingFeePercentage", 101)).code == 3
    assert call(dep, "numPoliceNodes") == 3
    tx(dep, dep.owner, "addPoliceNode", dep.police[0].address)           # duplicate: no-op
    assert call(dep, "numPoliceNodes") == 3
    tx(dep, dep.owner, "removePoliceNode", n.address)                    # non-member: no-op
    assert call(dep, "numPoliceNodes") == 3
    tx(dep, dep.owner, "removePoliceNode", dep.police[1].address)
    assert call(dep, "numPoliceNodes") == 2 and call(dep, "isPoliceNode", dep.police[1].address) is False
    for fn, getter, v in [("setAuditTimeout", "getAuditTimeoutInBlocks", 7),
                          ("setMaxAssignedRequests", "getMaxAssignedRequests", 4),
                          ("setMinAuditStake", "getMinAuditStake", 5 * QSP),
                          ("setPoliceTimeoutInBlocks", "getPoliceTimeoutInBlocks", 9)]:
        tx(dep, dep.owner, fn, v)
        assert call(dep, getter) == v
    _, evs = tx(dep, dep.owner, "transferOwnership", n.address)
    assert names(evs) == ["OwnershipTransferred"]
    assert call(dep, "owner").lower() == n.address.lower()
    _, evs = tx(dep, n, "renounceOwnership")
    assert names(evs) == ["OwnershipRenounced"]
    assert int(call(dep, "owner"), 16) == 0


def test_audit_timeout_is_read_live(dep):
    n = dep.nodes[0]
    rid = request(dep, 10)
    r, _ = tx(dep, n, "getNextAuditRequest")
    a = block_of(r)
    tx(dep, dep.owner, "setAuditTimeout", 10)
    mine_until(dep, a + T + 2)
    _, evs = tx(dep, n, "submitReport", rid, 4, b"late-but-allowed")
    assert names(evs)[0] == "LogAuditFinished"


def test_unknown_selector_reverts(dep):
    try:
        dep.client.call("eth_call", {"to": dep.audit.address, "data": "0xdeadbeef"})
    except RpcClientError as e:
        assert e.code == 3
    else:
        raise AssertionError("expected a revert")
