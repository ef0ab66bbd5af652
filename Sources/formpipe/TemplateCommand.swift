import ArgumentParser
import FormPipeline
import FormReports
import FormSchema
import FormTemplates
import Foundation

struct TemplateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Write a blank form (.docx, or a fillable PDF with --pdf) for a form id, laid out from its schema.",
        discussion: """
            With --prefill roster, one form per member of pipeline.conf's roster, with the name, branch and category \
            filled in, into the folder --out names. --pdf needs LibreOffice (soffice) on PATH.
            """)

    @OptionGroup var global: GlobalOptions
    @ParentCommand var root: Formpipe
    /// The shared options, given before or after the subcommand's name.
    var options: GlobalOptions { global.resolved(with: root.global) }

    @Argument(help: "The form id (a schema's x-form.id, as `formpipe schemas check` lists them).")
    var form: String

    @Option(help: "The file to write (default: FORM.docx or FORM.pdf); with --prefill, the folder.")
    var out: String?

    @Option(help: ArgumentHelp("Fill in each member of a list: only 'roster' (pipeline.conf's roster).", valueName: "roster"))
    var prefill: String?

    @Flag(help: "Write a fillable PDF (AcroForm fields, made with LibreOffice) instead of a .docx.")
    var pdf = false

    func validate() throws {
        if let prefill, prefill != "roster" { throw ValidationError("--prefill takes only 'roster'") }
    }

    func run() async throws {
        let environment = try options.environment()
        guard let schema = environment.catalog.forms.first(where: { $0.id == form }) else {
            let known = environment.catalog.forms.map(\.id).joined(separator: ", ")
            throw ValidationError("no form \"\(form)\"; the schemas define: \(known)")
        }
        let template = try DocxTemplate(schema: schema)
        // Looked for before anything is written, so a missing LibreOffice stops with nothing half done.
        let converter: OfficeConverter?
        if pdf {
            guard let found = OfficeConverter.installed() else { throw TemplateError.libreOfficeMissing }
            converter = found
        } else {
            converter = nil
        }
        let suffix = pdf ? "pdf" : "docx"
        func bytes(_ prefill: [String: String]) throws -> Data {
            guard let converter else { return template.docx(prefill: prefill) }
            return try FillablePdfTemplate(layout: template.layout).pdf(using: converter, prefill: prefill)
        }

        guard prefill != nil else {
            let file = URL(fileURLWithPath: out ?? "\(schema.id).\(suffix)")
            try write(try bytes([:]), to: file)
            print(file.path)
            return
        }
        guard let rosterFile = environment.config.reports.rosterFile else {
            throw ValidationError("--prefill roster needs the roster key of pipeline.conf (or --set roster=FILE)")
        }
        let roster = try Roster.load(from: rosterFile)
        let folder = URL(fileURLWithPath: out ?? schema.id, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var used: Set<String> = []
        for member in roster.members {
            let values = TemplatePrefill.values(
                for: schema, member: [.branch: member.branch, .name: member.name, .category: member.category, .rank: member.rank])
            // Names come from a spreadsheet: nothing in them may leave the folder or hide the file.
            var stem = Self.safeName("\(member.branch)-\(member.name)")
            if used.contains(stem) { stem += "-\(used.count + 1)" }
            used.insert(stem)
            try write(try bytes(values), to: folder.appendingPathComponent("\(schema.name)-\(stem).\(suffix)"))
        }
        print("\(folder.path)（\(roster.members.count) 份）")
    }

    private func write(_ data: Data, to file: URL) throws {
        do {
            try data.write(to: file, options: .atomic)
        } catch {
            throw ValidationError("cannot write \(file.path): \(error.localizedDescription)")
        }
    }

    static func safeName(_ text: String) -> String {
        let cleaned = text.unicodeScalars.map { scalar -> String in
            scalar == "/" || scalar == "\\" || scalar.value < 0x20 || scalar == ":" ? "_" : String(scalar)
        }.joined()
        let trimmed = cleaned.drop { $0 == "." }
        return trimmed.isEmpty ? "member" : String(trimmed.prefix(80))
    }
}
