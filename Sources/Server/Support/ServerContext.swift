import Hummingbird
import NIOCore

/// The request context of `tierledger serve`: Hummingbird's core context and the peer's address,
/// which the per-address rate limit keys on.
struct ServerContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
