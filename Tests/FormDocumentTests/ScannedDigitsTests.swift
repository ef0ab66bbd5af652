import Foundation
import Testing

@testable import FormDocument

/// How a scan's digits read twice are settled (`ScannedPage.rereadDigits`; on real scans:
/// `ScannedFormTests.digitsNoWiderThanACharacterAreReadAsAllTheirDigits`).
@Suite struct ScannedDigitsTests {
    @Test func theFullestOfSeveralReadingsHoldsTheOthers() {
        #expect(ScannedPage.fullestDigits(["20", "0", ""]) == "20")
        #expect(ScannedPage.fullestDigits(["", "158", "8"]) == "158")
        #expect(ScannedPage.fullestDigits(["12", "2"]) == "12")
        #expect(ScannedPage.fullestDigits(["48", "48"]) == "48")
        // Readings that disagree other than by a digit left out give none to trust.
        #expect(ScannedPage.fullestDigits(["50", "90"]) == nil)
        #expect(ScannedPage.fullestDigits(["21", "12"]) == nil)
        #expect(ScannedPage.fullestDigits(["", ""]) == nil)
    }
}
