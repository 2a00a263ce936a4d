"""Time an export of every school in-process and report the process's peak memory
(run with: manage.py shell -c "exec(open('bench/export_check.py').read())").
Set EXPORT_URL; EXPORT_AREA to restrict to one district for a comparison; EXPORT_USER
(admin) is who exports: someone who sees every province, since department staff see their
own only (issue 18)."""

import os
import resource
import time

from django.test import Client

from accounts.models import User

url = os.environ.get("EXPORT_URL", "/units/schools/?export=xlsx")
client = Client()
client.force_login(User.objects.get(username=os.environ.get("EXPORT_USER", "admin")))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.monotonic()
response = client.get(url, HTTP_HOST="127.0.0.1")
size = 0
if response.streaming:
    for chunk in response.streaming_content:
        size += len(chunk)
else:
    size = len(response.content)
elapsed = time.monotonic() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(
    f"{url}: HTTP {response.status_code}, {size} bytes in {elapsed:.1f} s, "
    f"peak RSS {before // 1024} MB before -> {after // 1024} MB after"
)
