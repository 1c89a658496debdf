/// Where a value may come from.
struct Taint: OptionSet, Sendable, Hashable {
    let rawValue: UInt16

    static let parameter = Taint(rawValue: 1 << 0)
    static let sender = Taint(rawValue: 1 << 1)
    static let value = Taint(rawValue: 1 << 2)
    static let origin = Taint(rawValue: 1 << 3)
    static let messageData = Taint(rawValue: 1 << 4)
    static let timestamp = Taint(rawValue: 1 << 5)
    /// block.number, blockhash, difficulty/prevrandao, coinbase, gaslimit.
    static let blockEntropy = Taint(rawValue: 1 << 6)
    static let stateVariable = Taint(rawValue: 1 << 7)

    /// Values an external caller chooses.
    static let callerControlled: Taint = [.parameter, .sender, .value, .origin, .messageData]
    /// Values a miner can influence or predict.
    static let blockAttributes: Taint = [.timestamp, .blockEntropy]
}

extension Expression {
    /// Block attribute source of this single node (not its children), if any.
    var blockAttributeTaint: Taint {
        switch kind {
        case .identifier(let name):
            return name == "now" ? .timestamp : []
        case .member(let base, let name):
            if base.identifierName == "block" {
                switch name {
                case "timestamp": return .timestamp
                case "number", "difficulty", "coinbase", "gaslimit", "prevrandao", "basefee", "blockhash": return .blockEntropy
                default: return []
                }
            }
            return []
        case .call(let callee, _, _):
            return callee.identifierName == "blockhash" ? .blockEntropy : []
        default:
            return []
        }
    }

    var isMsgSender: Bool {
        isMember("msg", "sender") || canonical == "_msgSender()" || canonical == "msgSender()"
    }

    var isTxOrigin: Bool { isMember("tx", "origin") }
}
