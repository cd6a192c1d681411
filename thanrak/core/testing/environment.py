"""A pytest plugin, loaded before Django's settings (`-p` in pyproject.toml): what the tests ask of them.

The settings refuse to start without a SECRET_KEY unless DEBUG is asked for; the tests run as a
developer's `make run` does (DEBUG=True at import: static files from the finders, the development
key). pytest-django still turns DEBUG off while each test runs.
"""

import os

os.environ.setdefault("DEBUG", "True")
