"""qsp-devchain: a local EVM JSON-RPC chain (py-evm) plus the QuantstampAudit test protocol tooling."""
