/// Checks integration requests against a catalog: build once, then call ``check(_:existing:today:)``
/// from as many tasks as you like.
///
/// Building resolves everything a check needs ahead of time (partner lookup by every name and
/// media source, compiled patterns, normalizer chains, folded role names), so a check only looks
/// things up. No partner is special-cased: every rule is switched on by the partner files.
public struct IntegrationChecker: Sendable {
    /// Where a name a request uses leads: a partner and the media source the integration is made under.
    struct Target: Sendable {
        let partner: Int
        let mediaSource: String
        /// Set when the media source is a legacy one the partner's integration replaces.
        let superseded: SupersededSource?
    }

    let partners: [CompiledPartnerRules]
    /// Folded names (see ``foldKey(_:)``): ids, display names, aliases, live and superseded media sources.
    let targets: [String: Target]
    /// Every name as spelt in the partner files, for "did you mean" suggestions; display names
    /// and aliases first, so a near miss is answered with the name people use.
    let names: [String]

    /// Compiles the catalog's partners for checking.
    public init(catalog: Catalog) {
        var partners: [CompiledPartnerRules] = []
        var targets: [String: Target] = [:]
        for (index, partner) in catalog.partners.enumerated() {
            let rules = CompiledPartnerRules(partner)
            partners.append(rules)
            let definition = partner.definition
            if let first = definition.mediaSources.first {
                for name in [definition.id, definition.name] + definition.aliases where targets[Self.foldKey(name)] == nil {
                    targets[Self.foldKey(name)] = Target(partner: index, mediaSource: first, superseded: nil)
                }
            }
        }
        // A media source leads to itself, unless another partner already goes by that name.
        for (index, partner) in catalog.partners.enumerated() {
            let definition = partner.definition
            let sources = definition.mediaSources.map { ($0, SupersededSource?.none) }
                + definition.supersedes.map { ($0.mediaSource, Optional($0)) }
            for (source, superseded) in sources {
                let key = Self.foldKey(source)
                if let existing = targets[key], existing.partner != index { continue }
                targets[key] = Target(partner: index, mediaSource: source, superseded: superseded)
            }
        }
        self.partners = partners
        self.targets = targets
        self.names =
            catalog.partners.flatMap { [$0.definition.name] + $0.definition.aliases }
            + catalog.partners.flatMap { [$0.id] + $0.definition.mediaSources + $0.definition.supersedes.map(\.mediaSource) }
    }

    /// Checks one request against the catalog and the integrations that are already active.
    ///
    /// - Parameters:
    ///   - request: what the user asks for.
    ///   - existing: the active integrations, indexed once with ``activeIntegrations(_:)``.
    ///   - today: the day deprecation dates are judged against.
    public func check(_ request: IntegrationRequest, existing: ActiveIntegrations, today: CalendarDate) -> Verdict {
        var issues = IssueList()
        let target = targets[foldKey(request.partner)]
        if target == nil {
            issues.add(PartnerRule.unknown(request.partner, suggestion: Suggestions.nearest(to: request.partner, in: names)))
        }
        AppsRule.apply(to: request.apps, issues: &issues)
        guard let target else {
            return Verdict(
                valid: false, partner: nil, mediaSource: nil,
                plan: request.operation == .create ? .create : .updateInPlace,
                errors: issues.errors, warnings: issues.warnings)
        }
        let partner = partners[target.partner]
        var context = CheckContext(
            request: request, partner: partner, target: target, existing: existing, today: today, issues: issues)
        CredentialsRule.apply(to: &context)
        OAuthRule.apply(to: &context)
        RolesRule.apply(to: &context)
        AgencyRule.apply(to: &context)
        UpdateRule.apply(to: &context)
        SupersessionRule.apply(to: &context)
        UniquenessRule.apply(to: &context)
        ROI360Rule.apply(to: &context)
        return Verdict(
            valid: context.issues.errors.isEmpty, partner: partner.id, mediaSource: target.mediaSource,
            plan: context.plan, errors: context.issues.errors, warnings: context.issues.warnings,
            credentials: context.credentials, candidates: context.candidates, adLevelOnly: partner.adLevelOnly)
    }

    /// Checks one request; indexes `existing` first. To check many requests against the same
    /// integrations, index them once with ``activeIntegrations(_:)``.
    public func check(_ request: IntegrationRequest, existing: [ExistingIntegration] = [], today: CalendarDate) -> Verdict {
        check(request, existing: activeIntegrations(existing), today: today)
    }

    /// Indexes active integrations by media source and app for uniqueness and duplication checks.
    public func activeIntegrations(_ existing: [ExistingIntegration]) -> ActiveIntegrations {
        ActiveIntegrations(existing) { name in
            guard let name, let target = targets[foldKey(name)] else { return nil }
            return target.mediaSource
        }
    }

    /// Names are compared without case and surrounding white space.
    static func foldKey(_ name: String) -> String {
        let folded = name.utf8.withContiguousStorageIfAvailable { utf8 -> String? in
            var needsWork = false
            for byte in utf8 {
                if byte >= 0x80 { return nil }
                if byte <= 0x20 || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) { needsWork = true }
            }
            guard needsWork else { return name }
            // ASCII only: trim white space and control characters, lower-case the letters.
            var start = 0
            var end = utf8.count
            while start < end, utf8[start] <= 0x20 { start += 1 }
            while end > start, utf8[end - 1] <= 0x20 { end -= 1 }
            return String(unsafeUninitializedCapacity: end - start) { buffer in
                for index in start..<end {
                    let byte = utf8[index]
                    buffer[index - start] = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
                }
                return end - start
            }
        }
        return (folded ?? nil) ?? String(name.trimmingWhitespace()).lowercased()
    }

    /// Whether `name` folds to `key` (already folded), without building the folded name when
    /// both are plain ASCII.
    static func folds(_ name: String, to key: String) -> Bool {
        let answer = name.utf8.withContiguousStorageIfAvailable { utf8 -> Bool? in
            key.utf8.withContiguousStorageIfAvailable { key -> Bool? in
                var start = 0
                var end = utf8.count
                while start < end, utf8[start] <= 0x20 { start += 1 }
                while end > start, utf8[end - 1] <= 0x20 { end -= 1 }
                guard end - start == key.count else {
                    return utf8.contains(where: { $0 >= 0x80 }) ? nil : false
                }
                for index in 0..<key.count {
                    let byte = utf8[start + index]
                    if byte >= 0x80 { return nil }
                    let lower = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
                    if lower != key[index] { return false }
                }
                return true
            } ?? nil
        }
        return (answer ?? nil) ?? (foldKey(name) == key)
    }

    func foldKey(_ name: String) -> String { Self.foldKey(name) }
}

extension Catalog {
    /// Checks one request against this catalog (see ``IntegrationChecker``).
    ///
    /// Compiles the catalog's rules on every call; a service checking many requests builds one
    /// ``IntegrationChecker`` and keeps it.
    public func check(_ request: IntegrationRequest, existing: [ExistingIntegration], today: CalendarDate) -> Verdict {
        IntegrationChecker(catalog: self).check(request, existing: existing, today: today)
    }
}

/// The errors and warnings found so far, in the order the rules found them.
struct IssueList: Sendable {
    var errors: [Verdict.Issue] = []
    var warnings: [Verdict.Issue] = []

    mutating func add(_ issue: Verdict.Issue) {
        switch issue.code.severity {
        case .error: errors.append(issue)
        case .warning: warnings.append(issue)
        }
    }
}

/// What the rules read (a request, its partner, the active integrations) and what they write.
struct CheckContext {
    let request: IntegrationRequest
    let partner: CompiledPartnerRules
    let target: IntegrationChecker.Target
    let existing: ActiveIntegrations
    let today: CalendarDate
    var issues: IssueList
    var plan: IntegrationPlan
    var credentials: [String: String] = [:]
    var candidates: [String: [String]] = [:]

    init(
        request: IntegrationRequest, partner: CompiledPartnerRules, target: IntegrationChecker.Target,
        existing: ActiveIntegrations, today: CalendarDate, issues: IssueList
    ) {
        self.request = request
        self.partner = partner
        self.target = target
        self.existing = existing
        self.today = today
        self.issues = issues
        self.plan = request.operation == .create ? .create : .updateInPlace
    }
}

/// A rule of the integration check: the codes it reports and what it is about.
///
/// Each rule lives in its own file under `Rules/` with the messages it writes.
protocol IntegrationRule {
    /// The codes this rule reports.
    static var codes: [IssueCode] { get }
    /// One line on what the rule checks.
    static var summary: String { get }
}

/// Every rule, in the order a check runs them.
enum IntegrationRules {
    static var all: [any IntegrationRule.Type] {
        [
            PartnerRule.self, AppsRule.self, CredentialsRule.self, OAuthRule.self, RolesRule.self, AgencyRule.self,
            UpdateRule.self, SupersessionRule.self, UniquenessRule.self, ROI360Rule.self,
        ]
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
