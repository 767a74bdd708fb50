extension PartnerTestRunner {
    /// Each `examples:` entry of a credential field, run as a passing case of that field (SPEC 19): a request that
    /// gives the example as the field's value goes through the integration check, and the case passes when the
    /// check does not refuse the value (`invalid_credential` at the field's path). A passing example covers its field.
    ///
    /// Cases are named by position ("example 1 of credential field 'token'"), never by value, since the field may be
    /// secret; they stand at the example's place in the partner file.
    package func runExamples() -> [PartnerTestResult] {
        let checker = IntegrationChecker(catalog: catalog)
        var results: [PartnerTestResult] = []
        for partner in catalog.compiled.partners {
            let forms = [
                (form: partner.credentials, places: partner.places.credentials, prefix: "credentials", what: "credential field"),
                (partner.partnerMetrics, partner.places.partnerMetrics, "partner_metrics.credentials", "partner-metrics field"),
            ]
            for (form, places, prefix, what) in forms {
                for (index, (field, fieldPlace)) in zip(form.fields, places).enumerated() {
                    for (number, example) in field.field.examples.enumerated() {
                        let values = [field.key: example]
                        let metrics = prefix != "credentials"
                        let request = IntegrationRequest(
                            partner: partner.id, apps: [Self.defaultAppID], credentials: metrics ? [:] : values,
                            partnerMetrics: metrics ? values : nil)
                        let location = partner.locations["\(prefix)[\(index)].examples[\(number)]"] ?? fieldPlace.location
                        var result = PartnerTestResult(
                            testCase: PartnerTestCase(
                                name: "example \(number + 1) of \(what) '\(field.key)'", place: SourcePlace(file: fieldPlace.file, location: location),
                                request: request))
                        result.partners.insert(partner.index)
                        let verdict = checker.check(request, existing: [], today: today)
                        let refusal = verdict.errors.first { $0.code == .invalidCredential && $0.path == field.path }
                        result.assert(
                            field.path, expected: .string("taken"), got: .string(refusal?.message ?? "taken"), decided: [fieldPlace],
                            differences: [
                                Difference(
                                    key: "credentials", field: "'\(field.key)' (example \(number + 1))", expected: "taken",
                                    got: "refused", words: refusal.map { [$0.message] } ?? [], because: [fieldPlace])
                            ])
                        result.passed = refusal == nil
                        results.append(result)
                    }
                }
            }
        }
        return results
    }
}
