/// The page for a refused or failed portal request: the status, the stable code, what happened and what to do.
enum ErrorPage {
    static func render(_ error: APIError) -> HTML {
        Layout.page(title: error.status.code == 404 ? "Not found" : "Request refused", grant: nil, """
            <p class="error" role="alert"><strong>\(error.code)</strong>: \(error.message)</p>
            <p>\(error.remedy)</p>
            <p><a href="/portal">Back to the portal</a></p>
            """)
    }
}
