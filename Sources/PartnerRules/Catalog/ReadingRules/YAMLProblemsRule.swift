/// What the composer went past: duplicate keys, a missing `- ` in a list, anchors, aliases, tags,
/// quoted keys, a second document, and a comment that cuts a value short. Each is reported where it
/// was typed, all of them in one run, and the file still goes on to the schema checks (SPEC 17).
struct YAMLProblemsRule: ComposedRule {
    static let codes: [RuleCode] = [
        .duplicateKey, .yamlSyntax, .yamlAnchor, .yamlAlias, .yamlTag, .yamlKey, .yamlMultipleDocuments, .commentInValue,
        .joinedListItem,
    ]
    static let summary = "YAML that reads, but not as a partner file should: every such problem in one run"
    static var examples: RuleExamples {
        let plain = examplePartner("acme", "acme_int")
        let twoFields = exampleCredentialsPartner(
            """
              - key: login
                label: Login
                kind: username
                key: account
                label: Account
                kind: identifier
            """)
        return RuleExamples(
            passing: [
                RuleExample(["acme.yaml": plain]),
                RuleExample(exampleAcme(replacing: "name: Partner acme", with: "name: 'Channel #1' # the display name")),
            ],
            failing: [
                RuleExample(exampleAcme(replacing: "auth: oauth", with: "auth: oauth\nname: Acme"), reports: .duplicateKey),
                RuleExample(["acme.yaml": twoFields], reports: .yamlSyntax),
                RuleExample(exampleAcme(replacing: "name: Partner acme", with: "name: &n Partner acme"), reports: .yamlAnchor),
                RuleExample(exampleAcme(replacing: "name: Partner acme", with: "name: &n Partner acme\naliases: [*n]"), reports: .yamlAlias),
                RuleExample(exampleAcme(replacing: "auth: oauth", with: "auth: !!str oauth"), reports: .yamlTag),
                RuleExample(exampleAcme(replacing: "auth: oauth", with: "\"auth\": oauth"), reports: .yamlKey),
                RuleExample(["acme.yaml": plain + "\n---\nid: other\n"], reports: .yamlMultipleDocuments),
                RuleExample(exampleAcme(replacing: "name: Partner acme", with: "name: Channel #1"), reports: .commentInValue),
                RuleExample(
                    exampleAcme(replacing: "  unsupported: []", with: "  unsupported:\n    - CTV\n      Rewarded Video"), reports: .joinedListItem),
            ])
    }

    func apply(_ input: ComposedFile, into findings: inout [Finding]) {
        for problem in input.root.problems {
            findings.append(Finding(file: input.file, location: problem.location, code: problem.code, message: problem.message))
        }
    }
}
