from django.utils import translation


class UserLanguageMiddleware:
    """Serve a logged-in user in the language saved on their account.

    The language switcher stores the choice on the user as well as in the cookie, so it
    follows the person to another device. Anonymous visitors keep the cookie choice.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
