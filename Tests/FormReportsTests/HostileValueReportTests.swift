import FormSchema
import Foundation
import Testing
import TestSupport
@testable import FormReports

/// Issue 18: whatever one stored submission holds, the reports are written, and written well-formed.
@Suite struct HostileValueReportTests {
    /// A store written by an older reader may hold a number no form asks for; the chart bins it, not traps.
    @Test func aStoredHugeNumberDoesNotStopTheReport() throws {
        let fixture = try ReportFixture("hostile-hours")
        defer { fixture.remove() }
        for (name, hours) in [("甲", 1e20), ("乙", -1e300), ("丙", 40)] {
            guard case .object(var record) = ReportFixture.targetBook(name: name) else { return }
            record["planned_study_hours"] = .number(hours)
            try fixture.add("\(name).docx", form: "annual_target_book", record: .object(record))
        }
        try fixture.write()
        #expect(try fixture.text(ReportWriter.overviewName).contains("<svg"))
    }

    @Test func theChartBinsAnyNumberWithoutTrapping() {
        let chart = StudyHoursChart(series: [
            .init(category: "普通党员", hours: [-1e300, -5, 0, 40, 1e20, .greatestFiniteMagnitude, .infinity], minimum: 32)
        ])
        #expect(chart.svg().contains("7 人"))
    }
}
