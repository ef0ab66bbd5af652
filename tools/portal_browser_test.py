#!/usr/bin/python3
"""The portal in a real browser: headless Chromium driven by Selenium (Debian's chromium, chromium-driver and
python3-selenium; nothing is downloaded). Started by the Swift test PortalBrowserTests, which makes the state
folder, the accounts and the forms, and starts `formpipe serve`.

A branch signs in, hands in a form with errors, reads the findings on the page, hands in the corrected form and
sees it 合格 and replacing the first; the office signs in and sees both. Each main page is saved as a picture at
phone and laptop width in --screens. Exit 0 when every check held; otherwise the failed check on stderr."""

import argparse
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

SIZES = {"phone": (390, 844), "laptop": (1366, 900)}


def browser(chromium, driver):
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"]:
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(executable_path=driver), options=options)


def submit(page, button):
    """Clicks a submit button and waits until the next page has replaced this one (a click returns before)."""
    old = page.find_element(By.TAG_NAME, "html")
    button.click()
    WebDriverWait(page, 30).until(lambda driver: not element_is_current(old))
    WebDriverWait(page, 30).until(lambda driver: driver.execute_script("return document.readyState") == "complete")


def element_is_current(element):
    try:
        element.tag_name
        return True
    except Exception:
        return False


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def shoot(page, screens, name):
    for size, (width, height) in SIZES.items():
        page.set_window_size(width, height)
        # The whole page, however long: the window grows to the document's height.
        full = page.execute_script("return document.documentElement.scrollHeight")
        page.set_window_size(width, max(height, full))
        page.save_screenshot(os.path.join(screens, f"{name}-{size}.png"))
    page.set_window_size(*SIZES["laptop"])


def sign_in(page, base, name, password):
    page.get(base + "/login")
    page.find_element(By.NAME, "name").send_keys(name)
    page.find_element(By.NAME, "password").send_keys(password)
    submit(page, page.find_element(By.CSS_SELECTOR, "form.card button[type=submit]"))


def upload(page, path):
    page.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(path)
    submit(page, page.find_element(By.CSS_SELECTOR, "form[action='/upload'] button[type=submit]"))
    # A busy portal answers before the file is read, with a page that reloads itself until the verdict is there.
    WebDriverWait(page, 60).until(lambda driver: "正在检查" not in driver.title)
    WebDriverWait(page, 30).until(lambda driver: driver.execute_script("return document.readyState") == "complete")


def main():
    parser = argparse.ArgumentParser()
    for option in ["base", "chromium", "driver", "screens", "invalid", "corrected", "branch-password", "office-password"]:
        parser.add_argument("--" + option, required=True)
    args = parser.parse_args()
    page = browser(args.chromium, args.driver)
    try:
        page.get(args.base + "/")
        check(page.current_url.endswith("/login"), "an anonymous visitor is sent to the sign-in page")
        shoot(page, args.screens, "sign-in")

        sign_in(page, args.base, "zhibu1", args.branch_password)
        check("本支部提交的表格" in page.page_source, "the branch's page after signing in")
        shoot(page, args.screens, "branch-home")

        # Files dropped on the form go into its file input (the one script, allowed by the page's CSP).
        dropped = page.execute_script(
            "var dt = new DataTransfer(); dt.items.add(new File(['x'], 'dropped.docx'));"
            "var form = document.querySelector('form.upload');"
            "form.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));"
            "return form.querySelector('input[type=file]').files.length;")
        check(dropped == 1, f"a file dropped on the form is in its file input: {dropped}")
        page.get(args.base + "/")
        upload(page, args.invalid)
        text = page.find_element(By.TAG_NAME, "main").text
        check("需整改" in text, "the form with errors is 需整改: " + text)
        check("计划集中学习学时" in text, "its finding names the field by its label: " + text)
        shoot(page, args.screens, "result-invalid")

        page.get(args.base + "/")
        upload(page, args.corrected)
        text = page.find_element(By.TAG_NAME, "main").text
        check("合格" in text, "the corrected form is 合格: " + text)
        check("已取代之前提交的" in text, "and replaces the first: " + text)
        shoot(page, args.screens, "result-corrected")

        submit(page, page.find_element(By.LINK_TEXT, "查看详情"))
        check("填写的内容" in page.page_source, "a submission's page")
        check("取代了" in page.find_element(By.TAG_NAME, "main").text, "with its history: it replaced the first")
        shoot(page, args.screens, "submission")

        page.get(args.base + "/")
        rows = page.find_elements(By.CSS_SELECTOR, "tbody tr")
        check(len(rows) == 2, f"the branch's list holds both submissions: {len(rows)}")
        check("已被更正版本取代" in page.find_element(By.TAG_NAME, "tbody").text, "the first shows as replaced")
        shoot(page, args.screens, "branch-list")
        submit(page, page.find_element(By.CSS_SELECTOR, "header button"))
        check(page.current_url.endswith("/login"), "signing out leads back to the sign-in page")

        sign_in(page, args.base, "office", args.office_password)
        rows = page.find_elements(By.CSS_SELECTOR, "tbody tr")
        check(len(rows) == 2, f"the office sees both: {len(rows)}")
        shoot(page, args.screens, "office-home")
        submit(page, page.find_element(By.LINK_TEXT, "总览与报表下载"))
        check("report.xlsx" in page.page_source, "the office's downloads")
        shoot(page, args.screens, "office-reports")
        submit(page, page.find_element(By.PARTIAL_LINK_TEXT, "总览"))
        check("各支部完成情况" in page.page_source, "the live overview")
        shoot(page, args.screens, "office-overview")
    except AssertionError as failure:
        page.save_screenshot(os.path.join(args.screens, "failure.png"))
        print("FAILED: " + str(failure), file=sys.stderr)
        return 1
    finally:
        page.quit()
    print("browser checks passed; pictures in " + args.screens)
    return 0


if __name__ == "__main__":
    sys.exit(main())
