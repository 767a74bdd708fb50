import PartnerRules
import Testing

@Suite("Row rules")
struct RowRulesTests {
    let rules: RowRules

    init() throws {
        rules = RowRules(catalog: try PerformanceFixtures.catalog())
    }

    @Test(arguments: [
        ("alpha_int", "Playable Ads", Granularity.ad),
        ("alpha_int", "playable_ads", .ad),
        ("alpha_int", " PLAY-ABLE ", .ad),
        ("alpha_int", "playable/ad", .ad),
        ("Alpha Ads", "CTV", .ad),
        ("alpha_int", "banner", .creative),
        ("alpha_int", "", .creative),
        ("beta_int", "video plus", .creative),
        ("beta_int", "V-P", .creative),
        ("beta_int", "o'brien\\spot", .creative),
        ("beta_int", "Ünïcode_Ad", .creative),
        ("beta_int", "ünïcode ad", .ad),  // only ASCII letters change case
        ("beta_int", "banner", .ad),
        ("beta_int", "", .ad),
        ("beta_int", " - ", .ad),
        ("gamma_old", "Shopping Ads", .ad),
        ("gamma_older", "banner", .creative),
        ("ALPHA_INT", "banner", .ad),  // media sources match exactly
        ("unknown_int", "banner", .ad),
        ("", "", .ad),
    ])
    func granularity(source: String, adType: String, expected: Granularity) {
        #expect(rules.granularity(mediaSource: source, adType: adType) == expected)
    }

    @Test func adTypeKeyFoldsOnlyASCII() {
        #expect(AdTypeKey.make(" Catalog/DPA ") == "catalogdpa")
        #expect(AdTypeKey.make("Collection_Ads-x") == "collectionadsx")
        #expect(AdTypeKey.make("ÄB") == "Äb")
    }

    @Test func supersededSourcesBelongToTheirPartner() {
        #expect(rules.partner(mediaSource: "gamma_old") == "gamma")
        #expect(rules.partner(mediaSource: "delta_legacy") == "delta")
        #expect(rules.partner(mediaSource: "GAMMA_OLD") == nil)
    }

    @Test func onlyPerformanceDuplicatesAreDeduplicated() throws {
        let gamma = try #require(rules.partners.first { $0.partner == "gamma" })
        #expect(gamma.supersededSources == ["gamma_old", "gamma_older"])
        #expect(gamma.liveSources == ["gamma_new", "gamma_new2"])
        let delta = try #require(rules.partners.first { $0.partner == "delta" })
        #expect(delta.supersededSources.isEmpty)
    }
}

/// The seed's facts, through the real `partners/` files.
@Suite("Row rules on the catalog")
struct CatalogRowRulesTests {
    @Test(arguments: [
        ("ironsource_int", "Offerwall", Granularity.ad),
        ("ironsource_int", "rewarded video", .creative),
        ("Facebook Ads", "Catalog/DPA", .ad),
        ("Facebook Ads", "dpa", .ad),
        ("Facebook Ads", "Video", .creative),
        ("moloco_int", "CTV", .ad),
        ("snapchat_int", "collection ads", .ad),
        ("tiktokglobal_int", "Collections Ads", .ad),
        ("tiktokglobal_int", "Shopping Ads", .ad),
        ("bytedanceglobal_int", "shopping_ads", .ad),
        ("bytedanceglobal_int", "In-Feed", .creative),
        ("googleadwords_int", "ACi", .creative),
        ("googleadwords_int", "ACe", .creative),
        ("googleadwords_int", "ACpre", .creative),
        ("googleadwords_int", "Search", .ad),
        ("googleadwords_int", "", .ad),
        ("liftoff_int", "", .creative),
        ("trademob_int", "banner", .creative),
        ("facebook ads", "Video", .ad),
        ("someone_else", "Video", .ad),
    ])
    func seedFacts(source: String, adType: String, expected: Granularity) throws {
        let rules = RowRules(catalog: try PerformanceFixtures.realCatalog())
        #expect(rules.granularity(mediaSource: source, adType: adType) == expected)
    }

    @Test func legacyTikTokRowsAreDuplicatesOnlyWhereTheNewSourceHasRows() throws {
        let csv = """
            app_id,media_source,date,ad_type
            a,bytedanceglobal_int,2024-01-01,x
            a,tiktokglobal_int,2024-01-01,x
            a,bytedanceglobal_int,2024-01-02,x
            b,bytedanceglobal_int,2024-01-01,x

            """
        let output = try PerformanceFixtures.classify(csv, catalog: try PerformanceFixtures.realCatalog()).output
        #expect(
            output == """
                app_id,media_source,date,ad_type,granularity
                a,tiktokglobal_int,2024-01-01,x,creative
                a,bytedanceglobal_int,2024-01-02,x,creative
                b,bytedanceglobal_int,2024-01-01,x,creative

                """)
    }
}
