"""JSON-RPC errors shaped like geth's."""
from eth_abi import decode

from .hexfmt import hx


class RpcError(Exception):
    """An error returned to the client as {"code", "message", "data"?}."""

    def __init__(self, code: int, message: str, data=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.data = data

    def to_json(self) -> dict:
        out = {"code": self.code, "message": self.message}
        if self.data is not None:
            out["data"] = self.data
        return out


def execution_reverted(revert_data: bytes) -> RpcError:
    """geth: code 3, "execution reverted[: reason]", data = revert bytes."""
    revert_data = bytes(revert_data or b"")
    message = "execution reverted"
    if revert_data[:4] == bytes.fromhex("08c379a0"):
        try:
            (reason,) = decode(["string"], revert_data[4:])
            message = f"execution reverted: {reason}"
        except Exception:  # noqa: BLE001 - undecodable reason: keep the plain message
            pass
    return RpcError(3, message, hx(revert_data))
