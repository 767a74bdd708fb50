import FuzzSupport
import PartnerRulesAudiencesCore

/// SigV4's canonical request and percent-encoding. The input is cut at NUL bytes into method, path, query
/// name/value pairs and header name/value pairs. Checks: percent-encoding keeps only unreserved characters (and
/// `/` for paths), writes `%XX` in upper case and decodes back to the same bytes; the query is sorted; the canonical
/// request's signed headers are sorted, lower-case, trimmed, and name the headers it lists.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Fuzz.bytes(data, size)
    let parts = bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    for part in parts {
        for keepSlash in [false, true] {
            let encoded = SigV4Canonical.percentEncode(part, keepSlash: keepSlash)
            require(decode(encoded) == Array(part.utf8), "percent-encoding of \(part.debugDescription) does not decode back")
            for byte in encoded.utf8 {
                let unreserved = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || "-_.~%".utf8.contains(byte) || (keepSlash && byte == UInt8(ascii: "/"))
                require(unreserved, "percent-encoding keeps \(byte)")
            }
        }
    }
    let method = parts.first ?? "GET"
    let path = parts.count > 1 ? parts[1] : "/"
    var rest = parts.dropFirst(2)
    var query: [(String, String)] = []
    var headers: [(String, String)] = []
    while rest.count >= 2, query.count < 8 {
        let name = rest.removeFirst(), value = rest.removeFirst()
        if name.hasPrefix("h:") { headers.append((String(name.dropFirst(2)), value)) } else { query.append((name, value)) }
    }
    let request = SignableRequest(method: method, scheme: "https", host: "s3.acme.example", path: path, query: query, headers: headers)
    let encodedQuery = request.encodedQuery
    let pairs = encodedQuery.isEmpty ? [] : encodedQuery.split(separator: "&", omittingEmptySubsequences: false).map(String.init)
    require(pairs.count == query.count, "\(query.count) parameters encoded as \(pairs.count)")
    require(pairs == pairs.sorted(by: { pairKey($0).lexicographicallyPrecedes(pairKey($1)) }), "the query is not sorted: \(encodedQuery)")
    require(request.url.hasPrefix("https://s3.acme.example" + request.encodedPath), "the URL is \(request.url)")

    let (canonical, signedHeaders, signed) = SigV4Canonical.request(request, headers: headers, payloadHash: "UNSIGNED-PAYLOAD")
    require(signed.count == headers.count, "\(headers.count) headers signed as \(signed.count)")
    require(signedHeaders == signed.map(\.0).joined(separator: ";"), "the signed header list does not name the headers")
    require(signed.map(\.0) == signed.map(\.0).sorted(), "the signed headers are not sorted")
    for (name, value) in signed {
        require(name == name.lowercased(), "header \(name) is not lower-case")
        require(!value.hasPrefix(" ") && !value.hasSuffix(" ") && !value.contains("  "), "header value \(value.debugDescription) is not trimmed")
    }
    require(canonical.hasPrefix(method + "\n" + request.encodedPath + "\n" + encodedQuery + "\n"), "the canonical request's first lines")
    require(canonical.hasSuffix("\n" + signedHeaders + "\nUNSIGNED-PAYLOAD"), "the canonical request's last lines")
    return 0
}

/// The name and value of `name=value`, compared as the canonical query sorts them.
private func pairKey(_ pair: String) -> [String] {
    let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
    return parts + Array(repeating: "", count: max(0, 2 - parts.count))
}

private func decode(_ text: String) -> [UInt8]? {
    var out: [UInt8] = []
    let bytes = Array(text.utf8)
    var index = 0
    while index < bytes.count {
        if bytes[index] == UInt8(ascii: "%") {
            guard index + 2 < bytes.count, let value = UInt8(String(decoding: bytes[index + 1...index + 2], as: UTF8.self), radix: 16),
                String(decoding: bytes[index + 1...index + 2], as: UTF8.self) == String(decoding: bytes[index + 1...index + 2], as: UTF8.self).uppercased()
            else { return nil }
            out.append(value)
            index += 3
        } else {
            out.append(bytes[index])
            index += 1
        }
    }
    return out
}
