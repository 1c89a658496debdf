# pragma version 0.4.3
# @title QuantstampAudit (single-contract test double)
# @notice The audit, data, report-data, escrow and police roles of the deployed QuantstampAudit 2.9.1 in one
#         contract with the production selectors, return encodings and event layouts
#         (PROTOCOL.md sections 1-2), plus the owner-only test controls of section 2.10.
#         auditData(), reportData(), police() and tokenEscrow() all return this contract's address.

interface Token:
    def transferFrom(_from: address, _to: address, _value: uint256) -> bool: nonpayable
    def transfer(_to: address, _value: uint256) -> bool: nonpayable
    def totalSupply() -> uint256: view

# ---------------------------------------------------------------- enums (wire protocol)
# AuditState
S_NONE: constant(uint8) = 0
S_QUEUED: constant(uint8) = 1
S_ASSIGNED: constant(uint8) = 2
S_REFUNDED: constant(uint8) = 3
S_COMPLETED: constant(uint8) = 4
S_ERROR: constant(uint8) = 5
S_EXPIRED: constant(uint8) = 6
# AuditAvailabilityState
A_READY: constant(uint8) = 1
A_EMPTY: constant(uint8) = 2
A_EXCEEDED: constant(uint8) = 3
A_UNDERPRICED: constant(uint8) = 4
A_UNDERSTAKED: constant(uint8) = 5
# PoliceReportState
P_UNVERIFIED: constant(uint8) = 0
P_INVALID: constant(uint8) = 1
P_VALID: constant(uint8) = 2
P_EXPIRED: constant(uint8) = 3

# ---------------------------------------------------------------- bounds of this test double
MAX_URI: constant(uint256) = 1024
MAX_REPORT: constant(uint256) = 16384
MAX_PRICES: constant(uint256) = 1000        # distinct queued prices
MAX_SCAN: constant(uint256) = 2000          # entries walked in one list scan
MAX_POLICE: constant(uint256) = 100         # police nodes

# ---------------------------------------------------------------- events (QuantstampAudit)
event LogAuditFinished:
    requestId: uint256
    auditor: address
    auditResult: uint8
    report: Bytes[MAX_REPORT]

event LogPoliceAuditFinished:
    requestId: uint256
    policeNode: address
    report: Bytes[MAX_REPORT]
    isVerified: bool

event LogAuditRequested:
    requestId: uint256
    requestor: address
    uri: String[MAX_URI]
    price: uint256

event LogAuditAssigned:
    requestId: uint256
    auditor: address
    requestor: address
    uri: String[MAX_URI]
    price: uint256
    requestBlockNumber: uint256

event LogReportSubmissionError_InvalidAuditor:
    requestId: uint256
    auditor: address

event LogReportSubmissionError_InvalidState:
    requestId: uint256
    auditor: address
    state: uint8

event LogReportSubmissionError_InvalidResult:
    requestId: uint256
    auditor: address
    state: uint8

event LogReportSubmissionError_ExpiredAudit:
    requestId: uint256
    auditor: address
    allowanceBlockNumber: uint256

event LogAuditAssignmentError_ExceededMaxAssignedRequests:
    auditor: address

event LogAuditAssignmentError_Understaked:
    auditor: address
    stake: uint256

event LogAuditAssignmentUpdate_Expired:
    requestId: uint256
    allowanceBlockNumber: uint256

event LogClaimRewardsReachedGasLimit:
    auditor: address

event LogAuditQueueIsEmpty:
    pass

event LogPayAuditor:
    requestId: uint256
    auditor: address
    amount: uint256

event LogAuditNodePriceChanged:
    auditor: address
    amount: uint256

event LogRefund:
    requestId: uint256
    requestor: address
    amount: uint256

event LogRefundInvalidRequestor:
    requestId: uint256
    requestor: address

event LogRefundInvalidState:
    requestId: uint256
    state: uint8

event LogRefundInvalidFundsLocked:
    requestId: uint256
    currentBlock: uint256
    fundLockEndBlock: uint256

event LogAuditNodePriceHigherThanRequests:
    auditor: address
    amount: uint256

event Pause:
    pass

event Unpause:
    pass

event OwnershipRenounced:
    previousOwner: indexed(address)

event OwnershipTransferred:
    previousOwner: indexed(address)
    newOwner: indexed(address)

# ---------------------------------------------------------------- events (police role)
event PoliceNodeAssignedToReport:
    policeNode: address
    requestId: uint256

event PoliceSubmissionPeriodExceeded:
    requestId: uint256
    timeoutBlock: uint256
    currentBlock: uint256

event PoliceSlash:
    requestId: uint256
    policeNode: address
    auditNode: address
    amount: uint256

event PoliceAssignmentExpiredAndCleared:
    requestId: uint256

# ---------------------------------------------------------------- storage
struct Audit:
    requestor: address
    contractUri: String[MAX_URI]
    price: uint256
    requestBlockNumber: uint256
    state: uint8
    auditor: address
    assignBlockNumber: uint256
    reportBlockNumber: uint256

token: public(Token)
owner: public(address)
paused: public(bool)

audits: HashMap[uint256, Audit]
reports: HashMap[uint256, Bytes[MAX_REPORT]]
requestCounter: uint256

# configuration (production defaults, section 2.5)
auditTimeoutInBlocks: uint256
maxAssignedRequests: uint256
minAuditStake: uint256
minAuditPriceLowerCap: uint256
policeTimeoutInBlocks: uint256
policeNodesPerReport: uint256
slashPercentage: uint256
reportProcessingFeePercentage: uint256
claimRewardsBatchLimit: uint256

# per audit node
minAuditPrice: HashMap[address, uint256]
assignedRequestCount: public(HashMap[address, uint256])
mostRecentAssignedRequestIdsPerAuditor: public(HashMap[address, uint256])

# escrow
depositsOf: public(HashMap[address, uint256])
unlockBlockNumber: public(HashMap[address, uint256])

# queue: ascending list of price keys (price + 1, 0 = head sentinel) and a FIFO bucket per key
priceNext: HashMap[uint256, uint256]
pricePrev: HashMap[uint256, uint256]
bucketHead: HashMap[uint256, uint256]
bucketTail: HashMap[uint256, uint256]
queueNext: HashMap[uint256, uint256]
queuePrev: HashMap[uint256, uint256]
queueLength: uint256
distinctPrices: uint256

# assigned requests in assignment order (0 = head sentinel)
assignedNext: HashMap[uint256, uint256]
assignedPrev: HashMap[uint256, uint256]

# police
policeNodes: DynArray[address, MAX_POLICE]
policeMember: HashMap[address, bool]
numPoliceNodes: public(uint256)
lastAssignedPoliceNode: address
policeTimeouts: public(HashMap[uint256, uint256])
verifiedReports: public(HashMap[uint256, uint8])
collectedFees: public(HashMap[uint256, uint256])
policeAssigned: HashMap[uint256, HashMap[address, bool]]
policeResults: HashMap[uint256, HashMap[address, uint8]]
policeReports: HashMap[uint256, HashMap[address, Bytes[MAX_REPORT]]]
policeListNext: HashMap[address, HashMap[uint256, uint256]]
policeListPrev: HashMap[address, HashMap[uint256, uint256]]

# pending payments per auditor (list keyed by request id, 0 = head sentinel)
pendingNext: HashMap[address, HashMap[uint256, uint256]]
pendingPrev: HashMap[address, HashMap[uint256, uint256]]
pendingMember: HashMap[uint256, bool]
rewardClaimed: HashMap[uint256, bool]


@deploy
def __init__(_token: address):
    self.token = Token(_token)
    self.owner = msg.sender
    self.auditTimeoutInBlocks = 50
    self.maxAssignedRequests = 10
    self.minAuditStake = 10 ** 22
    self.policeTimeoutInBlocks = 100
    self.policeNodesPerReport = 3
    self.slashPercentage = 20
    self.reportProcessingFeePercentage = 5
    self.claimRewardsBatchLimit = 5


# ================================================================ Ownable / Pausable
@internal
@view
def _onlyOwner():
    assert msg.sender == self.owner, "only the owner"


@external
def transferOwnership(_newOwner: address):
    self._onlyOwner()
    assert _newOwner != empty(address), "new owner is the zero address"
    log OwnershipTransferred(previousOwner=self.owner, newOwner=_newOwner)
    self.owner = _newOwner


@external
def renounceOwnership():
    self._onlyOwner()
    log OwnershipRenounced(previousOwner=self.owner)
    self.owner = empty(address)


@external
def pause():
    self._onlyOwner()
    assert not self.paused, "paused"
    self.paused = True
    log Pause()


@external
def unpause():
    self._onlyOwner()
    assert self.paused, "not paused"
    self.paused = False
    log Unpause()


# ================================================================ component addresses
@external
@view
def auditData() -> address:
    return self


@external
@view
def reportData() -> address:
    return self


@external
@view
def police() -> address:
    return self


@external
@view
def tokenEscrow() -> address:
    return self


# ================================================================ configuration getters
@external
@view
def getMinAuditStake() -> uint256:
    return self.minAuditStake


@external
@view
def getAuditTimeoutInBlocks() -> uint256:
    return self.auditTimeoutInBlocks


@external
@view
def getMaxAssignedRequests() -> uint256:
    return self.maxAssignedRequests


@external
@view
def getMinAuditPrice(auditor: address) -> uint256:
    return self.minAuditPrice[auditor]


@external
@view
def getMinAuditPriceLowerCap() -> uint256:
    return self.minAuditPriceLowerCap


@external
@view
def getPoliceTimeoutInBlocks() -> uint256:
    return self.policeTimeoutInBlocks


@external
@view
def getPoliceNodesPerReport() -> uint256:
    return self.policeNodesPerReport


@external
@view
def getSlashPercentage() -> uint256:
    return self.slashPercentage


@external
@view
def getReportProcessingFeePercentage() -> uint256:
    return self.reportProcessingFeePercentage


@external
@view
def getClaimRewardsBatchLimit() -> uint256:
    return self.claimRewardsBatchLimit


# ================================================================ owner-only controls (section 2.10)
@external
def setMinAuditPriceLowerCap(amount: uint256):
    self._onlyOwner()
    self.minAuditPriceLowerCap = amount


@external
def setAuditTimeout(timeoutInBlocks: uint256):
    self._onlyOwner()
    self.auditTimeoutInBlocks = timeoutInBlocks


@external
def setMaxAssignedRequests(maxAssignments: uint256):
    self._onlyOwner()
    self.maxAssignedRequests = maxAssignments


@external
def setMinAuditStake(minAuditStake: uint256):
    self._onlyOwner()
    assert minAuditStake > 0, "minimum stake must be positive"
    self.minAuditStake = minAuditStake


@external
def setPoliceTimeoutInBlocks(numBlocks: uint256):
    self._onlyOwner()
    self.policeTimeoutInBlocks = numBlocks


@external
def setPoliceNodesPerReport(numPolice: uint256):
    self._onlyOwner()
    self.policeNodesPerReport = numPolice


@external
def setSlashPercentage(percentage: uint256):
    self._onlyOwner()
    assert percentage <= 100, "percentage above 100"
    self.slashPercentage = percentage


@external
def setReportProcessingFeePercentage(percentage: uint256):
    self._onlyOwner()
    assert percentage <= 100, "percentage above 100"
    self.reportProcessingFeePercentage = percentage


@external
def setClaimRewardsBatchLimit(limit: uint256):
    """Test-only: how many rewards one claimRewards() pays before it stops (default 5)."""
    self._onlyOwner()
    assert limit > 0, "limit must be positive"
    self.claimRewardsBatchLimit = limit


@external
def addPoliceNode(addr: address):
    self._onlyOwner()
    assert addr != empty(address), "zero address"
    if self.policeMember[addr]:
        return
    self.policeNodes.append(addr)
    self.policeMember[addr] = True
    self.numPoliceNodes += 1


@external
def removePoliceNode(addr: address):
    self._onlyOwner()
    if not self.policeMember[addr]:
        return
    kept: DynArray[address, MAX_POLICE] = []
    for p: address in self.policeNodes:
        if p != addr:
            kept.append(p)
    self.policeNodes = kept
    self.policeMember[addr] = False
    self.numPoliceNodes -= 1


# ================================================================ inspection views (section 2.10)
@external
@view
def getAuditState(requestId: uint256) -> uint8:
    return self.audits[requestId].state


@external
@view
def getAuditAssignBlockNumber(requestId: uint256) -> uint256:
    return self.audits[requestId].assignBlockNumber


@external
@view
def getAuditReportBlockNumber(requestId: uint256) -> uint256:
    return self.audits[requestId].reportBlockNumber


@external
@view
def getPoliceReportResult(requestId: uint256, policeNode: address) -> uint8:
    return self.policeResults[requestId][policeNode]


@external
@view
def getPoliceReport(requestId: uint256, policeNode: address) -> Bytes[MAX_REPORT]:
    return self.policeReports[requestId][policeNode]


@external
@view
def isAssigned(requestId: uint256, policeNode: address) -> bool:
    return self.policeAssigned[requestId][policeNode]


@external
@view
def getQueueLength() -> uint256:
    return self.queueLength


@external
@view
def getAuditRequestor(requestId: uint256) -> address:
    return self.audits[requestId].requestor


@external
@view
def getAuditAuditor(requestId: uint256) -> address:
    return self.audits[requestId].auditor


@external
@view
def getAuditPrice(requestId: uint256) -> uint256:
    return self.audits[requestId].price


@external
@view
def getAuditContractUri(requestId: uint256) -> String[MAX_URI]:
    return self.audits[requestId].contractUri


@external
@view
def getAuditRequestBlockNumber(requestId: uint256) -> uint256:
    return self.audits[requestId].requestBlockNumber


# ================================================================ price queue
@internal
@view
def _highestPrice() -> (bool, uint256):
    key: uint256 = self.pricePrev[0]
    if key == 0:
        return False, 0
    return True, key - 1


@internal
def _enqueue(requestId: uint256, price: uint256):
    key: uint256 = price + 1
    if self.bucketHead[key] == 0:
        # insert the new price key before the first larger key (ascending list)
        node: uint256 = self.priceNext[0]
        for i: uint256 in range(MAX_PRICES + 1):
            if node == 0 or node > key:
                break
            node = self.priceNext[node]
        assert node == 0 or node > key, "price list corrupt"
        assert self.distinctPrices < MAX_PRICES, "too many distinct queued prices"
        before: uint256 = self.pricePrev[node]
        self.priceNext[before] = key
        self.pricePrev[key] = before
        self.priceNext[key] = node
        self.pricePrev[node] = key
        self.distinctPrices += 1
        self.bucketHead[key] = requestId
        self.bucketTail[key] = requestId
    else:
        tail: uint256 = self.bucketTail[key]
        self.queueNext[tail] = requestId
        self.queuePrev[requestId] = tail
        self.bucketTail[key] = requestId
    self.queueLength += 1


@internal
def _dequeue(requestId: uint256, price: uint256):
    key: uint256 = price + 1
    prev: uint256 = self.queuePrev[requestId]
    nxt: uint256 = self.queueNext[requestId]
    if prev == 0:
        self.bucketHead[key] = nxt
    else:
        self.queueNext[prev] = nxt
    if nxt == 0:
        self.bucketTail[key] = prev
    else:
        self.queuePrev[nxt] = prev
    self.queueNext[requestId] = 0
    self.queuePrev[requestId] = 0
    self.queueLength -= 1
    if self.bucketHead[key] == 0:
        before: uint256 = self.pricePrev[key]
        after: uint256 = self.priceNext[key]
        self.priceNext[before] = after
        self.pricePrev[after] = before
        self.priceNext[key] = 0
        self.pricePrev[key] = 0
        self.distinctPrices -= 1


@external
@view
def getNextPrice(price: uint256) -> uint256:
    """The next higher queued price after `price` (0 = from the lowest); 0 ends."""
    key: uint256 = 0
    if price != 0:
        key = price + 1
    nxt: uint256 = self.priceNext[key]
    if nxt == 0:
        return 0
    return nxt - 1


@external
@view
def getNextAuditByPrice(price: uint256, requestId: uint256) -> uint256:
    """The next request ID queued at `price` after `requestId` (0 = the oldest); 0 ends."""
    if requestId == 0:
        return self.bucketHead[price + 1]
    if self.audits[requestId].state != S_QUEUED or self.audits[requestId].price != price:
        return 0
    return self.queueNext[requestId]


@external
@view
def findPrecedingPrice(price: uint256) -> uint256:
    """The smallest queued price >= `price` (the insertion spot), 0 if none."""
    node: uint256 = self.priceNext[0]
    for i: uint256 in range(MAX_PRICES + 1):
        if node == 0 or node >= price + 1:
            break
        node = self.priceNext[node]
    if node == 0:
        return 0
    return node - 1


# ================================================================ assigned list
@internal
def _appendAssigned(requestId: uint256):
    tail: uint256 = self.assignedPrev[0]
    self.assignedNext[tail] = requestId
    self.assignedPrev[requestId] = tail
    self.assignedNext[requestId] = 0
    self.assignedPrev[0] = requestId


@internal
def _removeAssigned(requestId: uint256):
    prev: uint256 = self.assignedPrev[requestId]
    nxt: uint256 = self.assignedNext[requestId]
    self.assignedNext[prev] = nxt
    self.assignedPrev[nxt] = prev
    self.assignedNext[requestId] = 0
    self.assignedPrev[requestId] = 0
    auditor: address = self.audits[requestId].auditor
    self.assignedRequestCount[auditor] -= 1


@external
@view
def getNextAssignedRequest(requestId: uint256) -> uint256:
    """The next Assigned request after `requestId` in assignment order (0 = the oldest); 0 ends."""
    if requestId != 0 and self.audits[requestId].state != S_ASSIGNED:
        return 0
    return self.assignedNext[requestId]


# ================================================================ requests
@internal
def _requestAudit(contractUri: String[MAX_URI], price: uint256) -> uint256:
    assert not self.paused, "paused"
    assert price >= self.minAuditPriceLowerCap, "price below the minimum audit price lower cap"
    assert price < max_value(uint256), "price too large"
    assert extcall self.token.transferFrom(msg.sender, self, price), "token transfer failed"
    self.requestCounter += 1
    requestId: uint256 = self.requestCounter
    self.audits[requestId] = Audit(
        requestor=msg.sender,
        contractUri=contractUri,
        price=price,
        requestBlockNumber=block.number,
        state=S_QUEUED,
        auditor=empty(address),
        assignBlockNumber=0,
        reportBlockNumber=0,
    )
    self._enqueue(requestId, price)
    log LogAuditRequested(requestId=requestId, requestor=msg.sender, uri=contractUri, price=price)
    return requestId


@external
def requestAudit(contractUri: String[MAX_URI], price: uint256) -> uint256:
    return self._requestAudit(contractUri, price)


@external
def requestAuditWithPriceHint(contractUri: String[MAX_URI], price: uint256, existingPrice: uint256) -> uint256:
    # the hint only saves gas in production; this double always finds the spot itself
    return self._requestAudit(contractUri, price)


@external
@view
def isAuditFinished(requestId: uint256) -> bool:
    s: uint8 = self.audits[requestId].state
    return s == S_COMPLETED or s == S_ERROR


@external
@view
def getReport(requestId: uint256) -> Bytes[MAX_REPORT]:
    return self.reports[requestId]


@external
def refund(requestId: uint256) -> bool:
    s: uint8 = self.audits[requestId].state
    if s != S_QUEUED and s != S_ASSIGNED and s != S_EXPIRED:
        log LogRefundInvalidState(requestId=requestId, state=s)
        return False
    requestor: address = self.audits[requestId].requestor
    if msg.sender != requestor:
        log LogRefundInvalidRequestor(requestId=requestId, requestor=msg.sender)
        return False
    if s == S_ASSIGNED:
        allowance: uint256 = self.audits[requestId].assignBlockNumber + self.auditTimeoutInBlocks
        if block.number <= allowance:
            log LogRefundInvalidFundsLocked(requestId=requestId, currentBlock=block.number, fundLockEndBlock=allowance)
            return False
        self._removeAssigned(requestId)
    elif s == S_QUEUED:
        self._dequeue(requestId, self.audits[requestId].price)
    self.audits[requestId].state = S_REFUNDED
    price: uint256 = self.audits[requestId].price
    log LogRefund(requestId=requestId, requestor=requestor, amount=price)
    assert extcall self.token.transfer(requestor, price), "token transfer failed"
    return True


# ================================================================ escrow / staking
@external
def stake(amount: uint256) -> bool:
    assert amount > 0, "amount must be positive"
    assert extcall self.token.transferFrom(msg.sender, self, amount), "token transfer failed"
    self.depositsOf[msg.sender] += amount
    return True


@external
def unstake() -> bool:
    assert block.number > self.unlockBlockNumber[msg.sender], "funds are locked"
    amount: uint256 = self.depositsOf[msg.sender]
    assert amount > 0, "nothing staked"
    self.depositsOf[msg.sender] = 0
    assert extcall self.token.transfer(msg.sender, amount), "token transfer failed"
    return True


@external
@view
def totalStakedFor(addr: address) -> uint256:
    return self.depositsOf[addr]


@external
@view
def hasEnoughStake(addr: address) -> bool:
    return self.depositsOf[addr] >= self.minAuditStake


# ================================================================ audit nodes
@external
def setAuditNodePrice(price: uint256):
    assert price >= self.minAuditPriceLowerCap, "price below the minimum audit price lower cap"
    assert price <= staticcall self.token.totalSupply(), "price above the token supply"
    self.minAuditPrice[msg.sender] = price
    log LogAuditNodePriceChanged(auditor=msg.sender, amount=price)


@internal
@view
def _anyRequestAvailable(auditor: address) -> uint8:
    if self.depositsOf[auditor] < self.minAuditStake:
        return A_UNDERSTAKED
    if self.queueLength == 0:
        return A_EMPTY
    if self.assignedRequestCount[auditor] >= self.maxAssignedRequests:
        return A_EXCEEDED
    found: bool = False
    highest: uint256 = 0
    found, highest = self._highestPrice()
    if highest < self.minAuditPrice[auditor]:
        return A_UNDERPRICED
    return A_READY


@external
@view
def anyRequestAvailable() -> uint8:
    return self._anyRequestAvailable(msg.sender)


@external
def getNextAuditRequest():
    # 1. sweep: expire the oldest assignment of any node if its window has passed
    oldest: uint256 = self.assignedNext[0]
    if oldest != 0:
        allowance: uint256 = self.audits[oldest].assignBlockNumber + self.auditTimeoutInBlocks
        if allowance < block.number:
            self._removeAssigned(oldest)
            self.audits[oldest].state = S_EXPIRED
            log LogAuditAssignmentUpdate_Expired(requestId=oldest, allowanceBlockNumber=allowance)
    # 2.-6. availability
    s: uint8 = self._anyRequestAvailable(msg.sender)
    if s == A_EMPTY:
        log LogAuditQueueIsEmpty()
        return
    if s == A_EXCEEDED:
        log LogAuditAssignmentError_ExceededMaxAssignedRequests(auditor=msg.sender)
        return
    assert self.minAuditPrice[msg.sender] >= self.minAuditPriceLowerCap, "node price below the lower cap"
    if s == A_UNDERSTAKED:
        log LogAuditAssignmentError_Understaked(auditor=msg.sender, stake=self.depositsOf[msg.sender])
        return
    # 7. highest price bucket
    found: bool = False
    price: uint256 = 0
    found, price = self._highestPrice()
    minPrice: uint256 = self.minAuditPrice[msg.sender]
    if price < minPrice:
        log LogAuditNodePriceHigherThanRequests(auditor=msg.sender, amount=minPrice)
        return
    requestId: uint256 = self.bucketHead[price + 1]
    self._dequeue(requestId, price)
    # 8. assign
    self.audits[requestId].state = S_ASSIGNED
    self.audits[requestId].auditor = msg.sender
    self.audits[requestId].assignBlockNumber = block.number
    self.assignedRequestCount[msg.sender] += 1
    self._appendAssigned(requestId)
    self.unlockBlockNumber[msg.sender] = block.number + self.auditTimeoutInBlocks + self.policeTimeoutInBlocks
    self.mostRecentAssignedRequestIdsPerAuditor[msg.sender] = requestId
    log LogAuditAssigned(
        requestId=requestId,
        auditor=msg.sender,
        requestor=self.audits[requestId].requestor,
        uri=self.audits[requestId].contractUri,
        price=price,
        requestBlockNumber=self.audits[requestId].requestBlockNumber,
    )


@external
@view
def myMostRecentAssignedAudit() -> (uint256, address, String[MAX_URI], uint256, uint256):
    requestId: uint256 = self.mostRecentAssignedRequestIdsPerAuditor[msg.sender]
    if requestId == 0:
        return 0, empty(address), "", 0, 0
    a: Audit = self.audits[requestId]
    return requestId, a.requestor, a.contractUri, a.price, a.requestBlockNumber


@external
def submitReport(requestId: uint256, auditResult: uint8, report: Bytes[MAX_REPORT]):
    # values >= 8 are not AuditState members: the deployed contract fails on them, this double reverts
    assert auditResult < 8, "auditResult is not an AuditState"
    if auditResult != S_COMPLETED and auditResult != S_ERROR:
        log LogReportSubmissionError_InvalidResult(requestId=requestId, auditor=msg.sender, state=auditResult)
        return
    s: uint8 = self.audits[requestId].state
    if s != S_ASSIGNED:
        log LogReportSubmissionError_InvalidState(requestId=requestId, auditor=msg.sender, state=s)
        return
    if self.audits[requestId].auditor != msg.sender:
        log LogReportSubmissionError_InvalidAuditor(requestId=requestId, auditor=msg.sender)
        return
    self._removeAssigned(requestId)
    allowance: uint256 = self.audits[requestId].assignBlockNumber + self.auditTimeoutInBlocks
    if allowance < block.number:
        self.audits[requestId].state = S_EXPIRED
        log LogReportSubmissionError_ExpiredAudit(requestId=requestId, auditor=msg.sender, allowanceBlockNumber=allowance)
        return
    self.audits[requestId].state = auditResult
    self.audits[requestId].reportBlockNumber = block.number
    self.reports[requestId] = report
    log LogAuditFinished(requestId=requestId, auditor=msg.sender, auditResult=auditResult, report=report)
    self._assignPolice(requestId)
    self._addPending(msg.sender, requestId)
    price: uint256 = self.audits[requestId].price
    if self.reportProcessingFeePercentage > 0 and self.numPoliceNodes > 0:
        fee: uint256 = price * self.reportProcessingFeePercentage // 100
        self.collectedFees[requestId] = fee
        self._splitPayment(fee)


# ================================================================ police
@external
@view
def isPoliceNode(node: address) -> bool:
    return self.policeMember[node]


@internal
@view
def _policeIndex(node: address) -> uint256:
    n: uint256 = len(self.policeNodes)
    for i: uint256 in range(MAX_POLICE):
        if i >= n:
            break
        if self.policeNodes[i] == node:
            return i
    return max_value(uint256)


@internal
def _assignPolice(requestId: uint256):
    self.policeTimeouts[requestId] = block.number + self.policeTimeoutInBlocks
    n: uint256 = len(self.policeNodes)
    k: uint256 = min(self.policeNodesPerReport, n)
    if k == 0:
        return
    idx: uint256 = self._policeIndex(self.lastAssignedPoliceNode)
    for j: uint256 in range(MAX_POLICE):
        if j >= k:
            break
        if idx == max_value(uint256):
            idx = 0
        else:
            idx = (idx + 1) % n
        node: address = self.policeNodes[idx]
        self.policeAssigned[requestId][node] = True
        tail: uint256 = self.policeListPrev[node][0]
        self.policeListNext[node][tail] = requestId
        self.policeListPrev[node][requestId] = tail
        self.policeListNext[node][requestId] = 0
        self.policeListPrev[node][0] = requestId
        self.lastAssignedPoliceNode = node
        log PoliceNodeAssignedToReport(policeNode=node, requestId=requestId)


@internal
def _unassignPolice(node: address, requestId: uint256):
    prev: uint256 = self.policeListPrev[node][requestId]
    nxt: uint256 = self.policeListNext[node][requestId]
    self.policeListNext[node][prev] = nxt
    self.policeListPrev[node][nxt] = prev
    self.policeListNext[node][requestId] = 0
    self.policeListPrev[node][requestId] = 0
    self.policeAssigned[requestId][node] = False


@internal
def _splitPayment(amount: uint256):
    n: uint256 = len(self.policeNodes)
    if n == 0 or amount == 0:
        return
    share: uint256 = amount // n
    remainder: uint256 = amount - share * n
    receiver: address = self.lastAssignedPoliceNode
    if not self.policeMember[receiver]:
        receiver = self.policeNodes[0]
    for p: address in self.policeNodes:
        pay: uint256 = share
        if p == receiver:
            pay += remainder
        if pay > 0:
            assert extcall self.token.transfer(p, pay), "token transfer failed"


@external
@view
def getNextPoliceAssignment() -> (bool, uint256, uint256, String[MAX_URI], uint256):
    node: uint256 = self.policeListNext[msg.sender][0]
    for i: uint256 in range(MAX_SCAN):
        if node == 0:
            break
        if self.policeTimeouts[node] >= block.number:
            a: Audit = self.audits[node]
            return True, node, a.price, a.contractUri, a.reportBlockNumber
        node = self.policeListNext[msg.sender][node]
    return False, 0, 0, "", 0


@external
def submitPoliceReport(requestId: uint256, report: Bytes[MAX_REPORT], isVerified: bool) -> bool:
    assert self.policeMember[msg.sender], "not a police node"
    removedCurrent: bool = False
    for i: uint256 in range(MAX_SCAN):
        head: uint256 = self.policeListNext[msg.sender][0]
        if head == 0 or self.policeTimeouts[head] >= block.number:
            break
        self._unassignPolice(msg.sender, head)
        log PoliceAssignmentExpiredAndCleared(requestId=head)
        if head == requestId:
            removedCurrent = True
    if removedCurrent:
        log PoliceSubmissionPeriodExceeded(requestId=requestId, timeoutBlock=self.policeTimeouts[requestId], currentBlock=block.number)
        return False
    assert self.policeAssigned[requestId][msg.sender], "not assigned to this police node"
    self._unassignPolice(msg.sender, requestId)
    self.policeReports[requestId][msg.sender] = report
    result: uint8 = P_INVALID
    if isVerified:
        result = P_VALID
    self.policeResults[requestId][msg.sender] = result
    aggregate: uint8 = self.verifiedReports[requestId]
    if not isVerified and aggregate != P_INVALID:
        # first INVALID: cancel the payment, slash, pay the police
        self.verifiedReports[requestId] = P_INVALID
        auditor: address = self.audits[requestId].auditor
        if self.pendingMember[requestId]:
            self._removePending(auditor, requestId)
        slash: uint256 = min(self.minAuditStake * self.slashPercentage // 100, self.depositsOf[auditor])
        self.depositsOf[auditor] -= slash
        log PoliceSlash(requestId=requestId, policeNode=msg.sender, auditNode=auditor, amount=slash)
        self._splitPayment(slash + self.audits[requestId].price - self.collectedFees[requestId])
    elif isVerified and aggregate == P_UNVERIFIED:
        self.verifiedReports[requestId] = P_VALID
    log LogPoliceAuditFinished(requestId=requestId, policeNode=msg.sender, report=report, isVerified=isVerified)
    return True


# ================================================================ rewards
@internal
def _addPending(auditor: address, requestId: uint256):
    tail: uint256 = self.pendingPrev[auditor][0]
    self.pendingNext[auditor][tail] = requestId
    self.pendingPrev[auditor][requestId] = tail
    self.pendingNext[auditor][requestId] = 0
    self.pendingPrev[auditor][0] = requestId
    self.pendingMember[requestId] = True


@internal
def _removePending(auditor: address, requestId: uint256):
    prev: uint256 = self.pendingPrev[auditor][requestId]
    nxt: uint256 = self.pendingNext[auditor][requestId]
    self.pendingNext[auditor][prev] = nxt
    self.pendingPrev[auditor][nxt] = prev
    self.pendingNext[auditor][requestId] = 0
    self.pendingPrev[auditor][requestId] = 0
    self.pendingMember[requestId] = False


@internal
@view
def _canClaim(auditor: address, requestId: uint256) -> bool:
    if requestId == 0:
        return False
    if not self.pendingMember[requestId] or self.audits[requestId].auditor != auditor:
        return False
    if self.policeTimeouts[requestId] >= block.number:
        return False
    if self.verifiedReports[requestId] == P_INVALID:
        return False
    return not self.rewardClaimed[requestId]


@internal
@view
def _nextClaimable(auditor: address, start: uint256) -> uint256:
    node: uint256 = self.pendingNext[auditor][start]
    for i: uint256 in range(MAX_SCAN):
        if node == 0:
            break
        if self._canClaim(auditor, node):
            return node
        node = self.pendingNext[auditor][node]
    return 0


@internal
def _pay(auditor: address, requestId: uint256):
    self._removePending(auditor, requestId)
    self.rewardClaimed[requestId] = True
    if self.verifiedReports[requestId] == P_UNVERIFIED:
        self.verifiedReports[requestId] = P_EXPIRED
    amount: uint256 = self.audits[requestId].price - self.collectedFees[requestId]
    log LogPayAuditor(requestId=requestId, auditor=auditor, amount=amount)
    if amount > 0:
        assert extcall self.token.transfer(auditor, amount), "token transfer failed"


@external
@view
def hasAvailableRewards() -> bool:
    return self._nextClaimable(msg.sender, 0) != 0


@external
@view
def getNextAvailableReward(requestId: uint256) -> (bool, uint256):
    start: uint256 = requestId
    if start != 0 and not self.pendingMember[start]:
        return False, 0
    nxt: uint256 = self._nextClaimable(msg.sender, start)
    return nxt != 0, nxt


@external
def claimReward(requestId: uint256) -> bool:
    assert self._canClaim(msg.sender, requestId), "reward not claimable"
    self._pay(msg.sender, requestId)
    return True


@external
def claimRewards() -> bool:
    """Pays up to claimRewardsBatchLimit claimable rewards. If more remain it emits
    LogClaimRewardsReachedGasLimit and returns true (the production contract stops on a gas heuristic;
    a fixed batch keeps eth_estimateGas meaningful here)."""
    node: uint256 = self._nextClaimable(msg.sender, 0)
    assert node != 0, "no claimable rewards"
    paid: uint256 = 0
    for i: uint256 in range(MAX_SCAN):
        if node == 0:
            return False
        if paid >= self.claimRewardsBatchLimit:
            log LogClaimRewardsReachedGasLimit(auditor=msg.sender)
            return True
        nxt: uint256 = self._nextClaimable(msg.sender, node)
        self._pay(msg.sender, node)
        paid += 1
        node = nxt
    return False
