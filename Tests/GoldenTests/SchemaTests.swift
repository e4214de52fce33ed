import BoxOfficeTesting
import Foundation
import Testing

/// `Schemas/openrpc.json` against everything it must agree with: the OpenRPC meta-schema,
/// its embedded copy, the binary's `rpc.discover`, the methods the code declares and the
/// server answers, and every golden transcript. The checks live in `Tests/schema_check.py`
/// (python3 with jsonschema), which says what each covers; this test runs it on the built
/// binary and shows its report when it fails.
struct SchemaTests {
    @Test func documentAgreesWithTheServer() throws {
        let (passed, report) = try PythonCheck.run("schema_check.py")
        #expect(passed, "python3 Tests/schema_check.py failed:\n\(report)")
    }
}
