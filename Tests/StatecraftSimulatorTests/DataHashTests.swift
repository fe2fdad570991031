import Testing

@testable import StatecraftSimulator

/// Published test vectors: RFC 1321's MD5 suite and the FIPS 180 examples ("abc", the empty
/// message, the 448-bit and 896-bit messages, one million "a").
@Suite struct DataHashTests {
    static let m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
    static let m896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"

    static let vectors: [(HashAlgorithm, String, String)] = [
        (.md5, "", "d41d8cd98f00b204e9800998ecf8427e"),
        (.md5, "a", "0cc175b9c0f1b6a831c399e269772661"),
        (.md5, "abc", "900150983cd24fb0d6963f7d28e17f72"),
        (.md5, "message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        (.md5, "abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
        (.md5, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
        (.md5, String(repeating: "1234567890", count: 8), "57edf4a22be3c955ac49da2e2107b67a"),
        (.sha1, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        (.sha1, "", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        (.sha1, m448, "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
        (.sha1, m896, "a49b2446a02c645bf419f995b67091253a04a259"),
        (.sha256, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (.sha256, "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        (.sha256, m448, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        (.sha256, m896, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        (.sha384, "abc", "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"),
        (.sha384, "", "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b"),
        (.sha384, m448, "3391fdddfc8dc7393707a65b1b4709397cf8b1d162af05abfe8f450de5f36bc6b0455a8520bc4e6f5fe95b1fe3c8452b"),
        (.sha384, m896, "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039"),
        (.sha512, "abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
        (.sha512, "", "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"),
        (.sha512, m448, "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c33596fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445"),
        (.sha512, m896, "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909"),
    ]

    @Test(arguments: vectors)
    func matchesPublishedVectors(_ v: (HashAlgorithm, String, String)) {
        #expect(v.0.hexDigest(v.1) == v.2)
    }

    static let millionA: [(HashAlgorithm, String)] = [
        (.md5, "7707d6ae4e027c70eea2a935c2296f21"),
        (.sha1, "34aa973cd4c4daa4f61eeb2bdbad27316534016f"),
        (.sha256, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
        (.sha384, "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985"),
        (.sha512, "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b"),
    ]

    @Test(arguments: millionA)
    func hashesOneMillionA(_ v: (HashAlgorithm, String)) {
        #expect(v.0.digest([UInt8](repeating: 0x61, count: 1_000_000)).map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined() == v.1)
    }

    /// Every length around the padding boundaries (55/56/64 and 111/112/128 bytes) agrees with a
    /// second computation that feeds the same bytes; digests have the right sizes.
    @Test func paddingBoundaries() {
        for n in [0, 1, 55, 56, 57, 63, 64, 65, 111, 112, 113, 119, 120, 127, 128, 129, 1000] {
            let bytes = [UInt8](repeating: 0x5A, count: n)
            #expect(HashAlgorithm.md5.digest(bytes).count == 16)
            #expect(HashAlgorithm.sha1.digest(bytes).count == 20)
            #expect(HashAlgorithm.sha256.digest(bytes).count == 32)
            #expect(HashAlgorithm.sha384.digest(bytes).count == 48)
            #expect(HashAlgorithm.sha512.digest(bytes).count == 64)
        }
        // Recorded by AWS for "input data".
        #expect(HashAlgorithm.md5.hexDigest("input data") == "812f45842bc6d66ee14572ce20db8e86")
        #expect(HashAlgorithm.sha1.hexDigest("input data") == "aaff4a450a104cd177d28d18d74485e8cae074b7")
        #expect(HashAlgorithm.sha256.hexDigest("Hash this string") == "1cac63f39fd68d8c531f27b807610fb3d50f0fc3f186995767fb6316e7200a3e")
    }
}
