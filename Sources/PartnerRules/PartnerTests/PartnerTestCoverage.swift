/// Which partner facts the passing cases consulted (SPEC 11 and 17): each credential field (partner
/// metrics included), ad-type entry and supersession entry, `auth` (of an OAuth partner: a credentials partner's
/// form is decided by its fields), `per_user`, `credentials_mutable`, `agency`, each `all_of` role, the
/// `any_of` list (when not empty) and each of its roles, and `roi360`, each at its place in its partner file.
///
/// A fact is covered when a passing case asserts an outcome whose `because` names it, or, for a credential
/// field, asserts its normalized value or candidates. A fact is a YAML node, named by its line and column: an
/// entry added inside a one-line list (`[CTV, Zebra Ads]`) is not covered because its neighbour is (SPEC 19). Only partners with at least one case count towards
/// the total; the others are listed in ``partnersWithoutCases``.
package struct PartnerTestCoverage: Sendable {
    /// One fact of a partner file.
    package struct Fact: Sendable, Hashable {
        /// Where the fact stands.
        package let place: SourcePlace
        /// What it is, as the file says it: `credential field 'account_id'`, `per_user: false`.
        package let fact: String
        /// The partner's id.
        package let partner: String
        package let covered: Bool
    }

    /// The facts of the partners that have cases, by file and line.
    package let facts: [Fact]
    /// The ids of partners no case is about, sorted.
    package let partnersWithoutCases: [String]
    /// The partner files of the same partners, in the same order.
    package let filesWithoutCases: [String]

    package var covered: Int { facts.count(where: \.covered) }
    package var total: Int { facts.count }
    /// Covered facts in percent, to two decimals; 100 when there are none.
    package var percent: Double {
        guard total > 0 else { return 100 }
        return (Double(covered) * 10_000 / Double(total)).rounded(.down) / 100
    }
    package var uncovered: [Fact] { facts.filter { !$0.covered } }

    package init(catalog: Catalog, results: [PartnerTestResult]) {
        // Places are compared whole, line and column: each entry of a one-line list is its own fact.
        let named = Set(results.flatMap(\.covered))
        func isNamed(_ place: SourcePlace) -> Bool { named.contains(place) }
        let tested = Set(results.flatMap(\.partners))
        var facts: [Fact] = []
        var without: [String] = []
        var withoutFiles: [String] = []
        for partner in catalog.compiled.partners {
            guard tested.contains(partner.index) else {
                without.append(partner.id)
                withoutFiles.append(partner.places.file)
                continue
            }
            for (fact, places) in Self.facts(of: partner) {
                facts.append(Fact(place: places[0], fact: fact, partner: partner.id, covered: places.contains(where: isNamed)))
            }
        }
        self.facts = facts.sorted { ($0.place.file, $0.place.line, $0.place.column) < ($1.place.file, $1.place.line, $1.place.column) }
        self.partnersWithoutCases = without
        self.filesWithoutCases = withoutFiles
    }

    /// A partner's facts, each with the places that name it (its own first).
    static func facts(of partner: CompiledPartner) -> [(String, [SourcePlace])] {
        let definition = partner.definition
        let places = partner.places
        var facts: [(String, [SourcePlace])] = []
        // `auth` decides the OAuth login; a credentials partner's form is decided field by field, each its own fact.
        if definition.auth == .oauth { facts.append(("auth: \(definition.auth.rawValue)", [places.auth])) }
        facts += [
            ("per_user: \(definition.perUser)", [places.perUser]),
            ("credentials_mutable: \(definition.credentialsMutable)", [places.credentialsMutable]),
            ("agency: \(definition.agency)", [places.agency]),
            ("roi360.same_user: \(definition.roi360.sameUser.rawValue)", [places.roi360]),
        ]
        // A role list the file leaves empty asks nothing of the user, so it decides nothing.
        // Each all_of role is needed on its own; the any_of list is needed as a whole. A list the file leaves
        // empty asks nothing of the user, so it decides nothing.
        for (role, place) in zip(definition.roles.allOf, places.allOfRoleEntries) { facts.append(("role '\(role)' (roles.all_of)", [place])) }
        if !definition.roles.anyOf.isEmpty { facts.append(("roles.any_of", [places.anyOfRoles])) }
        // Each any_of role lets the user in on its own: a case shows it by a request that holds it and is not refused
        // for a missing role.
        for (role, place) in zip(definition.roles.anyOf, places.anyOfRoleEntries) { facts.append(("role '\(role)' (roles.any_of)", [place])) }
        for (field, place) in zip(definition.credentials, places.credentials) {
            facts.append(("credential field '\(field.key)'", [place]))
        }
        for (field, place) in zip(definition.partnerMetrics.credentials, places.partnerMetrics) {
            facts.append(("partner-metrics field '\(field.key)'", [place]))
        }
        let list = definition.adTypes.fileKey
        for (adType, place) in zip(definition.adTypes.names, places.adTypeEntries) {
            facts.append(("ad type '\(adType.name)' (\(list))", [place]))
        }
        for (index, legacy) in definition.supersedes.enumerated() {
            facts.append(("supersedes '\(legacy.mediaSource)'", [places.supersedes[index], places.deprecated[index]]))
        }
        return facts
    }
}
