import Testing

@testable import PartnerRulesServer

/// `POST /v1/reload`'s check of the `Authorization` header, byte by byte (`ServeRoutesTests` sends it over HTTP).
@Suite("reload token")
struct ReloadTokenTests {
    @Test("the reload token: the scheme in any case, the token exactly, nothing more or less")
    func bearerToken() {
        let token = "T0ken-PLANTED"
        for accepted in ["Bearer T0ken-PLANTED", "bearer T0ken-PLANTED", "BEARER T0ken-PLANTED"] {
            #expect(RulesServer.authorizes(accepted, token: token), "\(accepted)")
        }
        // A longer header that starts with the right one, by 1 byte and by 256 (a length compared in one byte would
        // let that one through).
        let refused = [
            nil, "", "Bearer", "Bearer ", "Bearer t0ken-PLANTED", "Bearer T0ken-PLANTE", "Bearer T0ken-PLANTED ",
            "Bearer T0ken-PLANTED" + String(repeating: "x", count: 256), "Bearer  T0ken-PLANTED", "Basic T0ken-PLANTED",
            "Bearer\tT0ken-PLANTED", "Bearex T0ken-PLANTED", "T0ken-PLANTED",
        ]
        for header in refused {
            #expect(!RulesServer.authorizes(header, token: token), "\(String(describing: header))")
        }
    }
}
