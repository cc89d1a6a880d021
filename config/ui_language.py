"""Vietnamese unless the user chose another language.

Django's LocaleMiddleware also follows the browser's Accept-Language header, so an official whose
browser is set to English would get English pages. planflow is Vietnamese by default
(settings.LANGUAGE_CODE); only the language chosen with the switcher (Django's set_language view,
which stores it in the language cookie) changes that.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        language = settings.LANGUAGE_CODE
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen:
            try:
                language = translation.get_supported_language_variant(chosen)
            except LookupError:
                pass
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
