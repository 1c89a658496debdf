"""QuantstampAudit test double: submitReport rules, deadline arithmetic, police, rewards, refunds."""
from conftest import MIN_STAKE, P, T
from flows import QSP, block_of, call, head, mine_until, names, qsp_balance, request, reverts, tx


def assign(dep, node, price_qsp=20):
    rid = request(dep, price_qsp)
    r, evs = tx(dep, node, "getNextAuditRequest")
    assert names(evs)[-1] == "LogAuditAssigned" and evs[-1][1]["requestId"] == rid
    return rid, block_of(r)


def test_deadline_block_is_accepted_and_one_later_expires(dep):
    n = dep.nodes[0]
    rid, a = assign(dep, n)
    mine_until(dep, a + T - 1)
    r, evs = tx(dep, n, "submitReport", rid, 4, b"\xab" * 34)
    assert block_of(r) == a + T
    assert names(evs) == ["LogAuditFinished"] + ["PoliceNodeAssignedToReport"] * 3
    assert evs[0][1]["report"] == b"\xab" * 34 and evs[0][1]["auditResult"] == 4
    assert call(dep, "getAuditState", rid) == 4 and call(dep, "isAuditFinished", rid) is True
    assert call(dep, "getReport", rid) == b"\xab" * 34
    assert call(dep, "getAuditReportBlockNumber", rid) == a + T
    assert call(dep, "policeTimeouts", rid) == a + T + P
    assert call(dep, "assignedRequestCount", n.address) == 0

    rid2, a2 = assign(dep, n)
    mine_until(dep, a2 + T)
    r, evs = tx(dep, n, "submitReport", rid2, 4, b"late")
    assert block_of(r) == a2 + T + 1
    assert names(evs) == ["LogReportSubmissionError_ExpiredAudit"]
    assert evs[0][1]["allowanceBlockNumber"] == a2 + T
    assert call(dep, "getAuditState", rid2) == 6 and call(dep, "isAuditFinished", rid2) is False
    assert call(dep, "getReport", rid2) == b""
    assert call(dep, "assignedRequestCount", n.address) == 0
    _, evs = tx(dep, n, "submitReport", rid2, 4, b"again")
    assert names(evs) == ["LogReportSubmissionError_InvalidState"] and evs[0][1]["state"] == 6


def test_submit_report_error_events_in_check_order(dep):
    n0, n1 = dep.nodes[0], dep.nodes[1]
    _, evs = tx(dep, n0, "submitReport", 999, 3, b"")                  # result checked before the ID
    assert names(evs) == ["LogReportSubmissionError_InvalidResult"]
    assert (evs[0][1]["requestId"], evs[0][1]["state"]) == (999, 3)
    assert reverts(lambda: tx(dep, n0, "submitReport", 999, 8, b"")).code == 3   # not an AuditState
    _, evs = tx(dep, n0, "submitReport", 999, 4, b"")
    assert names(evs) == ["LogReportSubmissionError_InvalidState"] and evs[0][1]["state"] == 0
    rid, _ = assign(dep, n0)
    _, evs = tx(dep, n1, "submitReport", rid, 4, b"")
    assert names(evs) == ["LogReportSubmissionError_InvalidAuditor"]
    assert evs[0][1]["auditor"].lower() == n1.address.lower()
    _, evs = tx(dep, n0, "submitReport", rid, 5, b"")                   # Error result, empty report
    assert names(evs)[0] == "LogAuditFinished"
    assert call(dep, "getAuditState", rid) == 5 and call(dep, "isAuditFinished", rid) is True
    _, evs = tx(dep, n0, "submitReport", rid, 4, b"dup")
    assert names(evs) == ["LogReportSubmissionError_InvalidState"] and evs[0][1]["state"] == 5


def test_police_round_robin(dep):
    tx(dep, dep.owner, "setPoliceNodesPerReport", 2)
    p = [w.address.lower() for w in dep.police]
    got = []
    for _ in range(3):
        rid, _ = assign(dep, dep.nodes[0])
        _, evs = tx(dep, dep.nodes[0], "submitReport", rid, 4, b"x")
        got.append([e["policeNode"].lower() for n, e in evs if n == "PoliceNodeAssignedToReport"])
        for addr in got[-1]:
            assert call(dep, "isAssigned", rid, addr) is True
    assert got == [[p[0], p[1]], [p[2], p[0]], [p[1], p[2]]]


def test_police_valid_then_reward_after_window(dep):
    n = dep.nodes[0]
    pol = dep.police
    police_before = [qsp_balance(dep, w.address) for w in pol]
    rid, _ = assign(dep, n, 20)
    r, _ = tx(dep, n, "submitReport", rid, 4, b"report")
    rb = block_of(r)
    fee = 20 * QSP * 5 // 100
    assert call(dep, "collectedFees", rid) == fee
    share = fee // 3
    got = [qsp_balance(dep, w.address) - b for w, b in zip(pol, police_before)]
    assert got == [share, share, share + (fee - 3 * share)]          # remainder to the pointer node (p3)
    assert call(dep, "getNextPoliceAssignment", sender=pol[0]) == (True, rid, 20 * QSP, "https://example.org/c.sol", rb)
    r, evs = tx(dep, pol[0], "submitPoliceReport", rid, b"police-report", True)
    assert names(evs) == ["LogPoliceAuditFinished"]
    assert evs[0][1]["isVerified"] is True and evs[0][1]["report"] == b"police-report"
    assert call(dep, "verifiedReports", rid) == 2
    assert call(dep, "getPoliceReportResult", rid, pol[0].address) == 2
    assert call(dep, "isAssigned", rid, pol[0].address) is False
    assert call(dep, "getNextPoliceAssignment", sender=pol[0])[0] is False
    assert reverts(lambda: tx(dep, pol[0], "submitPoliceReport", rid, b"twice", True)).code == 3
    assert reverts(lambda: tx(dep, n, "submitPoliceReport", rid, b"not police", True)).code == 3
    mine_until(dep, rb + P)
    assert call(dep, "hasAvailableRewards", sender=n) is False            # R+P is still the police window
    assert reverts(lambda: dep.audit.call("claimReward", rid, sender=n.address)).code == 3
    dep.client.mine(1)
    assert call(dep, "hasAvailableRewards", sender=n) is True
    assert call(dep, "getNextAvailableReward", 0, sender=n) == (True, rid)
    before = qsp_balance(dep, n.address)
    _, evs = tx(dep, n, "claimReward", rid)
    assert names(evs) == ["LogPayAuditor"] and evs[0][1]["amount"] == 20 * QSP - fee
    assert qsp_balance(dep, n.address) == before + 20 * QSP - fee
    assert call(dep, "hasAvailableRewards", sender=n) is False
    assert call(dep, "verifiedReports", rid) == 2
    assert reverts(lambda: tx(dep, n, "claimReward", rid)).code == 3


def test_police_invalid_slashes_once_and_cancels_payment(dep):
    n = dep.nodes[0]
    pol = dep.police
    rid, _ = assign(dep, n, 20)
    r, _ = tx(dep, n, "submitReport", rid, 4, b"report")
    rb = block_of(r)
    fee = call(dep, "collectedFees", rid)
    tx(dep, pol[0], "submitPoliceReport", rid, b"ok", True)
    before = [qsp_balance(dep, w.address) for w in pol]
    _, evs = tx(dep, pol[1], "submitPoliceReport", rid, b"bad", False)
    assert names(evs) == ["PoliceSlash", "LogPoliceAuditFinished"]
    slash = MIN_STAKE * 20 // 100
    assert evs[0][1]["amount"] == slash and evs[0][1]["auditNode"].lower() == n.address.lower()
    assert call(dep, "verifiedReports", rid) == 1
    assert call(dep, "getPoliceReportResult", rid, pol[1].address) == 1
    assert call(dep, "totalStakedFor", n.address) == MIN_STAKE - slash
    assert call(dep, "hasEnoughStake", n.address) is False
    paid = slash + 20 * QSP - fee
    share = paid // 3
    got = [qsp_balance(dep, w.address) - b for w, b in zip(pol, before)]
    assert sum(got) == paid and sorted(got)[:2] == [share, share]
    _, evs = tx(dep, pol[2], "submitPoliceReport", rid, b"bad too", False)   # INVALID is final: no second slash
    assert names(evs) == ["LogPoliceAuditFinished"]
    assert call(dep, "totalStakedFor", n.address) == MIN_STAKE - slash
    mine_until(dep, rb + P + 1)
    assert call(dep, "hasAvailableRewards", sender=n) is False
    assert reverts(lambda: tx(dep, n, "claimReward", rid)).code == 3


def test_late_police_report_returns_false_and_clears(dep):
    n = dep.nodes[0]
    pol = dep.police[0]
    rid, _ = assign(dep, n)
    r, _ = tx(dep, n, "submitReport", rid, 4, b"report")
    rb = block_of(r)
    mine_until(dep, rb + P - 1)
    assert dep.audit.call("submitPoliceReport", rid, b"x", True, sender=pol.address) is True
    mine_until(dep, rb + P + 1)
    assert dep.audit.call("submitPoliceReport", rid, b"x", True, sender=pol.address) is False
    r, evs = tx(dep, pol, "submitPoliceReport", rid, b"x", True)
    assert r["status"] == "0x1"
    assert names(evs) == ["PoliceAssignmentExpiredAndCleared", "PoliceSubmissionPeriodExceeded"]
    assert evs[1][1]["timeoutBlock"] == rb + P and evs[1][1]["currentBlock"] == block_of(r)
    assert call(dep, "isAssigned", rid, pol.address) is False
    assert reverts(lambda: tx(dep, pol, "submitPoliceReport", rid, b"x", True)).code == 3
    assert call(dep, "hasAvailableRewards", sender=n) is True              # no INVALID verdict: claimable


def test_police_report_at_deadline_block_is_accepted(dep):
    n = dep.nodes[0]
    pol = dep.police[1]
    rid, _ = assign(dep, n)
    r, _ = tx(dep, n, "submitReport", rid, 4, b"report")
    rb = block_of(r)
    mine_until(dep, rb + P - 1)
    r, evs = tx(dep, pol, "submitPoliceReport", rid, b"x", True)
    assert block_of(r) == rb + P and names(evs) == ["LogPoliceAuditFinished"]


def test_get_next_police_assignment_skips_expired(dep):
    n0, n1 = dep.nodes[0], dep.nodes[1]
    pol = dep.police[0]
    r1, _ = assign(dep, n0)
    r2, _ = assign(dep, n1)
    rc, _ = tx(dep, n0, "submitReport", r1, 4, b"1")
    rb1 = block_of(rc)
    dep.client.mine(1)
    rc, _ = tx(dep, n1, "submitReport", r2, 4, b"2")
    rb2 = block_of(rc)
    assert rb2 == rb1 + 2
    mine_until(dep, rb1 + P)
    assert call(dep, "getNextPoliceAssignment", sender=pol)[1] == r1
    dep.client.mine(1)                                                   # r1's window closed
    ex, rid, price, uri, rblock = call(dep, "getNextPoliceAssignment", sender=pol)
    assert (ex, rid, rblock) == (True, r2, rb2)
    assert call(dep, "isAssigned", r1, pol.address) is True              # skipped, not removed
    _, evs = tx(dep, pol, "submitPoliceReport", r2, b"ok", True)
    assert names(evs) == ["PoliceAssignmentExpiredAndCleared", "LogPoliceAuditFinished"]
    assert evs[0][1]["requestId"] == r1
    assert call(dep, "isAssigned", r1, pol.address) is False


def test_chunked_claim_rewards(dep):
    n = dep.nodes[0]
    tx(dep, dep.owner, "setClaimRewardsBatchLimit", 2)
    tx(dep, dep.owner, "setAuditTimeout", 20)
    ids = [request(dep, 10 + i) for i in range(3)]
    for _ in ids:
        tx(dep, n, "getNextAuditRequest")
    last = 0
    for rid in ids:
        r, _ = tx(dep, n, "submitReport", rid, 4, b"r")
        last = block_of(r)
    mine_until(dep, last + P + 1)
    assert call(dep, "getNextAvailableReward", 0, sender=n)[0] is True
    assert dep.audit.call("claimRewards", sender=n.address) is True
    _, evs = tx(dep, n, "claimRewards")
    assert names(evs) == ["LogPayAuditor", "LogPayAuditor", "LogClaimRewardsReachedGasLimit"]
    assert call(dep, "hasAvailableRewards", sender=n) is True
    assert dep.audit.call("claimRewards", sender=n.address) is False
    _, evs = tx(dep, n, "claimRewards")
    assert names(evs) == ["LogPayAuditor"]
    paid = {e["requestId"] for nm, e in dep.audit.decode_logs(dep.client.call(
        "eth_getLogs", {"fromBlock": hex(last), "address": dep.audit.address})) if nm == "LogPayAuditor"}
    assert paid == set(ids)
    assert call(dep, "hasAvailableRewards", sender=n) is False
    assert call(dep, "getNextAvailableReward", 0, sender=n) == (False, 0)
    assert reverts(lambda: tx(dep, n, "claimRewards")).code == 3
    assert [call(dep, "verifiedReports", i) for i in ids] == [3, 3, 3]   # claimed without a police report


def test_rewards_without_police_have_no_fee(dep):
    n = dep.nodes[0]
    for w in dep.police:
        tx(dep, dep.owner, "removePoliceNode", w.address)
    rid, _ = assign(dep, n, 20)
    r, evs = tx(dep, n, "submitReport", rid, 4, b"r")
    assert names(evs) == ["LogAuditFinished"]
    assert call(dep, "collectedFees", rid) == 0
    mine_until(dep, block_of(r) + P)                  # with 0 police the auditor still waits P blocks
    _, evs = tx(dep, n, "claimRewards")
    assert names(evs) == ["LogPayAuditor"] and evs[0][1]["amount"] == 20 * QSP


def test_refund_paths(dep):
    req, n0, n1 = dep.requestor, dep.nodes[0], dep.nodes[1]
    queued = request(dep, 25)
    _, evs = tx(dep, n1, "refund", queued)
    assert names(evs) == ["LogRefundInvalidRequestor"] and evs[0][1]["requestor"].lower() == n1.address.lower()
    before = qsp_balance(dep, req.address)
    _, evs = tx(dep, req, "refund", queued)
    assert names(evs) == ["LogRefund"] and evs[0][1]["amount"] == 25 * QSP
    assert qsp_balance(dep, req.address) == before + 25 * QSP
    assert call(dep, "getQueueLength") == 0 and call(dep, "getAuditState", queued) == 3
    _, evs = tx(dep, req, "refund", queued)
    assert names(evs) == ["LogRefundInvalidState"] and evs[0][1]["state"] == 3
    _, evs = tx(dep, req, "refund", 12345)
    assert names(evs) == ["LogRefundInvalidState"] and evs[0][1]["state"] == 0

    rid, a = assign(dep, n0)
    r, evs = tx(dep, req, "refund", rid)
    assert names(evs) == ["LogRefundInvalidFundsLocked"]
    assert (evs[0][1]["currentBlock"], evs[0][1]["fundLockEndBlock"]) == (block_of(r), a + T)
    mine_until(dep, a + T)
    unlock = call(dep, "unlockBlockNumber", n0.address)
    _, evs = tx(dep, req, "refund", rid)
    assert names(evs) == ["LogRefund"]
    assert call(dep, "assignedRequestCount", n0.address) == 0
    assert call(dep, "unlockBlockNumber", n0.address) == unlock           # stake lock untouched
    _, evs = tx(dep, n0, "submitReport", rid, 4, b"")
    assert names(evs) == ["LogReportSubmissionError_InvalidState"] and evs[0][1]["state"] == 3

    done, _ = assign(dep, n0)
    tx(dep, n0, "submitReport", done, 4, b"")
    _, evs = tx(dep, req, "refund", done)
    assert names(evs) == ["LogRefundInvalidState"] and evs[0][1]["state"] == 4

    late, a = assign(dep, n0)
    mine_until(dep, a + T)
    tx(dep, n0, "submitReport", late, 4, b"")
    assert call(dep, "getAuditState", late) == 6
    _, evs = tx(dep, req, "refund", late)
    assert names(evs) == ["LogRefund"] and head(dep) > a


def test_get_next_available_reward_iterates_and_zero_price_requests(dep):
    n = dep.nodes[0]
    tx(dep, dep.owner, "setAuditTimeout", 20)
    tx(dep, n, "setAuditNodePrice", 0)
    ids = [request(dep, 0), request(dep, 5)]
    assert call(dep, "getNextPrice", 0) == 0 and call(dep, "getNextAuditByPrice", 0, 0) == ids[0]
    for _ in ids:
        tx(dep, n, "getNextAuditRequest")
    assert call(dep, "getAuditAuditor", ids[0]).lower() == n.address.lower()   # 5 QSP first, then the free one
    last = 0
    for rid in reversed(ids):
        r, _ = tx(dep, n, "submitReport", rid, 4, b"r")
        last = block_of(r)
    mine_until(dep, last + P + 1)
    first = call(dep, "getNextAvailableReward", 0, sender=n)
    assert first == (True, ids[1])                                        # pending list is in submission order
    assert call(dep, "getNextAvailableReward", ids[1], sender=n) == (True, ids[0])
    assert call(dep, "getNextAvailableReward", ids[0], sender=n) == (False, 0)
    _, evs = tx(dep, n, "claimRewards")
    assert [e["amount"] for nm, e in evs if nm == "LogPayAuditor"] == [5 * QSP - 5 * QSP * 5 // 100, 0]
