import Ethereum
import Foundation

/// Renders the status page: one self-contained HTML document (inline CSS and SVG, no scripts, no external
/// resources) that reloads itself every `refreshSeconds`. Every dynamic value is escaped.
enum StatusPageRenderer {
    static let refreshSeconds = 15

    static func render(_ m: StatusPageModel) -> String {
        let s = m.snapshot
        let state = s.draining ? "<span class=\"pill warn\" id=\"state\">draining</span>"
            : isFresh(m) ? "<span class=\"pill ok\" id=\"state\">running</span>" : "<span class=\"pill bad\" id=\"state\">no recent head</span>"
        return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta http-equiv="refresh" content="\(refreshSeconds)">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>qsp-audit-node · \(HTML.escape(short(s.account)))</title>
        <style>\(css)</style></head>
        <body>
        <header><h1>qsp-audit-node</h1>\(state)
        <div class="ids"><span>account <code id="account">\(HTML.escape(s.account))</code></span>
        <span>contract <code id="contract">\(HTML.escape(s.contract))</code></span>
        <span>chain <code id="chain-id">\(m.facts?.chainID.map(String.init) ?? "–")</code></span></div></header>
        <main>
        <section class="cards">
        \(cards(m))
        </section>
        <section class="charts">
        <figure><figcaption>Audits per hour <span class="legend"><i class="sw done"></i>done <i class="sw error"></i>error</span></figcaption>
        \(SVGChart.auditsPerHour(m.auditsPerHour, id: "chart-audits"))</figure>
        <figure><figcaption>Queue depth <span class="legend">requests in progress (AS, TS, SB)</span></figcaption>
        \(SVGChart.queueDepth(m.queueDepth, id: "chart-queue"))</figure>
        </section>
        \(alerts(m))
        <section><h2>Last requests</h2>
        <table id="requests"><thead><tr><th>request</th><th>type</th><th>status</th><th>contract</th><th>block</th>
        <th>result</th><th>findings</th><th>transaction</th><th>report</th><th>info</th></tr></thead><tbody>
        \(rows(m))
        </tbody></table></section>
        </main>
        <footer>updated <span id="generated">\(timestamp(m.now))</span> · reloads every \(refreshSeconds) s ·
        <a href="/health">/health</a> · <a href="/metrics">/metrics</a></footer>
        </body></html>
        """
    }

    static func cards(_ m: StatusPageModel) -> String {
        let s = m.snapshot
        let summary = RequestStatus.allCases.map { "\($0.rawValue): \(m.counts[$0] ?? 0)" }.joined(separator: " · ")
        return [
            card("Head block", id: "head-block", value: s.headBlock.map(String.init) ?? "–", note: lagText(m), noteID: "lag"),
            card("Stake", id: "stake", value: amount(m.facts?.staked, unit: "QSP"), note: stakeNote(m), noteID: "stake-note",
                 tone: s.stakeOK == false ? "bad" : ""),
            card("Price", id: "price", value: amount(m.facts?.price, unit: "QSP"), note: "floor \(amount(m.facts?.floor, unit: "QSP"))",
                 noteID: "floor"),
            card("ETH balance", id: "balance", value: amount(m.facts?.balance, unit: "ETH"), note: "availability \(s.availability ?? "–")",
                 noteID: "availability"),
            card("Gas spent", id: "gas-spent", value: amount(m.gas?.wei, unit: "ETH"), note: gasNote(m), noteID: "gas-note"),
            card("Requests", id: "requests-total", value: "\(m.counts.values.reduce(0, +))", note: summary, noteID: "summary"),
            card("Findings", id: "findings-total", value: "\(m.findingsTotal)", note: "in the stored audit reports", noteID: "findings-note"),
        ].joined(separator: "\n")
    }

    static func rows(_ m: StatusPageModel) -> String {
        guard !m.rows.isEmpty else { return "<tr><td colspan=\"10\" class=\"empty\">no requests yet</td></tr>" }
        return m.rows.map { row($0, chainID: m.facts?.chainID) }.joined(separator: "\n")
    }

    static func isFresh(_ m: StatusPageModel) -> Bool {
        guard let at = m.snapshot.lastHeadAt else { return false }
        return m.now - at < 60
    }

    static func card(_ title: String, id: String, value: String, note: String, noteID: String, tone: String = "") -> String {
        "<div class=\"card \(tone)\"><div class=\"title\">\(HTML.escape(title))</div><div class=\"value\" id=\"\(id)\">\(HTML.escape(value))</div>"
            + "<div class=\"note\" id=\"\(noteID)\">\(HTML.escape(note))</div></div>"
    }

    static func lagText(_ m: StatusPageModel) -> String {
        guard let at = m.snapshot.lastHeadAt else { return "no head seen yet" }
        var text = "seen \(String(format: "%.1f", max(0, m.now - at))) s ago"
        if let chainHead = m.facts?.chainHead, let head = m.snapshot.headBlock {
            text += " · \(max(0, Int64(chainHead) - head)) block(s) behind"
        }
        return text
    }

    static func stakeNote(_ m: StatusPageModel) -> String {
        let minimum = "minimum \(amount(m.facts?.minStake, unit: "QSP"))"
        switch m.snapshot.stakeOK {
        case true?: return minimum + " · ok"
        case false?: return minimum + " · too small"
        case nil: return minimum
        }
    }

    static func gasNote(_ m: StatusPageModel) -> String {
        guard let gas = m.gas else { return "–" }
        return "\(gas.transactions) mined transaction(s), \(gas.gas) gas" + (gas.pending > 0 ? " (\(gas.pending) not counted yet)" : "")
    }

    static func amount(_ wei: UInt256?, unit: String) -> String {
        guard let wei else { return "–" }
        let text = BidderService.qsp(wei)
        if let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) > 7 {
            return String(text[..<text.index(dot, offsetBy: 7)]) + " \(unit)"
        }
        return "\(text) \(unit)"
    }

    static func alerts(_ m: StatusPageModel) -> String {
        var lines: [String] = []
        if let error = m.snapshot.lastRPCError { lines.append("last RPC error: \(error)") }
        if let error = m.facts?.error { lines.append("chain facts incomplete: \(error)") }
        guard !lines.isEmpty else { return "" }
        return "<section class=\"alerts\" id=\"alerts\">" + lines.map { "<p>\(HTML.escape($0, limit: 300))</p>" }.joined() + "</section>"
    }

    static func row(_ r: StatusRow, chainID: UInt64?) -> String {
        let result = switch r.auditState { case 4?: "Completed"; case 5?: "Error"; case let other?: "state \(other)"; case nil: "–" }
        let id = HTML.escape(r.requestID.description)
        let query = r.type == .police ? "?type=PC" : ""
        let tx = r.txHash.map { hash in
            "<a class=\"tx\" href=\"\(HTML.escape(StatusPageModel.transactionLink(hash, chainID: chainID)))\" title=\"\(HTML.escape(hash))\">"
                + "\(HTML.escape(short(hash)))</a>"
        } ?? "–"
        let report = r.hasReport
            ? "<a class=\"report-json\" href=\"/requests/\(id)/report.json\(query)\" download>JSON</a> "
                + "<a class=\"report-sarif\" href=\"/requests/\(id)/report.sarif\(query)\" download>SARIF</a>"
            : "–"
        return "<tr class=\"request\" data-status=\"\(r.status.rawValue)\"><td>\(id)</td><td>\(r.type.rawValue)</td>"
            + "<td><span class=\"badge \(r.status.rawValue)\">\(r.status.rawValue)</span></td>"
            + "<td class=\"uri\" title=\"\(HTML.escape(r.contractURI, limit: 500))\">\(HTML.escape(r.contractURI, limit: 80))</td>"
            + "<td>\(r.assignedBlock)</td><td>\(result)</td><td class=\"findings\">\(r.findingCount.map(String.init) ?? "–")</td>"
            + "<td>\(tx)</td><td>\(report)</td><td class=\"info\">\(HTML.escape(r.statusInfo, limit: 160))</td></tr>"
    }

    static func short(_ hex: String) -> String { hex.count > 14 ? "\(hex.prefix(8))…\(hex.suffix(6))" : hex }

    static func timestamp(_ time: Double) -> String {
        Date(timeIntervalSince1970: time).formatted(.iso8601)
    }

    static let css = """
    :root{--bg:#0f172a;--panel:#ffffff;--ink:#0f172a;--muted:#64748b;--line:#e2e8f0;--ok:#16a34a;--bad:#dc2626;--warn:#d97706;--accent:#2563eb}
    *{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f1f5f9;color:var(--ink)}
    header{background:var(--bg);color:#e2e8f0;padding:14px 24px;display:flex;flex-wrap:wrap;align-items:center;gap:10px 18px}
    header h1{font-size:20px;margin:0;color:#fff}.ids{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:12px;color:#94a3b8;width:100%}
    code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;color:inherit;word-break:break-all}
    .pill{border-radius:999px;padding:2px 10px;font-size:12px;font-weight:600}.pill.ok{background:#14532d;color:#bbf7d0}
    .pill.bad{background:#7f1d1d;color:#fecaca}.pill.warn{background:#78350f;color:#fde68a}
    main{padding:18px 24px;max-width:1400px;margin:0 auto}
    .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(190px,1fr));gap:12px}
    .card{background:var(--panel);border:1px solid var(--line);border-radius:10px;padding:12px 14px;border-top:3px solid var(--accent)}
    .card.bad{border-top-color:var(--bad)}.card .title{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
    .card .value{font-size:22px;font-weight:650;margin:2px 0;font-variant-numeric:tabular-nums}.card .note{font-size:12px;color:var(--muted)}
    .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(380px,1fr));gap:12px;margin-top:14px}
    figure{margin:0;background:var(--panel);border:1px solid var(--line);border-radius:10px;padding:10px 12px}
    figcaption{font-weight:600;margin-bottom:4px;display:flex;justify-content:space-between;gap:8px;flex-wrap:wrap}
    .legend{font-weight:400;font-size:12px;color:var(--muted)}.sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 3px 0 8px}
    .sw.done{background:var(--ok)}.sw.error{background:var(--bad)}
    svg.chart{width:100%;height:auto;display:block}svg .grid{stroke:#e2e8f0;stroke-width:1}svg .axis{font-size:10px;fill:#64748b}
    svg .bar.done{fill:var(--ok)}svg .bar.error{fill:var(--bad)}svg .line{fill:none;stroke:var(--accent);stroke-width:2}
    svg .area{fill:rgba(37,99,235,.12)}svg .dot{fill:var(--accent)}
    .alerts{margin-top:14px;background:#fef2f2;border:1px solid #fecaca;border-radius:10px;padding:4px 14px;color:#991b1b}
    h2{font-size:16px;margin:20px 0 8px}table{width:100%;border-collapse:collapse;background:var(--panel);border:1px solid var(--line);border-radius:10px;overflow:hidden}
    th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left;font-size:13px;vertical-align:top}
    th{background:#f8fafc;color:var(--muted);font-weight:600;font-size:12px}td.uri{max-width:260px;word-break:break-all}
    td.info{color:var(--muted);max-width:280px}td.empty{text-align:center;color:var(--muted);padding:18px}
    .badge{border-radius:6px;padding:1px 7px;font-size:12px;font-weight:600;background:#e2e8f0}
    .badge.DN{background:#dcfce7;color:#166534}.badge.ER{background:#fee2e2;color:#991b1b}.badge.AS,.badge.TS,.badge.SB{background:#dbeafe;color:#1e40af}
    a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
    footer{color:var(--muted);font-size:12px;padding:8px 24px 24px;text-align:center}
    """
}

/// The status page from a snapshot and the store's rows alone (no chain facts).
enum StatusPage {
    static func render(snapshot: NodeStatus.Snapshot, records: [AuditRecord]) -> String {
        StatusPageRenderer.render(StatusPageModel.build(snapshot: snapshot, records: records, facts: nil, gas: nil))
    }
}
