"""Every named URL of the project, read from the URLconf, for the generated security tests."""

from django.urls import URLPattern, URLResolver, get_resolver


def named_urls() -> dict[str, str]:
    """``{"namespace:name": "route"}`` for every named pattern, the admin's included."""
    found: dict[str, str] = {}

    def walk(patterns, namespace: str, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.setdefault(namespace + pattern.name, prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns, "", "")
    return found
