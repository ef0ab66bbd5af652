# The study_plan sample printed without any table borders (run: python3 make_unruled.py; needs soffice).
# Borders are removed from the Word sample, LibreOffice prints it, and the PDF lands beside this script.
import os, re, shutil, subprocess, tempfile, zipfile

here = os.path.dirname(os.path.abspath(__file__))
source = os.path.join(here, "..", "..", "..", "Samples", "study_plan_valid_a.docx")
with tempfile.TemporaryDirectory() as work:
    docx = os.path.join(work, "unruled_study_plan.docx")
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                text = re.sub(r"<w:tblBorders>.*?</w:tblBorders>", "", text, flags=re.S)
                text = re.sub(r"<w:tcBorders>.*?</w:tcBorders>", "", text, flags=re.S)
                text = text.replace("<w:tblPr>", '<w:tblPr><w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>')
                data = text.encode("utf-8")
            zout.writestr(item, data)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", work, docx], check=True, capture_output=True)
    shutil.copy(os.path.join(work, "unruled_study_plan.pdf"), os.path.join(here, "unruled_study_plan.pdf"))
