# Fillable-PDF edge cases the reader must get right (run from anywhere: python3 make_edge_cases.py).
# Each is the study_plan / annual_target_book / mentoring_summary fillable sample with one realistic twist.
import sys, copy
sys.dont_write_bytecode = True
import os
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'Samples'))
os.chdir(os.path.dirname(os.path.abspath(__file__)))
import make_fillable_pdfs as m

def write(name, page, title="t", patch=None):
    data = m.build_pdf(page, title)
    if patch: data = patch(data)
    open(name, "wb").write(data)

# V1: bordered text widgets (border drawn in the appearance stream, /MK /BC black), appearances otherwise correct
orig_ap = m.text_appearance
def bordered(widget):
    x0, y0, x1, y1 = widget.rect
    return f"q 0 G 0.75 w 0.375 0.375 {x1-x0-0.75:.2f} {y1-y0-0.75:.2f} re S Q\n" + orig_ap(widget)
m.text_appearance = bordered
write("v1_bordered.pdf", m.layout_sp(m.SP_FILLABLE["raw"]))
m.text_appearance = orig_ap

# V1b: NeedAppearances true (the committed study_plan otherwise)
write("v1b_needappearances.pdf", m.layout_sp(m.SP_FILLABLE["raw"]),
      patch=lambda d: d.replace(b"/AcroForm << /Fields", b"/AcroForm << /NeedAppearances true /Fields"))

# V2: Acrobat-style CR line break in a key-named multiline field
d = copy.deepcopy(m.SP_FILLABLE["raw"]); d["center_group"] = d["center_group"].replace("\n", "\r")
write("v2_cr.pdf", m.layout_sp(d))

# V3: rank checkboxes with the label as tooltip (Check Box1/2, /TU 职级)
page = m.layout_sp(m.SP_FILLABLE["raw"])
for w in page.widgets:
    if w.kind == "check": w.tooltip = "职级"
write("v3_check_tooltip.pdf", page)

# V4: 民主评议等次 as four unticked checkboxes (optional enum left blank)
orig_layout = m.layout_atb
page = m.layout_atb(m.ATB_FILLABLE["raw"])
# replace the evaluation text widget by ticks in the same cell
ev = [w for w in page.widgets if w.tooltip == "民主评议等次"][0]
page.widgets.remove(ev)
x0, y0, x1, y1 = ev.rect
g = m.Grid(page, 0, [0, 1])
g.place(m.Ticks([(f"Check Box{10+i}", o, False, o) for i, o in enumerate(["优秀", "合格", "基本合格", "不合格"])]), x0 - 2, y0 - 1.5, x1 + 2, y1 + 1.5)
write("v4_unticked.pdf", page, "机关党员 2017 年度目标任务书")

# V5: two-line answer in a Text-named field (no tooltip), read through the page
d = copy.deepcopy(m.MS_FILLABLE["raw"]); d["ideology_guidance"] = "每月与新教工谈心一次；\n引导其坚定理想信念，已递交入党申请书。"
write("v5_multiline_text_name.pdf", m.layout_ms(d))
