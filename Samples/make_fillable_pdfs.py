#!/usr/bin/env python3
"""Write fillable (AcroForm) PDF samples, one per form, and their expected records.

Run from anywhere:  python3 Samples/make_fillable_pdfs.py
Python 3 standard library only; the output is deterministic (no dates, fixed /ID), so re-running gives
byte-identical files. Writes Samples/pdf/<form>_fillable.pdf and Samples/expected/pdf/<form>_fillable.json.

Each PDF is a one-page A4 form as a clerk receives it from the 机关党委: the title, the printed labels in a ruled
table (0.5 pt borders, as a Word table prints), and AcroForm widgets where the answers go. Page text uses the
non-embedded predefined CJK font STSong-Light (Adobe-GB1, UniGB-UCS2-H); field values are UTF-16BE strings with
a BOM; every widget carries its own appearance stream (/AP), so /NeedAppearances is left out (false): with it set,
poppler regenerates the appearances from /DA and cannot encode the text in this non-embedded CID font, so viewers
show boxes (tofu) instead of the values.

Layout of this file:
  1. SAMPLES   the raw values as typed into the fields, the findings the validator must report
  2. PDF       a tiny object writer: fonts, pages with text and ruling lines, text/checkbox/combo widgets
  3. layouts   one function per sample placing labels and widgets (and choosing the field names)
  4. main      PDFs and expected JSON (normalised with make_samples.py's rules)
"""

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True  # no __pycache__/ in Samples/, which `formpipe batch Samples` would list
sys.path.insert(0, str(HERE))
import make_samples  # noqa: E402  (FIELDS, TITLES, expected_fields: the same normalisation as the Word samples)

finding = make_samples.finding

# ---------------------------------------------------------------------------------------------------------------
# 1. Samples. New people and branches: no identity is shared with the Word/printed samples.
# ---------------------------------------------------------------------------------------------------------------

# Field names are the keys of FORMS.md (name, total_hours…); 职级 as two checkboxes; 学习安排 as a grid of
# text widgets with a combo box for 学习形式. Invalid: 学时合计 100 < 110 (20+24+32+24, 自学 not counted).
SP_FILLABLE = {
    "name": "study_plan_fillable", "form": "study_plan", "status": "invalid",
    "raw": {
        "year": "2017",
        "branch": "机关第四党支部",
        "name": "邓志远",
        "position": "图书馆副馆长",
        "rank": "副处级",
        "items": [
            {"seq": "1", "topic": "党章和《中国共产党纪律处分条例》专题学习", "mode": "集中学习",
             "schedule": "2017年3月—5月", "hours": "20"},
            {"seq": "2", "topic": "习近平总书记系列重要讲话精神", "mode": "研讨",
             "schedule": "每月最后一周周五下午", "hours": "24"},
            {"seq": "3", "topic": "高校图书馆数字资源建设与服务创新", "mode": "在线学习",
             "schedule": "全年", "hours": "32"},
            {"seq": "4", "topic": "《之江新语》通读", "mode": "自学", "schedule": "全年", "hours": "30"},
            {"seq": "5", "topic": "赴兄弟院校图书馆调研智慧图书馆建设", "mode": "调研",
             "schedule": "2017年10月", "hours": "24"},
        ],
        "total_hours": "100",
        "warning_education_hours": "6",
        "center_group": "参加机关党委中心组理论学习，每季度不少于1次；\n参加“机关讲坛”专题报告会不少于4场。",
        "filled_on": "2017年6月26日",
        "secretary_review": "同意，请按计划认真落实。",
    },
    "findings": [
        finding("total_hours", "minimum"),
    ],
}

# Meaningless names (Text1…, Check Box1…) with the Chinese label as tooltip (/TU); 党员类别 as four checkboxes
# beside the printed options; 年度目标 / 年度任务 as grids of text widgets (read through the printed header).
ATB_FILLABLE = {
    "name": "annual_target_book_fillable", "form": "annual_target_book", "status": "valid",
    "raw": {
        "year": "2017",
        "branch": "机关第五党支部",
        "name": "赵雅琴",
        "position": "人事处师资科科长",
        "member_category": "党支部书记",
        "joined_party_on": "2003年6月18日",
        "duties": "负责师资队伍建设规划、教师招聘与职称评审组织工作；\n兼任机关第五党支部书记，主持支部日常工作。",
        "goals": [
            {"seq": "1", "content": "全年参加集中学习不少于60学时，撰写学习体会4篇", "deadline": "2017年12月31日"},
            {"seq": "2", "content": "严格落实“三会一课”制度，每月开展一次主题党日活动", "deadline": "2017年12月31日"},
            {"seq": "3", "content": "支部党员民主评议优秀率达到30%以上", "deadline": "2017年12月20日"},
        ],
        "tasks": [
            {"seq": "1", "content": "完成2017年度教师公开招聘工作", "deadline": "2017年7月31日"},
            {"seq": "2", "content": "组织完成年度专业技术职务评审", "deadline": "2017年11月30日"},
            {"seq": "3", "content": "修订《师资博士后管理办法》", "deadline": "2017年9月30日"},
        ],
        "planned_study_hours": "60",
        "planned_speeches": "3",
        "planned_reflections": "4",
        "review_opinion": "目标任务明确，符合岗位实际，同意。",
        "reviewer": "王立新",
        "reviewed_on": "2017年3月14日",
        "signed_on": "2017年3月9日",
    },
    "findings": [],
}

# Field names are the Chinese labels (党支部名称, 支部书记…); the six aspects are pre-printed in the first column of
# 查摆情况 and the answers are text widgets named after their column label and row (存在问题1…).
BSC_FILLABLE = {
    "name": "branch_self_check_fillable", "form": "branch_self_check", "status": "valid",
    "raw": {
        "branch": "机关第四党支部",
        "secretary": "韩志刚",
        "member_count": "27",
        "filled_on": "2017年5月22日",
        "items": [
            {"aspect": "组织是否健全", "problems": "支部委员分工不够明确，组织委员长期兼任纪检委员",
             "measures": "重新明确支委分工，增补一名纪检委员并报机关党委审批", "deadline": "2017年6月30日",
             "owner": "韩志刚"},
            {"aspect": "制度是否完善", "problems": "党员发展和党费收缴制度未形成书面细则",
             "measures": "制定党员发展工作细则和党费收缴管理办法，经支委会审议后执行", "deadline": "2017年7月31日",
             "owner": "林晓燕"},
            {"aspect": "运行是否规范", "problems": "个别月份支委会会议记录不完整",
             "measures": "指定专人负责会议记录，每月由支部书记审核签字后归档", "deadline": "2017年6月15日",
             "owner": "林晓燕"},
            {"aspect": "活动是否经常", "problems": "主题党日活动形式单一，以集中学习文件为主",
             "measures": "结合部门业务开展志愿服务、参观学习等活动，每季度至少一次", "deadline": "2017年12月31日",
             "owner": "陈思远"},
            {"aspect": "档案是否齐全", "problems": "2015年以前的党员发展材料有缺失",
             "measures": "逐一核对党员档案，缺失材料由本人补写说明并经支委会确认", "deadline": "2017年9月30日",
             "owner": "周敏"},
            {"aspect": "作用是否突出", "problems": "党员在部门重点工作中的示范带头作用体现不充分",
             "measures": "设立党员先锋岗，在年度重点工作中明确党员承担的具体任务", "deadline": "2017年10月31日",
             "owner": "韩志刚"},
        ],
        "overall": "支部组织基本健全，制度逐步完善，但在活动创新和档案管理方面仍有差距，将按整改措施逐项落实。",
        "committee_opinion": "",
    },
    "findings": [],
}

# Meaningless names (Text1…) and no tooltips: every value is read through the printed label beside its widget;
# 填表日期 is an unruled `标签：值` line under the table; 活动记录 as a grid of text widgets.
MS_FILLABLE = {
    "name": "mentoring_summary_fillable", "form": "mentoring_summary", "status": "valid",
    "raw": {
        "department": "信息化建设与管理处",
        "branch": "机关第四党支部",
        "mentor_name": "吴振邦",
        "mentee_name": "彭雨桐",
        "paired_on": "2016年9月10日",
        "period": "2017年上半年",
        "activities": [
            {"date": "2017年3月15日", "kind": "思想", "content": "共同学习《中国共产党廉洁自律准则》，交流学习体会"},
            {"date": "2017年4月20日", "kind": "工作", "content": "指导完成校园网络安全等级保护自查报告的撰写"},
            {"date": "2017年5月26日", "kind": "生活", "content": "了解新教工住房困难，协助申请青年教师公寓"},
            {"date": "2017年6月22日", "kind": "工作", "content": "带领参与数据中心机房巡检，讲解运维规范和应急预案"},
        ],
        "ideology_guidance": "每月与新教工谈心一次，引导其坚定理想信念，积极向党组织靠拢，已递交入党申请书。",
        "work_guidance": "传授信息系统项目管理经验，指导其独立承担校园一卡通系统升级项目的需求调研。",
        "life_care": "关心新教工的工作和生活，帮助解决住房和子女入托等实际困难。",
        "summary": "半年来，我们按照结对协议开展了思想、工作、生活等方面的交流活动。新教工政治上积极要求进步，"
                   "递交了入党申请书；业务上熟悉了学校信息化建设的总体情况，能够独立承担部分项目工作；"
                   "生活上逐步适应了学校环境。老教工在指导过程中也更新了知识，做到了教学相长、共同提高。",
        "next_plan": "下半年重点指导新教工参与智慧校园顶层设计，继续做好入党积极分子培养工作。",
        "filled_on": "2017年7月6日",
        "branch_opinion": "同意。结对活动扎实有效，望继续保持。",
    },
    "findings": [],
}

SAMPLES = [ATB_FILLABLE, SP_FILLABLE, BSC_FILLABLE, MS_FILLABLE]

# ---------------------------------------------------------------------------------------------------------------
# 2. PDF writer
# ---------------------------------------------------------------------------------------------------------------

PAGE_W, PAGE_H = 595.0, 842.0
FONT_SIZE = 9.0
ASCENT, DESCENT = 880, -120


def is_wide(ch):
    return ord(ch) > 0x7E


def text_width(s, size):
    return sum(size if is_wide(ch) else size / 2 for ch in s)


def hex_ucs2(s):
    """Page text for /UniGB-UCS2-H: UCS-2 big-endian code units."""
    return "<" + s.encode("utf-16-be").hex().upper() + ">"


def pdf_text_string(s):
    """A PDF text string: plain literal for printable ASCII, else UTF-16BE with a BOM."""
    if all(0x20 <= ord(ch) <= 0x7E for ch in s):
        return "(" + s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
    return "<FEFF" + s.encode("utf-16-be").hex().upper() + ">"


def num(v):
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


class Ref:
    def __init__(self, number):
        self.number = number

    def __str__(self):
        return f"{self.number} 0 R"


class Writer:
    """Objects in order of allocation; serialised with a classic xref table."""

    def __init__(self):
        self.objects = []

    def reserve(self):
        self.objects.append(None)
        return Ref(len(self.objects))

    def set(self, ref, body):
        self.objects[ref.number - 1] = body

    def add(self, body):
        ref = self.reserve()
        self.set(ref, body)
        return ref

    def stream(self, dictionary, data):
        data = data.encode("latin-1") if isinstance(data, str) else data
        return self.add((f"<< {dictionary} /Length {len(data)} >>\nstream\n".encode("latin-1") + data
                         + b"\nendstream"))

    def serialise(self, root, info):
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(self.objects, start=1):
            assert body is not None, f"object {number} never written"
            offsets.append(len(out))
            body = body.encode("latin-1") if isinstance(body, str) else body
            out += f"{number} 0 obj\n".encode("latin-1") + body + b"\nendobj\n"
        file_id = hashlib.md5(bytes(out)).hexdigest().upper()
        xref = len(out)
        out += f"xref\n0 {len(self.objects) + 1}\n0000000000 65535 f \n".encode("latin-1")
        for offset in offsets:
            out += f"{offset:010d} 00000 n \n".encode("latin-1")
        out += (f"trailer\n<< /Size {len(self.objects) + 1} /Root {root} /Info {info} "
                f"/ID [<{file_id}> <{file_id}>] >>\nstartxref\n{xref}\n%%EOF\n").encode("latin-1")
        return bytes(out)


class Widget:
    def __init__(self, kind, name, rect, value="", tooltip=None, multiline=False, options=None):
        self.kind = kind  # "text", "check", "combo"
        self.name = name
        self.rect = rect  # (x0, y0, x1, y1) PDF user space
        self.value = value  # text; for "check" a bool
        self.tooltip = tooltip
        self.multiline = multiline
        self.options = options or []


class Page:
    """One page's content stream (text and ruling lines) and its widgets, all in PDF user space."""

    def __init__(self):
        self.ops = []
        self.widgets = []

    def text(self, x, baseline, s, size=FONT_SIZE):
        self.ops.append(f"BT /F1 {num(size)} Tf {num(x)} {num(baseline)} Td {hex_ucs2(s)} Tj ET")

    def centered(self, baseline, s, size):
        self.text((PAGE_W - text_width(s, size)) / 2, baseline, s, size)

    def box(self, x0, y0, x1, y1):
        self.ops.append(f"{num(x0)} {num(y0)} {num(x1 - x0)} {num(y1 - y0)} re S")

    def hline(self, x0, x1, y):
        self.ops.append(f"{num(x0)} {num(y)} m {num(x1)} {num(y)} l S")

    def content(self):
        return "0 G 0.5 w\n" + "\n".join(self.ops) + "\n"


def baseline_for_middle(middle, size=FONT_SIZE):
    """The baseline that puts a glyph box (ascent…descent) of `size` with its middle at `middle`."""
    return middle - size * (ASCENT + DESCENT) / 2000


def wrap(text, size, width):
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for ch in paragraph:
            if line and text_width(line + ch, size) > width:
                lines.append(line)
                line = ""
            line += ch
        lines.append(line)
    return lines


def text_appearance(widget):
    """Appearance of a text or combo widget: its value, shrunk until it fits the box (as auto-size does)."""
    x0, y0, x1, y1 = widget.rect
    w, h = x1 - x0, y1 - y0
    value = widget.value
    if not value:
        return "/Tx BMC\nEMC\n"
    size = FONT_SIZE
    while True:
        if widget.multiline:
            lines = wrap(value, size, w - 4)
        else:
            lines = [value.replace("\n", " ")]
        fits = all(text_width(line, size) <= w - 4 for line in lines) and len(lines) * size * 1.2 <= h - 2
        if fits or size <= 4:
            break
        size -= 0.5
    leading = size * 1.2
    if widget.multiline:
        first = h - 2 - size * ASCENT / 1000
    else:
        first = (h - size * (ASCENT + DESCENT) / 1000) / 2 - size * DESCENT / 1000
    body = [f"/Tx BMC q BT /STSong {num(size)} Tf 0 g {num(leading)} TL 2 {num(first)} Td"]
    for index, line in enumerate(lines):
        body.append(("" if index == 0 else "T* ") + f"{hex_ucs2(line)} Tj")
    body.append("ET Q EMC")
    return "\n".join(body) + "\n"


def build_pdf(page, doc_title):
    writer = Writer()
    catalog, pages_ref, page_ref = writer.reserve(), writer.reserve(), writer.reserve()
    descriptor = writer.add(
        f"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        f"/ItalicAngle 0 /Ascent {ASCENT} /Descent {DESCENT} /CapHeight 880 /StemV 93 >>")
    cid_font = writer.add(
        f"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        f"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
        f"/FontDescriptor {descriptor} /DW 1000 /W [1 95 500] >>")
    font = writer.add(
        f"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        f"/DescendantFonts [{cid_font}] >>")
    content = writer.stream("", page.content())

    check_on = writer.stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 10 10]",
        "q 0 G 0.6 w 0.5 0.5 9 9 re S 0 g 2 5.2 m 4 2.5 l 8.2 8 l 7.4 8.6 l 4 4 l 2.8 4.5 l f Q\n")
    check_off = writer.stream("/Type /XObject /Subtype /Form /BBox [0 0 10 10]", "q 0 G 0.6 w 0.5 0.5 9 9 re S Q\n")

    widget_refs = []
    for widget in page.widgets:
        x0, y0, x1, y1 = widget.rect
        common = (f"/Type /Annot /Subtype /Widget /P {page_ref} /F 4 /T {pdf_text_string(widget.name)} "
                  f"/Rect [{num(x0)} {num(y0)} {num(x1)} {num(y1)}]")
        if widget.tooltip:
            common += f" /TU {pdf_text_string(widget.tooltip)}"
        if widget.kind == "check":
            state = "/Yes" if widget.value else "/Off"
            body = (f"<< {common} /FT /Btn /V {state} /AS {state} /MK << /CA (4) >> "
                    f"/DA (/ZaDb 0 Tf 0 g) /AP << /N << /Yes {check_on} /Off {check_off} >> >> >>")
        else:
            appearance = writer.stream(
                f"/Type /XObject /Subtype /Form /BBox [0 0 {num(x1 - x0)} {num(y1 - y0)}] "
                f"/Resources << /Font << /STSong {font} >> >>", text_appearance(widget))
            value = f" /V {pdf_text_string(widget.value)}" if widget.value else ""
            if widget.kind == "combo":
                options = " ".join(pdf_text_string(option) for option in widget.options)
                body = (f"<< {common} /FT /Ch /Ff 131072 /Opt [{options}]{value} "
                        f"/DA (/STSong 0 Tf 0 g) /AP << /N {appearance} >> >>")
            else:
                flags = " /Ff 4096" if widget.multiline else ""
                body = f"<< {common} /FT /Tx{flags}{value} /DA (/STSong 0 Tf 0 g) /AP << /N {appearance} >> >>"
        widget_refs.append(writer.add(body))

    refs = " ".join(str(ref) for ref in widget_refs)
    writer.set(page_ref,
               f"<< /Type /Page /Parent {pages_ref} /MediaBox [0 0 {num(PAGE_W)} {num(PAGE_H)}] "
               f"/Resources << /Font << /F1 {font} >> >> /Contents {content} /Annots [{refs}] >>")
    writer.set(pages_ref, f"<< /Type /Pages /Kids [{page_ref}] /Count 1 >>")
    zadb = writer.add("<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >>")
    writer.set(catalog,
               f"<< /Type /Catalog /Pages {pages_ref} /AcroForm << /Fields [{refs}] "
               f"/DA (/STSong 0 Tf 0 g) /DR << /Font << /STSong {font} /ZaDb {zadb} >> >> >> >>")
    info = writer.add(f"<< /Title {pdf_text_string(doc_title)} /Producer (formpipe make_fillable_pdfs.py) >>")
    return writer.serialise(catalog, info)


# ---------------------------------------------------------------------------------------------------------------
# 3. Layouts. A Grid prints a ruled table row by row from the top; each cell holds a printed label, printed
#    text, a widget, or tick options (checkbox widgets just left of each printed option).
# ---------------------------------------------------------------------------------------------------------------

LEFT, RIGHT = 50.0, 545.0


class Label:
    def __init__(self, text, center=False):
        self.text, self.center = text, center


class Field:
    def __init__(self, name, value="", tooltip=None, multiline=False, kind="text", options=None):
        self.name, self.value, self.tooltip = name, value, tooltip
        self.multiline, self.kind, self.options = multiline, kind, options


class Ticks:
    """Tick options: [(checkbox name, option, ticked, tooltip)]."""

    def __init__(self, options):
        self.options = options


class Grid:
    def __init__(self, page, top, columns):
        """columns: x positions of the borders, left to right."""
        self.page, self.y, self.columns = page, top, columns

    def row(self, height, *cells):
        """cells: (content, span) pairs or bare contents (span 1), filling the grid columns left to right."""
        top, bottom = self.y, self.y - height
        column = 0
        for cell in cells:
            content, span = cell if isinstance(cell, tuple) else (cell, 1)
            x0, x1 = self.columns[column], self.columns[column + span]
            self.page.box(x0, bottom, x1, top)
            self.place(content, x0, bottom, x1, top)
            column += span
        assert column == len(self.columns) - 1, f"row fills {column} of {len(self.columns) - 1} columns"
        self.y = bottom

    def place(self, content, x0, y0, x1, y1):
        middle = (y0 + y1) / 2
        if content is None:
            return
        if isinstance(content, Label):
            lines = wrap(content.text, FONT_SIZE, x1 - x0 - 6)
            leading = FONT_SIZE * 1.3
            first = middle + (len(lines) - 1) * leading / 2
            for index, line in enumerate(lines):
                x = (x0 + x1 - text_width(line, FONT_SIZE)) / 2 if content.center else x0 + 3
                self.page.text(x, baseline_for_middle(first - index * leading), line)
        elif isinstance(content, Field):
            rect = (x0 + 2, y0 + 1.5, x1 - 2, y1 - 1.5)
            self.page.widgets.append(Widget(content.kind, content.name, rect, content.value, content.tooltip,
                                            content.multiline, content.options))
        elif isinstance(content, Ticks):
            x = x0 + 4
            for name, option, ticked, tooltip in content.options:
                self.page.widgets.append(Widget("check", name, (x, middle - 5, x + 10, middle + 5), ticked, tooltip))
                self.page.text(x + 12, baseline_for_middle(middle), option)
                x += 12 + text_width(option, FONT_SIZE) + 12
        else:
            raise TypeError(content)


def title_block(page, text, top=790.0):
    page.centered(top, text, 16)


def layout_atb(d):
    page = Page()
    title_block(page, "机关党员2017年度目标任务书")
    counter = iter(range(1, 200))

    def text_field(key, label=None, multiline=False):
        # Acrobat's default names; the tooltip (/TU) carries the label a person sees when hovering.
        return Field(f"Text{next(counter)}", d.get(key, ""), tooltip=label, multiline=multiline)

    cols = [LEFT, 115, 235, 300, 420, 470, RIGHT]
    g = Grid(page, 770, cols)
    g.row(22, Label("年度"), text_field("year", "年度"), Label("所在党支部"), (text_field("branch", "所在党支部"), 3))
    g.row(22, Label("姓名"), text_field("name", "姓名"), Label("职务"), (text_field("position", "职务"), 3))
    checks = iter(range(1, 50))
    ticks = Ticks([(f"Check Box{next(checks)}", option, option == d["member_category"], option)
                   for option in make_samples.MEMBER_CATEGORIES])
    g.row(22, Label("党员类别"), (ticks, 5))
    g.row(22, Label("入党时间"), text_field("joined_party_on", "入党时间"), Label("填表日期"),
          (text_field("signed_on", "填表日期"), 3))
    g.row(40, Label("岗位职责"), (text_field("duties", "岗位职责", multiline=True), 5))

    def repeating(section, column_label, rows, empty):
        g.row(20, (Label(section, center=True), 6))
        g.row(20, Label("序号", center=True), (Label(column_label, center=True), 4), Label("完成时限", center=True))
        for index in range(len(rows) + empty):
            row = rows[index] if index < len(rows) else {}
            g.row(20, Label(str(index + 1), center=True),
                  (Field(f"Text{next(counter)}", row.get("content", ""), tooltip=f"{column_label}（第{index + 1}行）"), 4),
                  Field(f"Text{next(counter)}", row.get("deadline", ""), tooltip=f"完成时限（第{index + 1}行）"))

    repeating("年度目标", "目标内容", d["goals"], 1)
    repeating("年度任务", "任务内容", d["tasks"], 1)
    g.row(22, (Label("计划集中学习学时"), 2), text_field("planned_study_hours", "计划集中学习学时"),
          (Label("主题发言次数"), 1), (text_field("planned_speeches", "主题发言次数"), 2))
    g.row(22, (Label("学习体会篇数"), 2), text_field("planned_reflections", "学习体会篇数"), Label("审核人"),
          (text_field("reviewer", "审核人"), 2))
    g.row(36, Label("支部审核意见"), (text_field("review_opinion", "支部审核意见", multiline=True), 3),
          Label("审核日期"), text_field("reviewed_on", "审核日期"))
    g.row(36, Label("年终完成情况"), (text_field("self_assessment", "年终完成情况", multiline=True), 5))
    g.row(22, Label("民主评议等次"), (text_field("evaluation", "民主评议等次"), 5))
    return page


def layout_sp(d):
    page = Page()
    title_block(page, "机关党委党员干部学习计划表")
    page.centered(768, "（副处级及以上干部填写，7月5日前报机关党委）", FONT_SIZE)
    cols = [LEFT, 110, 250, 310, 400, 470, RIGHT]
    g = Grid(page, 755, cols)
    g.row(22, Label("年度"), Field("year", d["year"]), Label("所在支部"), (Field("branch", d["branch"]), 3))
    g.row(22, Label("姓名"), Field("name", d["name"]), Label("职务"), (Field("position", d["position"]), 3))
    g.row(22, Label("职级"), (Ticks([(f"rank_{index + 1}", option, option == d["rank"], None)
                                     for index, option in enumerate(make_samples.RANKS)]), 5))
    g.row(20, (Label("学习安排", center=True), 6))
    g.row(20, Label("序号", center=True), (Label("学习内容", center=True), 2), Label("学习形式", center=True),
          Label("时间安排", center=True), Label("学时", center=True))
    modes = ["自学", "集中学习", "研讨", "调研", "在线学习", "其他"]
    for index in range(7):
        row = d["items"][index] if index < len(d["items"]) else {}
        n = index + 1
        g.row(22, Label(str(n), center=True), (Field(f"items_{n}_topic", row.get("topic", "")), 2),
              Field(f"items_{n}_mode", row.get("mode", ""), kind="combo", options=modes),
              Field(f"items_{n}_schedule", row.get("schedule", "")), Field(f"items_{n}_hours", row.get("hours", "")))
    g.row(22, (Label("集中学习培训学时合计"), 2), Field("total_hours", d["total_hours"]),
          (Label("警示教育在线学习学时"), 2), Field("warning_education_hours", d["warning_education_hours"]))
    g.row(44, Label("中心组学习及讲坛安排"), (Field("center_group", d["center_group"], multiline=True), 5))
    g.row(44, Label("支部书记审核意见"), (Field("secretary_review", d["secretary_review"], multiline=True), 3),
          Label("填表日期"), Field("filled_on", d["filled_on"]))
    return page


def layout_bsc(d):
    page = Page()
    title_block(page, "机关党委基层党支部规范化建设问题查摆及整改措施")
    cols = [LEFT, 125, 245, 385, 470, RIGHT]
    g = Grid(page, 770, cols)
    g.row(22, Label("党支部名称"), Field("党支部名称", d["branch"]), Label("支部书记"),
          (Field("支部书记", d["secretary"]), 2))
    g.row(22, Label("党员人数"), Field("党员人数", d["member_count"]), Label("填报日期"),
          (Field("填报日期", d["filled_on"]), 2))
    g.row(20, (Label("查摆情况", center=True), 5))
    g.row(20, *(Label(text, center=True) for text in ["方面", "存在问题", "整改措施", "整改时限", "责任人"]))
    for index, item in enumerate(d["items"]):
        n = index + 1
        g.row(46, Label(item["aspect"], center=True),
              Field(f"存在问题{n}", item["problems"], multiline=True),
              Field(f"整改措施{n}", item["measures"], multiline=True),
              Field(f"整改时限{n}", item["deadline"]), Field(f"责任人{n}", item["owner"]))
    g.row(60, Label("总体自评"), (Field("总体自评", d["overall"], multiline=True), 4))
    g.row(50, Label("机关党委意见"), (Field("机关党委意见", d["committee_opinion"], multiline=True), 4))
    return page


def layout_ms(d):
    page = Page()
    title_block(page, "传承红色基因新老教工结对活动阶段总结表")
    counter = iter(range(1, 200))

    def text_field(key, multiline=False):
        return Field(f"Text{next(counter)}", d.get(key, ""), multiline=multiline)

    cols = [LEFT, 125, 270, 345, RIGHT]
    g = Grid(page, 770, cols)
    g.row(22, Label("所在部门"), text_field("department"), Label("所在支部"), text_field("branch"))
    g.row(22, Label("老教工姓名"), text_field("mentor_name"), Label("新教工姓名"), text_field("mentee_name"))
    g.row(22, Label("结对时间"), text_field("paired_on"), Label("总结阶段"), text_field("period"))
    g.row(20, (Label("活动记录", center=True), 4))
    g.row(20, Label("日期", center=True), Label("类别", center=True), (Label("活动内容", center=True), 2))
    for index in range(6):
        row = d["activities"][index] if index < len(d["activities"]) else {}
        g.row(22, Field(f"Text{next(counter)}", row.get("date", "")), Field(f"Text{next(counter)}", row.get("kind", "")),
              (Field(f"Text{next(counter)}", row.get("content", "")), 2))
    g.row(40, Label("思想上关心指导"), (text_field("ideology_guidance", multiline=True), 3))
    g.row(40, Label("工作上关心指导"), (text_field("work_guidance", multiline=True), 3))
    g.row(40, Label("生活上关心帮助"), (text_field("life_care", multiline=True), 3))
    g.row(80, Label("阶段总结"), (text_field("summary", multiline=True), 3))
    g.row(40, Label("下阶段计划"), (text_field("next_plan", multiline=True), 3))
    g.row(40, Label("支部意见"), (text_field("branch_opinion", multiline=True), 3))
    # Under the table, as on the paper form: "填表日期：________", the blank being a widget.
    middle = g.y - 24
    page.text(345, baseline_for_middle(middle), "填表日期：")
    page.widgets.append(Widget("text", f"Text{next(counter)}", (392, middle - 8, RIGHT, middle + 8), d["filled_on"]))
    return page


LAYOUTS = {
    "annual_target_book_fillable": layout_atb,
    "study_plan_fillable": layout_sp,
    "branch_self_check_fillable": layout_bsc,
    "mentoring_summary_fillable": layout_ms,
}

# ---------------------------------------------------------------------------------------------------------------
# 4. main
# ---------------------------------------------------------------------------------------------------------------


def main():
    pdf_dir, expected_dir = HERE / "pdf", HERE / "expected" / "pdf"
    pdf_dir.mkdir(exist_ok=True)
    expected_dir.mkdir(parents=True, exist_ok=True)
    for sample in SAMPLES:
        name, form = sample["name"], sample["form"]
        page = LAYOUTS[name](sample["raw"])
        (pdf_dir / f"{name}.pdf").write_bytes(build_pdf(page, make_samples.TITLES[form]))
        make_samples.write_json(expected_dir / f"{name}.json", {
            "file": f"Samples/pdf/{name}.pdf", "form": form, "status": sample["status"],
            "fields": make_samples.expected_fields(form, sample["raw"]), "findings": sample["findings"],
        })
    print(f"wrote {len(SAMPLES)} fillable PDFs to {pdf_dir} and their expected records to {expected_dir}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
