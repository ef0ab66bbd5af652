#ifndef FORMPIPE_POPPLER_PAGES_H
#define FORMPIPE_POPPLER_PAGES_H

#include <stddef.h>
#include <cairo.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Keeps poppler's global state (its data directories' tables, parsed CMaps such as Adobe-GB1's, unicode maps,
/// the font substitutions it looked up) for the life of the process. poppler builds it when the first
/// document opens and drops it when the last one closes, so a worker reading one PDF at a time rebuilt it for
/// every file. Call before opening a document with poppler-glib; poppler's messages are dropped from then on.
void fp_poppler_keep_global_state(void);

/// A PDF opened with poppler's own API, for reading its pages in one pass (see fp_pdf_read_page).
typedef struct FPPdfDocument FPPdfDocument;

/// Opens a copy of the bytes; NULL when poppler cannot open them.
FPPdfDocument *fp_pdf_open(const unsigned char *bytes, size_t length);

/// A character's box on the page, in points with the origin at the top left.
typedef struct {
    double x1, y1, x2, y2;
} FPBox;

/// A page's text as poppler_page_get_text gives it (UTF-8, lines ended by "\n") and a box for each of its
/// characters as poppler_page_get_text_layout gives them, in the same order. Free with fp_page_text_free.
typedef struct {
    char *text;
    size_t text_length;
    FPBox *boxes;
    size_t box_count;
} FPPageText;

/// Reads page `index` (from 0) in one pass over its content: into `text` (when not NULL) its text and boxes;
/// onto `cairo` (when not NULL), in points with the origin at the top left of the crop box, only its strokes
/// and fills and, where it shows an underscore or a dash character, the bar the glyph would draw — no glyphs,
/// images or annotations. Stops after `seconds`. Returns 1 when read, -1 when stopped for time (no text is
/// given then), 0 when there is no such page.
int fp_pdf_read_page(FPPdfDocument *document, int index, cairo_t *cairo, FPPageText *text, double seconds);

void fp_page_text_free(FPPageText *text);

void fp_pdf_close(FPPdfDocument *document);

#ifdef __cplusplus
}
#endif

#endif
