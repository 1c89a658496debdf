/// The registry of detectors, in a stable order.
enum DetectorCatalog {
    static let all: [any Detector] = [
        Reentrancy(),
        ReentrancyLimitedGas(),
        UncheckedLowLevelCall(),
        UnprotectedSelfDestruct(),
        UnprotectedEtherWithdrawal(),
        TxOriginAuthentication(),
        IncorrectConstructorName(),
        UnprotectedOwnerWrite(),
        DefaultVisibility(),
        ControlledDelegatecall(),
        ArbitraryStorageWrite(),
        IntegerOverflow(),
        IntegerUnderflow(),
        TimestampDependence(),
        WeakRandomness(),
        UnboundedLoop(),
        CallInLoop(),
        PushPaymentDoS(),
        HashPuzzleFrontRunning(),
        OrderDependentPayout(),
        ApproveRace(),
        ShortAddress(),
        UninitializedStoragePointer(),
        StateVariableShadowing(),
        LockedEther(),
    ]

    /// Sorts by (startLine, detectorID) and drops exact duplicates (same detector, same line).
    static func deduplicated(_ findings: [SolidityFinding]) -> [SolidityFinding] {
        var seen: Set<String> = []
        var result: [SolidityFinding] = []
        for finding in findings where seen.insert("\(finding.detectorID)|\(finding.startLine)").inserted {
            result.append(finding)
        }
        return result.sorted { ($0.startLine, $0.detectorID) < ($1.startLine, $1.detectorID) }
    }
}
