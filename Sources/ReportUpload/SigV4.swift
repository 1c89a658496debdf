import Crypto
import Ethereum
import Foundation

/// AWS Signature Version 4 for a single request with a signed payload hash (no query string).
enum SigV4 {
    /// Returns the headers to send: the given ones plus `x-amz-date`, `x-amz-content-sha256` and `authorization`.
    static func sign(
        method: String, path: String, headers: [(String, String)], payload: Data, region: String, service: String,
        accessKeyID: String, secretAccessKey: String, date: Date
    ) -> [(String, String)] {
        let (amzDate, day) = timestamps(date)
        let payloadHash = hex(SHA256.hash(data: payload))
        var all = headers.map { ($0.0.lowercased(), $0.1.trimmingCharacters(in: .whitespaces)) }
        all.append(("x-amz-date", amzDate))
        all.append(("x-amz-content-sha256", payloadHash))
        all.sort { $0.0 < $1.0 }
        let canonicalHeaders = all.map { "\($0.0):\($0.1)\n" }.joined()
        let signedHeaders = all.map(\.0).joined(separator: ";")
        let canonicalRequest = [method, path, "", canonicalHeaders, signedHeaders, payloadHash].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, hex(SHA256.hash(data: Data(canonicalRequest.utf8)))]
            .joined(separator: "\n")
        var key = SymmetricKey(data: Data("AWS4\(secretAccessKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        let signature = hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
        let authorization = "AWS4-HMAC-SHA256 Credential=\(accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
        return all + [("authorization", authorization)]
    }

    /// ("20260101T000000Z", "20260101") in UTC.
    static func timestamps(_ date: Date) -> (String, String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let day = String(format: "%04d%02d%02d", c.year ?? 1970, c.month ?? 1, c.day ?? 1)
        return (day + String(format: "T%02d%02d%02dZ", c.hour ?? 0, c.minute ?? 0, c.second ?? 0), day)
    }

    /// RFC 3986 encoding as S3 expects it: unreserved characters kept, `/` kept in object keys.
    static func uriEncode(_ text: String, keepSlash: Bool) -> String {
        var result = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || "-._~".unicodeScalars.contains(scalar) || (keepSlash && byte == 0x2F) {
                result.unicodeScalars.append(scalar)
            } else {
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        Data(digest).hexString(prefixed: false)
    }
}
