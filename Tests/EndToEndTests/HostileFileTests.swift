import Foundation
import GRDB
import TestSupport
import Testing

/// Issue 18: one hostile file must never stop the office — batch, report and watch go on, whatever one
/// submission holds.
@Suite struct HostileFileTests {
    /// A state folder and an input folder of its own, removed afterwards.
    final class Office {
        let root: URL
        var state: URL { root.appendingPathComponent("state") }
        var input: URL { root.appendingPathComponent("input") }
        var reports: URL { state.appendingPathComponent("reports") }

        init(_ label: String) throws {
            root = try TestPaths.temporaryFolder(label)
            try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        }

        func drop(_ data: Data, as name: String) throws {
            try data.write(to: input.appendingPathComponent(name))
        }

        func run(_ arguments: [String]) throws -> CommandResult {
            try FormpipeBinary.run(arguments + ["--state", state.path])
        }

        func batch(_ extra: [String] = []) throws -> CommandResult {
            try run(["batch", input.path] + extra)
        }

        func reportNames() -> [String] {
            (try? FileManager.default.contentsOfDirectory(atPath: reports.path))?.sorted() ?? []
        }

        deinit { try? FileManager.default.removeItem(at: root) }
    }

    @Test func anAbsurdlyLargeNumberIsKeptAsTextAndTheReportStillRuns() throws {
        let office = try Office("hostile-number")
        try office.drop(SyntheticForms.targetBook(name: "王大", hours: String(repeating: "9", count: 20) + "学时"), as: "王大.docx")
        try office.drop(SyntheticForms.targetBook(name: "王二"), as: "王二.docx")
        let batch = try office.batch()
        #expect(batch.status == 0, "\(batch.stderr)")
        let export = try office.run(["export", "--format", "jsonl"])
        let line = export.stdout.split(separator: "\n").first { $0.contains("王大") }.map(String.init) ?? ""
        #expect(line.contains("\"planned_study_hours\":\"99999999999999999999学时\""), "\(line)")
        #expect(line.contains("\"status\":\"review\"") && line.contains("\"rule\":\"type\""), "\(line)")
        let report = try office.run(["report"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(office.reportNames().contains("overview.html"))
        let again = try office.batch()
        #expect(again.status == 0, "\(again.stderr)")
    }

    @Test func aBranchNameTooLongForAFileNameDoesNotCostTheOtherReports() throws {
        let office = try Office("hostile-branch-name")
        try office.drop(SyntheticForms.targetBook(name: "王大", branch: String(repeating: "\u{20000}", count: 60), hours: "1学时"), as: "a.docx")
        try office.drop(SyntheticForms.targetBook(name: "王二", branch: "a" + String(repeating: "\u{0301}", count: 300), hours: "1学时"), as: "b.docx")
        let batch = try office.batch()
        #expect(batch.status == 0, "\(batch.stderr)")
        #expect(office.reportNames().contains("report.xlsx"))
        let notices = (try? FileManager.default.contentsOfDirectory(atPath: office.reports.appendingPathComponent("notices").path)) ?? []
        #expect(notices.count == 2)
        #expect(notices.allSatisfy { $0.utf8.count <= 200 })
    }

    /// The reports are written under temporary names and renamed; a report stopped by SIGTERM at any moment
    /// leaves none of those behind.
    @Test func aReportStoppedBySIGTERMLeavesNoTemporaryFiles() throws {
        let office = try Office("hostile-sigterm")
        var random = SplitMix64(seed: 18)
        for index in 0..<3 {
            var duties = ""
            duties.unicodeScalars.append(contentsOf: (0..<600_000).compactMap { _ in Unicode.Scalar(0x4E00 + UInt32(random.next() % 20_000)) })
            try office.drop(SyntheticForms.targetBook(name: "王\(index)", duties: duties), as: "\(index).docx")
        }
        #expect(try office.batch().status == 0)
        for delay: useconds_t in [100_000, 250_000, 400_000, 600_000, 800_000] {
            let report = try FormpipeBinary.start(["report", "--state", office.state.path])
            usleep(delay)
            kill(report.processIdentifier, SIGTERM)
            report.waitUntilExit()
            let left = (FileManager.default.enumerator(atPath: office.reports.path)?.allObjects as? [String] ?? [])
                .filter { $0.contains(".tmp") }
            #expect(left.isEmpty, "SIGTERM after \(delay / 1000) ms left \(left)")
        }
    }

    /// A file name is the sender's to choose: a newline in it must not forge a line of the summary or the log,
    /// nor an escape sequence reach the terminal, nor U+202E reverse what is printed after it.
    @Test func fileNamesCannotForgeSummaryOrLogLinesNorDriveTheTerminal() throws {
        let office = try Office("hostile-names")
        let forged = "x\n本次处理 999 个文件：合格 999\nlevel=info forged log line.docx"
        try office.drop(Data("不是表格".utf8), as: forged)
        try office.drop(Data("不是表格".utf8), as: "\u{1B}]0;pwned\u{07}\u{1B}[2J.docx")
        try office.drop(SyntheticForms.targetBook(name: "王大"), as: "王大\u{202E}xcod.exe")
        let result = try office.batch(["--set", "log_level=debug"])
        #expect(result.status == 0, "\(result.stderr)")
        for (name, output) in [("stdout", result.stdout), ("stderr", result.stderr)] {
            let lines = output.split(separator: "\n")
            #expect(!lines.contains { $0.hasPrefix("本次处理 999") || $0.hasPrefix("level=info forged") }, "\(name): \(output)")
            #expect(!output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E }, "\(name)")
        }
        #expect(result.stdout.contains("x\\n本次处理 999 个文件：合格 999\\nlevel=info forged log line.docx"), "\(result.stdout)")
        #expect(result.stdout.contains("\\u{1B}]0;pwned\\u{7}\\u{1B}[2J.docx"), "\(result.stdout)")
        #expect(result.stderr.contains("\\u{202E}"), "\(result.stderr)")
        let export = try office.run(["export", "--format", "jsonl"])
        #expect(!export.stdout.unicodeScalars.contains { $0.value == 0x202E || $0.value == 0x1B }, "\(export.stdout)")
        #expect(export.stdout.contains("王大\\u202excod.exe"), "\(export.stdout)")
    }

    /// `check` and `batch` refuse a file over max_file_mb the same way, from its size, before reading it.
    @Test func checkRefusesAnOversizedFileBeforeReadingItAsBatchDoes() throws {
        let office = try Office("hostile-size")
        let big = office.input.appendingPathComponent("big.docx")
        #expect(FileManager.default.createFile(atPath: big.path, contents: Data("PK\u{3}\u{4}".utf8)))
        #expect(truncate(big.path, 1_500_000_000) == 0)  // sparse: 1.5 GB that take no disk
        let started = Date()
        let check = try office.run(["check", big.path, "--json"])
        #expect(Date().timeIntervalSince(started) < TestPace.seconds(3), "check read the file before refusing it")
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("\"status\":\"rejected\"") && check.stdout.contains("max_file_mb"), "\(check.stdout)")
        let batch = try office.batch()
        let export = try office.run(["export", "--format", "jsonl"])
        #expect(batch.status == 0)
        let reason = { (text: String) in text.components(separatedBy: "\"reason\":\"").last?.prefix { $0 != "\"" } ?? "" }
        #expect(!reason(check.stdout).isEmpty && reason(check.stdout) == reason(export.stdout), "\(check.stdout)\n\(export.stdout)")
        #expect(check.stdout.contains("\"reason_code\":\"too-large\"") && export.stdout.contains("\"reason_code\":\"too-large\""))
    }

    /// A batch killed with files pending and run again finishes them from the archive; its summary counts each
    /// file once (it counted the resumed files again as unchanged or as another process's: 2,144 for 2,000).
    @Test func aResumedBatchCountsEachFileOnce() throws {
        let office = try Office("hostile-resume")
        for index in 0..<40 { try office.drop(SyntheticForms.studyPlan(name: "张\(index)"), as: "\(index).docx") }
        #expect(try office.batch().status == 0)
        // What a kill -9 leaves: outcomes not loaded yet, claimed by a process that is gone.
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        try DatabaseQueue(path: office.state.appendingPathComponent("formpipe.sqlite").path).write { db in
            try db.execute(
                sql: "UPDATE submissions SET status = 'pending', claim_pid = ?, processed_at = NULL WHERE id % 3 = 0",
                arguments: [gone.processIdentifier])
        }
        let pending = try DatabaseQueue(path: office.state.appendingPathComponent("formpipe.sqlite").path).read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM submissions WHERE status = 'pending'") ?? 0
        }
        #expect(pending > 0)
        let again = try office.batch()
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("本次处理 \(pending) 个文件"), "\(again.stdout)")
        #expect(again.stdout.contains("此前已处理、内容未变：\(40 - pending) 个文件"), "\(again.stdout)")
        #expect(!again.stdout.contains("另一个 formpipe 进程"), "\(again.stdout)")
    }

    /// `review` writes the original out under the submission's own name: a 250-byte name (or one with
    /// U+202E) still makes a file the clerk can open.
    @Test func reviewWritesTheOriginalOfALongOrBidiNamedSubmission() throws {
        let office = try Office("hostile-review")
        try office.drop(SyntheticForms.studyPlan(name: "张三"), as: String(repeating: "长", count: 75) + "\u{202E}xcod.exe.docx")
        #expect(try office.batch().status == 0)
        let review = try office.run(["review", "1"])
        #expect(review.status == 0, "\(review.stderr)")
        let written = (try? FileManager.default.contentsOfDirectory(atPath: office.state.appendingPathComponent("review").path)) ?? []
        #expect(written.count == 1 && written.allSatisfy { $0.utf8.count <= 200 && !$0.unicodeScalars.contains { $0.value == 0x202E } }, "\(written)")
    }

    /// A one-page PDF whose font maps A to ESC and B to BEL (a ToUnicode CMap may map a glyph to anything):
    /// its first line, which a rejection reason quotes, is "ESC ] 0;pwned BEL title ESC [2J".
    static func pdfWithEscapes() -> Data {
        let cmap = """
            /CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def
            1 begincodespacerange <00> <FF> endcodespacerange
            2 beginbfchar <41> <001B> <42> <0007> endbfchar
            endcmap CMapName currentdict /CMap defineresource pop end end
            """
        let content = "BT /F1 12 Tf 72 720 Td (A]0;pwnedB title A[2J) Tj ET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
            "<< /Length \(cmap.utf8.count) >>\nstream\n\(cmap)\nendstream",
        ]
        return HandWrittenPDF.assemble(objects)
    }

    @Test func escapeSequencesInADocumentNeverReachTheTerminalInARejectionReason() throws {
        let office = try Office("hostile-escapes")
        try office.drop(Self.pdfWithEscapes(), as: "escapes.pdf")
        let check = try office.run(["check", office.input.appendingPathComponent("escapes.pdf").path])
        let batch = try office.batch()
        for result in [check, batch] {
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!(result.stdout + result.stderr).unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(result.stdout)")
            #expect(result.stdout.contains("\\u{1B}]0;pwned\\u{7} title \\u{1B}[2J"), "\(result.stdout)")
        }
    }
}
