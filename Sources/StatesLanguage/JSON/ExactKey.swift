/// A string that hashes and compares by its UTF-8 bytes: JSON keys are equal only when their code
/// points are, while `String`'s own `==` also equates canonically equivalent spellings.
struct ExactKey: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (a: ExactKey, b: ExactKey) -> Bool {
        a.text.utf8.count == b.text.utf8.count && a.text.utf8.elementsEqual(b.text.utf8)
    }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
