// Segment files, identifier normalization, SigV4's canonical request and S3 answers live in
// PartnerRulesAudiencesCore (no network, no swift-crypto, so the fuzz targets build against it); code that imports
// PartnerRulesAudiences keeps seeing them.
@_exported public import PartnerRulesAudiencesCore
