"""Checks of the deployment files: the systemd unit (systemd-analyze verify and security), the Kubernetes
manifests (YAML syntax and structure), the Grafana dashboard and the Containerfile's shape."""
import json
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEPLOY = os.path.join(ROOT, "deploy")
UNIT = os.path.join(DEPLOY, "systemd", "qsp-audit-node.service")
K8S = os.path.join(DEPLOY, "kubernetes")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


# ---------------------------------------------------------------- systemd

def unit_with_binary(tmp_path, text=None):
    """The unit with ExecStart pointing at an executable that exists here (verify checks it)."""
    text = read(UNIT) if text is None else text
    path = tmp_path / "qsp-audit-node.service"
    path.write_text(text.replace("/usr/local/bin/qsp-audit-node", shutil.which("true")))
    return path


def verify(path):
    result = subprocess.run(["systemd-analyze", "verify", str(path)], capture_output=True, text=True, timeout=120)
    mine = [line for line in (result.stdout + result.stderr).splitlines() if path.name in line or str(path) in line]
    return result.returncode, mine


needs_systemd = pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")


@needs_systemd
def test_systemd_unit_verifies_cleanly(tmp_path):
    code, lines = verify(unit_with_binary(tmp_path))
    assert code == 0 and not lines, lines


@needs_systemd
def test_systemd_verify_catches_a_broken_unit(tmp_path):
    broken = read(UNIT).replace("ProtectSystem=strict", "ProtectSystem=sometimes")
    _, lines = verify(unit_with_binary(tmp_path, broken))
    assert any("sometimes" in line for line in lines), lines
    missing = tmp_path / "missing"
    missing.mkdir()
    path = missing / "qsp-audit-node.service"
    path.write_text(read(UNIT))  # /usr/local/bin/qsp-audit-node does not exist here
    code, lines = verify(path)
    assert code != 0 and any("not executable" in line for line in lines), lines


@needs_systemd
def test_systemd_unit_is_hardened(tmp_path):
    text = read(UNIT)
    settings = {}
    for line in text.splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            settings.setdefault(key.strip(), []).append(value.strip())
    for key, value in [("NoNewPrivileges", "yes"), ("ProtectSystem", "strict"), ("StateDirectory", "qsp-audit-node"),
                       ("User", "qsp-audit"), ("Restart", "on-failure"), ("KillSignal", "SIGTERM"),
                       ("PrivateTmp", "yes"), ("ProtectHome", "yes"), ("RestartPreventExitStatus", "2")]:
        assert value in settings.get(key, []), f"{key}={value} missing"
    # The stop timeout covers the node's drain (shutdown_drain_seconds 60 + 15 s of service shutdown).
    assert int(settings["TimeoutStopSec"][0]) >= 75
    assert "QSP_ETH_PASSPHRASE_FILE=%d/passphrase" in settings["Environment"]
    assert not any("QSP_ETH_PASSPHRASE=" in v for v in settings["Environment"]), "no passphrase in the unit"
    result = subprocess.run(["systemd-analyze", "security", "--offline=yes", str(unit_with_binary(tmp_path))],
                            capture_output=True, text=True, timeout=120)
    match = re.search(r"Overall exposure level for .*: ([0-9.]+)", result.stdout + result.stderr)
    assert match, result.stdout[-500:] + result.stderr[-500:]
    assert float(match.group(1)) <= 2.5, match.group(0)


def test_sysusers_declares_the_dedicated_user():
    text = read(os.path.join(DEPLOY, "systemd", "qsp-audit-node.sysusers"))
    assert re.search(r"^u qsp-audit ", text, re.M)


# ---------------------------------------------------------------- Kubernetes

def manifests():
    docs = {}
    for name in sorted(os.listdir(K8S)):
        if name.endswith(".yaml"):
            docs[name] = [d for d in yaml.safe_load_all(read(os.path.join(K8S, name))) if d is not None]
    return docs


def by_kind(kind):
    found = [d for docs in manifests().values() for d in docs if d.get("kind") == kind]
    assert found, f"no {kind}"
    return found


def test_every_manifest_parses_and_names_itself():
    docs = manifests()
    assert docs
    for name, items in docs.items():
        assert items, f"{name} is empty"
        for d in items:
            assert isinstance(d, dict), name
            assert d.get("apiVersion") and d.get("kind"), f"{name}: apiVersion/kind missing"
            if d["kind"] != "Kustomization":
                assert re.fullmatch(r"[a-z0-9]([-a-z0-9.]*[a-z0-9])?", d["metadata"]["name"]), d["metadata"]["name"]


def test_kustomization_lists_existing_files_and_leaves_secrets_out():
    k = by_kind("Kustomization")[0]
    for resource in k["resources"]:
        assert os.path.exists(os.path.join(K8S, resource)), resource
    assert "secret.example.yaml" not in k["resources"], "real secrets are created with kubectl, not committed"


def test_statefulset_runs_one_account_per_replica():
    sts = by_kind("StatefulSet")[0]
    spec = sts["spec"]
    pod = spec["template"]["spec"]
    assert spec["selector"]["matchLabels"].items() <= spec["template"]["metadata"]["labels"].items()
    services = {s["metadata"]["name"]: s for s in by_kind("Service")}
    assert spec["serviceName"] in services and services[spec["serviceName"]]["spec"]["clusterIP"] == "None"
    node = next(c for c in pod["containers"] if c["name"] == "node")
    script = "\n".join(node["command"] + node["args"])
    assert "POD_NAME##*-" in script and "keystore-${ordinal}.json" in script and "passphrase-${ordinal}" in script
    assert "exec qsp-audit-node run" in script
    # The event store on a per-replica volume.
    claims = {c["metadata"]["name"] for c in spec["volumeClaimTemplates"]}
    mounts = {m["name"]: m["mountPath"] for m in node["volumeMounts"]}
    assert "state" in claims and mounts["state"] == "/var/lib/qsp-audit-node"
    config = yaml.safe_load(by_kind("ConfigMap")[0]["data"]["config.yaml"])
    env = next(iter(config.values()))
    assert env["evt_db_path"].startswith(mounts["state"] + "/")
    assert env["keystore_file"].startswith(mounts["state"] + "/")
    # Every volume a container mounts exists; the passphrase and keystores come from the Secret.
    volumes = {v["name"]: v for v in pod["volumes"]}
    for container in pod["containers"]:
        for mount in container.get("volumeMounts", []):
            assert mount["name"] in volumes or mount["name"] in claims, mount
    secret_name = volumes["accounts"]["secret"]["secretName"]
    example = by_kind("Secret")[0]
    assert example["metadata"]["name"] == secret_name
    for env_var in node["env"]:
        ref = env_var.get("valueFrom", {}).get("secretKeyRef")
        if ref:
            assert ref["name"] == secret_name and ref["key"] in example["stringData"], ref
    assert {"keystore-0.json", "passphrase-0"} <= set(example["stringData"])
    # Probes on /health, drain time, non-root.
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        command = node[probe]["exec"]["command"]
        assert command[0] == "/usr/local/bin/qsp-healthcheck", command
    assert pod["terminationGracePeriodSeconds"] >= env.get("shutdown_drain_seconds", 60) + 15
    assert pod["securityContext"]["runAsNonRoot"] is True
    for container in pod["containers"]:
        assert container["securityContext"]["allowPrivilegeEscalation"] is False
        assert container["securityContext"]["capabilities"]["drop"] == ["ALL"]


def test_metrics_are_scraped():
    sts = by_kind("StatefulSet")[0]
    pod = sts["spec"]["template"]
    annotations = pod["metadata"]["annotations"]
    assert annotations["prometheus.io/scrape"] == "true" and annotations["prometheus.io/path"] == "/metrics"
    ports = {p["name"]: p["containerPort"] for c in pod["spec"]["containers"] for p in c.get("ports", [])}
    assert ports["metrics"] == int(annotations["prometheus.io/port"])
    proxy = next(c for c in pod["spec"]["containers"] if c["name"] == "metrics-proxy")
    env = next(iter(yaml.safe_load(by_kind("ConfigMap")[0]["data"]["config.yaml"]).values()))
    assert f"TCP:127.0.0.1:{env['status_server']['port']}" in proxy["args"]
    service = by_kind("Service")[0]
    assert service["spec"]["ports"][0]["port"] == ports["metrics"]
    policy = by_kind("NetworkPolicy")[0]
    assert policy["spec"]["ingress"][0]["ports"][0]["port"] == ports["metrics"]


def test_healthcheck_port_matches_the_shipped_configurations():
    script = read(os.path.join(DEPLOY, "container", "qsp-healthcheck"))
    default = re.search(r'QSP_STATUS_PORT:-(\d+)', script).group(1)
    for path in [os.path.join(DEPLOY, "container", "config.yaml")]:
        env = next(iter(yaml.safe_load(read(path)).values()))
        assert str(env["status_server"]["port"]) == default
    env = next(iter(yaml.safe_load(by_kind("ConfigMap")[0]["data"]["config.yaml"]).values()))
    assert str(env["status_server"]["port"]) == default


# ---------------------------------------------------------------- Grafana

def node_metric_names():
    text = read(os.path.join(ROOT, "Sources", "AuditNode", "Observability", "NodeMetrics.swift"))
    return set(re.findall(r'label: "([a-z_]+)"', text))


def test_grafana_dashboard_uses_existing_metrics():
    path = os.path.join(DEPLOY, "grafana", "qsp-audit-node.json")
    dashboard = json.loads(read(path))
    assert dashboard["uid"] and dashboard["title"]
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    known = node_metric_names()
    assert known
    for p in dashboard["panels"]:
        grid = p["gridPos"]
        assert grid["x"] + grid["w"] <= 24
        for t in p["targets"]:
            used = set(re.findall(r"\b(qsp_[a-z_]+?)(?:_bucket|_sum|_count)?\{", t["expr"]))
            assert used, t["expr"]
            assert used <= known, f"{p['title']}: unknown metrics {used - known}"


def test_grafana_dashboard_is_generated(tmp_path):
    out = tmp_path / "dashboard.json"
    generated = subprocess.run([sys.executable, os.path.join(DEPLOY, "grafana", "generate.py"), str(out)],
                               capture_output=True, text=True, timeout=60)
    assert generated.returncode == 0, generated.stderr
    assert out.read_text() == read(os.path.join(DEPLOY, "grafana", "qsp-audit-node.json")), \
        "qsp-audit-node.json is stale: run deploy/grafana/generate.py"


# ---------------------------------------------------------------- Containerfile

def test_containerfile_shape():
    text = read(os.path.join(ROOT, "Containerfile"))
    stages = re.findall(r"^FROM\s+(\S+)\s+AS\s+(\S+)", text, re.M)
    names = [name for _, name in stages]
    assert names == ["build", "runtime", "analyzer-venvs", "analyzers", "node"], names
    args = dict(re.findall(r"^ARG (SWIFT_IMAGE|RUNTIME_IMAGE)=(\S+)", text, re.M))
    assert args["SWIFT_IMAGE"].startswith("docker.io/library/swift:")
    assert args["RUNTIME_IMAGE"] == "docker.io/library/debian:bookworm-slim"
    assert "--static-swift-stdlib" in text
    runtime = text.split("AS runtime", 1)[1].split("AS analyzer-venvs", 1)[0]
    installed = re.search(r"install -y --no-install-recommends ([^\\&\n]+)", runtime).group(1).split()
    assert set(installed) == {"libsecp256k1-1", "libsqlite3-0", "ca-certificates"}, installed
    assert re.search(r"^USER 10001:10001", runtime, re.M)
    assert "HEALTHCHECK" in runtime and "qsp-healthcheck" in runtime
    assert "QSP_ETH_PASSPHRASE_FILE=" in runtime
    for copied in re.findall(r"^COPY (?!--from)(\S+)", text, re.M):
        assert os.path.exists(os.path.join(ROOT, copied)), copied
