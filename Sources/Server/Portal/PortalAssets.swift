import Hummingbird

/// The portal's own style sheet and its verifier script: served from the
/// binary, cacheable for an hour, the only style and script the Content-Security-Policy allows.
enum PortalAssets {
    static func register(_ add: Portal.Adder) {
        add(.get, "/portal/assets/portal.css", .anyone) { _, _, _ in
            asset(PortalStyle.css, type: "text/css; charset=utf-8")
        }
        add(.get, "/portal/assets/verify.js", .anyone) { _, _, _ in
            asset(VerifyScript.source, type: "text/javascript; charset=utf-8")
        }
    }

    static func asset(_ text: String, type: String) -> Response {
        var response = JSONResponse.bytesResponse(Array(text.utf8), contentType: type)
        response.headers[.cacheControl] = "public, max-age=3600"
        return response
    }
}

/// The style sheet: system fonts, readable widths, contrast of at least 4.5:1 for text.
enum PortalStyle {
    static let css = """
        :root { color-scheme: light; --ink: #1b1f24; --muted: #4a5360; --line: #c9d1d9; --accent: #0b5cad; --bad: #a4161a; --good: #1a6b2f; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #fff; }
        a { color: var(--accent); }
        .skip { position: absolute; left: -999px; }
        .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
        header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; padding: .75rem 1.5rem; border-bottom: 1px solid var(--line); }
        .brand { font-weight: 700; text-decoration: none; color: var(--ink); }
        nav ul { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; margin: 0; padding: 0; }
        nav a[aria-current="page"] { font-weight: 700; color: var(--ink); }
        .sign-out { margin-left: auto; display: flex; gap: .5rem; align-items: center; }
        main { max-width: 72rem; padding: 1rem 1.5rem 3rem; }
        footer { padding: 1rem 1.5rem; color: var(--muted); border-top: 1px solid var(--line); }
        h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; }
        table { border-collapse: collapse; margin: .5rem 0 1.5rem; min-width: 50%; }
        caption { text-align: left; font-weight: 600; padding: .25rem 0; }
        th, td { border-bottom: 1px solid var(--line); padding: .35rem .75rem .35rem 0; text-align: left; vertical-align: top; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: .75rem 1.5rem; }
        .facts dt { color: var(--muted); font-size: .9rem; } .facts dd { margin: 0; font-weight: 600; }
        .chart { display: flex; flex-wrap: wrap; gap: 2rem; align-items: flex-start; }
        .chart svg { max-width: 100%; height: auto; }
        .bar { fill: #3b76b8; } .bar.over { fill: var(--bad); } .limit { stroke: var(--ink); stroke-dasharray: 4 3; }
        .axis { fill: var(--muted); font-size: 11px; }
        .ok, [data-verdict="ok"] { color: var(--good); } .bad, .error, [data-verdict="bad"] { color: var(--bad); }
        button { font: inherit; padding: .3rem .8rem; border: 1px solid var(--accent); background: #fff; color: var(--accent); border-radius: 4px; cursor: pointer; }
        button:hover, button:focus { background: var(--accent); color: #fff; }
        label { display: block; font-weight: 600; margin-top: 1rem; }
        input, select, textarea { font: inherit; padding: .35rem; border: 1px solid var(--muted); border-radius: 4px; min-width: 18rem; }
        code, .key { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: .9rem; word-break: break-all; }
        .note { color: var(--muted); }
        """
}
