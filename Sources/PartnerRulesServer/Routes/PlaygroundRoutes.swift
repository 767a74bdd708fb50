import HTTPTypes
import Hummingbird

/// `GET /` (the staff playground, SPEC 15) and `GET /playground/{name}` (the files it loads beside itself), all
/// embedded in the binary.
extension RulesServer {
    func addPlaygroundRoutes(to router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in
            Self.answer(PlaygroundAssets.index)
        }
        router.get("/playground/{name}") { _, context in
            let name = context.parameters.get("name") ?? ""
            guard let file = PlaygroundAssets.file(named: name) else {
                return Answer.error(.notFound, path: "name", "the playground has no file '\(name)'")
            }
            return Self.answer(file)
        }
    }

    private static func answer(_ file: PlaygroundAssets.File) -> Response {
        var headers = HTTPFields()
        headers[.cacheControl] = "no-cache"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        return Answer.bytes(.ok, contentType: file.contentType, file.bytes, headers: headers)
    }
}
