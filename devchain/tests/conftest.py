"""pytest fixtures: a dev chain launched on a free port for the session, plus a shared deployment
restored with evm_snapshot/evm_revert around every test."""
import os
import socket
import subprocess
import sys
import time

import pytest

DEVCHAIN = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, DEVCHAIN)

from pydevchain import scenario as sc  # noqa: E402
from pydevchain.client import RpcClient, RpcClientError  # noqa: E402

QSP = sc.QSP
T = 3        # audit timeout used by the shared deployment
P = 3        # police timeout
MIN_STAKE = 1000 * QSP


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def devchain_url(tmp_path_factory):
    port = _free_port()
    accounts = tmp_path_factory.mktemp("devchain") / "accounts.json"
    log = open(tmp_path_factory.mktemp("devchain-log") / "serve.log", "w")
    proc = subprocess.Popen([sys.executable, os.path.join(DEVCHAIN, "serve"), "--port", str(port),
                             "--accounts-file", str(accounts)], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    client = RpcClient(url, timeout=5)
    deadline = time.time() + 60
    while True:
        try:
            client.call("eth_chainId")
            break
        except RpcClientError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                pytest.fail(f"devchain/serve did not start (exit {proc.poll()}); see {log.name}")
            time.sleep(0.2)
    yield url
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="session")
def client(devchain_url):
    return RpcClient(devchain_url)


@pytest.fixture(scope="session")
def base(devchain_url):
    """One deployment for the whole session: 3 nodes (price 10 QSP), 3 police, T=3, P=3, min stake 1000 QSP."""
    dep = sc.build(devchain_url, nodes=3, police=3, node_price_qsp=10, min_stake_qsp=1000, audit_timeout=T,
                   police_timeout=P, seed=b"pytest-seed")
    return dep


@pytest.fixture
def dep(base, client):
    """The shared deployment, rolled back after the test."""
    sid = client.call("evm_snapshot")
    for w in [base.owner, base.requestor, *base.nodes, *base.police]:
        w.reset_nonce()
    yield base
    client.call("evm_setAutomine", True)
    assert client.call("evm_revert", sid) is True
    for w in [base.owner, base.requestor, *base.nodes, *base.police]:
        w.reset_nonce()


@pytest.fixture
def snap(client):
    """Roll the chain back after an RPC test."""
    sid = client.call("evm_snapshot")
    yield
    client.call("evm_setAutomine", True)
    client.call("evm_revert", sid)


@pytest.fixture(scope="session")
def dev_keys(devchain_url):
    from pydevchain.chain import dev_private_keys
    return ["0x" + k.hex() for k in dev_private_keys(10)]
