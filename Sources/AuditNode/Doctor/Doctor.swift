import Ethereum
import EthereumAccounts
import EthereumRPC
import Foundation

/// `qsp-audit-node doctor`: checks everything an operator usually gets wrong before `run` — configuration, keystore,
/// endpoint, contract, limits, stake, price, gas money, analyzers, event store and status port — and says what to do
/// for each failure. It never sends a transaction, never writes the event store and never prints a secret.
public struct Doctor: Sendable {
    /// The YAML configuration file.
    public var configPath: String
    /// The environment (top-level section) of the configuration.
    public var env: String
    /// Process environment (passphrase, token, `${NAME}` substitutions).
    public var environment: [String: String]
    /// Deadline of each JSON-RPC call.
    public var rpcTimeout: Duration
    /// How many transactions the account's ETH must pay for at the current gas price.
    public var minimumAffordableTransactions: UInt64

    /// Creates a doctor for one configuration environment.
    public init(configPath: String, env: String, environment: [String: String], rpcTimeout: Duration = .seconds(10),
                minimumAffordableTransactions: UInt64 = 10) {
        self.configPath = configPath
        self.env = env
        self.environment = environment
        self.rpcTimeout = rpcTimeout
        self.minimumAffordableTransactions = minimumAffordableTransactions
    }

    /// Everything the local checks found that later checks build on.
    struct Local {
        var config: NodeConfiguration
        var metadata: ContractMetadata
        var contract: AuditContract
    }

    /// Runs every check in order; never throws (each failure is a line of the report).
    public func run() async -> DoctorReport {
        var checks: [DoctorCheckResult] = []
        let (configCheck, local) = checkConfiguration()
        checks.append(configCheck)
        guard let local else {
            for id in ["keystore", "endpoint", "contract", "limits", "stake", "price", "balance", "analyzers", "database", "status_port"] {
                checks.append(.skip(id, needs: "config"))
            }
            return DoctorReport(checks: checks)
        }
        let (keystoreCheck, account) = checkKeystore(local.config)
        checks.append(keystoreCheck)
        let chain = await DoctorChainChecks(local: local, account: account, env: env, rpcTimeout: rpcTimeout,
                                            minimumAffordableTransactions: minimumAffordableTransactions).run()
        checks += chain.results
        checks.append(await DoctorLocalChecks.analyzers(local.config))
        // The deployment this set-up runs on, when the endpoint and keystore told it: an existing store must belong to it.
        let deployment = chain.chainID.flatMap { id in
            account.map { StoreIdentity(chainID: id, contract: local.contract.address.checksummed, account: $0.checksummed) }
        }
        checks.append(DoctorLocalChecks.database(path: local.config.databasePath, deployment: deployment))
        checks.append(DoctorLocalChecks.statusPort(local.config.statusServer))
        return DoctorReport(checks: checks)
    }

    /// The configuration, the metadata file and the ABI it names.
    func checkConfiguration() -> (DoctorCheckResult, Local?) {
        let loaded: ConfigurationLoader.Loaded
        do { loaded = try ConfigurationLoader(environment: environment).load(path: configPath, env: env) } catch {
            return (.fail("config", "\(configPath) [\(env)]: \(error)", fix: "correct '\(error.key)' in \(configPath) (see config/config.yaml for every key)"), nil)
        }
        let config = loaded.configuration
        let metadata: ContractMetadata
        do { metadata = try ContractMetadata.load(path: config.metadataPath) } catch {
            return (.fail("config", "\(error)", fix: "point audit_contract_abi.metadata at the deployment's metadata JSON (contractAddress, version)"), nil)
        }
        let address: Address
        do { address = try Address(metadata.contractAddress) } catch {
            return (.fail("config", "contractAddress \(metadata.contractAddress) in \(config.metadataPath) is not a valid address: \(error)",
                          fix: "write the contract address as 0x + 40 hex digits (all lowercase, or a correct EIP-55 checksum)"), nil)
        }
        guard let abiJSON = FileManager.default.contents(atPath: config.abiPath) else {
            return (.fail("config", "cannot read the ABI at \(config.abiPath)", fix: "point audit_contract_abi.uri at QuantstampAudit's ABI JSON (config/abi/)"), nil)
        }
        let contract: AuditContract
        do { contract = try AuditContract(abiJSON: abiJSON, address: address) } catch {
            return (.fail("config", "the ABI at \(config.abiPath) does not describe QuantstampAudit: \(error)",
                          fix: "use config/abi/QuantstampAudit-v2.abi.json"), nil)
        }
        var detail = "\(configPath) [\(env)] is valid; contract \(address.checksummed) version \(metadata.version)"
        if !loaded.warnings.isEmpty { detail += " (\(loaded.warnings.count) warning(s): \(loaded.warnings.joined(separator: "; ")))" }
        return (.pass("config", detail), Local(config: config, metadata: metadata, contract: contract))
    }

    /// The keystore decrypts with the passphrase from the environment; returns the account.
    func checkKeystore(_ config: NodeConfiguration) -> (DoctorCheckResult, Address?) {
        let passphrase: Passphrase
        do { passphrase = try Passphrase.fromEnvironment(environment) } catch {
            return (.fail("keystore", error.message, fix: "export QSP_ETH_PASSPHRASE, or QSP_ETH_PASSPHRASE_FILE=/path/to/a/file holding it"), nil)
        }
        guard let json = FileManager.default.contents(atPath: config.keystoreFile) else {
            return (.fail("keystore", "cannot read \(config.keystoreFile)",
                          fix: "set keystore_file to the node account's V3 keystore (create one with `qsp-audit-node keystore new`)"), nil)
        }
        do {
            let key = try Keystore.decrypt(json: json, passphrase: passphrase.value)
            return (.pass("keystore", "\(config.keystoreFile) opens: account \(key.address.checksummed)"), key.address)
        } catch {
            // Say where the passphrase came from: the variable wins over the file, which surprises when both are set.
            let source = environment["QSP_ETH_PASSPHRASE"] != nil
                ? "QSP_ETH_PASSPHRASE" + (environment["QSP_ETH_PASSPHRASE_FILE"] != nil ? ", which wins over QSP_ETH_PASSPHRASE_FILE" : "")
                : "the file \(environment["QSP_ETH_PASSPHRASE_FILE"] ?? "?") (QSP_ETH_PASSPHRASE_FILE)"
            return (.fail("keystore", "cannot decrypt \(config.keystoreFile) with the passphrase from \(source): \(error)",
                          fix: "give the passphrase this keystore was created with (QSP_ETH_PASSPHRASE or QSP_ETH_PASSPHRASE_FILE)"), nil)
        }
    }
}
