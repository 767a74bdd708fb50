import Foundation

/// How many times longer a test waits for a process or an answer before it calls it hung.
///
/// `tools/test --sanitize address` and `--sanitize thread` set `PARTNER_RULES_TIMEOUT_SCALE` (their builds run the
/// same work several times slower); every timeout a test gives to ``ProcessRunner`` or to an HTTP client goes
/// through here, so a sanitized run waits longer and an ordinary one still catches a hang quickly.
public enum Patience {
    /// `PARTNER_RULES_TIMEOUT_SCALE` when it is a whole number from 1 to 100, else 1.
    public static let scale: Int = {
        guard let text = ProcessInfo.processInfo.environment["PARTNER_RULES_TIMEOUT_SCALE"], let value = Int(text),
            (1...100).contains(value)
        else { return 1 }
        return value
    }()

    /// `duration`, `scale` times.
    public static func scaled(_ duration: Duration) -> Duration { duration * scale }

    /// `seconds`, `scale` times (for clients that take whole seconds).
    public static func seconds(_ seconds: Int64) -> Int64 { seconds * Int64(scale) }
}
