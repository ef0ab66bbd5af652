// Reads a page in one pass over its content: the text with each character's box, as poppler-glib gives it, and
// a drawing of only what can make a table's borders — strokes and fills, and the bar of an underscore or dash
// character — onto a cairo context. poppler's cairo renderer also loads every font and rasterises every glyph,
// which was four fifths of reading a PDF, and nothing of it is a border; taking the text through poppler-glib
// as well parsed every page's content (and loaded its fonts) a second time.

#include "poppler_pages.h"

#include <Annot.h>
#include <Error.h>
#include <GfxState.h>
#include <GlobalParams.h>
#include <OutputDev.h>
#include <PDFDoc.h>
#include <Gfx.h>
#include <Page.h>
#include <Stream.h>
#include <TextOutputDev.h>
#include <goo/GooString.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cmath>
#include <cstring>
#include <vector>

namespace {

class RulesOutputDev : public OutputDev {
public:
    explicit RulesOutputDev(cairo_t *cairo) : cairo(cairo) { }

    bool upsideDown() override { return true; }
    bool useDrawChar() override { return true; }
    bool interpretType3Chars() override { return false; }

    void saveState(GfxState *) override { cairo_save(cairo); }
    void restoreState(GfxState *) override { cairo_restore(cairo); }

    void stroke(GfxState *state) override {
        addPath(state);
        double width = state->getTransformedLineWidth();
        double x = 1, y = 1;
        cairo_device_to_user_distance(cairo, &x, &y);
        double pixel = std::min(std::fabs(x), std::fabs(y));
        // A zero-width line is as thin as the device can draw: one pixel (as poppler's renderer draws it). So is
        // a hairline of a small shape — LibreOffice strokes tick boxes 0.1 pt wide, which cairo without
        // antialiasing would leave out; a long hairline stays as thin as drawn, so a faint rule is no border.
        double x1, y1, x2, y2;
        cairo_path_extents(cairo, &x1, &y1, &x2, &y2);
        bool small = std::fabs(x2 - x1) < 30 && std::fabs(y2 - y1) < 30;
        if (width <= 0 || (small && width < pixel)) width = pixel;
        cairo_set_line_width(cairo, width);
        double start = 0;
        const std::vector<double> &dash = state->getLineDash(&start);
        std::vector<double> deviceDash;
        for (double length : dash) deviceDash.push_back(state->transformWidth(length));
        bool drawable = std::any_of(deviceDash.begin(), deviceDash.end(), [](double length) { return length > 0; });
        cairo_set_dash(cairo, drawable ? deviceDash.data() : nullptr, drawable ? int(deviceDash.size()) : 0,
                       state->transformWidth(start));
        cairo_set_line_cap(cairo, state->getLineCap() == 1 ? CAIRO_LINE_CAP_ROUND
                                  : state->getLineCap() == 2 ? CAIRO_LINE_CAP_SQUARE : CAIRO_LINE_CAP_BUTT);
        cairo_set_line_join(cairo, state->getLineJoin() == 1 ? CAIRO_LINE_JOIN_ROUND
                                   : state->getLineJoin() == 2 ? CAIRO_LINE_JOIN_BEVEL : CAIRO_LINE_JOIN_MITER);
        cairo_stroke(cairo);
    }

    void fill(GfxState *state) override { fillPath(state, CAIRO_FILL_RULE_WINDING); }
    void eoFill(GfxState *state) override { fillPath(state, CAIRO_FILL_RULE_EVEN_ODD); }
    void clip(GfxState *state) override { clipPath(state, CAIRO_FILL_RULE_WINDING); }
    void eoClip(GfxState *state) override { clipPath(state, CAIRO_FILL_RULE_EVEN_ODD); }

    // An underscore or dash drawn as text is a bar like a border: "姓名：________" or "——". Its place and
    // thickness are those of the glyphs of common fonts, relative to the font size.
    void drawChar(GfxState *state, double x, double y, double dx, double dy, double, double, CharCode, int,
                  const Unicode *u, int uLen) override {
        if (uLen < 1 || state->getRender() == 3 || state->getRender() == 7) return;
        double below;  // how far the bar's top lies below the baseline, in font sizes (negative: above)
        switch (u[0]) {
        case 0x005F: case 0xFF3F: below = 0.075; break;                       // _ ＿
        case 0x2014: case 0x2015: case 0x2500: case 0x2501: below = -0.36; break;  // — ― ─ ━
        default: return;
        }
        double x0, y0, x1, y1;
        state->transform(x, y, &x0, &y0);
        state->transform(x + dx, y + dy, &x1, &y1);
        double size = state->getTransformedFontSize();
        // Only bars along a horizontal baseline: the page's borders are horizontal or vertical.
        if (std::fabs(y1 - y0) > 0.01 * size || std::fabs(x1 - x0) <= 0) return;
        double thickness = std::max(0.05 * size, 0.5);
        cairo_new_path(cairo);
        cairo_rectangle(cairo, std::min(x0, x1), y0 + below * size, std::fabs(x1 - x0), thickness);
        cairo_set_fill_rule(cairo, CAIRO_FILL_RULE_WINDING);
        cairo_fill(cairo);
    }

private:
    cairo_t *cairo;

    void addPath(GfxState *state) {
        cairo_new_path(cairo);
        const GfxPath *path = state->getPath();
        for (int i = 0; i < path->getNumSubpaths(); ++i) {
            const GfxSubpath *subpath = path->getSubpath(i);
            if (subpath->getNumPoints() < 1) continue;
            double x, y;
            state->transform(subpath->getX(0), subpath->getY(0), &x, &y);
            cairo_move_to(cairo, x, y);
            int j = 1;
            while (j < subpath->getNumPoints()) {
                if (subpath->getCurve(j) && j + 2 < subpath->getNumPoints()) {
                    double x1, y1, x2, y2, x3, y3;
                    state->transform(subpath->getX(j), subpath->getY(j), &x1, &y1);
                    state->transform(subpath->getX(j + 1), subpath->getY(j + 1), &x2, &y2);
                    state->transform(subpath->getX(j + 2), subpath->getY(j + 2), &x3, &y3);
                    cairo_curve_to(cairo, x1, y1, x2, y2, x3, y3);
                    j += 3;
                } else {
                    state->transform(subpath->getX(j), subpath->getY(j), &x, &y);
                    cairo_line_to(cairo, x, y);
                    ++j;
                }
            }
            if (subpath->isClosed()) cairo_close_path(cairo);
        }
    }

    void fillPath(GfxState *state, cairo_fill_rule_t rule) {
        if (isShading(state)) return;
        addPath(state);
        cairo_set_fill_rule(cairo, rule);
        cairo_fill(cairo);
    }

    // A light fill wider and taller than any border is a cell's shading (a header row printed grey) or a
    // background: on an alpha-only canvas it would be ink, one dark block that swallows the borders around it.
    // A light fill thin one way is still drawn, since a light grey border may be printed as a thin fill.
    static bool isShading(GfxState *state) {
        GfxRGB rgb;
        state->getFillRGB(&rgb);
        double luminance = 0.299 * colToDbl(rgb.r) + 0.587 * colToDbl(rgb.g) + 0.114 * colToDbl(rgb.b);
        if (luminance < 0.5) return false;
        const GfxPath *path = state->getPath();
        double left = INFINITY, right = -INFINITY, top = INFINITY, bottom = -INFINITY;
        for (int i = 0; i < path->getNumSubpaths(); ++i) {
            const GfxSubpath *subpath = path->getSubpath(i);
            for (int j = 0; j < subpath->getNumPoints(); ++j) {
                double x, y;
                state->transform(subpath->getX(j), subpath->getY(j), &x, &y);
                left = std::min(left, x);
                right = std::max(right, x);
                top = std::min(top, y);
                bottom = std::max(bottom, y);
            }
        }
        // Thicker than the thickest border RuledLines keeps (3 pt).
        return right - left > 3 && bottom - top > 3;
    }

    void clipPath(GfxState *state, cairo_fill_rule_t rule) {
        addPath(state);
        cairo_set_fill_rule(cairo, rule);
        cairo_clip(cairo);
    }
};

// Hands every call Gfx makes to the text device (when the text is asked for) and to the drawing device (when there is a canvas). It asks
// Gfx for what either needs: drawChar for both, and non-text operators (patterns, shadings, images) for the
// drawing; TextOutputDev ignores the calls it does not use.
class PageTeeOutputDev : public OutputDev {
public:
    PageTeeOutputDev(TextOutputDev *text, RulesOutputDev *rules) : text(text), rules(rules) { }

    bool upsideDown() override { return true; }
    bool useDrawChar() override { return true; }
    bool interpretType3Chars() override { return false; }
    bool needNonText() override { return rules != nullptr; }
    bool needCharCount() override { return text && text->needCharCount(); }

    void startPage(int pageNum, GfxState *state, XRef *xref) override { if (text) text->startPage(pageNum, state, xref); }
    void endPage() override { if (text) text->endPage(); }
    void saveState(GfxState *state) override { each([&](OutputDev *device) { device->saveState(state); }); }
    void restoreState(GfxState *state) override { each([&](OutputDev *device) { device->restoreState(state); }); }
    void updateFont(GfxState *state) override { if (text) text->updateFont(state); }
    void beginString(GfxState *state, const GooString *s) override { if (text) text->beginString(state, s); }
    void endString(GfxState *state) override { if (text) text->endString(state); }
    void drawChar(GfxState *state, double x, double y, double dx, double dy, double originX, double originY, CharCode code,
                  int nBytes, const Unicode *u, int uLen) override {
        each([&](OutputDev *device) { device->drawChar(state, x, y, dx, dy, originX, originY, code, nBytes, u, uLen); });
    }
    void incCharCount(int nChars) override { if (text) text->incCharCount(nChars); }
    void beginActualText(GfxState *state, const GooString *actual) override { if (text) text->beginActualText(state, actual); }
    void endActualText(GfxState *state) override { if (text) text->endActualText(state); }
    void stroke(GfxState *state) override { each([&](OutputDev *device) { device->stroke(state); }); }
    void fill(GfxState *state) override { each([&](OutputDev *device) { device->fill(state); }); }
    void eoFill(GfxState *state) override { each([&](OutputDev *device) { device->eoFill(state); }); }
    void clip(GfxState *state) override { if (rules) rules->clip(state); }
    void eoClip(GfxState *state) override { if (rules) rules->eoClip(state); }
    void processLink(AnnotLink *link) override { if (text) text->processLink(link); }

private:
    TextOutputDev *text;
    RulesOutputDev *rules;

    template <typename Call> void each(Call call) {
        if (text) call(text);
        if (rules) call(rules);
    }
};

// The page's text and boxes as poppler_page_get_text and poppler_page_get_text_layout give them (poppler-glib
// 22.12): the selection of the whole page glyph by glyph, and a box for each character of that text — a space
// between two words spans the gap, a line break sits at the end of its line.
void takeText(TextPage *page, double width, double height, FPPageText *out) {
    PDFRectangle whole(0, 0, width, height);
    if (GooString *text = page->getSelectionText(&whole, selectionStyleGlyph)) {
        out->text = static_cast<char *>(std::malloc(size_t(text->getLength()) + 1));
        if (out->text) {
            std::memcpy(out->text, text->c_str(), size_t(text->getLength()));
            out->text[text->getLength()] = 0;
            out->text_length = size_t(text->getLength());
        }
        delete text;
    }
    int lineCount = 0;
    std::vector<TextWordSelection *> **lines = page->getSelectionWords(&whole, selectionStyleGlyph, &lineCount);
    if (lines == nullptr) return;
    std::vector<FPBox> boxes;
    for (int i = 0; i < lineCount; ++i) {
        const std::vector<TextWordSelection *> &words = *lines[i];
        double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
        for (size_t j = 0; j < words.size(); ++j) {
            const TextWord *word = words[j]->getWord();
            for (int k = words[j]->getBegin(); k < words[j]->getEnd(); ++k) {
                FPBox box;
                word->getCharBBox(k, &box.x1, &box.y1, &box.x2, &box.y2);
                boxes.push_back(box);
            }
            word->getBBox(&x1, &y1, &x2, &y2);
            if (word->hasSpaceAfter() && j + 1 < words.size()) {
                double x3, y3, x4, y4;
                words[j + 1]->getWord()->getBBox(&x3, &y3, &x4, &y4);
                boxes.push_back(FPBox { x2, y1, x3, y2 });
            }
        }
        if (i + 1 < lineCount && !boxes.empty()) boxes.push_back(FPBox { x2, y2, x2, y2 });
    }
    for (int i = 0; i < lineCount; ++i) {
        for (TextWordSelection *word : *lines[i]) delete word;
        delete lines[i];
    }
    gfree(lines);
    if (boxes.empty()) return;
    out->boxes = static_cast<FPBox *>(std::malloc(boxes.size() * sizeof(FPBox)));
    if (out->boxes) {
        std::memcpy(out->boxes, boxes.data(), boxes.size() * sizeof(FPBox));
        out->box_count = boxes.size();
    }
}

// Annotations (form widgets' boxes, comments) are no part of the printed table.
bool skipAnnotation(Annot *, void *) { return false; }

// Problems poppler meets are reported by what the reader makes of the document, not as lines on stderr.
void ignorePopplerMessage(ErrorCategory, Goffset, const char *) { }

}  // namespace

extern "C" void fp_poppler_keep_global_state(void) {
    // Never destroyed, not even at exit, when another thread may still be reading a PDF.
    static GlobalParamsIniter *keep = new GlobalParamsIniter(ignorePopplerMessage);
    (void)keep;
}

struct FPPdfDocument {
    // poppler reads the stream for as long as the document is open: the copy lives as long.
    std::vector<char> bytes;
    PDFDoc *document = nullptr;
};

extern "C" FPPdfDocument *fp_pdf_open(const unsigned char *bytes, size_t length) {
    if (bytes == nullptr || length == 0) return nullptr;
    fp_poppler_keep_global_state();
    auto *pdf = new FPPdfDocument;
    pdf->bytes.assign(reinterpret_cast<const char *>(bytes), reinterpret_cast<const char *>(bytes) + length);
    pdf->document = new PDFDoc(new MemStream(pdf->bytes.data(), 0, Goffset(length), Object(objNull)));
    if (!pdf->document->isOk()) {
        fp_pdf_close(pdf);
        return nullptr;
    }
    return pdf;
}

extern "C" int fp_pdf_read_page(FPPdfDocument *pdf, int index, cairo_t *cairo, FPPageText *text, double seconds) {
    if (text != nullptr) *text = FPPageText { nullptr, 0, nullptr, 0 };
    if (pdf == nullptr || index < 0 || index >= pdf->document->getNumPages()) return 0;
    Page *page = pdf->document->getPage(index + 1);
    if (page == nullptr) return 0;
    // poppler asks every few operators whether to stop: a page of millions of operators ends at the deadline.
    struct Deadline {
        std::chrono::steady_clock::time_point end;
        bool passed = false;
    } deadline { std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                          std::chrono::duration<double>(std::max(0.0, std::min(seconds, 86400.0)))) };
    auto stop = [](void *data) -> bool {
        auto *deadline = static_cast<Deadline *>(data);
        deadline->passed = deadline->passed || std::chrono::steady_clock::now() >= deadline->end;
        return deadline->passed;
    };
    // As poppler-glib builds a page's text: physical layout, the page's own content only (no annotations), for
    // the screen (optional content marked for viewing).
    TextOutputDev *textOutput = text ? new TextOutputDev(nullptr, true, 0, false, false) : nullptr;
    RulesOutputDev *rulesOutput = cairo ? new RulesOutputDev(cairo) : nullptr;
    PageTeeOutputDev tee(textOutput, rulesOutput);
    if (cairo) cairo_save(cairo);
    Gfx *gfx = page->createGfx(&tee, 72, 72, 0, false, true, -1, -1, -1, -1, false, stop, &deadline);
    page->display(gfx);
    // The text is taken before the Gfx goes: its destructor ends the page once more, which would coalesce the
    // words a second time (into nothing).
    tee.endPage();
    TextPage *words = textOutput && !deadline.passed ? textOutput->takeText() : nullptr;
    delete gfx;  // before the devices it draws on
    if (cairo) cairo_restore(cairo);
    if (words) {
        int rotation = page->getRotate();
        bool sideways = rotation == 90 || rotation == 270;
        takeText(words, sideways ? page->getCropHeight() : page->getCropWidth(),
                 sideways ? page->getCropWidth() : page->getCropHeight(), text);
        words->decRefCnt();
    }
    delete textOutput;
    delete rulesOutput;
    return deadline.passed ? -1 : 1;
}

extern "C" void fp_page_text_free(FPPageText *text) {
    if (text == nullptr) return;
    std::free(text->text);
    std::free(text->boxes);
    *text = FPPageText { nullptr, 0, nullptr, 0 };
}

extern "C" void fp_pdf_close(FPPdfDocument *pdf) {
    if (pdf == nullptr) return;
    delete pdf->document;
    delete pdf;
}
