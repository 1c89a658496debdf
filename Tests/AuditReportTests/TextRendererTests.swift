import Foundation
import Testing

@testable import AuditReport

@Suite("Text renderer")
struct TextRendererTests {
    @Test func groupsBySeverityMostSevereFirst() {
        let text = TextRenderer.render(SARIFRendererTests.builtinReport(), useColor: false)
        let high = text.range(of: "HIGH (1)")
        let low = text.range(of: "LOW (2)")
        let info = text.range(of: "INFO (2)")
        #expect(high != nil && low != nil && info != nil)
        if let high, let low, let info {
            #expect(high.lowerBound < low.lowerBound && low.lowerBound < info.lowerBound)
        }
        #expect(text.contains("DAOBug.sol:27-29  reentrancy [SWC-107]  (builtin/reentrancy-state-after-call)  State change after external call"))
        #expect(text.contains("lib/Auth.sol:?  tx_origin_usage"))
        #expect(text.contains("analyzer mythril: timeout — Time out"))
        #expect(text.hasSuffix("5 finding(s): 1 high, 2 low, 2 info\n"))
        #expect(!text.contains("\u{1B}"), "no color and analyzer escape sequences are neutralised")
        #expect(text.contains("weird \\u{1b}[31m output"))
    }

    @Test func colorUsesANSIOnlyWhenAsked() {
        let colored = TextRenderer.render(SARIFRendererTests.builtinReport(), useColor: true)
        #expect(colored.contains("\u{1B}[1;31mHIGH (1)\u{1B}[0m"))
        #expect(colored.contains("\u{1B}[32msuccess\u{1B}[0m"))
    }

    @Test func sampleReports() throws {
        let daoBug = TextRenderer.render(try Fixtures.report("DAOBug"), useColor: false)
        #expect(daoBug.contains("UNRATED (10)"))
        #expect(daoBug.contains("5 compiler warning(s)"))
        let basic = TextRenderer.render(try Fixtures.report("BasicToken"), useColor: false)
        #expect(basic.contains("compile error"))
        #expect(basic.hasSuffix("No findings.\n"))
        let kyber = TextRenderer.render(try Fixtures.report("kyber"), useColor: false)
        #expect(kyber.contains("analyzer mythril: timeout in 6 s — Time out occurred. Could not finish mythril within 6 seconds"))
    }
}
