// Draws only what can make a table's borders: strokes and fills, and the bar of an underscore or dash
// character, onto a cairo context. poppler's cairo renderer also loads every font and rasterises every glyph,
// which was four fifths of reading a PDF, and nothing of it is a border.

#include "poppler_rules.h"

#include <Annot.h>
#include <Error.h>
#include <GfxState.h>
#include <GlobalParams.h>
#include <OutputDev.h>
#include <PDFDoc.h>
#include <Stream.h>

#include <algorithm>
#include <chrono>
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
        if (width <= 0) {
            // A zero-width line is as thin as the device can draw: one pixel (as poppler's renderer draws it).
            double x = 1, y = 1;
            cairo_device_to_user_distance(cairo, &x, &y);
            width = std::min(std::fabs(x), std::fabs(y));
        }
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
        addPath(state);
        cairo_set_fill_rule(cairo, rule);
        cairo_fill(cairo);
    }

    void clipPath(GfxState *state, cairo_fill_rule_t rule) {
        addPath(state);
        cairo_set_fill_rule(cairo, rule);
        cairo_clip(cairo);
    }
};

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

struct FPRulesDocument {
    // poppler reads the stream for as long as the document is open: the copy lives as long.
    std::vector<char> bytes;
    PDFDoc *document = nullptr;
};

extern "C" FPRulesDocument *fp_rules_open(const unsigned char *bytes, size_t length) {
    if (bytes == nullptr || length == 0) return nullptr;
    fp_poppler_keep_global_state();
    auto *rules = new FPRulesDocument;
    rules->bytes.assign(reinterpret_cast<const char *>(bytes), reinterpret_cast<const char *>(bytes) + length);
    rules->document = new PDFDoc(new MemStream(rules->bytes.data(), 0, Goffset(length), Object(objNull)));
    if (!rules->document->isOk()) {
        fp_rules_close(rules);
        return nullptr;
    }
    return rules;
}

extern "C" int fp_rules_draw_page(FPRulesDocument *rules, int index, cairo_t *cairo, double seconds) {
    if (rules == nullptr || cairo == nullptr || index < 0 || index >= rules->document->getNumPages()) return 0;
    RulesOutputDev output(cairo);
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
    cairo_save(cairo);
    rules->document->displayPage(&output, index + 1, 72, 72, 0, false, true, true, stop, &deadline, skipAnnotation, nullptr);
    cairo_restore(cairo);
    return deadline.passed ? -1 : 1;
}

extern "C" void fp_rules_close(FPRulesDocument *rules) {
    if (rules == nullptr) return;
    delete rules->document;
    delete rules;
}
