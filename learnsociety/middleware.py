"""Project-wide response hardening: HEAD answered wherever GET is, authenticated pages and
downloads kept out of every cache, and the Permissions-Policy header."""

from __future__ import annotations

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers


class HeadAsGetMiddleware:
    """Answer ``HEAD`` as the ``GET`` of the same URL without its body (RFC 9110 §9.3.2),
    so a load balancer's or a link checker's ``HEAD`` never meets a 405 from a view that
    only allows GET. GET views have no side effects, so this is safe."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        response = self.get_response(request)
        if response.streaming:
            response.close()  # release the file or the database cursor behind it
            response.streaming_content = []
        else:
            if not response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response


class SecurityHeadersMiddleware:
    """``Cache-Control: no-store, private`` on every response to a signed-in user (pages,
    exports, files: OWASP WSTG-ATHN-06, nothing readable from the browser's cache after
    logout) and the ``Permissions-Policy`` header on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
            patch_vary_headers(response, ["Cookie"])
        if settings.PERMISSIONS_POLICY and not response.has_header("Permissions-Policy"):
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response
