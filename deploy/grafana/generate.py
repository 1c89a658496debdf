#!/usr/bin/env python3
"""Writes qsp-audit-node.json, the Grafana dashboard for the node's Prometheus metrics (GET /metrics).
Regenerate after changing the panels: python3 deploy/grafana/generate.py [OUTPUT]"""
import json
import os
import sys

DS = {"type": "prometheus", "uid": "${datasource}"}
SEL = 'instance=~"$instance"'


def target(expr, legend, ref="A"):
    return {"datasource": DS, "expr": expr, "legendFormat": legend, "refId": ref}


def panel(pid, title, kind, x, y, w, h, targets, unit="short", description="", stack=False, thresholds=None):
    p = {
        "id": pid, "type": kind, "title": title, "description": description, "datasource": DS,
        "gridPos": {"x": x, "y": y, "w": w, "h": h},
        "targets": [target(e, l, chr(ord("A") + i)) for i, (e, l) in enumerate(targets)],
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "options": {},
    }
    if kind == "timeseries":
        p["fieldConfig"]["defaults"]["custom"] = {
            "drawStyle": "line", "lineWidth": 2, "fillOpacity": 15, "showPoints": "never",
            "stacking": {"mode": "normal" if stack else "none", "group": "A"},
        }
        p["options"] = {"legend": {"displayMode": "list", "placement": "bottom"}, "tooltip": {"mode": "multi"}}
    if kind == "stat":
        p["options"] = {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                        "colorMode": "value", "graphMode": "area", "textMode": "auto"}
        if thresholds:
            p["fieldConfig"]["defaults"]["thresholds"] = {"mode": "absolute", "steps": thresholds}
    return p


panels = [
    panel(1, "Head block", "stat", 0, 0, 4, 4, [(f"max(qsp_head_block{{{SEL}}})", "head")], unit="none",
          description="Latest block the node has seen (qsp_head_block)."),
    panel(2, "Blocks per minute", "stat", 4, 0, 4, 4, [(f"sum(rate(qsp_head_block{{{SEL}}}[5m])) * 60", "blocks/min")],
          description="0 means the node stopped following the chain.",
          thresholds=[{"color": "red", "value": None}, {"color": "green", "value": 0.5}]),
    panel(3, "Audits in flight", "stat", 8, 0, 4, 4, [(f"sum(qsp_audits_in_flight{{{SEL}}})", "in flight")]),
    panel(4, "Audits finished (24 h)", "stat", 12, 0, 4, 4, [(f"sum(increase(qsp_audits_total{{{SEL}}}[24h]))", "audits")]),
    panel(5, "Requests in error (24 h)", "stat", 16, 0, 4, 4,
          [(f"sum(increase(qsp_requests_error_total{{{SEL}}}[24h]))", "errors")],
          thresholds=[{"color": "green", "value": None}, {"color": "orange", "value": 1}, {"color": "red", "value": 5}]),
    panel(6, "RPC errors (1 h)", "stat", 20, 0, 4, 4, [(f"sum(increase(qsp_rpc_errors_total{{{SEL}}}[1h]))", "rpc errors")],
          thresholds=[{"color": "green", "value": None}, {"color": "orange", "value": 10}, {"color": "red", "value": 100}]),
    panel(7, "Audits per hour by result", "timeseries", 0, 4, 12, 8,
          [(f'sum by (audit_state) (increase(qsp_audits_total{{{SEL}}}[1h]))', "audit_state {{audit_state}} (4 completed, 5 error)")],
          stack=True),
    panel(8, "Audit duration", "timeseries", 12, 4, 12, 8, [
        (f"histogram_quantile(0.5, sum by (le) (rate(qsp_audit_duration_bucket{{{SEL}}}[15m])))", "p50"),
        (f"histogram_quantile(0.95, sum by (le) (rate(qsp_audit_duration_bucket{{{SEL}}}[15m])))", "p95"),
    ], unit="s"),
    panel(9, "Bids and assignments per hour", "timeseries", 0, 12, 12, 8, [
        (f"sum(increase(qsp_bids_total{{{SEL}}}[1h]))", "bids"),
        (f"sum(increase(qsp_assignments_total{{{SEL}}}[1h]))", "assignments won"),
    ]),
    panel(10, "Requests done and in error per hour", "timeseries", 12, 12, 12, 8, [
        (f"sum by (type) (increase(qsp_requests_done_total{{{SEL}}}[1h]))", "done {{type}}"),
        (f"sum by (type) (increase(qsp_requests_error_total{{{SEL}}}[1h]))", "error {{type}}"),
    ]),
    panel(11, "Transactions sent per hour", "timeseries", 0, 20, 12, 8, [
        (f"sum by (purpose) (increase(qsp_transactions_sent_total{{{SEL}}}[1h]))", "{{purpose}}"),
        (f"sum(increase(qsp_transaction_replacements_total{{{SEL}}}[1h]))", "replacements"),
    ], stack=True),
    panel(12, "RPC errors and reorgs", "timeseries", 12, 20, 12, 8, [
        (f"sum(rate(qsp_rpc_errors_total{{{SEL}}}[5m])) * 60", "RPC errors / min"),
        (f"sum(increase(qsp_reorgs_total{{{SEL}}}[1h]))", "reorgs / h"),
    ]),
]

dashboard = {
    "__inputs": [{"name": "DS_PROMETHEUS", "label": "Prometheus", "type": "datasource", "pluginId": "prometheus",
                  "pluginName": "Prometheus"}],
    "title": "QSP audit node",
    "uid": "qsp-audit-node",
    "description": "qsp-audit-node: chain progress, audits, transactions and errors (Prometheus metrics from /metrics).",
    "tags": ["qsp", "ethereum", "audit"],
    "timezone": "utc",
    "schemaVersion": 39,
    "version": 1,
    "editable": True,
    "graphTooltip": 1,
    "refresh": "30s",
    "time": {"from": "now-24h", "to": "now"},
    "templating": {"list": [
        {"name": "datasource", "label": "Data source", "type": "datasource", "query": "prometheus", "current": {},
         "hide": 0, "refresh": 1},
        {"name": "instance", "label": "Node", "type": "query", "datasource": DS,
         "query": {"query": "label_values(qsp_head_block, instance)", "refId": "instance"},
         "definition": "label_values(qsp_head_block, instance)", "includeAll": True, "multi": True, "allValue": ".*",
         "current": {"text": "All", "value": "$__all"}, "refresh": 2, "hide": 0, "sort": 1},
    ]},
    "annotations": {"list": []},
    "links": [],
    "panels": panels,
}

path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "qsp-audit-node.json")
with open(path, "w") as f:
    json.dump(dashboard, f, indent=2)
    f.write("\n")
