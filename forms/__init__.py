"""Forms: JSON Schema (+ ui hints) -> WTForms-style HTML fields, posted fields -> validated JSON.

Only this package knows how schemas become fields. See ``compile_form``.
"""

from forms.cache import cached_form, clear_cache, compile_form_cached
from forms.compiled import CompiledForm, compile_form
from forms.errors import FormSchemaError, UnrepresentableData, Unsupported
from forms.messages import message
from forms.parse import ParseResult

__all__ = [
    "CompiledForm",
    "FormSchemaError",
    "ParseResult",
    "UnrepresentableData",
    "Unsupported",
    "cached_form",
    "clear_cache",
    "compile_form",
    "compile_form_cached",
    "message",
]
