/// Checks integration requests against a catalog: make one, then call ``check(_:existing:today:)-(_,[ExistingIntegration],_)``
/// from as many tasks as you like.
///
/// A view of the catalog's compiled state: making one costs nothing, and every check reads the
/// partner-name index, compiled forms and compiled rules the catalog built when it was loaded.
/// No partner is special-cased: every rule is switched on by the partner files.
public struct IntegrationChecker: Sendable {
    let compiled: CompiledCatalog

    /// A checker for the catalog's partners.
    public init(catalog: Catalog) {
        self.compiled = catalog.compiled
    }

    /// Checks one request against the catalog and the integrations that are already active.
    ///
    /// - Parameters:
    ///   - request: what the user asks for.
    ///   - existing: the active integrations, indexed once with ``activeIntegrations(_:)``.
    ///   - today: the day deprecation dates are judged against.
    public func check(_ request: IntegrationRequest, existing: ActiveIntegrations, today: CalendarDate) -> Verdict {
        let target = compiled.target(named: request.partner)
        let partner = target.map { compiled.partners[$0.partner] }
        let input = CheckInput(
            request: request, partner: partner, target: target, existing: existing, today: today,
            suggestionNames: compiled.suggestionNames)
        var output = CheckOutput(plan: request.operation == .create ? .create : .updateInPlace)
        for rule in compiled.requestRules {
            rule.apply(input, into: &output)
        }
        guard let partner, let target else {
            return Verdict(
                valid: false, partner: nil, mediaSource: nil, plan: output.plan, planBecause: output.planBecause, errors: output.errors,
                warnings: output.warnings)
        }
        return Verdict(
            valid: output.errors.isEmpty, partner: partner.id, mediaSource: target.mediaSource,
            plan: output.plan, planBecause: output.planBecause, errors: output.errors, warnings: output.warnings,
            credentials: output.credentials, candidates: output.candidates, adLevelOnly: partner.adLevelOnly)
    }

    /// Checks one request; indexes `existing` first. To check many requests against the same
    /// integrations, index them once with ``activeIntegrations(_:)``.
    public func check(_ request: IntegrationRequest, existing: [ExistingIntegration] = [], today: CalendarDate) -> Verdict {
        check(request, existing: activeIntegrations(existing), today: today)
    }

    /// Indexes active integrations by media source and app for uniqueness and duplication checks.
    public func activeIntegrations(_ existing: [ExistingIntegration]) -> ActiveIntegrations {
        ActiveIntegrations(existing) { name in
            guard let name, let target = compiled.target(named: name) else { return nil }
            return target.mediaSource
        }
    }
}

extension Catalog {
    /// Checks one request against this catalog (see ``IntegrationChecker``).
    public func check(_ request: IntegrationRequest, existing: [ExistingIntegration], today: CalendarDate) -> Verdict {
        IntegrationChecker(catalog: self).check(request, existing: existing, today: today)
    }
}

/// What a request rule reads: the request, the partner it resolved to (none when it names no
/// partner the catalog knows), the integrations already active and the day it is judged on.
struct CheckInput {
    let request: IntegrationRequest
    let partner: CompiledPartner?
    let target: CompiledCatalog.Target?
    let existing: ActiveIntegrations
    let today: CalendarDate
    /// Every name of the catalog, for "did you mean" suggestions.
    let suggestionNames: Suggestions.Candidates
}

/// What the request rules write: issues in the order the rules found them, the plan, and the
/// normalized credentials with their candidates.
struct CheckOutput {
    var errors: [Verdict.Issue] = []
    var warnings: [Verdict.Issue] = []
    var plan: IntegrationPlan
    /// The places that decided the plan, when a partner fact did.
    var planBecause: [SourcePlace] = []
    var credentials: [String: String] = [:]
    var candidates: [String: [String]] = [:]

    init(plan: IntegrationPlan) {
        self.plan = plan
    }

    /// Adds an issue to the errors or the warnings, by its code's severity.
    mutating func add(_ issue: Verdict.Issue) {
        switch issue.code.severity {
        case .error: errors.append(issue)
        case .warning: warnings.append(issue)
        }
    }
}

/// Quotes a value a user typed (never a credential value) for a message, cut short when long.
func quoted(_ value: String) -> String {
    let limit = 60
    if value.utf8.count <= limit { return text("'", value, "'") }
    return text("'", String(value.prefix(limit)), "…'")
}

/// Joins the parts of a message with one allocation. String interpolation grows its buffer
/// piece by piece, which made up most of the cost of a check that finds something.
func text(_ parts: String...) -> String {
    var count = 0
    for part in parts { count += part.utf8.count }
    return String(unsafeUninitializedCapacity: count) { buffer in
        var offset = 0
        for var part in parts {
            part.withUTF8 { source in
                guard let base = buffer.baseAddress, let from = source.baseAddress else { return }
                (base + offset).update(from: from, count: source.count)
                offset += source.count
            }
        }
        return offset
    }
}
