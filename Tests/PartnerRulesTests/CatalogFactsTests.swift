import Foundation
import PartnerRulesTestSupport
import Testing
@testable import PartnerRules

/// The partners SPEC section 3 names, each asserted by name: media sources, credential keys, roles, flags.
/// The catalog may hold more partners than these; no test here counts them or lists the whole catalog.
@Suite("The catalog holds the seed's facts")
struct CatalogFactsTests {
    static let catalog: Catalog? = try? CatalogLoader.load(directory: Repository.partners)

    func partner(_ id: String) throws -> PartnerDefinition {
        let catalog = try #require(Self.catalog, "the partners folder does not load")
        return try #require(catalog.partner(named: id)?.definition, "no partner \(id)")
    }

    @Test("each named partner has the contract's media source, per-user and mutable-credential flags", arguments: seedPartners)
    func namedPartner(_ seed: SeedPartner) throws {
        let catalog = try #require(Self.catalog)
        let definition = try partner(seed.name)
        #expect(definition.mediaSources == [seed.mediaSource])
        #expect(catalog.mediaSource(seed.mediaSource)?.partner.definition.name == seed.name)
        #expect(definition.perUser == seed.perUser)
        #expect(definition.credentialsMutable == seed.mutable)
    }

    @Test("media sources are unique across the catalog, whatever it holds")
    func mediaSourcesAreUnique() throws {
        let catalog = try #require(Self.catalog)
        let sources = catalog.partners.flatMap(\.definition.mediaSources)
        #expect(!sources.isEmpty)
        #expect(Set(sources).count == sources.count, "\(sources)")
    }

    @Test(
        "credential and partner-metrics keys are the contract's",
        arguments: [
            ("trademob_int", ["email", "password"], [String]()),
            ("adjoe_int", ["token"], []),
            ("applovin_int", [], ["api_key"]),
            ("googleadwords_int", [], []),
            ("ironsource_int", ["secret_key", "refresh_token"], []),
            ("liftoff_int", ["username", "password"], []),
            ("Facebook Ads", [], []),
            ("moloco_int", ["email", "password", "workplace_id"], []),
            ("reddit_int", [], []),
            ("remerge_int", ["email", "password"], []),
            ("smadex_int", ["password"], []),
            ("snapchat_int", [], []),
            ("tiktokglobal_int", [], []),
            ("unityads_int", ["key_id", "secret_key", "organization_core_id"], ["api_key"]),
            ("youappi_int", ["token"], []),
        ])
    func credentialKeys(source: String, keys: [String], metrics: [String]) throws {
        let definition = try partner(source)
        #expect(definition.credentials.map(\.key) == keys)
        #expect(definition.partnerMetrics.credentials.map(\.key) == metrics)
        #expect(definition.auth == (keys.isEmpty ? .oauth : .credentials))
    }

    @Test("roles are the seed's")
    func roles() throws {
        #expect(try partner("ironsource_int").roles == RoleRequirement(anyOf: ["Administrator", "Contributor"]))
        #expect(try partner("moloco_int").roles == RoleRequirement(anyOf: ["Workplace Owner", "Ad Account Owner"]))
        #expect(try partner("reddit_int").roles == RoleRequirement(anyOf: ["Creator", "Admin"]))
        #expect(
            try partner("unityads_int").roles
                == RoleRequirement(
                    allOf: ["Advertisers API Stats Viewer"],
                    anyOf: ["Advertise API Admin", "Advertise API Viewer", "Advertise API Creative Packs Editor"]))
    }

    @Test(
        "ad-level-only ad types, in several spellings",
        arguments: [
            ("ironsource_int", "Offerwall", false), ("ironsource_int", "rewarded video", true),
            ("Facebook Ads", "Catalog/DPA", false), ("Facebook Ads", "dpa", false), ("Facebook Ads", "catalog", false),
            ("Facebook Ads", "video", true),
            ("moloco_int", "CTV", false), ("moloco_int", "ctv", false), ("moloco_int", "banner", true),
            ("snapchat_int", "Collection Ads", false), ("snapchat_int", "collection_ads", false),
            ("tiktokglobal_int", "Collection Ads", false), ("tiktokglobal_int", "Collections Ads", false),
            ("tiktokglobal_int", "shopping-ads", false), ("tiktokglobal_int", "In-Feed", true),
            ("bytedanceglobal_int", "Shopping Ads", false),
            ("googleadwords_int", "ACi", true), ("googleadwords_int", "ace", true), ("googleadwords_int", "AC_PRE", true),
            ("googleadwords_int", "search", false), ("googleadwords_int", "", false),
            ("adjoe_int", "", true),
        ])
    func adTypes(source: String, adType: String, creative: Bool) throws {
        let catalog = try #require(Self.catalog)
        let partner = try #require(catalog.mediaSource(source)?.partner)
        #expect(partner.reachesCreativeLevel(adType: adType) == creative)
    }

    @Test("Moloco's Workplace ID: spaces removed, upper case as a variant, Workplace Title as fallback")
    func workplaceID() throws {
        let field = try #require(try partner("moloco_int").credentials.first { $0.key == "workplace_id" })
        #expect(field.normalize == [.removeWhitespace])
        #expect(field.variants == [.uppercase])
        #expect(field.fallback?.key == "workplace_title")
    }

    @Test("Trademob resolves to Adikteev; TikTok supersedes its legacy source with the seed's dates")
    func aliasesAndSupersession() throws {
        let catalog = try #require(Self.catalog)
        #expect(catalog.partner(named: "trademob")?.definition.name == "Adikteev")
        let legacy = try #require(try partner("tiktok").supersedes.first)
        #expect(legacy.mediaSource == "bytedanceglobal_int")
        #expect(legacy.introduced == CalendarDate("2023-01-30"))
        #expect(legacy.deprecated == CalendarDate("2024-03-31"))
        #expect(legacy.duplicates == [.performance])
        #expect(catalog.partner(named: "bytedanceglobal_int")?.id == "tiktok")
    }

    @Test("secret fields are masked; settings carry the data-availability facts")
    func secretsAndSettings() throws {
        let catalog = try #require(Self.catalog)
        for partner in catalog.partners {
            for field in partner.definition.credentials + partner.definition.partnerMetrics.credentials
            where [.password, .token, .secret].contains(field.kind) {
                #expect(field.secret, "\(partner.id).\(field.key)")
            }
        }
        let data = catalog.settings.dataAvailability
        #expect(data.backfillDays == 90 && data.firstDataWithinHours == 24 && data.creativePullsPerDay == 2)
        #expect(data.performanceRefreshHours == 1 && data.dashboardRefreshUTC == "10:00")
        #expect(try partner("adikteev").roi360.sameUser == .recommended)
        #expect(try partner("google-ads").roi360.sameUser == .recommended)
    }
}

@Suite("The rendered guide")
struct GuideTests {
    @Test("the guide states every fact of a made-up partner")
    func madeUpGuide() throws {
        let catalog = try CatalogLoader.load(directory: fixtures.path("made-up"))
        let text = GuideRenderer.markdown(catalog)
        for fact in [
            "## Zephyr Ads", "`zephyr_int`", "Also known as: Zephyr, Westwind", "each user may hold their own per app",
            "delete the integration and create it again", "Agencies: not supported", "all of Reporter", "one of Owner, Manager",
            "Creative level only for: Video; Playable (also interactive, Mini/Game)", "Replaces `zephyr_legacy` ([Legacy] Zephyr), since 2024-01-15; no new legacy integrations from 2025-06-30",
            "| Account code (or Account name, `account_name`) | `account_code` | identifier | yes |", "| API secret | `api_secret` | secret, masked | yes |",
            "Partner metrics (optional)", "the last 30 days are backfilled", "4 times a day", "every 2 hours", "at 06:30 UTC",
        ] {
            #expect(text.contains(fact), "missing: \(fact)")
        }
    }
}
