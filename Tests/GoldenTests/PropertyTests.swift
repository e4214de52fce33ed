import BoxOfficeTesting
import Foundation
import Testing

/// Thousands of requests generated from the OpenRPC document that the binary serves: valid
/// params from every method's schemas and real ids learnt through the API, and params with
/// one known mutation each. Every answer must fit the document: a result its result schema,
/// an error one the method lists with data of the documented shape, an invalid param -32602
/// naming its path, an id echoed as sent, never -32603. The generator and the checks live in
/// `Tests/property_check.py` (python3 with jsonschema), whose docstring says how to replay a
/// failure; this test runs it on the built binary and shows its report when it fails. The
/// seed is `BOXOFFICE_PROPERTY_SEED` when set, else the script's fixed default.
struct PropertyTests {
    @Test func answersFitTheServedDocument() throws {
        let (passed, report) = try PythonCheck.run("property_check.py")
        #expect(passed, "python3 Tests/property_check.py failed:\n\(report)")
    }
}
