"""Log the demo accounts in once and print their session cookies as JSON (so that the
load test measures pages, not password hashing).  Usage: login.py HOST [PAGES_JSON]; with
the page list written by bench/pagelist.py, every role it names (the province accounts of a
generated data set included), else the demo roles."""

import json
import re
import sys

import requests

host = sys.argv[1]
users = ["staff", "reviewer", "principal", "officer", "admin", "commune"]
if len(sys.argv) > 2:
    with open(sys.argv[2], encoding="utf-8") as f:
        users = sorted({page["role"] for page in json.load(f)} - {"anonymous"})
sessions = {}
for user in users:
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
