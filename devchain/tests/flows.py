"""Small helpers shared by the contract tests."""
from pydevchain import scenario as sc
from pydevchain.client import RpcClientError

QSP = sc.QSP


def request(dep, price_qsp, uri="https://example.org/c.sol"):
    return sc.queue_request(dep.audit, dep.requestor, uri, int(price_qsp * QSP))


def tx(dep, wallet, fn, *args, gas=None, check=True):
    """Send fn(*args) from wallet; returns (receipt, [(event, args)...])."""
    r = dep.audit.transact(wallet, fn, *args, gas=gas, check=check)
    return r, dep.audit.decode_logs(r)


def names(evs):
    return [n for n, _ in evs]


def block_of(receipt):
    return int(receipt["blockNumber"], 16)


def head(dep):
    return dep.client.block_number()


def mine_until(dep, number):
    """Mine so that the head is `number` (the next transaction is then mined at number + 1)."""
    h = head(dep)
    assert h <= number, f"head {h} already past {number}"
    dep.client.mine(number - h)
    assert head(dep) == number


def reverts(fn):
    try:
        fn()
    except RpcClientError as e:
        return e
    raise AssertionError("expected a revert")


def call(dep, fn, *args, sender=None):
    return dep.audit.call(fn, *args, sender=sender.address if sender is not None and hasattr(sender, "address") else sender)


def qsp_balance(dep, addr):
    return dep.token.call("balanceOf", addr)
