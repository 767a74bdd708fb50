import Foundation
import PartnerRules
import Testing

@Suite("the one JSON writer")
struct JSONWriterTests {
    @Test func compactEscapesWhatRFC8259Requires() {
        var writer = JSONWriter()
        writer.object { object in
            object.member("s", string: "a\"b\\c\n\r\t\u{1}\u{8}/é\u{2028}")
            object.member("n", int: -3)
            object.key("d")
            object.double(0.5)
            object.key("x")
            object.null()
            object.member("b", bool: false)
            object.key("a")
            object.stringArray([])
        }
        #expect(writer.text == #"{"s":"a\"b\\c\n\r\t\u0001\u0008/é"# + "\u{2028}" + #"","n":-3,"d":0.5,"x":null,"b":false,"a":[]}"#)
    }

    @Test func prettyWithInlineContainersAndSameLineMembers() {
        var writer = JSONWriter(indent: 2)
        writer.object { root in
            root.member("name", string: "n")
            root.key("rows")
            root.int(1)
            root.key("more", sameLine: true)
            root.int(2)
            root.key("list")
            root.array([1, 2]) { list, value in
                list.object(inline: true) { $0.member("v", int: value); $0.key("w", sameLine: true); $0.stringArray(["a"]) }
            }
            root.key("empty")
            root.array([Int]()) { _, _ in }
        }
        #expect(writer.text == """
            {
              "name": "n",
              "rows": 1, "more": 2,
              "list": [
                {"v": 1, "w": ["a"]},
                {"v": 2, "w": ["a"]}
              ],
              "empty": []
            }
            """)
    }

    /// Whatever the writer writes, Foundation reads as the same values.
    @Test func foundationReadsIt() throws {
        let values = ["", "plain", "\u{0}\u{1F}\u{7F}", "😀 \"q\" \\", "line\nbreak"]
        var writer = JSONWriter()
        writer.stringArray(values)
        #expect(try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [String] == values)
    }
}
