"""A small client of `formpipe serve` for the kill test and the load script: signs in as a person would (the
sign-in page's token, the session cookie) and hands in files through the upload form. Standard library only."""

import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid


class Portal:
    def __init__(self, base):
        self.base = base.rstrip("/")
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect())
        self.csrf = None

    def request(self, path, data=None, headers=None, timeout=60, with_location=False):
        """(status, body text, seconds taken[, Location]); a refusal (4xx/5xx) is an answer too."""
        started = time.monotonic()
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=timeout) as response:
                body = response.read().decode("utf-8", "replace")
                status = response.status
                location = response.headers.get("Location")
        except urllib.error.HTTPError as error:
            body = error.read().decode("utf-8", "replace")
            status = error.code
            location = error.headers.get("Location")
        seconds = time.monotonic() - started
        return (status, body, seconds, location) if with_location else (status, body, seconds)

    def sign_in(self, name, password):
        status, page, _ = self.request("/login")
        token = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
        form = urllib.parse.urlencode({"csrf": token, "name": name, "password": password}).encode()
        status, _, seconds = self.request("/login", form, {"Content-Type": "application/x-www-form-urlencoded"})
        if status != 303:
            raise RuntimeError(f"sign-in of {name} answered {status}")
        status, page, _ = self.request("/")
        self.csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
        return seconds

    def upload(self, files, timeout=60, with_location=False):
        """files: [(name, bytes)] → (status, body, seconds[, Location]): 200 with the verdicts, or 303 to the page
        that shows them once the files are read."""
        boundary = "----formpipe-" + uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{self.csrf}\r\n'.encode()]
        for name, data in files:
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            parts.append(head.encode() + b"Content-Type: application/octet-stream\r\n\r\n" + data + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            "/upload", b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={boundary}"}, timeout=timeout,
            with_location=with_location)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer to look at (303 after signing in), not one to follow."""

    def redirect_request(self, *args, **kwargs):
        return None


def wait_for(base, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/login", timeout=2).read()
            return
        except Exception:
            time.sleep(0.1)
    raise RuntimeError("the portal never answered at " + base)
