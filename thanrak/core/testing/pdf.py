"""Reading a PDF back as a person copying its text would: pdftotext (poppler-utils, installed by
`make test`), with the marker that skips a test where it is missing."""

import shutil
import subprocess

import pytest

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def pdf_text(content: bytes, *args: str) -> str:
    """The PDF's text layer as pdftotext extracts it (extra pdftotext options in `args`)."""
    return subprocess.run(
        ["pdftotext", *args, "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
