import Foundation

/// Server-rendered inline SVG charts (no scripts, no external resources).
enum SVGChart {
    static let width = 640.0
    static let height = 200.0
    static let left = 36.0
    static let right = 10.0
    static let top = 12.0
    static let bottom = 26.0

    /// A "nice" axis maximum ≥ `value` (1, 2, 5 × 10^n; at least 1).
    static func niceMaximum(_ value: Int) -> Int {
        guard value > 1 else { return 1 }
        var magnitude = 1
        while magnitude * 10 <= value { magnitude *= 10 }
        for factor in [1, 2, 5, 10] where factor * magnitude >= value { return factor * magnitude }
        return 10 * magnitude
    }

    /// Hour of day (UTC) for axis labels.
    static func hourLabel(_ time: Double) -> String {
        let hour = Int((time.truncatingRemainder(dividingBy: 86_400)) / 3600)
        return String(format: "%02d:00", hour)
    }

    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    /// Horizontal grid lines with labels at 0, max/2 and max.
    static func grid(maximum: Int) -> String {
        let plotHeight = height - top - bottom
        var parts: [String] = []
        for fraction in [0.0, 0.5, 1.0] {
            let y = top + plotHeight * (1 - fraction)
            let label = fraction == 0.5 && maximum % 2 == 1 ? number(Double(maximum) / 2) : "\(Int(Double(maximum) * fraction))"
            parts.append("<line class=\"grid\" x1=\"\(number(left))\" y1=\"\(number(y))\" x2=\"\(number(width - right))\" y2=\"\(number(y))\"/>")
            parts.append("<text class=\"axis\" x=\"\(number(left - 6))\" y=\"\(number(y + 4))\" text-anchor=\"end\">\(label)</text>")
        }
        return parts.joined()
    }

    /// Stacked bars per hour: finished (DN) and failed (ER) audits.
    static func auditsPerHour(_ buckets: [StatusPageModel.HourBucket], id: String) -> String {
        let maximum = niceMaximum(buckets.map { $0.done + $0.errors }.max() ?? 0)
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let slot = plotWidth / Double(max(1, buckets.count))
        var parts: [String] = [grid(maximum: maximum)]
        for (index, bucket) in buckets.enumerated() {
            let x = left + Double(index) * slot + slot * 0.15
            let barWidth = slot * 0.7
            let doneHeight = plotHeight * Double(bucket.done) / Double(maximum)
            let errorHeight = plotHeight * Double(bucket.errors) / Double(maximum)
            let base = top + plotHeight
            let label = "\(hourLabel(bucket.start)) UTC: \(bucket.done) done, \(bucket.errors) error"
            if bucket.done > 0 {
                parts.append("<rect class=\"bar done\" x=\"\(number(x))\" y=\"\(number(base - doneHeight))\" width=\"\(number(barWidth))\" "
                             + "height=\"\(number(doneHeight))\"><title>\(HTML.escape(label))</title></rect>")
            }
            if bucket.errors > 0 {
                parts.append("<rect class=\"bar error\" x=\"\(number(x))\" y=\"\(number(base - doneHeight - errorHeight))\" "
                             + "width=\"\(number(barWidth))\" height=\"\(number(errorHeight))\"><title>\(HTML.escape(label))</title></rect>")
            }
            if index % 6 == 0 || index == buckets.count - 1 {
                parts.append("<text class=\"axis\" x=\"\(number(x + barWidth / 2))\" y=\"\(number(height - 8))\" text-anchor=\"middle\">"
                             + "\(hourLabel(bucket.start))</text>")
            }
        }
        return svg(id: id, label: "Audits finished per hour, last \(buckets.count) hours", content: parts.joined())
    }

    /// A step line with a filled area: requests in progress over time.
    static func queueDepth(_ points: [StatusPageModel.DepthPoint], id: String) -> String {
        let maximum = niceMaximum(points.map(\.depth).max() ?? 0)
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        guard let first = points.first?.time, let last = points.last?.time, last > first else {
            return svg(id: id, label: "Queue depth", content: grid(maximum: maximum))
        }
        func x(_ t: Double) -> Double { left + plotWidth * (t - first) / (last - first) }
        func y(_ depth: Int) -> Double { top + plotHeight * (1 - Double(depth) / Double(maximum)) }
        var path: [String] = []
        for (index, point) in points.enumerated() {
            if index == 0 {
                path.append("M\(number(x(point.time))),\(number(y(point.depth)))")
            } else {
                path.append("H\(number(x(point.time)))V\(number(y(point.depth)))")
            }
        }
        let line = path.joined()
        let base = number(top + plotHeight)
        let area = line + "V\(base)H\(number(x(first)))Z"
        var parts = [grid(maximum: maximum),
                     "<path class=\"area\" d=\"\(area)\"/>",
                     "<path class=\"line\" d=\"\(line)\"><title>requests in progress (AS, TS, SB)</title></path>"]
        for hoursAgo in stride(from: StatusPageModel.hours, through: 0, by: -6) {
            let t = last - Double(hoursAgo) * 3600
            guard t >= first else { continue }
            let text = hoursAgo == 0 ? "now" : "-\(hoursAgo) h"
            parts.append("<text class=\"axis\" x=\"\(number(x(t)))\" y=\"\(number(height - 8))\" text-anchor=\"middle\">\(text)</text>")
        }
        if let current = points.last {
            parts.append("<circle class=\"dot\" cx=\"\(number(x(current.time)))\" cy=\"\(number(y(current.depth)))\" r=\"3.5\">"
                         + "<title>now: \(current.depth) in progress</title></circle>")
        }
        return svg(id: id, label: "Requests in progress, last \(StatusPageModel.hours) hours", content: parts.joined())
    }

    static func svg(id: String, label: String, content: String) -> String {
        "<svg id=\"\(id)\" class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTML.escape(label))\" "
            + "xmlns=\"http://www.w3.org/2000/svg\" preserveAspectRatio=\"xMidYMid meet\">\(content)</svg>"
    }
}
