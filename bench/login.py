"""Log the demo accounts in once and print their session cookies as JSON (so that the
load test measures pages, not password hashing)."""

import json
import re
import sys

import requests

host = sys.argv[1]
sessions = {}
for user in ("staff", "reviewer", "principal", "officer", "admin", "commune"):
    s = requests.Session()
    page = s.get(f"{host}/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    r = s.post(
        f"{host}/accounts/login/",
        data={
            "username": user,
            "password": "learnsociety-demo",
            "csrfmiddlewaretoken": token,
        },
        headers={"Referer": f"{host}/accounts/login/"},
        timeout=30,
        allow_redirects=False,
    )
    if r.status_code != 302 or "sessionid" not in s.cookies:
        sys.exit(f"login failed for {user}: HTTP {r.status_code}")
    sessions[user] = {
        "sessionid": s.cookies["sessionid"],
        "csrftoken": s.cookies.get("csrftoken", ""),
    }
print(json.dumps(sessions))
