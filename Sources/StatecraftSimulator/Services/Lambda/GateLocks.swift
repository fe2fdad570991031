import StatesLanguage

/// The holders of each gate lock over virtual time, written by the gate functions of ``LambdaModel``.
public final class GateLocks {
    struct Hold {
        let owner: String
        /// When the acquire took effect, and when the release did (`nil`: still held).
        let from: Double
        var until: Double?
        /// When the lease runs out unless renewed (`nil`: never), and its length.
        var expires: Double?
        var lease: Double?
        /// Whether the lock checks the owner when its lease runs out (the owner is the execution that
        /// acquired, and the gate asks Step Functions), and when that execution ended (`nil`: running).
        var ownerChecked = false
        var ownerEnded: Double?

        /// When the lease stops holding the slot: at expiry; for a checked owner, at the first expiry
        /// (renewed lease after lease) that finds the owner ended, and never while it runs.
        var leaseEnd: Double? {
            guard let expires else { return nil }
            guard ownerChecked else { return expires }
            guard let ended = ownerEnded else { return nil }
            guard ended > expires, let lease, lease > 0 else { return expires }
            return expires + ((ended - expires) / lease).rounded(.up) * lease
        }

        /// When the slot stopped being held: released, or the lease ran out first.
        var end: Double? {
            switch (until, leaseEnd) {
            case (let u?, let e?): min(u, e)
            case (let u?, nil): u
            case (nil, let e?): e
            case (nil, nil): nil
            }
        }

        /// Whether the slot was held at `time`.
        func held(at time: Double) -> Bool { from <= time && (end.map { time < $0 } ?? true) }

        /// Whether the lease ran out before any release (the holder neither released nor renewed).
        var lapsed: Bool {
            guard let leaseEnd else { return false }
            return until.map { leaseEnd < $0 } ?? true
        }
    }

    /// One lock: every hold it ever gave (for peaks and assertions), and those that may still be held
    /// (a load run acquires thousands of times; a call reads the open ones).
    struct Lock {
        var holds: [Hold] = []
        var open = OpenEntries()

        /// Indexes of the holds held at `time`.
        func held(at time: Double) -> [Int] {
            open.current(at: time, among: holds.indices) { holds[$0].held(at: time) }
        }

        /// Forgets the open holds that ended by `time`.
        mutating func close(through time: Double) {
            let holds = self.holds
            open.close(through: time) { holds[$0].end.map { $0 <= time } ?? false }
        }

        mutating func add(_ hold: Hold) {
            holds.append(hold)
            open.add(holds.count - 1)
        }
    }

    private var locks: [String: Lock] = [:]
    /// Checked holds whose owner has not ended, by owner: where to record its end.
    private var runningOwners: [String: [(lock: String, index: Int)]] = [:]

    /// Records that the execution `owner` (an ARN) ended at `time`: its slots, when their leases run
    /// out, are no longer renewed by the owner check.
    func ownerEnded(_ owner: String, at time: Double) {
        guard let places = runningOwners.removeValue(forKey: owner) else { return }
        for place in places { locks[place.lock]?.holds[place.index].ownerEnded = time }
    }

    /// Owners whose lease on `lock` ran out while they were still running, and was renewed because
    /// the lock checked them (for assertions: a long task kept its slot this way).
    public func leasesRenewedByOwnerCheck(of lock: String, at time: Double) -> Int {
        (locks[lock]?.holds ?? []).filter { hold in
            guard hold.ownerChecked, let expires = hold.expires, expires < time else { return false }
            let stillThere = min(hold.until ?? time, hold.ownerEnded ?? time)
            return expires < stillThere
        }.count
    }

    /// Owners holding `lock` at virtual time `time` (a lease that ran out is not held).
    public func holders(of lock: String, at time: Double) -> [String] {
        guard let entry = locks[lock] else { return [] }
        return entry.held(at: time).map { entry.holds[$0].owner }
    }

    /// Owners whose lease on `lock` ran out (or runs out by `time`) without a release: slots that only
    /// expiry gave back. A workflow that releases on every path leaves none.
    public func lapsedLeases(of lock: String, at time: Double) -> [String] {
        (locks[lock]?.holds ?? []).filter { $0.lapsed && ($0.expires ?? .infinity) <= time }.map(\.owner)
    }

    /// Owners that took a slot of `lock` and have released it by `time` or still hold it (for assertions).
    public func acquisitions(of lock: String) -> Int { locks[lock]?.holds.count ?? 0 }

    /// The most owners that held `lock` at the same time.
    public func peakHolders(of lock: String) -> Int {
        let list = locks[lock]?.holds ?? []
        var changes: [(time: Double, delta: Int)] = []
        for hold in list {
            changes.append((hold.from, 1))
            if let end = hold.end { changes.append((end, -1)) }
        }
        // Releases before acquires at the same instant.
        changes.sort { $0.time != $1.time ? $0.time < $1.time : $0.delta < $1.delta }
        var current = 0, peak = 0
        for change in changes {
            current += change.delta
            peak = max(peak, current)
        }
        return peak
    }

    func answer(_ invocation: LambdaModel.Invocation, atomic: Bool, writeDelay: Double, checksOwners: Bool = true) -> LambdaModel.Response {
        let p = invocation.payload
        let now = invocation.time
        let action = p["action"]?.stringValue
        if action == "cleanup" {
            guard let owner = p["owner"]?.stringValue else {
                return .raises(errorType: "ValueError", errorMessage: "cleanup needs the owner (the ended execution's ARN)")
            }
            var released = 0
            for name in locks.keys.sorted() {
                guard var entry = locks.removeValue(forKey: name) else { continue }
                entry.close(through: now)
                for i in entry.held(at: now) where entry.holds[i].owner == owner {
                    entry.holds[i].until = now + writeDelay
                    released += 1
                }
                locks[name] = entry
            }
            return .returns(["released": .number(JSONNumber(released))])
        }
        guard let action, let lock = p["lockName"]?.stringValue, let owner = p["owner"]?.stringValue else {
            return .raises(errorType: "ValueError", errorMessage: "the gate needs action, lockName and owner")
        }
        // A lease of `leaseSeconds` (absent: no expiry); a holder renews it by acquiring again or with `renew`.
        var lease: Double?
        if let value = p["leaseSeconds"], value != .null {
            guard let seconds = value.numberValue?.doubleValue, seconds > 0 else {
                return .raises(errorType: "ValueError", errorMessage: "leaseSeconds must be a positive number")
            }
            lease = seconds
        }
        var entry = locks.removeValue(forKey: lock) ?? Lock()  // taken out: edited in place, not copied
        entry.close(through: now)
        defer { locks[lock] = entry }
        // What the function reads now; the naive gate's own earlier writes may still be in flight.
        // One pass over the open holds: how many there are, and the owner's latest.
        let current = entry.held(at: now)
        var held: Int?
        for index in current where entry.holds[index].owner == owner { held = index }
        let holders = current.count
        switch action {
        case "acquire":
            guard let limit = p["limit"]?.numberValue?.intValue else {
                return .raises(errorType: "ValueError", errorMessage: "acquire needs a numeric limit")
            }
            if let held {
                if let lease { entry.holds[held].expires = now + lease }
                return .returns(["acquired": true, "holders": .number(JSONNumber(holders))])
            }
            guard holders < limit else { return .returns(["acquired": false, "holders": .number(JSONNumber(holders))]) }
            // The owner can be checked when it is the execution asking (Step Functions knows it).
            let checked = checksOwners && lease != nil && invocation.executionArn == owner
            entry.add(Hold(owner: owner, from: now + writeDelay, expires: lease.map { now + writeDelay + $0 }, lease: lease, ownerChecked: checked))
            if checked { runningOwners[owner, default: []].append((lock, entry.holds.count - 1)) }
            return .returns(["acquired": true, "holders": .number(JSONNumber(holders + 1))])
        case "renew":
            guard let held else { return .returns(["renewed": false, "holders": .number(JSONNumber(holders))]) }
            if let lease {
                entry.holds[held].expires = now + lease
                entry.holds[held].lease = lease
            }
            return .returns(["renewed": true, "holders": .number(JSONNumber(holders))])
        case "release":
            guard let index = held else {
                return .returns(["released": false, "holders": .number(JSONNumber(holders))])
            }
            entry.holds[index].until = now + writeDelay
            return .returns(["released": true, "holders": .number(JSONNumber(holders - 1))])
        default:
            return .raises(errorType: "ValueError", errorMessage: "unknown action \(action); expected acquire, renew, release or cleanup")
        }
    }
}
