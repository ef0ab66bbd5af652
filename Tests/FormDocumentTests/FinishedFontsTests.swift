import CPoppler
import Testing
@testable import FormDocument

@Suite struct FinishedFontsTests {
    /// A font nothing uses any more stays in cairo's holdovers, keeping its face (for a PDF font: the font program
    /// and its glyphs) alive; pushing out the holdovers lets the face go.
    @Test func pushingOutHoldoversReleasesTheFacesOfFontsNoLongerUsed() throws {
        let released = UnsafeMutablePointer<Bool>.allocate(capacity: 1)
        released.initialize(to: false)
        let key = UnsafeMutablePointer<cairo_user_data_key_t>.allocate(capacity: 1)
        key.initialize(to: cairo_user_data_key_t())
        defer {
            released.deallocate()
            key.deallocate()
        }
        let face = try #require(cairo_user_font_face_create())
        let status = cairo_font_face_set_user_data(face, key, released) { flag in
            flag?.assumingMemoryBound(to: Bool.self).pointee = true
        }
        #expect(status == CAIRO_STATUS_SUCCESS)
        let options = try #require(cairo_font_options_create())
        defer { cairo_font_options_destroy(options) }
        var matrix = cairo_matrix_t()
        cairo_matrix_init_scale(&matrix, 10.5, 10.5)
        var identity = cairo_matrix_t()
        cairo_matrix_init_identity(&identity)
        let font = try #require(cairo_scaled_font_create(face, &matrix, &identity, options))
        cairo_font_face_destroy(face)
        cairo_scaled_font_destroy(font)

        FinishedFonts.pushOutHoldovers()
        #expect(released.pointee, "the face of a font no one uses is still kept by cairo")
    }
}
