/// The credential form the product shows for a partner, as JSON: what `serve` answers for
/// `GET /v1/partners/{id}` and as the `form` of `POST /v1/preview`, and what the playground renders.
///
/// One shape (`schemas/openapi.yaml`, `PartnerForm`):
///
/// ```json
/// {"id": "acme", "name": "Acme Ads", "media_sources": ["acme_int"], "aliases": [],
///  "auth": "credentials", "per_user": false, "agency": true, "credentials_mutable": false,
///  "roles": {"all_of": [], "any_of": []},
///  "fields": [{"key": "token", "label": "Token", "kind": "token", "required": true, "masked": true,
///              "help": null, "pattern": null, "min_length": null, "max_length": null, "fallback": null}],
///  "partner_metrics": {"required": false, "fields": []},
///  "ad_types": {"rule": "unsupported", "names": [{"name": "ctv", "aliases": []}]},
///  "ad_level_ad_types": ["ctv"],
///  "supersedes": [], "setup": {"prerequisites": [], "notes": []}, "notes": ["…"]}
/// ```
///
/// `ad_level_ad_types` lists the ad types that stay at ad level; it is `[]` under a `supported` rule, where every
/// type not named stays at ad level. `notes` are the guide's own sentences about connections, credentials and
/// agencies. Nothing in it is secret: a form holds labels, never values.
public struct PartnerForm: Sendable, Hashable {
    /// The partner the form is drawn from.
    public let definition: PartnerDefinition

    /// The form of `definition`'s partner.
    public init(_ definition: PartnerDefinition) {
        self.definition = definition
    }

    /// The form as one line of JSON (no trailing newline).
    public func jsonBytes() -> [UInt8] {
        var writer = JSONWriter()
        write(to: &writer)
        return writer.bytes
    }

    /// Writes the form as a JSON object.
    package func write(to writer: inout JSONWriter) {
        let partner = definition
        writer.object { object in
            Self.writeIdentity(of: partner, to: &object)
            object.member("agency", bool: partner.agency)
            object.member("credentials_mutable", bool: partner.credentialsMutable)
            object.member("roles") { roles in
                roles.object { roles in
                    roles.key("all_of")
                    roles.stringArray(partner.roles.allOf)
                    roles.key("any_of")
                    roles.stringArray(partner.roles.anyOf)
                }
            }
            object.key("fields")
            Self.writeFields(partner.credentials, to: &object)
            object.member("partner_metrics") { metrics in
                metrics.object { metrics in
                    metrics.member("required", bool: partner.partnerMetrics.required)
                    metrics.key("fields")
                    Self.writeFields(partner.partnerMetrics.credentials, to: &metrics)
                }
            }
            object.member("ad_types") { adTypes in
                adTypes.object { adTypes in
                    adTypes.member("rule", string: partner.adTypes.fileKey)
                    adTypes.key("names")
                    adTypes.array(partner.adTypes.names) { writer, name in
                        writer.object { entry in
                            entry.member("name", string: name.name)
                            entry.key("aliases")
                            entry.stringArray(name.aliases)
                        }
                    }
                }
            }
            object.key("ad_level_ad_types")
            if case .unsupported(let names) = partner.adTypes {
                object.stringArray(names.map(\.name))
            } else {
                object.stringArray([])
            }
            object.key("supersedes")
            object.array(partner.supersedes) { writer, legacy in
                writer.object { entry in
                    entry.member("media_source", string: legacy.mediaSource)
                    entry.member("name", string: legacy.name)
                    if let introduced = legacy.introduced { entry.member("introduced", string: introduced.description) }
                    if let deprecated = legacy.deprecated { entry.member("deprecated", string: deprecated.description) }
                }
            }
            object.member("setup") { setup in
                setup.object { setup in
                    setup.key("prerequisites")
                    setup.stringArray(partner.setup.prerequisites)
                    setup.key("notes")
                    setup.stringArray(partner.setup.notes)
                }
            }
            object.key("notes")
            object.stringArray(GuideRenderer.connectionNotes(partner))
        }
    }

    /// The members that open both a form and an entry of the partner list (`GET /v1/partners`): `id`, `name`,
    /// `media_sources`, `aliases`, `auth` and `per_user`, in that order, into the object being written.
    package static func writeIdentity(of partner: PartnerDefinition, to object: inout JSONWriter) {
        object.member("id", string: partner.id)
        object.member("name", string: partner.name)
        object.key("media_sources")
        object.stringArray(partner.mediaSources)
        object.key("aliases")
        object.stringArray(partner.aliases)
        object.member("auth", string: partner.auth.rawValue)
        object.member("per_user", bool: partner.perUser)
    }

    private static func writeFields(_ fields: [CredentialField], to writer: inout JSONWriter) {
        writer.array(fields) { writer, field in
            writer.object { entry in
                entry.member("key", string: field.key)
                entry.member("label", string: field.label)
                entry.member("kind", string: field.kind.rawValue)
                entry.member("required", bool: field.required)
                entry.member("masked", bool: field.isMasked)
                entry.key("help")
                entry.optionalString(field.help)
                entry.key("pattern")
                entry.optionalString(field.pattern)
                entry.key("min_length")
                if let minimum = field.minLength { entry.int(minimum) } else { entry.null() }
                entry.key("max_length")
                if let maximum = field.maxLength { entry.int(maximum) } else { entry.null() }
                if let placeholder = field.examples.first {
                    // A value a user would really type, which lint has checked the field takes.
                    entry.member("placeholder", string: placeholder)
                }
                entry.key("fallback")
                if let fallback = field.fallback {
                    entry.object { fallbackObject in
                        fallbackObject.member("key", string: fallback.key)
                        fallbackObject.member("label", string: fallback.label)
                    }
                } else {
                    entry.null()
                }
            }
        }
    }
}
