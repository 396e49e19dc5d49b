"""Security headers that Django's SecurityMiddleware does not set.

- Permissions-Policy: the browser features this service never uses are switched off, so a
  script that got in could not reach the camera, microphone, location and the like.
- Cross-Origin-Resource-Policy: other sites cannot embed our responses.
- Cache-Control for signed-in pages: pages about children are not kept in the browser's cache
  (a shared computer's back button, or its disk), unless a view has said otherwise.

It sits just after SecurityMiddleware, before WhiteNoise, so static files get the first two.
"""

from django.utils.cache import patch_cache_control

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False) and "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_store=True)
        return response
