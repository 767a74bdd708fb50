import Foundation
import LanguageServerProtocol
import PartnerRules
import PartnerRulesLanguageServer
import PartnerRulesTestSupport

/// A language server in the test's process, fed messages as JSON and read back as JSON objects.
final class Session {
    private final class Output: @unchecked Sendable {
        var framer = MessageFramer()
    }

    private let output = Output()
    let server: PartnerLanguageServer
    private var nextID = 1

    /// A server over `partners` (default: the repository's), initialized.
    init(partners: String = Repository.partners) {
        let output = output
        server = PartnerLanguageServer(writer: MessageWriter { output.framer.append($0) }, partners: partners)
        _ = request("initialize", ["processId": NSNull(), "rootUri": NSNull(), "capabilities": [String: Any]()])
        notify("initialized", [String: Any]())
    }

    /// Every message the server wrote since the last call.
    func drain() -> [[String: Any]] {
        var messages: [[String: Any]] = []
        while case .body(let body)? = output.framer.next() {
            if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] { messages.append(object) }
        }
        return messages
    }

    /// Sends raw bytes as one frame's body.
    func send(raw body: Data) {
        server.handle(IncomingMessage.parse(body))
    }

    /// Sends a request and gives its answer (`result` or `error`).
    @discardableResult
    func request(_ method: String, _ params: Any) -> [String: Any] {
        let id = nextID
        nextID += 1
        send(raw: try! JSONSerialization.data(withJSONObject: ["jsonrpc": "2.0", "id": id, "method": method, "params": params]))
        return drain().last { ($0["id"] as? Int) == id } ?? [:]
    }

    func notify(_ method: String, _ params: Any) {
        send(raw: try! JSONSerialization.data(withJSONObject: ["jsonrpc": "2.0", "method": method, "params": params]))
    }

    func open(_ uri: String, _ text: String, version: Int = 1) {
        notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "yaml", "version": version, "text": text]])
    }

    func change(_ uri: String, _ text: String, version: Int) {
        notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": version], "contentChanges": [["text": text]]])
    }

    /// Lints now and gives the diagnostics published for each URI.
    func diagnostics() -> [String: [[String: Any]]] {
        server.lintIfDirty()
        var result: [String: [[String: Any]]] = [:]
        for message in drain() where message["method"] as? String == "textDocument/publishDiagnostics" {
            guard let params = message["params"] as? [String: Any], let uri = params["uri"] as? String else { continue }
            result[uri] = params["diagnostics"] as? [[String: Any]] ?? []
        }
        return result
    }

    static func uri(_ path: String) -> String { URL(fileURLWithPath: path).absoluteString }
}
