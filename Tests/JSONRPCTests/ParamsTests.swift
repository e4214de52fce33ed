import JSONRPC
import Testing

/// Params are passed by name, decoded once, and every mistake in them is a -32602 whose
/// `data.path` names the field and whose `data.reason` says what is wrong.
struct ParamsTests {
    let journal = CallJournal()
    var client: TestClient { TestClient(journal: journal) }

    private func call(_ method: String, _ params: String, id: Int64 = 1) throws -> JSONValue? {
        try client.answer(#"{"jsonrpc":"2.0","method":"\#(method)","params":\#(params),"id":\#(id)}"#)
    }

    @Test func absentNullAndEmptyParamsAllMeanAnEmptyObject() throws {
        #expect(try client.answer(#"{"jsonrpc":"2.0","method":"ping","id":1}"#) == Expected.result("pong", id: 1))
        #expect(try call("ping", "null") == Expected.result("pong", id: 1))
        #expect(try call("ping", "{}") == Expected.result("pong", id: 1))
        #expect(try call("record", "{}") == Expected.result(true, id: 1))
        #expect(try client.answer(#"{"jsonrpc":"2.0","method":"record","id":2}"#) == Expected.result(true, id: 2))
        #expect(journal.entries == ["record -", "record -"])
    }

    @Test func optionalFieldMayBeNull() throws {
        #expect(try call("record", #"{"note":null}"#) == Expected.result(true, id: 1))
        #expect(journal.entries == ["record -"])
    }

    @Test func positionalParamsAreRejected() throws {
        let expected = Expected.invalidParams(
            path: "", reason: "params must be an object: parameters are passed by name", id: 1)
        #expect(try call("subtract", "[42, 23]") == expected)
        #expect(try call("ping", "[]") == expected)
        #expect(journal.entries == [])
    }

    @Test func unknownParamNameIsRejected() throws {
        #expect(
            try call("subtract", #"{"minuend":42,"subtrahend":23,"extra":1}"#)
                == Expected.unknownField("extra", nearest: nil, expected: ["minuend", "subtrahend"], id: 1))
        #expect(
            try call("ping", #"{"verbose":true}"#)
                == Expected.unknownField("verbose", nearest: nil, expected: [], id: 1))
        // Names are case-sensitive, and the nearest known one is named.
        #expect(
            try call("subtract", #"{"Minuend":42,"subtrahend":23}"#)
                == Expected.unknownField("Minuend", nearest: "minuend", expected: ["minuend", "subtrahend"], id: 1))
        #expect(
            try call("subtract", #"{"sub_trahend":23,"minuend":42}"#)
                == Expected.unknownField(
                    "sub_trahend", nearest: "subtrahend", expected: ["minuend", "subtrahend"], id: 1))
        #expect(journal.entries == [])
    }

    @Test func ofSeveralUnknownNamesTheFirstInSortedOrderIsReported() throws {
        #expect(
            try call("ping", #"{"zz":1,"mm":2,"aa":3}"#)
                == Expected.unknownField("aa", nearest: nil, expected: [], id: 1))
    }

    @Test func missingFieldIsNamed() throws {
        #expect(
            try call("subtract", #"{"subtrahend":23}"#)
                == Expected.invalidParams(path: "minuend", reason: "required field is missing", id: 1))
        #expect(
            try call("subtract", #"{"minuend":42}"#)
                == Expected.invalidParams(path: "subtrahend", reason: "required field is missing", id: 1))
        #expect(
            try client.answer(#"{"jsonrpc":"2.0","method":"sum","id":"s"}"#)
                == Expected.invalidParams(path: "values", reason: "required field is missing", id: "s"))
        #expect(journal.entries == [])
    }

    @Test func wrongTypeIsNamed() throws {
        #expect(
            try call("subtract", #"{"minuend":"42","subtrahend":23}"#)
                == Expected.invalidParams(path: "minuend", reason: "expected an integer", id: 1))
        #expect(
            try call("record", #"{"note":5}"#)
                == Expected.invalidParams(path: "note", reason: "expected a string", id: 1))
        #expect(
            try call("raw", #"{"broken":"yes"}"#)
                == Expected.invalidParams(path: "broken", reason: "expected a boolean", id: 1))
        #expect(
            try call("sum", #"{"values":{"a":1}}"#)
                == Expected.invalidParams(path: "values", reason: "expected an array", id: 1))
        #expect(journal.entries == [])
    }

    /// A number that is valid JSON but does not fit the field's type is a type error on
    /// that field.
    @Test func numberThatDoesNotFitIsNamed() throws {
        #expect(
            try call("subtract", #"{"minuend":42,"subtrahend":2.5}"#)
                == Expected.invalidParams(path: "subtrahend", reason: "expected an integer", id: 1))
        #expect(
            try call("sum", #"{"values":[1,99999999999999999999]}"#)
                == Expected.invalidParams(
                    path: "values[1]", reason: "out of range: at most 9223372036854775807", id: 1))
        #expect(
            try call("sum", #"{"values":[-99999999999999999999]}"#)
                == Expected.invalidParams(
                    path: "values[0]", reason: "out of range: at least -9223372036854775808", id: 1))
        #expect(
            try call("order.place", #"{"customer":"ann","items":[{"name":"a","quantity":1.5}]}"#)
                == Expected.invalidParams(path: "items[0].quantity", reason: "expected an integer", id: 1))
        // Beyond Double's range not even a plain tree can hold the number, so no path can be
        // named; the reason still says what is wrong, never the parser's internal words.
        #expect(
            try call("subtract", #"{"minuend":1e400,"subtrahend":2}"#)
                == Expected.invalidParams(path: "", reason: "a number in params is out of range", id: 1))
        #expect(journal.entries == [])
    }

    @Test func nullForARequiredFieldIsNamed() throws {
        #expect(
            try call("subtract", #"{"minuend":null,"subtrahend":23}"#)
                == Expected.invalidParams(path: "minuend", reason: "must not be null; expected an integer", id: 1))
    }

    @Test func elementOfAnArrayIsNamedByIndex() throws {
        #expect(
            try call("sum", #"{"values":[1,2,"3"]}"#)
                == Expected.invalidParams(path: "values[2]", reason: "expected an integer", id: 1))
    }

    @Test func nestedObjectPaths() throws {
        #expect(
            try call("order.place", #"{"customer":"ann","items":[{"name":"popcorn","quantity":1},{"quantity":2}]}"#)
                == Expected.invalidParams(path: "items[1].name", reason: "required field is missing", id: 1))
        #expect(
            try call("order.place", #"{"customer":"ann","items":[{"name":"popcorn","quantity":1,"size":"L"}]}"#)
                == Expected.unknownField("items[0].size", nearest: nil, expected: ["name", "quantity"], id: 1))
        #expect(
            try call(
                "order.place", #"{"customer":"ann","items":[{"name":"a","quantity":1},{"name":"b","quantity":"two"}]}"#)
                == Expected.invalidParams(path: "items[1].quantity", reason: "expected an integer", id: 1))
        #expect(
            try call("order.place", #"{"customer":"ann","items":[{"name":"a","quantity":0}]}"#)
                == Expected.invalidParams(path: "items[0].quantity", reason: "must be at least 1", id: 1))
        #expect(
            try call("order.place", #"{"customer":"ann","items":[7]}"#)
                == Expected.invalidParams(path: "items[0]", reason: "expected an object", id: 1))
        #expect(journal.entries == [])
    }

    @Test func validNestedParamsRun() throws {
        #expect(
            try call(
                "order.place", #"{"customer":"ann","items":[{"name":"a","quantity":2},{"quantity":3,"name":"b"}]}"#)
                == Expected.result(["customer": "ann", "count": 5], id: 1))
        #expect(journal.entries == ["order.place"])
    }

    /// Unknown keys are checked first, so a misspelled name is reported as unknown rather
    /// than as the correct name going missing.
    @Test func misspelledNameIsReportedAsUnknown() throws {
        #expect(
            try call("subtract", #"{"minuen":42,"subtrahend":23}"#)
                == Expected.unknownField("minuen", nearest: "minuend", expected: ["minuend", "subtrahend"], id: 1))
    }

    /// Inside a batch the entry's index and `params` are not part of the path.
    @Test func pathsInsideABatchAreRelativeToTheParams() throws {
        let answer = try client.answer(
            #"[{"jsonrpc":"2.0","method":"ping","id":1},{"jsonrpc":"2.0","method":"order.place","params":{"customer":"ann","items":[{"name":"a","quantity":1},{"quantity":2}]},"id":2},{"jsonrpc":"2.0","method":"subtract","params":{"minuend":1,"subtrahend":2,"x":0},"id":3}]"#
        )
        #expect(
            answer == [
                Expected.result("pong", id: 1),
                Expected.invalidParams(path: "items[1].name", reason: "required field is missing", id: 2),
                Expected.unknownField("x", nearest: nil, expected: ["minuend", "subtrahend"], id: 3),
            ])
    }

    /// An error thrown while decoding params that is no decoding error goes through the
    /// registry's `translateError`, and becomes -32602 when that does not know it either.
    @Test func paramsErrorsThatAreNotDecodingErrors() throws {
        #expect(try call("picky", #"{"code":"fine"}"#) == Expected.result("fine", id: 1))
        #expect(
            try call("picky", #"{"code":"taken"}"#)
                == Expected.error(-32002, "Seat taken", data: ["reason": "SEATS_UNAVAILABLE", "seat": "A1"], id: 1))
        let answer = try #require(try call("picky", #"{"code":"boom"}"#))
        guard case .object(let members) = answer, case .object(let error)? = members["error"],
            case .object(let data)? = error["data"]
        else {
            Issue.record("not an error response: \(answer)")
            return
        }
        #expect(members["id"] == 1)
        #expect(error["code"] == -32602)
        #expect(error["message"] == .string("Invalid params: \(Explosion())"))
        #expect(data["path"] == "")
        #expect(data["reason"] == .string(String(describing: Explosion())))
    }
}
