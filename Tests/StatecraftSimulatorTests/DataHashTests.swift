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
        #expect(Hashing.hex(v.0.digest([UInt8](repeating: 0x61, count: 1_000_000))) == v.1)
    }

    /// Lengths around the padding boundaries (55/56/64 and 111/112/128 bytes of "Z"), digests
    /// computed independently (Python's hashlib).
    static let boundaries: [(HashAlgorithm, Int, String)] = [
        (.md5, 55, "20917b2e6cdbb175c6108fa89594943b"),
        (.sha1, 55, "55b80d96c523566d3c8a3b8de03a5549fd04915c"),
        (.sha256, 55, "5f25f149aa92e3e13093aed8216072fae623f35e26ca605b6cce17e04b7ccf44"),
        (.sha384, 55, "8b656304c23c646336fec67b656a9070fae20ac4f5e0a570b1572bc52171300d5a980999b7c6e371fdd5f1a00791ddf4"),
        (.sha512, 55, "ec6804e4c4322e6b66925d535d88d689573f3f5ee9d89f4d078fc0bebeb94ae23add3b8d24d6f3cbe53f5bf60bd6ad5de510fa2c0fa75f5541557e61ef651ff0"),
        (.md5, 56, "c2fc41ad4ba11395c51fc2b02023108c"),
        (.sha1, 56, "bfe3466cd0dcd5e29b11e7885010fa7c61b737a6"),
        (.sha256, 56, "301c69927f1603720c9f847b7e5e3bef77a7b9f75344490fe9039f13c36b842a"),
        (.sha384, 56, "7822cb1e05bf0125e09d7794ae91075574259310b80fa403ee41be2c95c7ddf08351a6dcd393b85fcd60887867ed0e18"),
        (.sha512, 56, "4ce5ef415c3182ed34ad333727f009511669d47f9b64ab93bfa12ffb02ec0da2431d3458221f8bb981152cf9f8ed49cafe7845189525b15348eb8f3b06bdc8c4"),
        (.md5, 57, "98fcb8f86d8f61a9236a281e5ebc6101"),
        (.sha1, 57, "6e256d9d8aac93406610caaaab9c950235f3799a"),
        (.sha256, 57, "30ab35131f9b368e840dc65fc1eb832706e748e3c5e44ec40bc19cd1ce5c0dc2"),
        (.sha384, 57, "de95efd86386e05af44ff489ed57f1155ac51d3680bcca44a678da7422cc712721b58a2cb886eab32e881f201ccaf505"),
        (.sha512, 57, "1c065163c60c4f99e44fa7c1a79877fb883118dd1787b456a5683574a189b528fbe0678f7b4c7e767a91f4dc423a9c127857ac244080122a9e086a3c5f11bc74"),
        (.md5, 63, "397f74f8f0b695d13a0f1911390fa677"),
        (.sha1, 63, "7db05d8e931f0a6731328e4923fbda65ced2f5db"),
        (.sha256, 63, "939765b120205cbedae2ed31256b1967c38b6bdd9b0220535224cbc0b906d333"),
        (.sha384, 63, "bf1c074d5ca9ef88079a77fd249732e42baa57a4c50c4f8e877ffa8305215b5846cf344b3b878f75b9406c6d59ec40cb"),
        (.sha512, 63, "b6c23c9c38152f5991a79ff604035e39793df4974a7aca84328a03b76f0e7eb4685fb500ee157fcb205d1c980d7b4b31ab4def99967cb63d6688ad33770bdfd1"),
        (.md5, 64, "ce7b785b1be7ad4f72773217db8c5d3e"),
        (.sha1, 64, "eece723b8a411e8c53e7bf49514234da5d394236"),
        (.sha256, 64, "cc7321cce5e4409bd8077d58422e1214969059bbd40b4eeb0de0a642f40f7282"),
        (.sha384, 64, "8bbdfcf1003be81d0e316428a4c00fd70d4da2ca5e4469eb9623ccd0f4201e0884e4818efdd7a91be32839e817087784"),
        (.sha512, 64, "9fe6e4f426a9910feab46508a97b58f938bb496f07e49ea92826a8069fd0a2c621671f1299313e1f2f02ce7f5dbc11d91c87c41c4de2c774cac72695b04e7b88"),
        (.md5, 65, "c878211428b719b9ce802a0359044247"),
        (.sha1, 65, "f9619e0496c7fbeff2f2b4f3f93ed379329fe7d6"),
        (.sha256, 65, "b8de0db62b6c87db61345504a8038bf973d987e8d2111abd8beb407c0bf3d9db"),
        (.sha384, 65, "85fa40d6ebc346d04d16b9552e1958c4cbcce1a2e17888f82f89fd78eea905e1801d1611a176ff29e6c7c67fbb61b9a8"),
        (.sha512, 65, "4cf2488b4e5e6d488324e0499cd8d8ee4d072e3809e06349ee2d00248229459cc4e4405c4a1968796ec943d98e6bcdec57cc08de984a62bff9478f1887ad8215"),
        (.md5, 111, "ad6565e9f4a60a4bb37ef358f85d12a8"),
        (.sha1, 111, "565095451674dfb0e22515c8201471390025bb1c"),
        (.sha256, 111, "d6a176283e178096b5e9ca970527f602511de5e958f7c324bdceeb5508a55e14"),
        (.sha384, 111, "46a3e3edbe264f3074b9c7015254e9cda8dfc6cab794c3bbdf738dfeaa904ae45261c99fbb75a5257149fd7c6088dab4"),
        (.sha512, 111, "421318daeb8461d426c4e5a8be95e8d3594116cafb9c28db68e22591c5af0b68962b99dcf2accc1ce4b2f4421287282924c0867d47b542a8923751a0e8cba847"),
        (.md5, 112, "134b0a47e7581641091a9859a9b12559"),
        (.sha1, 112, "c039dcff5bac72c3c0478d8bd48b0411f9738b30"),
        (.sha256, 112, "63655fc0b11b1eda2a7ab24a5fd1d5216558ef4c0076a828ccb1159aa572513f"),
        (.sha384, 112, "295b13a7e4eda2a778382dd34ab76e1e5fd7feeefc2b0366ef545d13e4c1545bfc35dd16cf5411ac03f23712f48aa78c"),
        (.sha512, 112, "efa85a2ad32eee7cd93fe9ef92a7f260e5e703f98cd0c02bfe9a0d4d12dfd0c411f46ef550e6dc55833cbf65f1129765c8073acc6c6255e5c74d703604bb1d0e"),
        (.md5, 113, "a31e3f52cdd044ebae9d365c199c2793"),
        (.sha1, 113, "a0f495dc2e3ed52c9f8136c1af63034080a3817b"),
        (.sha256, 113, "096e5f5fa2eec15aaa5f21dc8d1e279490b89228add0a50f5a19323386628eb4"),
        (.sha384, 113, "c94541e40e3a6336e1da26445c42c75f5bbd04818c64e52a438ae52e61ff931d2b92128715978df98218c03a180addb4"),
        (.sha512, 113, "95e40debb70696cdd17546404a0b3cc09270871dd591975738e3df1f912a2419ecaee81cd5062aa122fcac4389a580706ef1b56e8c34f9e79d3a4a305f670ee5"),
        (.md5, 127, "aabbedaba28f32171005a3e6e5db3879"),
        (.sha1, 127, "6fa73d15976c9eb34f3e6fe22d3dca77ae549eec"),
        (.sha256, 127, "f4651f880655488aadc1ea0287ef8954296d9e7487a642bd4800744e15ee3771"),
        (.sha384, 127, "fd5365a41369db812364b14892489623afd7b0c870f5c7df6293c1c5f5ce8c445ffa9c0121bc237dc29827b350b62767"),
        (.sha512, 127, "84d778b759460c828546471b242a4d4ec9ab273684c46c9e3d0513b35e0105e17a344b3ec559dab4c2e6fdc57c70e8fc10d4f688e44be16959a5128be52fabb1"),
        (.md5, 128, "5ffcfdab5e505199de10313346b977e8"),
        (.sha1, 128, "3f3bf5bb6111e4eb5a06c996ec9bad396384707b"),
        (.sha256, 128, "349d65e9ba1de7b0a13f9a3eadcc5b0202f15d6008fe9477f2a7b80f6194b20f"),
        (.sha384, 128, "9eb42225f15267e988e725191119ecfedec06f9a3891e72d8d205d9b9dded32c2d2b181790d1bb1a04cac18901be9f86"),
        (.sha512, 128, "ed24df3079846053b9f164968155d8c75c09048e7369477a8ed289aabc79abb00ebbc550b108a2d116743862c0f334cc067ac8baa9b7fde6bfb393e2de92057e"),
        (.md5, 129, "76522d28cb4418f12704dfa7acd6e7ee"),
        (.sha1, 129, "d9b23d029e28b590c26b554964a66ddac08b0494"),
        (.sha256, 129, "651526df875ac6cec56a649780e20fc4b9c71df77afb62199bf15864cb1f1241"),
        (.sha384, 129, "c4ccb4d1549a531daf17a150ac1c84e26950de2319eff86783f2baeebdf1e08a6b91e7d179c97e318943e657017fadd6"),
        (.sha512, 129, "76fe07b95acb0e5327f9b4b4f9e0031aa55735b29d4138a797b6209705d0678c247e598f5ec1f82c7659a1e0d3d5d26687f9c2e3def69eb871d0a99d4c769e14"),
    ]

    @Test(arguments: boundaries)
    func paddingBoundaries(_ v: (HashAlgorithm, Int, String)) {
        #expect(Hashing.hex(v.0.digest([UInt8](repeating: 0x5A, count: v.1))) == v.2)
    }

    @Test func recordedAWSDigests() {
        // Recorded by AWS for "input data".
        #expect(HashAlgorithm.md5.hexDigest("input data") == "812f45842bc6d66ee14572ce20db8e86")
        #expect(HashAlgorithm.sha1.hexDigest("input data") == "aaff4a450a104cd177d28d18d74485e8cae074b7")
        #expect(HashAlgorithm.sha256.hexDigest("Hash this string") == "1cac63f39fd68d8c531f27b807610fb3d50f0fc3f186995767fb6316e7200a3e")
    }
}
