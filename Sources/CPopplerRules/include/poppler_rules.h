#ifndef FORMPIPE_POPPLER_RULES_H
#define FORMPIPE_POPPLER_RULES_H

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

/// A PDF opened for drawing its pages' lines and shapes only: no text, no images, no annotations.
typedef struct FPRulesDocument FPRulesDocument;

/// Opens a copy of the bytes; NULL when poppler cannot open them.
FPRulesDocument *fp_rules_open(const unsigned char *bytes, size_t length);

/// Draws the strokes and fills of page `index` (from 0) onto `cairo`, in points with the origin at the top
/// left of the crop box, as poppler renders the page; where the page shows an underscore or a dash
/// character, the bar its glyph would draw. Stops after `seconds`. Returns 1 when drawn, -1 when stopped
/// for time, 0 when there is no such page.
int fp_rules_draw_page(FPRulesDocument *document, int index, cairo_t *cairo, double seconds);

void fp_rules_close(FPRulesDocument *document);

#ifdef __cplusplus
}
#endif

#endif
