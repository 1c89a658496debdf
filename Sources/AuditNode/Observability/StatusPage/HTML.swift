/// HTML text helpers: every value that is not a literal of the page goes through `escape`.
enum HTML {
    /// Escapes `&`, `<`, `>`, `"` and `'` (safe in text and in quoted attribute values).
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// `text` cut to `limit` characters (with an ellipsis), then escaped.
    static func escape(_ text: String, limit: Int) -> String {
        escape(text.count > limit ? String(text.prefix(limit)) + "…" : text)
    }
}
