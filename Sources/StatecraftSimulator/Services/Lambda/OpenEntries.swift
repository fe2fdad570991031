/// The entries of a log (invocations, gate holds) that may still be in effect at any time from `since`
/// on, by their index in the log. Questions about the present read these few instead of the whole log,
/// which keeps growing through a load run; a question about a time before `since` reads the whole log.
struct OpenEntries {
    private(set) var indexes: [Int] = []
    private(set) var since = -Double.infinity

    mutating func add(_ index: Int) { indexes.append(index) }

    /// The entries among `all` (the log's indexes) for which `inEffect` holds at `time`.
    func current(at time: Double, among all: Range<Int>, _ inEffect: (Int) -> Bool) -> [Int] {
        guard time >= since else { return all.filter(inEffect) }
        // Sized once: `filter` grows its result from empty, one reallocation per doubling.
        var result: [Int] = []
        result.reserveCapacity(indexes.count)
        for index in indexes where inEffect(index) { result.append(index) }
        return result
    }

    /// Forgets the entries that `ended` says are over by `time` (calls come in time order; a later
    /// question about an earlier time falls back to the whole log).
    mutating func close(through time: Double, _ ended: (Int) -> Bool) {
        guard time > since else { return }
        indexes.removeAll(where: ended)
        since = time
    }
}
