"""Reply templates: a sandboxed Jinja2 engine for plain-text replies, the variables built
from a ticket and its cached order, and template files (the starter pack).  Pure: no
database.  See docs/templates.md.

    from warroom.templates import build_context, render, load_starter_pack
    pack = load_starter_pack()
    context = build_context(ticket, order, seller_name="Acme", extra={})
    text = render(pack[0].body, context)           # TemplateRenderError (BadInput) on failure
"""

from .context import MAX_EXTRA_VALUE_CHARS, STANDARD_VARIABLES, build_context, check_extra_name, first_name
from .engine import (
    ALLOWED_FILTERS,
    DEFAULT_MAX_OUTPUT,
    MAX_INT_BITS,
    MAX_LOOP_ITERATIONS,
    MAX_SOURCE_CHARS,
    MAX_VALUE_CHARS,
    RESERVED_NAMES,
    MissingVariableError,
    OutputTooLongError,
    TemplateLimitError,
    TemplateRenderError,
    TemplateSecurityError,
    TemplateSourceError,
    check_template,
    render,
    template_hash,
    text_hash,
    variables_of,
)
from .formatting import MARKETPLACE_FORMATS, format_date, format_money, marketplace_format
from .pack import (
    MAX_BODY_CHARS,
    STARTER_LANGUAGES,
    TEMPLATE_CATEGORIES,
    TEMPLATE_LANGUAGES,
    TICKET_CATEGORIES,
    TemplateDef,
    TemplateFileError,
    categories_answering,
    load_starter_pack,
    load_template_file,
    parse_templates,
    starter_pack_path,
)

__all__ = [
    # engine
    "render",
    "variables_of",
    "check_template",
    "template_hash",
    "text_hash",
    "TemplateRenderError",
    "TemplateSourceError",
    "MissingVariableError",
    "OutputTooLongError",
    "TemplateLimitError",
    "TemplateSecurityError",
    "ALLOWED_FILTERS",
    "DEFAULT_MAX_OUTPUT",
    "MAX_SOURCE_CHARS",
    "MAX_VALUE_CHARS",
    "MAX_LOOP_ITERATIONS",
    "MAX_INT_BITS",
    "RESERVED_NAMES",
    # context
    "build_context",
    "STANDARD_VARIABLES",
    "MAX_EXTRA_VALUE_CHARS",
    "check_extra_name",
    "first_name",
    # formatting
    "format_money",
    "format_date",
    "marketplace_format",
    "MARKETPLACE_FORMATS",
    # files
    "TemplateDef",
    "TemplateFileError",
    "TEMPLATE_CATEGORIES",
    "TICKET_CATEGORIES",
    "TEMPLATE_LANGUAGES",
    "STARTER_LANGUAGES",
    "MAX_BODY_CHARS",
    "categories_answering",
    "load_starter_pack",
    "load_template_file",
    "parse_templates",
    "starter_pack_path",
]
