/// The SQL engines `partner-rules sql` writes for.
package enum SQLDialect: String, Sendable, Hashable, CaseIterable {
    case postgres
    case sqlite
    case duckdb
    case spark

    /// `'…'` with `'` doubled; Spark SQL also treats `\` as an escape, so there `\` and `'` are backslash-escaped.
    func literal(_ value: String) -> String {
        switch self {
        case .postgres, .sqlite, .duckdb:
            return "'" + value.replacingAll("'", with: "''") + "'"
        case .spark:
            return "'" + value.replacingAll("\\", with: "\\\\").replacingAll("'", with: "\\'") + "'"
        }
    }

    /// A column name, quoted.
    func identifier(_ name: String) -> String {
        switch self {
        case .postgres, .sqlite, .duckdb: return "\"" + name.replacingAll("\"", with: "\"\"") + "\""
        case .spark: return "`" + name.replacingAll("`", with: "``") + "`"
        }
    }

    /// The dialect's text type, for casting key columns before they are compared.
    var textType: String {
        switch self {
        case .postgres, .sqlite: return "TEXT"
        case .duckdb: return "VARCHAR"
        case .spark: return "STRING"
        }
    }

    /// The ad-type key (``AdTypeKey``) of `column`: ASCII letters lower-cased; space, tab, `-`, `_` and `/`
    /// removed. `translate` deletes the characters it has no replacement for; SQLite has no `translate`,
    /// but its `lower` changes ASCII letters only. The tab is written `chr(9)` (`char(9)` in SQLite), so
    /// the query holds no invisible character.
    func adTypeKey(_ column: String) -> String {
        let value = "coalesce(\(column), '')"
        switch self {
        case .postgres, .duckdb, .spark:
            return "translate(\(value), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ -_/' || chr(9), 'abcdefghijklmnopqrstuvwxyz')"
        case .sqlite:
            return "replace(replace(replace(replace(replace(lower(\(value)), ' ', ''), '-', ''), '_', ''), '/', ''), char(9), '')"
        }
    }
}

/// A table name `partner-rules sql` accepts: a plain identifier, optionally schema-qualified (`a.b`).
package struct SQLTableName: Sendable, Hashable, CustomStringConvertible {
    package let description: String

    /// `nil` unless every part matches `[A-Za-z_][A-Za-z0-9_]*` and there are one or two parts.
    package init?(_ name: String) {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return nil }
        for part in parts {
            guard let first = part.utf8.first, first == UInt8(ascii: "_") || first.isASCIILetter,
                part.utf8.allSatisfy({ $0 == UInt8(ascii: "_") || $0.isASCIILetter || $0.isASCIIDigit })
            else { return nil }
        }
        description = name
    }
}

/// The one query that does in SQL what `classify` does in drop mode.
///
/// Contract: the table has (at least) the columns `app_id`, `media_source`, `date` and `ad_type`, as text
/// (a NULL counts as the empty string). The query returns every column of the table (`t.*`, in the
/// table's order) and then `granularity`, one row per row of the table except the legacy duplicates, the
/// same rows as `partner-rules classify` gives for the same data read from CSV. Values from partner files
/// appear only as literals, quoted for the dialect.
package enum PerformanceSQL {
    /// The query for `rules` over `table` in `dialect`.
    package static func query(
        _ rules: RowRules, dialect: SQLDialect, table: SQLTableName,
        columns: PerformanceColumns = PerformanceColumns()
    ) -> String {
        func column(_ alias: String, _ name: String) -> String { "\(alias).\(dialect.identifier(name))" }
        func list(_ values: [String]) -> String { values.map(dialect.literal).joined(separator: ", ") }
        let adTypeKey = dialect.adTypeKey(column("t", columns.adType))

        var cases: [String] = []
        for partner in rules.partners where !partner.mediaSources.isEmpty {
            let (listed, other) = partner.listsSupported ? ("creative", "ad") : ("ad", "creative")
            let outcome =
                partner.adTypeKeys.isEmpty
                ? "'\(other)'"
                : "CASE WHEN \(adTypeKey) IN (\(list(partner.adTypeKeys))) THEN '\(listed)' ELSE '\(other)' END"
            cases.append("    WHEN \(column("t", columns.mediaSource)) IN (\(list(partner.mediaSources))) THEN \(outcome)")
        }
        var sql = "-- partner-rules sql --dialect \(dialect.rawValue): the rows `partner-rules classify` keeps, with granularity\n"
        let superseding = rules.partners.filter { !$0.supersededSources.isEmpty && !$0.liveSources.isEmpty }
        func key(_ alias: String, _ name: String) -> String {
            "coalesce(CAST(\(column(alias, name)) AS \(dialect.textType)), '')"
        }
        /// The partner id when the row's media source is one of `sources(partner)`, else NULL.
        func group(_ alias: String, _ sources: (RowRules.PartnerRule) -> [String]) -> String {
            "CASE" + superseding.map { " WHEN \(column(alias, columns.mediaSource)) IN (\(list(sources($0)))) THEN \(dialect.literal($0.partner))" }.joined() + " END"
        }
        if !superseding.isEmpty {
            // The (partner, app, date) keys that superseding media sources have rows for.
            sql += "WITH superseding AS (\n  SELECT DISTINCT \(group("s", \.liveSources)) AS k_partner,\n"
            sql += "    \(key("s", columns.appID)) AS k_app,\n    \(key("s", columns.date)) AS k_date\n"
            sql += "  FROM \(table) AS s\n  WHERE \(column("s", columns.mediaSource)) IN (\(list(superseding.flatMap(\.liveSources))))\n)\n"
        }
        sql += "SELECT t.*,\n  CASE\n"
        sql += cases.map { $0 + "\n" }.joined()
        sql += "    ELSE 'ad'\n  END AS \(dialect.identifier(PerformanceColumns.granularity))\nFROM \(table) AS t"
        if !superseding.isEmpty {
            // A legacy row is a duplicate when its partner's superseding sources have its app and date.
            sql += "\nWHERE NOT EXISTS (\n  SELECT 1 FROM superseding AS k\n"
            sql += "  WHERE k.k_partner = \(group("t", \.supersededSources))\n"
            sql += "    AND k.k_app = \(key("t", columns.appID))\n    AND k.k_date = \(key("t", columns.date))\n)"
        }
        return sql + "\n"
    }
}

extension String {
    /// Every occurrence of the scalar `target` replaced; scalar by scalar, so a combining mark after a quote
    /// cannot hide it inside one `Character`.
    func replacingAll(_ target: Unicode.Scalar, with replacement: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if scalar == target { out.append(contentsOf: replacement.unicodeScalars) } else { out.append(scalar) }
        }
        return String(out)
    }
}

extension UInt8 {
    var isASCIILetter: Bool { (self | 0x20) >= UInt8(ascii: "a") && (self | 0x20) <= UInt8(ascii: "z") }
    var isASCIIDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
}
