import Governance

/// The frame of every portal page: head, header with navigation and sign-out, main, footer.
enum Layout {
    struct Link {
        let title: String
        let path: String
    }

    /// A whole document. `grant` nil: the sign-in and error pages, with no navigation.
    static func page(title: String, grant: PortalGrant?, nav: [Link] = [], current: String = "", scripts: Bool = false, trust: HTML = "",
                     _ body: HTML) -> HTML {
        let script: HTML = scripts ? "<script src=\"/portal/assets/verify.js\" defer></script>" : ""
        var header: HTML = ""
        if let grant, grant.caller != .anonymous {
            let links = nav.map { link -> HTML in
                let here: HTML = link.path == current ? " aria-current=\"page\"" : ""
                return "<li><a href=\"\(link.path)\"\(here)>\(link.title)</a></li>"
            }
            header = """
                <nav aria-label="Portal"><ul>\(links)</ul></nav>
                <form method="post" action="/portal/sign-out" class="sign-out"><input type="hidden" name="csrf" value="\(grant.session.csrf)">\
                <span>\(viewerName(grant))</span> <button type="submit">Sign out</button></form>
                """
        }
        let footer: HTML = grant.map { $0.caller == .anonymous ? "" : "<footer><p>Read from the ledger as of entry \($0.state.lastSeq).</p></footer>" } ?? ""
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · tierledger</title>
            <link rel="stylesheet" href="/portal/assets/portal.css">
            \(script)
            </head>
            <body>
            <a class="skip" href="#main">Skip to content</a>
            <header><a class="brand" href="/portal">tierledger portal</a>\(header)</header>
            <main id="main">
            <h1>\(title)</h1>
            \(body)
            \(trust)
            </main>
            \(footer)
            </body>
            </html>

            """
    }

    static func viewerName(_ grant: PortalGrant) -> String {
        switch grant.caller {
        case let .customer(_, customer, _): return "Customer \(customer)"
        case let .staff(name, _, _): return "Staff \(name)"
        case .anonymous: return ""
        }
    }

    /// The navigation of a customer's pages, or of one license's.
    static func customerNav(license: String? = nil) -> [Link] {
        var links = [Link(title: "Licenses", path: "/portal"), Link(title: "Requests", path: "/portal/requests"),
                     Link(title: "Reports", path: "/portal/reports")]
        if let license {
            let base = "/portal/licenses/" + PortalPath.segment(license)
            links += [Link(title: "Entitlements", path: base), Link(title: "Usage", path: base + "/usage"),
                      Link(title: "SLA record", path: base + "/sla"), Link(title: "History", path: base + "/history")]
        }
        return links
    }

    static let staffNav = [Link(title: "Compliance", path: "/portal/staff"), Link(title: "Approval queue", path: "/portal/staff/queue"),
                           Link(title: "Licenses", path: "/portal")]

    /// A table with a caption, column headers and rows of cells.
    static func table(caption: String, columns: [String], rows: [[HTML]], numeric: Set<Int> = []) -> HTML {
        let head = columns.map { column -> HTML in "<th scope=\"col\">\(column)</th>" }
        let body = rows.map { row -> HTML in
            let cells = row.enumerated().map { index, cell -> HTML in
                numeric.contains(index) ? "<td class=\"num\">\(cell)</td>" : "<td>\(cell)</td>"
            }
            return "<tr>\(cells)</tr>"
        }
        return """
            <table><caption>\(caption)</caption><thead><tr>\(head)</tr></thead><tbody>\(body)</tbody></table>
            """
    }

    /// A definition list of label and value pairs.
    static func facts(_ pairs: [(String, HTML)]) -> HTML {
        let items = pairs.map { label, value -> HTML in "<div><dt>\(label)</dt><dd>\(value)</dd></div>" }
        return "<dl class=\"facts\">\(items)</dl>"
    }
}

/// Path segments in portal links: ids are letters, digits, '.', '_' and '-', but a link never trusts that.
enum PortalPath {
    static func segment(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
