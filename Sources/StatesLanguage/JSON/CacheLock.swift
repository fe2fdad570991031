import Foundation

/// A minimal mutual-exclusion lock for lazily built caches.
final class CacheLock: @unchecked Sendable {
    private let mutex = NSLock()
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        mutex.lock()
        defer { mutex.unlock() }
        return try body()
    }
}
