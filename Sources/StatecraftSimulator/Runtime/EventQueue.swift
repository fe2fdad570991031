/// A priority queue of actions ordered by virtual time, then by the order they were scheduled, so
/// that runs are deterministic.
struct EventQueue {
    private struct Entry {
        let time: VirtualTime
        let sequence: Int
        let action: () -> Void
    }
    private var heap: [Entry] = []
    private var sequence = 0

    var isEmpty: Bool { heap.isEmpty }
    var nextTime: VirtualTime? { heap.first?.time }

    mutating func schedule(at time: VirtualTime, _ action: @escaping () -> Void) {
        heap.append(Entry(time: time, sequence: sequence, action: action))
        sequence += 1
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard less(heap[i], heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> (time: VirtualTime, action: () -> Void)? {
        guard !heap.isEmpty else { return nil }
        let top = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count, less(heap[l], heap[m]) { m = l }
                if r < heap.count, less(heap[r], heap[m]) { m = r }
                if m == i { break }
                heap.swapAt(i, m)
                i = m
            }
        }
        return (top.time, top.action)
    }

    private func less(_ a: Entry, _ b: Entry) -> Bool {
        a.time < b.time || (a.time == b.time && a.sequence < b.sequence)
    }
}
