import CTesseract
import FormDocument
import Foundation
import TestSupport
import Testing

/// Images that are not what they claim, or that no scanner makes: each ends as a document or a rejection with a
/// reason, never a crash, a hang, or memory for a picture nobody sent.
@Suite struct HostileImageTests {
    /// pipeline.conf's limits, but for time: a debug or ASan build OCRs many times slower than a release worker,
    /// and the tests run side by side.
    static var testLimits: InputLimits {
        var limits = InputLimits()
        limits.secondsPerFile = 300
        limits.secondsPerScannedPage = 300
        return limits
    }

    static func read(_ bytes: Data, limits: InputLimits = testLimits) -> Result<Document, DocumentError> {
        Result { () throws(DocumentError) in try DocumentReader(limits: limits).read(bytes) }
    }

    static func samplePDF(_ name: String = "study_plan_valid_a") throws -> Data {
        try Data(contentsOf: TestPaths.repositoryRoot.appendingPathComponent("Samples/pdf/\(name).pdf"))
    }

    /// A PNG of a small image whose header then claims `width` × `height` (its checksum made right again).
    static func claimingPNG(width: UInt32, height: UInt32) throws -> Data {
        var png = try ScanFixture.encoded(png: { pixCreate(64, 64, 8) })
        // Signature (8), IHDR length (4), "IHDR" (4), then width and height, big-endian.
        for (offset, value) in [(16, width), (20, height)] {
            for byte in 0..<4 { png[offset + byte] = UInt8((value >> UInt32(24 - 8 * byte)) & 0xFF) }
        }
        let crc = Self.crc32(png[12..<29])
        for byte in 0..<4 { png[29 + byte] = UInt8((crc >> UInt32(24 - 8 * byte)) & 0xFF) }
        return png
    }

    static func crc32(_ bytes: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    @Test func aDecompressionBombIsRefusedFromItsHeaderBeforeDecoding() throws {
        let bomb = try Self.claimingPNG(width: 100_000, height: 100_000)
        #expect(bomb.count < 1000)
        guard case .failure(.limitExceeded(let limit, let detail)) = Self.read(bomb) else {
            Issue.record("a 10-gigapixel PNG was not refused by max_image_megapixels")
            return
        }
        #expect(limit == "max_image_megapixels")
        #expect(detail.contains("100000×100000"))
    }

    @Test func aStripOnePixelWideIsNoForm() throws {
        let strip = try ScanFixture.encoded(png: { pixCreate(1, 100_000, 8) })
        guard case .failure(.damaged(let detail)) = Self.read(strip) else {
            Issue.record("a 1×100000 strip was read")
            return
        }
        #expect(detail.contains("1×100000"))
    }

    @Test func aTruncatedPhotoEndsWithAnOutcome() throws {
        let photo = try ScanFixture.scan(try Self.samplePDF(), look: .init(dpi: 150), as: .jpeg)
        for fraction in [0.0005, 0.3, 0.9] {
            let cut = photo.prefix(Int(Double(photo.count) * fraction))
            switch Self.read(cut) {
            case .failure(let error):
                #expect(!error.description.isEmpty)
            case .success(let document):
                // libjpeg fills what is missing with grey: the top of the page may still be read.
                #expect(document.format == .image)
            }
        }
    }

    @Test func sixteenBitPaletteAndBlackAndWhiteScansAreRead() throws {
        let conversions: [(String, @Sendable (UnsafeMutablePointer<PIX>) -> UnsafeMutablePointer<PIX>?)] = [
            ("16-bit", { pixConvert8To16($0, 8) }),
            ("palette", { pixConvertGrayToColormap($0) }),
            ("1-bit", { pixThresholdToBinary($0, 128) }),
        ]
        for (name, conversion) in conversions {
            let image = try ScanFixture.firstPage(try Self.samplePDF(), look: .init(dpi: 200, rotation: 0.6), convertedBy: conversion)
            switch Self.read(image) {
            case .failure(let error):
                Issue.record("\(name): \(error)")
            case .success(let document):
                #expect(Document.texts(inReadingOrder: document.blocks).joined().contains("李卫东"), "\(name)")
            }
        }
    }

    /// Print-shop and copier software sends CMYK JPEGs (Adobe's inverted ink values): the page reads as the ink
    /// shows, not as a negative or as nothing.
    @Test func aCMYKPhotoIsReadAsItsInkShows() throws {
        let cmyk = try ScanFixture.cmykJPEG(try Self.samplePDF(), look: .init(dpi: 200, rotation: 0.6))
        // The file really is one: a JPEG whose frame header (SOF0) says four components.
        let bytes = [UInt8](cmyk)
        let frame = try #require((0..<bytes.count - 9).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
        #expect(bytes[frame + 9] == 4)
        switch Self.read(cmyk) {
        case .failure(let error):
            Issue.record("the CMYK JPEG was not read: \(error)")
        case .success(let document):
            let text = Document.texts(inReadingOrder: document.blocks).joined()
            #expect(text.contains("李卫东") && text.contains("机关第三党支部"), "\(text.prefix(200))")
        }
    }

    @Test func aBlankPageSaysNoTextWasFound() throws {
        let blank = try ScanFixture.encoded(png: {
            let pix = pixCreate(1200, 1600, 8)
            if let pix { _ = pixSetAll(pix) }
            return pix
        })
        guard case .failure(let error) = Self.read(blank) else {
            Issue.record("a blank page gave a document")
            return
        }
        #expect(error == .noTextLayer)
        #expect(error.description.contains("没有识别出文字"))
    }

    /// A phone keeps a photo as its sensor saw it and says in EXIF how to turn it: read as the person saw it.
    @Test func aPhotoTurnedByItsExifOrientationIsReadUpright() throws {
        var look = ScanFixture.Look(dpi: 150, rotation: 0.4)
        look.quarterTurns = 3
        let sideways = try ScanFixture.scan(try Self.samplePDF(), look: look, as: .jpeg)
        // Orientation 6: turn a quarter clockwise to view.
        let exif: [UInt8] =
            [0xFF, 0xE1, 0x00, 0x22] + Array("Exif\0\0".utf8) + [0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01]
            + [0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00] + [0x00, 0x00, 0x00, 0x00]
        let tagged = sideways.prefix(2) + Data(exif) + sideways.dropFirst(2)
        let text = { (document: Document) in Document.texts(inReadingOrder: document.blocks).joined() }
        guard case .success(let upright) = Self.read(tagged) else {
            Issue.record("the EXIF-turned photo was not read")
            return
        }
        #expect(text(upright).contains("机关第三党支部"))
        #expect(text(upright).contains("李卫东"))
        // Without the tag the page lies on its side and reads as nothing like the form.
        if case .success(let unturned) = Self.read(sideways) { #expect(!text(unturned).contains("李卫东")) }
    }

    /// A scanner app prints a line of its own over the scan ("Scanned by …"): the page has a text layer of a few
    /// characters, and is read by OCR all the same.
    @Test func aScanWithAScannerAppsLineOfTextIsReadByOCR() throws {
        let jpeg = try ScanFixture.scan(try Self.samplePDF(), look: .init(dpi: 150, rotation: 0.5), as: .jpeg)
        let header = try #require(jpeg.withUnsafeBytes { ImageHeader($0.bindMemory(to: UInt8.self)) })
        let hex = jpeg.map { String(format: "%02X", $0) }.joined() + ">"
        let content = "q 595 0 0 842 0 0 cm /Im1 Do Q BT /F1 8 Tf 20 20 Td (Scanned by PhoneScanner) Tj ET"
        let pdf = HandWrittenPDF.assemble([
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                + "/Resources << /XObject << /Im1 5 0 R >> /Font << /F1 6 0 R >> >> >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream",
            "<< /Type /XObject /Subtype /Image /Width \(header.width) /Height \(header.height) /ColorSpace /DeviceRGB /BitsPerComponent 8 "
                + "/Filter [/ASCIIHexDecode /DCTDecode] /Length \(hex.utf8.count) >>\nstream\n\(hex)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ])
        guard case .success(let document) = Self.read(pdf) else {
            Issue.record("the scan with a line of text was not read")
            return
        }
        #expect(document.scannedPages == 1)
        #expect(Document.texts(inReadingOrder: document.blocks).joined().contains("李卫东"))
    }

    @Test func aMultipageTIFFIsBoundByMaxScannedPages() throws {
        let pdf = try Self.samplePDF()
        let tiff = try ScanFixture.scan(pdf, look: .init(dpi: 100, speckles: 0), as: .tiff, copies: 3)
        var limits = Self.testLimits
        limits.maxScannedPages = 2
        guard case .failure(.limitExceeded(let limit, _)) = Self.read(tiff, limits: limits) else {
            Issue.record("a 3-page TIFF was read with max_scanned_pages = 2")
            return
        }
        #expect(limit == "max_scanned_pages")
    }
}
