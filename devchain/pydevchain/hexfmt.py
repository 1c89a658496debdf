"""Hex formatting helpers for JSON-RPC values."""
from eth_utils import to_checksum_address


def hx(b: bytes) -> str:
    """Data: 0x-prefixed hex of bytes."""
    return "0x" + bytes(b).hex()


def hq(n: int) -> str:
    """Quantity: 0x-prefixed hex without leading zeros."""
    return hex(int(n))


def haddr(a: bytes) -> str:
    """Address: lower-case 0x hex (as geth returns in JSON)."""
    return "0x" + bytes(a).hex()


def checksum(a: bytes) -> str:
    return to_checksum_address(a)
