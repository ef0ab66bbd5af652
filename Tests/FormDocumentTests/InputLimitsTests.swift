import Foundation
import Testing

@testable import FormDocument

/// The limits reach the worker processes on their command line; they must arrive unchanged.
@Suite struct InputLimitsTests {
    @Test func limitsSurviveTheCommandLine() throws {
        var limits = InputLimits()
        limits.maxPDFPages = 7
        limits.secondsPerFile = 1.5
        limits.convertLegacy = true
        limits.maxTotalInflatedBytes = 12345
        #expect(InputLimits(argument: limits.argument) == limits)
        #expect(InputLimits(argument: "max_pdf_pages=x") == nil)
    }
}
