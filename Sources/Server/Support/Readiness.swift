import NIOConcurrencyHelpers

/// Whether the server can answer from its store: ready once the store is open and the governance
/// state has been replayed from it.
final class Readiness: Sendable {
    enum State: Sendable, Equatable {
        case replaying
        case ready
        case failed(String)
    }

    private let box = NIOLockedValueBox(State.replaying)

    var state: State { box.withLockedValue { $0 } }

    func set(_ state: State) { box.withLockedValue { $0 = state } }
}
