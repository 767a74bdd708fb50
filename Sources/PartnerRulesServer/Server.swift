// HTTP servers built on Hummingbird: the reference audience partner and `serve`.
public import PartnerRules
