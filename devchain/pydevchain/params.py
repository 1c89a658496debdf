"""JSON-RPC parameter parsing: every malformed value becomes a -32602 error."""
from .errors import RpcError


def param(params, i, default=None, required=False):
    if i < len(params) and params[i] is not None:
        return params[i]
    if required:
        raise RpcError(-32602, f"missing value for required argument {i}")
    return default


def p_quantity(v, what="quantity") -> int:
    if isinstance(v, int) and not isinstance(v, bool) and v >= 0:
        return v
    if not isinstance(v, str) or not v.startswith("0x") or len(v) < 3 or len(v) > 66:
        raise RpcError(-32602, f"invalid argument: {what} must be a 0x-prefixed hex quantity")
    try:
        return int(v, 16)
    except ValueError:
        raise RpcError(-32602, f"invalid argument: {what} is not hex") from None


def p_data(v, what="data") -> bytes:
    if not isinstance(v, str) or not v.startswith("0x") or len(v) % 2:
        raise RpcError(-32602, f"invalid argument: {what} must be 0x-prefixed hex with an even length")
    try:
        return bytes.fromhex(v[2:])
    except ValueError:
        raise RpcError(-32602, f"invalid argument: {what} is not hex") from None


def p_address(v, what="address") -> bytes:
    b = p_data(v, what)
    if len(b) != 20:
        raise RpcError(-32602, f"invalid argument: {what} must be 20 bytes")
    return b


def p_hash(v, what="hash") -> bytes:
    b = p_data(v, what)
    if len(b) != 32:
        raise RpcError(-32602, f"invalid argument: {what} must be 32 bytes")
    return b


def p_tag(v):
    if v is None:
        return "latest"
    if isinstance(v, str) and v in ("latest", "pending", "earliest", "safe", "finalized"):
        return v
    if isinstance(v, dict):
        if "blockHash" in v:
            p_hash(v["blockHash"], "blockHash")
            return v
        if "blockNumber" in v:
            return p_quantity(v["blockNumber"], "blockNumber")
        raise RpcError(-32602, "invalid argument: block object needs blockHash or blockNumber")
    return p_quantity(v, "block number")


def p_bool(v, what="flag") -> bool:
    if not isinstance(v, bool):
        raise RpcError(-32602, f"invalid argument: {what} must be a boolean")
    return v


def p_call(obj):
    if not isinstance(obj, dict):
        raise RpcError(-32602, "invalid argument 0: call object expected")
    sender = p_address(obj["from"], "from") if obj.get("from") else b"\x00" * 20
    to = p_address(obj["to"], "to") if obj.get("to") else None
    gas = p_quantity(obj["gas"], "gas") if obj.get("gas") is not None else None
    value = p_quantity(obj["value"], "value") if obj.get("value") is not None else 0
    data_field = obj.get("input") if obj.get("input") is not None else obj.get("data")
    data = p_data(data_field, "input") if data_field is not None else b""
    return sender, to, gas, value, data
