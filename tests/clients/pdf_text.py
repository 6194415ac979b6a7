"""The text of a PDF as pypdf extracts it, page by page, as a program that
copies or indexes a pack would read it (tests/it/hyphenation.rs).

Usage: python3 pdf_text.py FILE.pdf → JSON ["page 1 text", …].
"""

import json
import sys

import pypdf

print(json.dumps([page.extract_text() for page in pypdf.PdfReader(sys.argv[1]).pages]))
