import CJPEG
import CPoppler
public import CTesseract
public import Foundation

/// Scans and phone photos of printed forms, made at test time from a PDF: each page drawn at a resolution,
/// turned a little, on grey paper, with speckle, and with a red round seal stamped over its lower part — what a
/// branch's scanner or phone makes of a signed and stamped form. Encoded as JPEG, PNG, TIFF, or an image-only
/// PDF.
public enum ScanFixture {
    public struct Look: Sendable {
        public var dpi: Double = 200
        /// Degrees, counter-clockwise.
        public var rotation: Double = 1.2
        public var speckles: Int = 3000
        public var seal = true
        /// Paper brightness (255: white).
        public var paper: UInt8 = 232
        /// Quarter turns clockwise of the whole page after the small rotation (a phone held sideways).
        public var quarterTurns = 0

        public init(dpi: Double = 200, rotation: Double = 1.2, speckles: Int = 3000, seal: Bool = true, paper: UInt8 = 232) {
            self.dpi = dpi
            self.rotation = rotation
            self.speckles = speckles
            self.seal = seal
            self.paper = paper
        }
    }

    public enum Container: Sendable {
        case jpeg, png, tiff, pdf
    }

    public enum Failure: Error {
        case unreadable(String)
    }

    /// The pages of `pdf` as one scanned file (`copies` times over: a long TIFF).
    public static func scan(_ pdf: Data, look: Look = Look(), as container: Container, copies: Int = 1) throws -> Data {
        let pages = try (0..<copies).flatMap { _ in try pageImages(pdf, look: look) }
        defer { pages.forEach { destroy($0) } }
        guard let first = pages.first else { throw Failure.unreadable("PDF 没有页面") }
        var data: UnsafeMutablePointer<UInt8>?
        var size = 0
        let status: Int32
        switch container {
        case .jpeg: status = pixWriteMemJpeg(&data, &size, first, 80, 0)
        case .png: status = pixWriteMemPng(&data, &size, first, 0)
        case .pdf: status = pixWriteMemPdf(&data, &size, first, Int32(look.dpi), nil)
        case .tiff:
            guard let all = pixaCreate(Int32(pages.count)) else { throw Failure.unreadable("pixaCreate") }
            var owned: UnsafeMutablePointer<PIXA>? = all
            defer { pixaDestroy(&owned) }
            for page in pages { _ = pixaAddPix(all, page, Int32(L_COPY)) }
            status = pixaWriteMemMultipageTiff(&data, &size, all)
        }
        guard status == 0, let data else { throw Failure.unreadable("编码失败") }
        defer { free(data) }
        return Data(bytes: data, count: size)
    }

    /// The first page of `pdf` scanned as grey, turned into another kind of image by `convert` (16-bit,
    /// palette, black-and-white), as PNG.
    public static func firstPage(
        _ pdf: Data, look: Look = Look(), convertedBy convert: @escaping (UnsafeMutablePointer<PIX>) -> UnsafeMutablePointer<PIX>?
    ) throws -> Data {
        let pages = try pageImages(pdf, look: look)
        defer { pages.forEach { destroy($0) } }
        guard let first = pages.first, let grey = pixConvertRGBToLuminance(first) else { throw Failure.unreadable("grey") }
        defer { destroy(grey) }
        return try encoded(png: { convert(grey) })
    }

    /// The first page as a CMYK JPEG, as a print shop's software or a copier's scan-to-file may send it: all
    /// the ink in the black channel, in Adobe's inverted convention (255 is no ink), as Photoshop writes them.
    /// Leptonica writes no CMYK, so libjpeg does.
    public static func cmykJPEG(_ pdf: Data, look: Look = Look()) throws -> Data {
        let pages = try pageImages(pdf, look: look)
        defer { pages.forEach { destroy($0) } }
        guard let first = pages.first, let grey = pixConvertRGBToLuminance(first) else { throw Failure.unreadable("grey") }
        defer { destroy(grey) }
        guard let words = pixGetData(grey) else { throw Failure.unreadable("pixGetData") }
        let width = Int(pixGetWidth(grey))
        let height = Int(pixGetHeight(grey))
        let wordsPerLine = Int(pixGetWpl(grey))
        // libjpeg keeps pointers to these until the end: none may be a temporary.
        let errors = UnsafeMutablePointer<jpeg_error_mgr>.allocate(capacity: 1)
        let info = UnsafeMutablePointer<jpeg_compress_struct>.allocate(capacity: 1)
        let output = UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>.allocate(capacity: 1)
        let size = UnsafeMutablePointer<UInt>.allocate(capacity: 1)
        output.pointee = nil
        size.pointee = 0
        defer {
            errors.deallocate()
            info.deallocate()
            free(output.pointee)
            output.deallocate()
            size.deallocate()
        }
        info.initialize(to: jpeg_compress_struct())
        info.pointee.err = jpeg_std_error(errors)
        jpeg_CreateCompress(info, JPEG_LIB_VERSION, MemoryLayout<jpeg_compress_struct>.size)
        defer { jpeg_destroy_compress(info) }
        jpeg_mem_dest(info, output, size)
        info.pointee.image_width = JDIMENSION(width)
        info.pointee.image_height = JDIMENSION(height)
        info.pointee.input_components = 4
        info.pointee.in_color_space = JCS_CMYK
        jpeg_set_defaults(info)
        jpeg_set_quality(info, 85, 1)
        jpeg_start_compress(info, 1)
        let row = UnsafeMutablePointer<UInt8>.allocate(capacity: width * 4)
        defer { row.deallocate() }
        let rows = UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>.allocate(capacity: 1)
        defer { rows.deallocate() }
        rows.pointee = row
        while info.pointee.next_scanline < info.pointee.image_height {
            // Leptonica packs an 8-bit row's bytes into 32-bit words, most significant first.
            let line = UnsafeRawPointer(words + Int(info.pointee.next_scanline) * wordsPerLine).assumingMemoryBound(to: UInt8.self)
            for x in 0..<width {
                (row + x * 4).update(repeating: 255, count: 3)
                row[x * 4 + 3] = line[x ^ 3]
            }
            _ = jpeg_write_scanlines(info, rows, 1)
        }
        jpeg_finish_compress(info)
        guard let bytes = output.pointee else { throw Failure.unreadable("CMYK JPEG") }
        return Data(bytes: bytes, count: Int(size.pointee))
    }

    /// Bytes leptonica encodes from an image made by `make` (for hostile images: a strip, 16-bit, a palette).
    public static func encoded(png make: () -> UnsafeMutablePointer<PIX>?) throws -> Data {
        guard let pix = make() else { throw Failure.unreadable("no image") }
        defer { destroy(pix) }
        var data: UnsafeMutablePointer<UInt8>?
        var size = 0
        guard pixWriteMemPng(&data, &size, pix, 0) == 0, let data else { throw Failure.unreadable("PNG") }
        defer { free(data) }
        return Data(bytes: data, count: size)
    }

    static func destroy(_ pix: UnsafeMutablePointer<PIX>) {
        var owned: UnsafeMutablePointer<PIX>? = pix
        pixDestroy(&owned)
    }

    /// Each page drawn and made to look scanned; the caller destroys them.
    static func pageImages(_ pdf: Data, look: Look) throws -> [UnsafeMutablePointer<PIX>] {
        let bytes = pdf.withUnsafeBytes { raw in g_bytes_new(raw.baseAddress, gsize(raw.count)) }
        defer { g_bytes_unref(bytes) }
        var error: UnsafeMutablePointer<GError>?
        guard let document = poppler_document_new_from_bytes(bytes, nil, &error) else {
            if let error { g_error_free(error) }
            throw Failure.unreadable("PDF")
        }
        defer { g_object_unref(UnsafeMutableRawPointer(document)) }
        var random = SplitMix(seed: 22)
        var pages: [UnsafeMutablePointer<PIX>] = []
        for index in 0..<poppler_document_get_n_pages(document) {
            guard let page = poppler_document_get_page(document, index) else { continue }
            defer { g_object_unref(UnsafeMutableRawPointer(page)) }
            var width = 0.0
            var height = 0.0
            poppler_page_get_size(page, &width, &height)
            let scale = look.dpi / 72
            let pixelWidth = Int32((width * scale).rounded(.up))
            let pixelHeight = Int32((height * scale).rounded(.up))
            guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pixelWidth, pixelHeight) else { continue }
            defer { cairo_surface_destroy(surface) }
            guard let context = cairo_create(surface) else { continue }
            cairo_set_source_rgb(context, 1, 1, 1)
            cairo_paint(context)
            cairo_scale(context, scale, scale)
            poppler_page_render(page, context)
            cairo_destroy(context)
            cairo_surface_flush(surface)
            guard let source = cairo_image_surface_get_data(surface), let pix = pixCreate(pixelWidth, pixelHeight, 32) else { continue }
            guard let words = pixGetData(pix) else {
                destroy(pix)
                continue
            }
            let stride = Int(cairo_image_surface_get_stride(surface))
            let wordsPerLine = Int(pixGetWpl(pix))
            let centreX = Int(pixelWidth) * 7 / 10
            let centreY = Int(pixelHeight) * 3 / 4
            let radius = Int(look.dpi * 0.8)
            for y in 0..<Int(pixelHeight) {
                let row = UnsafeRawPointer(source + y * stride).assumingMemoryBound(to: UInt32.self)
                for x in 0..<Int(pixelWidth) {
                    let pixel = row[x]
                    // Ink stays, paper turns grey.
                    var red = min(UInt32(look.paper), (pixel >> 16) & 0xFF)
                    var green = min(UInt32(look.paper), (pixel >> 8) & 0xFF)
                    var blue = min(UInt32(look.paper), pixel & 0xFF)
                    if look.seal {
                        let distance = Int(Double((x - centreX) * (x - centreX) + (y - centreY) * (y - centreY)).squareRoot())
                        // Stamp ink is translucent: it reddens the paper, and what was printed stays dark under it.
                        if abs(distance - radius) < Int(look.dpi / 30) || (distance < radius / 3) {
                            red = red * 9 / 10
                            green = green * 3 / 10
                            blue = blue * 3 / 10
                        }
                    }
                    words[y * wordsPerLine + x] = (red << 24) | (green << 16) | (blue << 8)
                }
            }
            for _ in 0..<look.speckles {
                let x = Int(random.next() % UInt64(pixelWidth))
                let y = Int(random.next() % UInt64(pixelHeight))
                words[y * wordsPerLine + x] = 0x5050_5000
            }
            _ = pixSetResolution(pix, Int32(look.dpi), Int32(look.dpi))
            let turned = pixRotate(pix, Float(look.rotation * .pi / 180), Int32(L_ROTATE_AREA_MAP), Int32(L_BRING_IN_WHITE), 0, 0)
            destroy(pix)
            guard var turned else { continue }
            if look.quarterTurns % 4 != 0, let sideways = pixRotateOrth(turned, Int32(look.quarterTurns % 4)) {
                destroy(turned)
                turned = sideways
            }
            _ = pixSetResolution(turned, Int32(look.dpi), Int32(look.dpi))
            pages.append(turned)
        }
        return pages
    }

    /// A small seeded generator, so every run makes the same scan.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
