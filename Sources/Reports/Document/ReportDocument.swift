import Ledger

/// A report as the Markdown, CSV and HTML renderers see it: a title, what it covers, sections of
/// text, tables and bar charts, and the attestation. The JSON form is the report's own (see
/// docs/report-schema.md); this is its readable layout.
public struct ReportDocument: Sendable {
    public struct Table: Sendable {
        public let columns: [String]
        public let rows: [[String]]
        public init(columns: [String], rows: [[String]]) {
            self.columns = columns
            self.rows = rows
        }
    }

    /// Bars with a value each; `limit` draws a mark (a quota, a target) when given.
    public struct BarChart: Sendable {
        public struct Bar: Sendable {
            public let label: String
            public let value: Int64
            public let limit: Int64?
            /// Text beside the bar; the value (and limit) when nil.
            public let caption: String?
            public init(label: String, value: Int64, limit: Int64? = nil, caption: String? = nil) {
                self.label = label
                self.value = value
                self.limit = limit
                self.caption = caption
            }
        }
        public let title: String
        public let unit: String
        public let bars: [Bar]
        public init(title: String, unit: String, bars: [Bar]) {
            self.title = title
            self.unit = unit
            self.bars = bars
        }
    }

    public struct Section: Sendable {
        public let title: String
        public var paragraphs: [String] = []
        public var table: Table?
        public var chart: BarChart?
        public init(title: String, paragraphs: [String] = [], table: Table? = nil, chart: BarChart? = nil) {
            self.title = title
            self.paragraphs = paragraphs
            self.table = table
            self.chart = chart
        }
    }

    /// `changelog`, `audit` or `health`.
    public let kind: String
    public let title: String
    /// Lines under the title: scope, policy, as-of.
    public let preamble: [String]
    public let sections: [Section]
    /// The table a CSV export carries.
    public let primary: Table
    public let attestation: Attestation

    /// A layout for the renderers; a report's own comes from ``Report/make(_:ledger:scope:attest:progress:)``.
    public init(kind: String, title: String, preamble: [String], sections: [Section], primary: Table, attestation: Attestation) {
        self.kind = kind
        self.title = title
        self.preamble = preamble
        self.sections = sections
        self.primary = primary
        self.attestation = attestation
    }
}
