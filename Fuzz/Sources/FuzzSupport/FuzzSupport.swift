import FuzzDriver

/// The body of the running target: one input in, 0 out (libFuzzer's convention).
nonisolated(unsafe) private var currentBody: ((UnsafePointer<UInt8>, Int) -> CInt)?

/// Runs libFuzzer's driver with `body` as the target; call it from the target's `<Target>_main`.
/// - Returns: libFuzzer's exit status.
public func runFuzzer(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                      _ body: @escaping (UnsafePointer<UInt8>, Int) -> CInt) -> CInt {
    currentBody = body
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        // libFuzzer passes a null pointer for the empty input.
        let empty: UInt8 = 0
        return withUnsafePointer(to: empty) { fallback in
            currentBody?(data ?? fallback, size) ?? 0
        }
    }
}
