// Audience connections: segment files, S3 delivery and the partner API client live here.
public import PartnerRules
