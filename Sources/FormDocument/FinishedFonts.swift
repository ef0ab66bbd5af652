import CPoppler
import Foundation

/// Lets go of the fonts of PDFs already read, which cairo would otherwise keep for the life of the process.
///
/// cairo keeps the last 256 scaled fonts nothing refers to any more ("holdovers", CAIRO_SCALED_FONT_MAX_HOLDOVERS in
/// cairo-scaled-font.c) in case they are asked for again, each with its font face and every glyph it rendered. A PDF's
/// embedded fonts become new faces in every document, so once the document is closed its fonts can never be asked for
/// again; yet they stay until newer ones push them out: the fonts of the last hundred or so documents, some 40 MB in a
/// long-lived worker process. Creating and dropping 257 throwaway fonts of a glyphless user font pushes them out (the
/// throwaway ones cost next to nothing to keep). cairo has no call that empties the holdovers, and its
/// `cairo_debug_reset_static_data` is unsafe while poppler keeps substitute system fonts open across documents.
///
/// Those substitutes (a system CJK font for a non-embedded STSong-Light) are the one loss: shared by every document that
/// names them, their glyphs are rendered again after a push.
///
/// Done once every `documentsPerPush` documents, when no PDF is being read in the process: the fonts another document
/// is still switching between would be pushed out too, and it would have to render their glyphs again; and pushing
/// out costs a fraction of a millisecond, while a few documents' fonts are a few megabytes.
enum FinishedFonts {
    /// CAIRO_SCALED_FONT_MAX_HOLDOVERS, and one more: cairo keeps the font created last referenced as its most
    /// recently used, and lets it become a holdover only when the next one is created.
    static let throwawayFonts = 257
    static let documentsPerPush = 8

    private static let lock = NSLock()
    nonisolated(unsafe) private static var documentsOpen = 0
    nonisolated(unsafe) private static var closedSincePush = 0
    /// Created once and never destroyed: the throwaway fonts refer to it.
    nonisolated(unsafe) private static let throwawayFace: OpaquePointer? = cairo_user_font_face_create()

    /// Marks a document as being read until the matching `documentClosed`.
    static func documentOpened() {
        lock.withLock { documentsOpen += 1 }
    }

    /// Call after the poppler document is released, so its fonts are among the holdovers pushed out.
    static func documentClosed() {
        let due = lock.withLock {
            documentsOpen -= 1
            closedSincePush += 1
            guard documentsOpen == 0, closedSincePush >= documentsPerPush else { return false }
            closedSincePush = 0
            return true
        }
        if due { pushOutHoldovers() }
    }

    static func pushOutHoldovers() {
        guard let face = throwawayFace, let options = cairo_font_options_create() else { return }
        defer { cairo_font_options_destroy(options) }
        var identity = cairo_matrix_t()
        cairo_matrix_init_identity(&identity)
        // Each size is a scaled font of its own; dropped at once, each becomes a holdover and pushes out the oldest.
        for size in 1...throwawayFonts {
            var matrix = cairo_matrix_t()
            cairo_matrix_init_scale(&matrix, Double(size), Double(size))
            guard let font = cairo_scaled_font_create(face, &matrix, &identity, options) else { continue }
            cairo_scaled_font_destroy(font)
        }
    }
}
