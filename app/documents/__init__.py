"""Documents (文书) of a case as A4 PDFs with Chinese text and a verification QR code.

kinds.py names each kind and its built-in wording; templates.py picks the admin's wording; context.py freezes
what a document says when it is queued; rendering.py turns that into a PDF (WeasyPrint + the Noto CJK font);
issuing.py queues, renders (as a worker job) and revokes; verification.py makes and checks the codes."""
