import Foundation
import TestSupport
import Testing

@testable import FormDocument

/// The .docx files of ../shared/corpus/realworld (collected from other projects' test suites: Word, LibreOffice,
/// Pages and Google Docs output, legacy forms, strict OOXML, text boxes, tracked changes). Skipped, with the
/// reason in the trait, on a machine without the shared corpus.
@Suite(.enabled(if: TestPaths.corpus != nil, "the shared corpus (../shared/corpus or FORMPIPE_CORPUS) is not on this machine"))
struct RealWorldCorpusTests {
    static var folder: URL? { TestPaths.corpus?.appendingPathComponent("realworld/docx") }

    static func files() throws -> [URL] {
        guard let folder else { return [] }
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "docx" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test func everyDocxIsReadToAModelOrRejectedWithAReason() throws {
        let files = try Self.files()
        #expect(files.count >= 50, "MANIFEST.tsv lists 58 .docx files")
        var read = 0
        for file in files {
            let start = ContinuousClock.now
            let bytes = try Data(contentsOf: file)
            do throws(DocumentError) {
                let document = try DocumentReader().read(bytes)
                #expect(document.format == .docx)
                read += 1
            } catch {
                #expect(!error.description.isEmpty, "\(file.lastPathComponent)")
            }
            #expect(start.duration(to: .now) < .seconds(TestPace.seconds(5)), "\(file.lastPathComponent) took too long")
        }
        // Every one of them is a well-formed Word document; a rejection would be a reader bug.
        #expect(read == files.count)
    }

    /// What a reader of each file sees, with the structure it exercises.
    static let expectations: [(file: String, feature: String, present: [String], absent: [String])] = [
        (
            "d2p__check_drop_my.docx", "checkbox content controls, legacy checkboxes, dropdown controls with placeholder",
            ["[user checked]☑", "[user unchecked]☐", "Piihan B", "my_item_A"], ["Choose an item."]
        ),
        (
            "d2p__checked-true-false.docx", "FORMCHECKBOX checked/default in every spelling",
            ["☐ default 0", "☐ default false", "☐ checked 0", "☐ checked false", "☑ default 1", "☑ default true", "☑ checked 1", "☑ checked true"], []
        ),
        ("d2p__checked_drop1.docx", "FORMDROPDOWN result 1", ["☑", "PIlihan A"], ["Piihan B"]),
        ("d2p__unchecked_drop0.docx", "FORMDROPDOWN result 0", ["☐", "Piihan B"], ["PIlihan A"]),
        (
            "d2p__checked_boxes.docx", "legacy form in tables, title block in the header",
            ["☑ Adult Protective Services", "Privacy Notice"], ["FORMCHECKBOX", "FORMTEXT", "FORMDROPDOWN"]
        ),
        ("nwe__test07.docx", "legacy form controls in layout tables", ["CREDO REFERENCE"], ["FORMCHECKBOX", "FORMTEXT", "FORMDROPDOWN"]),
        ("nwe__test08.docx", "FORMTEXT value", ["Form text"], ["FORMTEXT"]),
        ("d2p__strict.docx", "strict OOXML", ["Cellaa", "Bullet1"], []),
        ("docling__Strict.docx", "strict OOXML", ["Some text"], []),
        ("d2p__renamed_document_xml.docx", "main part found through _rels/.rels", ["This is a link to my website."], []),
        ("d2p__symbols.docx", "w:sym characters", ["≠", "∞"], []),
        ("docling__docx_checkboxes.docx", "w14:checkbox in a table", ["☑ Orange juice", "☐ Tea", "☑ Coffee"], []),
        (
            "nwe__test14.docx", "tracked insertion and deletion",
            ["This text has been inserted, and should be included"], ["should not be included"]
        ),
        ("nwe__bad-xml.docx", "tracked changes with symbols", ["should be included"], ["should not be included"]),
        ("nwe__test16.docx", "text boxes, also in the header", ["First text box, regular", "Header box 1"], []),
        ("docling__textbox.docx", "many text boxes", ["Student falls ill"], []),
        ("d2p__has_pict.docx", "title only in the header", ["BOEHRINGER INGELHEIM GROUP OF COMPANIES"], []),
        ("pydocx__hdr-header-footer.docx", "headers", ["Header for section-1"], []),
        ("d2p__libreoffice_conversion.docx", "LibreOffice output, CJK", ["招标编号"], []),
        ("d2p__ControlTest.docx", "content control", ["For a content control"], []),
        ("d2p__merged_cells.docx", "gridSpan and vMerge", ["34-123"], []),
    ]

    @Test func eachStructureReadsAsWordShowsIt() throws {
        guard let folder = Self.folder else { return }
        for expectation in Self.expectations {
            let document = try DocumentReader().read(try Data(contentsOf: folder.appendingPathComponent(expectation.file)))
            let text = (Document.texts(inReadingOrder: document.blocks) + document.headersAndFooters).joined(separator: "\n")
            for needle in expectation.present {
                #expect(text.contains(needle), "\(expectation.file) (\(expectation.feature)): missing “\(needle)”")
            }
            for needle in expectation.absent {
                #expect(!text.contains(needle), "\(expectation.file) (\(expectation.feature)): should not show “\(needle)”")
            }
        }
    }
}
