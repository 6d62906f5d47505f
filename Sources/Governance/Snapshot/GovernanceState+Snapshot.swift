import Ledger
import LedgerCrypto

extension GovernanceState {
    /// The whole state as a snapshot holds it (docs/format.md §14). Collections keyed in memory are
    /// arrays in key order; `keyOwners` and `usageKeys` are left out, since they follow from the
    /// principals and the usage records. The policy in force is its recorded content, loaded again
    /// on reading.
    var snapshotJSON: JSONValue {
        var members: [String: JSONValue] = [
            "last_seq": .integer(lastSeq),
            "principals": .array(principals.keys.sorted().compactMap { principals[$0]?.snapshotJSON }),
            "licenses": .array(licenses.keys.sorted().compactMap { licenses[$0]?.snapshotJSON }),
            "requests": .array(requests.keys.sorted().compactMap { requests[$0]?.snapshotJSON }),
            "emergencies": .array(emergencies.keys.sorted().compactMap { emergencies[$0]?.snapshotJSON }),
            "usage": .object(usage.mapValues { metrics in .object(metrics.mapValues { .array($0.map(\.json)) }) }),
            "incidents": .array(incidents.map(\.snapshotJSON)),
            "tickets": .array(tickets.map(\.snapshotJSON)),
            "certifications": .object(certifications.mapValues { .array($0.map { .integer($0) }) }),
            "tokens": .array(tokens.keys.sorted().compactMap { tokens[$0]?.snapshotJSON }),
            "activations": .array(activations.keys.sorted().flatMap { activations[$0] ?? [] }.map(\.snapshotJSON)),
        ]
        // Written only when there are any, so a ledger without them keeps its snapshot bytes.
        if !slaMaintenance.isEmpty { members["sla_maintenance"] = .array(slaMaintenance.map(\.snapshotJSON)) }
        if !slaExclusions.isEmpty { members["sla_exclusions"] = .array(slaExclusions.keys.sorted().compactMap { slaExclusions[$0]?.snapshotJSON }) }
        if !slaCredits.isEmpty { members["sla_credits"] = .array(slaCredits.keys.sorted().flatMap { slaCredits[$0] ?? [] }.map(\.snapshotJSON)) }
        // Present only once a request was filed, so the snapshots of ledgers without any keep their bytes.
        if !customerRequests.isEmpty {
            members["customer_requests"] = .array(customerRequests.keys.sorted().compactMap { customerRequests[$0]?.snapshotJSON })
        }
        genesis.put("genesis", into: &members, \.body)
        policy.put("policy", into: &members) { .object(["adopted_at": .integer($0.adoptedAt), "content": $0.set.content, "hash": .string($0.set.hash)]) }
        return .object(members)
    }

    init(snapshot value: JSONValue) throws {
        self.init()
        let f = try SnapshotFields(value, "state")
        lastSeq = try f.integer("last_seq")
        if let body = f.members["genesis"] {
            switch Genesis.parse(body) {
            case let .success(parsed): genesis = parsed
            case let .failure(error): throw SnapshotFields.fail(error.message)
            }
        }
        if let value = f.members["policy"] {
            let p = try SnapshotFields(value, "policy")
            let content = try p.value("content")
            guard let tiers = content["tiers"], let approvals = content["approvals"] else { throw SnapshotFields.fail("policy content lacks tiers or approvals") }
            let set: PolicySet
            do {
                set = try PolicySet.load(tiers: String(decoding: CanonicalJSON.encode(tiers), as: UTF8.self),
                                         approvals: String(decoding: CanonicalJSON.encode(approvals), as: UTF8.self))
            } catch {
                throw SnapshotFields.fail("the policy in force does not load: \(error.problems.first?.message ?? "invalid")")
            }
            guard set.hash == (try p.string("hash")) else { throw SnapshotFields.fail("the policy content does not hash to its recorded hash") }
            policy = (set, try p.integer("adopted_at"))
        }
        for item in try f.array("principals") {
            let principal = try Principal(snapshot: item)
            principals[principal.name] = principal
            for record in principal.keys { keyOwners[record.key.id] = principal.name }
        }
        for item in try f.array("licenses") {
            let license = try License(snapshot: item)
            licenses[license.id] = license
        }
        for item in try f.array("requests") {
            let request = try ChangeRequest(snapshot: item)
            requests[request.seq] = request
        }
        for item in try f.array("emergencies") {
            let change = try EmergencyChange(snapshot: item)
            emergencies[change.seq] = change
        }
        for (license, metrics) in try f.object("usage") {
            guard let metrics = metrics.objectValue else { throw SnapshotFields.fail("usage of \(license) is not an object") }
            for (metric, records) in metrics {
                guard let records = records.arrayValue else { throw SnapshotFields.fail("usage of \(license) \(metric) is not an array") }
                let read = try records.map { item in
                    do { return try UsageRecord(json: item) } catch { throw SnapshotFields.fail("usage record: \(error)") }
                }
                usage[license, default: [:]][metric] = read
                for record in read { usageKeys.insert(record.key) }
            }
        }
        incidents = try f.array("incidents").map(Incident.init(snapshot:))
        tickets = try f.array("tickets").map(Ticket.init(snapshot:))
        for (license, serials) in try f.object("certifications") {
            guard let items = serials.arrayValue else { throw SnapshotFields.fail("certifications of \(license) are not an array") }
            certifications[license] = try items.map { item in
                guard let serial = item.integerValue else { throw SnapshotFields.fail("a certification serial is not an integer") }
                return serial
            }
        }
        if f.members["sla_maintenance"] != nil { slaMaintenance = try f.array("sla_maintenance").map(MaintenanceWindow.init(snapshot:)) }
        if f.members["sla_exclusions"] != nil {
            for item in try f.array("sla_exclusions") {
                let exclusion = try SLAExclusion(snapshot: item)
                slaExclusions[exclusion.incident] = exclusion
            }
        }
        if f.members["sla_credits"] != nil {
            for item in try f.array("sla_credits") {
                let credit = try SLACreditIssue(snapshot: item)
                slaCredits[credit.license, default: []].append(credit)
            }
        }
        if f.members["customer_requests"] != nil {
            for item in try f.array("customer_requests") {
                let filed = try CustomerRequest(snapshot: item)
                customerRequests[filed.seq] = filed
            }
        }
        // Absent in snapshots written before activations existed, which then held none.
        if f.members["activations"] != nil {
            for item in try f.array("activations") {
                let activation = try Activation(snapshot: item)
                activations[activation.license, default: []].append(activation)
            }
        }
        // Absent in snapshots written before access tokens existed, which then held none.
        if f.members["tokens"] != nil {
            for item in try f.array("tokens") {
                let token = try AccessToken(snapshot: item)
                tokens[token.id] = token
            }
        }
    }
}

extension AccessToken {
    var snapshotJSON: JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(id), "customer": .string(customer), "scopes": .array(scopes.sorted().map { .string($0.rawValue) }),
            "expires": expires.snapshotJSON, "hash": .string(Hex.encode(hash)), "label": .string(label),
            "issued_at": .integer(issuedAt), "issued_time": issuedTime.snapshotJSON, "issued_by": .string(issuedBy),
        ]
        if let revocation {
            members["revocation"] = .object(["seq": .integer(revocation.seq), "time": revocation.time.snapshotJSON, "reason": .string(revocation.reason)])
        }
        return .object(members)
    }

    init(snapshot value: JSONValue) throws {
        let f = try SnapshotFields(value, "token")
        let scopes = try f.strings("scopes").map { name in
            guard let scope = TokenScope(rawValue: name) else { throw SnapshotFields.fail("token scope \(name) is unknown") }
            return scope
        }
        guard let hash = Hex.decode(try f.string("hash")), hash.count == 32 else { throw SnapshotFields.fail("token hash is not 64 hex characters") }
        var revocation: TokenRevocation?
        if let value = f.members["revocation"] {
            let r = try SnapshotFields(value, "token revocation")
            revocation = TokenRevocation(seq: try r.integer("seq"), time: try r.time("time"), reason: try r.string("reason"))
        }
        self.init(id: try f.string("id"), customer: try f.string("customer"), scopes: Set(scopes), expires: try f.time("expires"), hash: hash,
                  label: try f.string("label"), issuedAt: try f.integer("issued_at"), issuedTime: try f.time("issued_time"),
                  issuedBy: try f.string("issued_by"), revocation: revocation)
    }
}

extension Incident {
    var snapshotJSON: JSONValue {
        .object(["seq": .integer(seq), "start": start.snapshotJSON, "end": end.snapshotJSON, "severity": .string(severity.rawValue),
                 "customers": .array(customers.map { .string($0) }), "tiers": .array(tiers.map { .string($0) }), "summary": .string(summary),
                 "licenses": .array(licenses.map { .string($0) })])
    }

    init(snapshot value: JSONValue) throws {
        let f = try SnapshotFields(value, "incident")
        self.init(seq: try f.integer("seq"), start: try f.time("start"), end: try f.time("end"), severity: try f.severity("severity"),
                  customers: try f.strings("customers"), tiers: try f.strings("tiers"), summary: try f.string("summary"),
                  licenses: try f.strings("licenses"))
    }
}

extension Ticket {
    var snapshotJSON: JSONValue {
        .object(["seq": .integer(seq), "license": .string(license), "priority": .string(priority.rawValue), "opened": opened.snapshotJSON,
                 "first_response": firstResponse.snapshotJSON, "resolved": resolved.snapshotJSON])
    }

    init(snapshot value: JSONValue) throws {
        let f = try SnapshotFields(value, "ticket")
        self.init(seq: try f.integer("seq"), license: try f.string("license"), priority: try f.severity("priority"), opened: try f.time("opened"),
                  firstResponse: try f.time("first_response"), resolved: try f.time("resolved"))
    }
}

extension Activation {
    var snapshotJSON: JSONValue {
        var members: [String: JSONValue] = ["id": .string(id), "license": .string(license), "machine": .string(machine), "mode": .string(mode.rawValue),
                                            "token": .string(token), "seq": .integer(seq), "time": time.snapshotJSON]
        if let deactivation {
            members["deactivation"] = .object(["seq": .integer(deactivation.seq), "time": deactivation.time.snapshotJSON, "reason": .string(deactivation.reason)])
        }
        return .object(members)
    }

    init(snapshot value: JSONValue) throws {
        let f = try SnapshotFields(value, "activation")
        guard let mode = Activation.Mode(rawValue: try f.string("mode")) else { throw SnapshotFields.fail("activation mode is not node or floating") }
        var deactivation: (seq: Int64, time: EntryTime, reason: String)?
        if let value = f.members["deactivation"] {
            let d = try SnapshotFields(value, "deactivation")
            deactivation = (try d.integer("seq"), try d.time("time"), try d.string("reason"))
        }
        self.init(id: try f.string("id"), license: try f.string("license"), machine: try f.string("machine"), mode: mode,
                  token: try f.string("token"), seq: try f.integer("seq"), time: try f.time("time"), deactivation: deactivation)
    }
}
