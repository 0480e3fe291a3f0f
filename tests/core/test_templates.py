"""Reply templates (warroom.templates): the sandbox and its limits, strict variables,
values as data, money and date formatting per marketplace, the context built from a
ticket and its order, template files and the starter pack (lint-clean in every language)."""

from __future__ import annotations

import hashlib
import json
import time
from decimal import Decimal
from pathlib import Path

import pytest

from warroom.errors import BadInput
from warroom.lint import lint_template, lint_text
from warroom.templates import (
    MAX_LOOP_ITERATIONS,
    MAX_SOURCE_CHARS,
    STANDARD_VARIABLES,
    STARTER_LANGUAGES,
    TEMPLATE_CATEGORIES,
    TICKET_CATEGORIES,
    MissingVariableError,
    OutputTooLongError,
    TemplateDef,
    TemplateFileError,
    TemplateLimitError,
    TemplateRenderError,
    TemplateSecurityError,
    TemplateSourceError,
    build_context,
    categories_answering,
    check_template,
    format_date,
    format_money,
    load_starter_pack,
    load_template_file,
    parse_templates,
    render,
    template_hash,
    text_hash,
    variables_of,
)

# ----------------------------------------------------------------------------- the sandbox

ESCAPES = [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ self._TemplateReference__context }}",
    "{{ self.__init__.__globals__ }}",
    "{{ self }}",
    "{% for x in range(10**9) %}{% endfor %}",
    "{{ range(10) }}",
    "{{ 'a' * 10**7 }}",
    "{{ lipsum }}",
    "{{ lipsum() }}",
    "{{ cycler }}",
    "{{ joiner }}",
    "{{ namespace }}",
    "{{ config }}",
    "{{ dict(a=1) }}",
    "{% set ns = namespace(a=1) %}{% set ns.a = 2 %}{{ ns.a }}",
    "{{ order_id.__class__ }}",
    "{{ order_id['__class__'] }}",
    "{{ order_id|attr('__class__') }}",
    "{{ order_id.upper() }}",
    "{{ order_id.upper }}",
    "{{ '{0.__class__}'.format(order_id) }}",
    "{{ '%s' % order_id }}",
    "{{ item_titles.append('x') }}",
    "{{ item_titles|map('upper')|list }}",
    "{{ order_id|center(100000000) }}",
    "{{ '%0999999999d'|format(1) }}",
    "{{ 9**9**9 }}",
    "{% include 'x.txt' %}",
    "{% import 'x.txt' as x %}",
    "{% extends 'x.txt' %}",
    "{% block b %}{% endblock %}",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "{% macro m(n) %}{{ m(n) }}{{ m(n) }}{% endmacro %}",
    "{% for x in item_titles recursive %}{{ loop(item_titles) }}{% endfor %}",
    "{% for x in item_titles %}{{ loop.cycle('a', 'b') }}{% endfor %}",
    "{% for x in item_titles %}{{ loop.__class__ }}{% endfor %}",
    "{% set s %}{{ order_id }}{% endset %}{{ s }}",
    "{% filter upper %}{{ order_id }}{% endfilter %}",
    "{{ _private }}",
    "{% for x in item_titles %}{{ loop }}{% endfor %}",
    "{{ {'a': 1} }}",
]


@pytest.mark.parametrize("source", ESCAPES)
def test_sandbox_escapes_are_refused_with_a_clear_error(source):
    context = {"order_id": "123-1234567-1234567", "item_titles": ["A", "B"]}
    started = time.monotonic()
    with pytest.raises(TemplateRenderError) as info:
        render(source, context)
    assert time.monotonic() - started < 2
    message = str(info.value)
    assert message and "\n" not in message and "Traceback" not in message
    assert isinstance(info.value, BadInput) and info.value.exit_code == 3


def test_escape_messages_say_what_was_refused():
    with pytest.raises(TemplateSourceError, match=r"line 1: access to '__\w+__' is not allowed"):
        render("{{ ''.__class__.__mro__ }}", {})
    with pytest.raises(TemplateSourceError, match="'_TemplateReference__context' is not allowed"):
        render("{{ self._TemplateReference__context }}", {})
    with pytest.raises(TemplateSourceError, match="function and method calls are not allowed"):
        render("{% for x in range(10**9) %}{% endfor %}", {})
    with pytest.raises(TemplateLimitError, match="longer than 20000 characters"):
        render("{{ 'a' * 10**7 }}", {})
    with pytest.raises(MissingVariableError, match="missing variable 'lipsum'"):
        render("{{ lipsum }}", {})
    with pytest.raises(MissingVariableError, match="missing variable 'cycler'"):
        render("{{ cycler }}", {})
    with pytest.raises(TemplateSourceError, match="no filter named 'center'"):
        render("{{ 'a'|center(10) }}", {})
    with pytest.raises(TemplateSecurityError, match=r"attribute access \('\.upper'\)"):
        render("{{ order_id.upper }}", {"order_id": "x"})
    with pytest.raises(TemplateSecurityError, match="formatting with %"):
        render("{{ '%s' % 1 }}", {})
    with pytest.raises(TemplateSourceError, match=r"\{% macro %\} is not allowed"):
        render("{% macro m() %}{% endmacro %}", {})


def test_nothing_but_the_context_is_reachable():
    for name in ("range", "lipsum", "cycler", "joiner", "namespace", "dict", "config", "request", "os"):
        with pytest.raises(MissingVariableError) as info:
            render("{{ %s }}" % name, {})
        assert info.value.name == name


def test_loop_iterations_are_capped_across_nested_loops():
    text = "x" * 100
    started = time.monotonic()
    with pytest.raises(TemplateLimitError, match=f"more than {MAX_LOOP_ITERATIONS} loop iterations"):
        render("{% for a in s %}{% for b in s %}{% for c in s %}{% endfor %}{% endfor %}{% endfor %}", {"s": text})
    assert time.monotonic() - started < 2
    with pytest.raises(TemplateLimitError):
        render("{% for a in s %}{% endfor %}", {"s": "x" * (MAX_LOOP_ITERATIONS + 1)})
    # small loops work, with loop.index / loop.last
    out = render("{% for t in item_titles %}{{ loop.index }}. {{ t }}{% if not loop.last %}; {% endif %}{% endfor %}",
                 {"item_titles": ["Mug", "Lid"]})
    assert out == "1. Mug; 2. Lid"


def test_values_cannot_grow_exponentially():
    doubling = "{% set s = 'abcdefghij' * 100 %}" + "{% set s = s ~ s %}" * 40 + "{{ s|length }}"
    with pytest.raises(TemplateLimitError):
        render(doubling, {})
    with pytest.raises(TemplateLimitError):
        render("{% set s = 'ab' * 100 %}" + "{% set s = s + s %}" * 40 + "{{ s|length }}", {})
    with pytest.raises(TemplateLimitError):
        render("{{ 'aaaa'" + "|replace('a', 'aaaaaaaaaa')" * 30 + " }}", {})
    with pytest.raises(TemplateLimitError):
        render("{% set l = [1, 2, 3] * 10 %}" + "{% set l = l * 10 %}" * 10 + "{{ l|length }}", {})
    with pytest.raises(TemplateLimitError):
        render("{% set n = 99999999 %}" + "{% set n = n * n %}" * 20 + "{{ n }}", {})
    with pytest.raises(TemplateLimitError):
        render("{{ [order_id] * 100000 }}", {"order_id": "x"})


def test_output_is_capped_while_it_streams():
    with pytest.raises(OutputTooLongError, match="^output longer than 4000 characters$"):
        render("{{ 'a' * 5000 }}", {})
    started = time.monotonic()
    with pytest.raises(OutputTooLongError):
        render("{% for a in s %}{{ big }}{% endfor %}", {"s": "x" * 999, "big": "y" * 19_000})
    assert time.monotonic() - started < 2
    assert render("{{ 'a' * 4000 }}", {}) == "a" * 4000
    with pytest.raises(OutputTooLongError, match="output longer than 10 characters"):
        render("Hello {{ name }}", {"name": "world!"}, max_output=10)
    assert render("Hello", {}, max_output=5) == "Hello"


def test_source_size_is_capped():
    with pytest.raises(TemplateSourceError, match=f"longer than {MAX_SOURCE_CHARS} characters"):
        render("x" * (MAX_SOURCE_CHARS + 1), {})
    with pytest.raises(TemplateSourceError):
        variables_of("x" * (MAX_SOURCE_CHARS + 1))
    assert render("x" * MAX_SOURCE_CHARS, {}, max_output=MAX_SOURCE_CHARS) == "x" * MAX_SOURCE_CHARS


def test_deep_nesting_is_a_clear_error():
    with pytest.raises(TemplateSourceError):
        render("{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}", {})
    with pytest.raises(TemplateSourceError):
        render("{% for x in l %}" * 30 + "a" + "{% endfor %}" * 30, {"l": [1]})
    assert render("{% if x %}" * 30 + "a" + "{% endif %}" * 30, {"x": True}) == "a"


def test_syntax_errors_name_the_line():
    with pytest.raises(TemplateSourceError, match=r"^template syntax error at line 3: "):
        render("Hello\n\n{% if %}\n{% endif %}", {})
    with pytest.raises(TemplateSourceError, match=r"^template syntax error at line 2: .*"):
        check_template("ok\n{{ order_id }")


def test_strict_undefined_names_the_variable():
    with pytest.raises(MissingVariableError) as info:
        render("Hello {{ buyer_first_name }},", {"order_id": "1"})
    assert str(info.value) == "missing variable 'buyer_first_name'"
    assert info.value.name == "buyer_first_name"
    assert isinstance(info.value, BadInput)
    with pytest.raises(MissingVariableError, match="missing variable 'tracking_number'"):
        render("{% if tracking_number %}x{% endif %}", {})
    with pytest.raises(MissingVariableError, match="missing variable 'things'"):
        render("{% for t in things %}{{ t }}{% endfor %}", {})
    # a template may still test for an optional variable
    assert render("{% if note is defined %}{{ note }}{% else %}-{% endif %}", {}) == "-"


def test_plain_text_no_autoescape_and_block_whitespace():
    assert render("{{ t }}", {"t": "Fish & Chips <b>"}) == "Fish & Chips <b>"
    source = "{% if name %}\nHello {{ name }},\n{% else %}\nHello,\n{% endif %}\n\nText."
    assert render(source, {"name": "Jane"}) == "Hello Jane,\n\nText."
    assert render(source, {"name": ""}) == "Hello,\n\nText."
    assert render("{{ items }}", {"items": ["a", "b"]}) == "a, b"
    assert render("{{ none }}|{{ x }}", {"x": None}) == "|"
    assert render("{{ t|upper }} {{ t|truncate(9) }} {{ l|join(' / ') }} {{ l|first }} {{ l|length }}",
                  {"t": "stainless bottle", "l": ["a", "b"]}) == "STAINLESS BOTTLE stainl... a / b a 2"


def test_buyer_controlled_text_is_rendered_literally():
    ticket = {"amazon_order_id": "112-4839201-5582913", "buyer_name": "{{ 7*7 }}", "marketplace": "US"}
    order = {"amazon_order_id": "112-4839201-5582913", "marketplace": "US", "currency": "USD", "total": "10.00",
             "items": [{"title": "{% for x in range(10**9) %}{{ x }}{% endfor %}", "quantity": 1}]}
    ctx = build_context(ticket, order, "{{ config }}", {"note": "{{ ''.__class__ }}"})
    assert ctx["buyer_first_name"] == "{{"   # the first "word" of the name, still data
    out = render("Hello {{ buyer_name }} / {{ item_title }} / {{ seller_name }} / {{ note }}", ctx)
    assert out == ("Hello {{ 7*7 }} / {% for x in range(10**9) %}{{ x }}{% endfor %} / {{ config }}"
                   " / {{ ''.__class__ }}")
    assert "49" not in out


def test_context_must_be_plain_data():
    with pytest.raises(TypeError):
        render("{{ x }}", {"x": object()})
    with pytest.raises(TypeError):
        render("{{ x }}", {"x": [object()]})
    with pytest.raises(TypeError):
        render("{{ x }}", {"_x": "a"})


def test_runtime_errors_are_clear():
    with pytest.raises(TemplateRenderError, match="line 2: division by zero"):
        render("a\n{{ 1 / 0 }}", {})
    with pytest.raises(TemplateRenderError):
        render("{{ l[5] }}", {"l": ["a"]})


def test_variables_of():
    assert variables_of("Hello {{ buyer_first_name }}, {{ order_id }}") == {"buyer_first_name", "order_id"}
    assert variables_of("{% for t in item_titles %}{{ t }} {{ loop.index }}{% endfor %}") == {"item_titles"}
    assert variables_of("{% set x = order_id %}{{ x }}{% if tracking %}{{ tracking }}{% endif %}") == {
        "order_id", "tracking"}
    assert variables_of("plain text") == set()
    with pytest.raises(TemplateSourceError, match="syntax error at line 1"):
        variables_of("{{ order_id ")


def test_hashes():
    assert template_hash("") == hashlib.sha256(b"").hexdigest()
    assert text_hash("Grüße ￥") == hashlib.sha256("Grüße ￥".encode("utf-8")).hexdigest()
    assert len(template_hash("{{ order_id }}")) == 64
    assert template_hash("a") != template_hash("a\n")


# ----------------------------------------------------------------------------- formatting


@pytest.mark.parametrize("amount, currency, marketplace, expected", [
    ("24.99", "USD", "US", "$24.99"),
    ("24.99", "EUR", "DE", "24,99 €"),
    ("24.99", "EUR", "FR", "24,99 €"),
    ("24.99", "EUR", "IT", "24,99 €"),
    ("24.99", "EUR", "ES", "24,99 €"),
    ("24.99", "GBP", "UK", "£24.99"),
    ("24.99", "GBP", "GB", "£24.99"),
    ("2480", "JPY", "JP", "￥2,480"),
    ("2480.4", "JPY", "JP", "￥2,480"),
    ("1234.5", "EUR", "DE", "1.234,50 €"),
    ("1234.5", "EUR", "FR", "1 234,50 €"),
    ("1234567.891", "USD", "US", "$1,234,567.89"),
    ("1234567.891", "INR", "IN", "₹12,34,567.89"),
    ("24.995", "USD", "US", "$25.00"),
    ("-5", "EUR", "IT", "-5,00 €"),
    ("0", "CAD", "CA", "$0.00"),
    ("99.9", "SEK", "SE", "99,90 kr"),
    ("24.99", "USD", "DE", "24,99 USD"),
    ("24.99", "EUR", "UK", "EUR 24.99"),
    ("24.99", "EUR", None, "24.99 EUR"),
    ("24.99", None, "DE", "24,99 €"),
    (Decimal("7"), "AUD", "AU", "$7.00"),
])
def test_money_per_marketplace(amount, currency, marketplace, expected):
    assert format_money(amount, currency, marketplace) == expected


def test_money_refuses_a_non_amount():
    for bad in ("abc", "NaN", "", "1e999999999999"):
        with pytest.raises(BadInput):
            format_money(bad, "USD", "US")


@pytest.mark.parametrize("value, marketplace, expected", [
    ("2026-11-23T12:00:00Z", "US", "11/23/2026"),
    ("2026-11-23T12:00:00Z", "UK", "23/11/2026"),
    ("2026-11-23T12:00:00Z", "DE", "23.11.2026"),
    ("2026-11-23T12:00:00Z", "FR", "23/11/2026"),
    ("2026-11-23T12:00:00Z", "ES", "23/11/2026"),
    ("2026-11-23T12:00:00Z", "IT", "23/11/2026"),
    ("2026-11-23T12:00:00Z", "JP", "2026/11/23"),
    ("2026-03-05T12:00:00Z", "US", "03/05/2026"),
    # the calendar day where the marketplace is
    ("2026-11-23T20:00:00Z", "JP", "2026/11/24"),
    ("2026-11-24T03:00:00Z", "US", "11/23/2026"),
    ("2026-11-23T23:30:00Z", "DE", "24.11.2026"),
    ("2026-07-23T23:30:00Z", "UK", "24/07/2026"),   # BST
    ("2026-11-23T23:30:00+00:00", "UK", "23/11/2026"),
    ("2026-11-23", "DE", "23.11.2026"),
    ("2026-11-23T23:30:00Z", None, "2026-11-23"),
])
def test_dates_per_marketplace(value, marketplace, expected):
    assert format_date(value, marketplace) == expected


def test_date_refuses_garbage():
    with pytest.raises(BadInput):
        format_date("23/11/2026", "DE")


# ----------------------------------------------------------------------------- the context

TICKET = {"id": 7, "channel": "amazon", "amazon_order_id": "302-1234567-7654321", "subject": "Rückerstattung",
          "status": "open", "category": "REFUND", "flags": [], "tags": ["SUSPENDED"], "language": "de",
          "marketplace": "DE", "buyer_name": "Jana  Müller"}
ORDER = {"id": 3, "amazon_order_id": "302-1234567-7654321", "purchase_date": "2026-11-23T22:15:00Z",
         "status": "Shipped", "fulfillment_channel": "MFN", "marketplace": "DE", "sales_channel": "Amazon.de",
         "currency": "EUR", "total": "1249.90", "latest_ship_date": "2026-11-25T22:59:59Z",
         "items": [{"sku": "TB-750", "asin": "B000000001", "title": "Edelstahl Thermosflasche 750 ml, schwarz",
                    "quantity": 1, "unit_price": "1249.90", "line_price": "1249.90"},
                   {"sku": "LID", "asin": "B000000002", "title": "Ersatzdeckel", "quantity": 2}]}


def test_build_context_from_ticket_and_order():
    ctx = build_context(TICKET, ORDER, "Nordlicht Home", {"tracking_number": "JJD000390007"})
    assert ctx == {
        "order_id": "302-1234567-7654321",
        "buyer_name": "Jana Müller",
        "buyer_first_name": "Jana",
        "item_titles": ["Edelstahl Thermosflasche 750 ml, schwarz", "Ersatzdeckel"],
        "item_title": "Edelstahl Thermosflasche 750 ml, schwarz",
        "order_total": "1.249,90 €",
        "currency": "EUR",
        "marketplace": "DE",
        "purchase_date": "23.11.2026",
        "latest_ship_date": "25.11.2026",
        "seller_name": "Nordlicht Home",
        "tracking_number": "JJD000390007",
    }
    assert set(STANDARD_VARIABLES) <= set(ctx)


def test_build_context_without_order_or_name_gives_empty_values():
    ctx = build_context({"amazon_order_id": None, "buyer_name": None, "marketplace": "US"}, None, "Acme", {})
    assert ctx["order_id"] == "" and ctx["buyer_name"] == "" and ctx["buyer_first_name"] == ""
    assert ctx["item_titles"] == [] and ctx["item_title"] == "" and ctx["order_total"] == ""
    assert ctx["purchase_date"] == "" and ctx["latest_ship_date"] == "" and ctx["currency"] == ""
    assert ctx["marketplace"] == "US"
    assert set(ctx) == set(STANDARD_VARIABLES)
    # an initial is not a first name
    assert build_context({"buyer_name": "J. Smith"}, None, "", {})["buyer_first_name"] == ""
    assert build_context({"buyer_name": "Emily"}, None, "", {})["buyer_first_name"] == "Emily"


def test_build_context_refuses_bad_extra_variables():
    with pytest.raises(BadInput, match="'order_id' comes from the ticket"):
        build_context(TICKET, ORDER, "S", {"order_id": "1"})
    with pytest.raises(BadInput, match="variable name"):
        build_context(TICKET, ORDER, "S", {"1abc": "x"})
    with pytest.raises(BadInput, match="reserved"):
        build_context(TICKET, ORDER, "S", {"loop": "x"})
    with pytest.raises(BadInput, match="longer than"):
        build_context(TICKET, ORDER, "S", {"note": "x" * 5000})


def test_japanese_order_context():
    order = dict(ORDER, marketplace="JP", currency="JPY", total="2480", purchase_date="2026-11-23T16:00:00Z")
    ctx = build_context({"amazon_order_id": ORDER["amazon_order_id"], "buyer_name": "山田 花子"}, order, "S", {})
    assert ctx["order_total"] == "￥2,480"
    assert ctx["purchase_date"] == "2026/11/24"
    assert ctx["currency"] == "JPY" and ctx["marketplace"] == "JP"


# ----------------------------------------------------------------------------- categories


def test_template_categories():
    from warroom.triage import CATEGORIES

    assert TICKET_CATEGORIES == tuple(CATEGORIES)
    assert TEMPLATE_CATEGORIES["refund-ack"] == ("REFUND", "RETURN")
    assert TEMPLATE_CATEGORIES["atoz-response"] == ("A-TO-Z", "CHARGEBACK")
    assert TEMPLATE_CATEGORIES["delivery-holding"] == ("WISMO",)
    assert TEMPLATE_CATEGORIES["return-instructions"] == ("RETURN",)
    assert set(TEMPLATE_CATEGORIES["general-ack"]) == set(CATEGORIES) and len(CATEGORIES) == 9
    assert categories_answering("RETURN") == ("refund-ack", "return-instructions", "general-ack")
    assert categories_answering("COMPLAINT") == ("general-ack",)


# ----------------------------------------------------------------------------- the starter pack

SELLER = "Nordlicht Home"
REALISTIC = {
    "en": ({"amazon_order_id": "112-4839201-5582913", "buyer_name": "Emily Carter", "marketplace": "US",
            "language": "en"},
           {"amazon_order_id": "112-4839201-5582913", "purchase_date": "2026-11-20T17:42:00Z", "total": "34.99",
            "currency": "USD", "marketplace": "US", "latest_ship_date": "2026-11-22T07:59:59Z",
            "items": [{"title": "Stainless Steel Insulated Water Bottle, 750 ml, Black", "quantity": 1}]}),
    "de": ({"amazon_order_id": "302-1234567-7654321", "buyer_name": "Jana Müller", "marketplace": "DE",
            "language": "de"}, dict(ORDER)),
    "fr": ({"amazon_order_id": "171-5550123-9988776", "buyer_name": "Camille Dubois", "marketplace": "FR",
            "language": "fr"},
           {"amazon_order_id": "171-5550123-9988776", "purchase_date": "2026-11-18T09:05:00Z", "total": "1249.00",
            "currency": "EUR", "marketplace": "FR", "latest_ship_date": "2026-11-20T22:59:59Z",
            "items": [{"title": "Bouteille isotherme en inox 750 ml, noire", "quantity": 2}]}),
    "it": ({"amazon_order_id": "403-2468024-1357913", "buyer_name": "Giulia Romano", "marketplace": "IT",
            "language": "it"},
           {"amazon_order_id": "403-2468024-1357913", "purchase_date": "2026-11-19T14:30:00Z", "total": "29.99",
            "currency": "EUR", "marketplace": "IT", "latest_ship_date": "2026-11-21T22:59:59Z",
            "items": [{"title": "Borraccia termica in acciaio inox 750 ml, nera", "quantity": 1}]}),
    "es": ({"amazon_order_id": "406-9876543-1234567", "buyer_name": "Lucía Fernández", "marketplace": "ES",
            "language": "es"},
           {"amazon_order_id": "406-9876543-1234567", "purchase_date": "2026-11-21T11:00:00Z", "total": "29.99",
            "currency": "EUR", "marketplace": "ES", "latest_ship_date": "2026-11-23T22:59:59Z",
            "items": [{"title": "Botella térmica de acero inoxidable 750 ml, negra", "quantity": 1}]}),
    "ja": ({"amazon_order_id": "503-1122334-5566778", "buyer_name": "山田 花子", "marketplace": "JP",
            "language": "ja"},
           {"amazon_order_id": "503-1122334-5566778", "purchase_date": "2026-11-22T01:10:00Z", "total": "2480",
            "currency": "JPY", "marketplace": "JP", "latest_ship_date": "2026-11-24T14:59:59Z",
            "items": [{"title": "ステンレス 真空断熱ボトル 750ml ブラック", "quantity": 1}]}),
}


@pytest.fixture(scope="module")
def pack() -> list[TemplateDef]:
    return load_starter_pack()


def test_starter_pack_has_every_category_in_every_language(pack):
    assert len(pack) == 30
    assert {(t.category, t.language) for t in pack} == {
        (c, lang) for c in TEMPLATE_CATEGORIES for lang in STARTER_LANGUAGES}
    assert STARTER_LANGUAGES == ("en", "de", "fr", "it", "es", "ja")
    for t in pack:
        assert t.key == t.category and t.version == 1 and t.title
        assert set(t.variables) <= set(STANDARD_VARIABLES)
        assert t.extra_variables == ()
        assert "order_id" in t.variables and "seller_name" in t.variables


def test_every_starter_template_is_lint_clean(pack):
    for t in pack:
        assert lint_template(t.body).findings == (), (t.key, t.language)


@pytest.mark.parametrize("language", STARTER_LANGUAGES)
def test_every_starter_template_renders_lint_clean(pack, language):
    ticket, order = REALISTIC[language]
    contexts = [
        build_context(ticket, order, SELLER, {}),
        build_context({"amazon_order_id": None, "buyer_name": None, "marketplace": ticket["marketplace"]},
                      None, "", {}),
    ]
    for t in (t for t in pack if t.language == language):
        for ctx in contexts:
            text = render(t.body, ctx)
            assert lint_text(text).findings == (), (t.key, language, text)
            assert len(text) < 2000
            assert "{" not in text and "}" not in text and "  " not in text
            assert not text.startswith(("\n", " ")) and not text.endswith(("\n", " "))
        full = render(t.body, contexts[0])
        assert ticket["amazon_order_id"] in full
        assert SELLER in full
        if language == "en":
            assert full.startswith("Hello Emily,")
        else:
            assert ticket["buyer_name"] in full.splitlines()[0]


def test_starter_templates_follow_the_wartime_rules(pack):
    forbidden = ("suspend", "sperr", "locked", "blocked", "under review", "related account", "account",
                 "konto", "compte", "cuenta", "アカウント", "our fault", "our mistake", "review", "feedback",
                 "bewertung", "avis", "recensione", "reseña", "レビュー", "評価", "http", "www.", "@",
                 "coupon", "gift card", "停止")
    for t in pack:
        body = t.body.lower()
        for word in forbidden:
            assert word not in body, (t.key, t.language, word)
        assert not any(0x1F000 <= ord(ch) <= 0x1FAFF or 0x2600 <= ord(ch) <= 0x27BF for ch in t.body)


def test_starter_templates_use_the_polite_register(pack):
    by = {(t.category, t.language): t.body for t in pack}
    for category in TEMPLATE_CATEGORIES:
        de, fr, ja = by[(category, "de")], by[(category, "fr")], by[(category, "ja")]
        it, es = by[(category, "it")], by[(category, "es")]
        assert " Sie " in de or " Ihr" in de
        assert " du " not in de and " dich " not in de and " dein" not in de
        assert "vous" in fr and " tu " not in fr and " ton " not in fr
        assert "Suo" in it or "Sua" in it or "La " in it
        assert " su " in es or " le " in es.lower() or "usted" in es
        assert " tú " not in es and " tu " not in es
        assert "{{ buyer_name }}様" in ja and "お客様" in ja
        assert "ます" in ja and "だ。" not in ja


# ----------------------------------------------------------------------------- template files


def _entry(**overrides):
    entry = {"key": "custom-ack", "version": 1, "language": "en", "category": "general-ack",
             "title": "Custom acknowledgement", "body": "Hello,\n\nwe received your message about order "
             "{{ order_id }}. Tracking: {{ tracking_number }}.", "variables": ["tracking_number"]}
    entry.update(overrides)
    return {k: v for k, v in entry.items() if v is not ...}


def _write(tmp_path: Path, entries, name="templates.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    return path


def test_load_template_file_accepts_a_valid_file(tmp_path):
    path = _write(tmp_path, [_entry(), _entry(language="de", body="Guten Tag,\n\nSendung {{ tracking_number }}.")])
    templates = load_template_file(path)
    assert [t.language for t in templates] == ["en", "de"]
    assert templates[0].variables == ("order_id", "tracking_number")
    assert templates[0].extra_variables == ("tracking_number",)
    assert templates[0].answers == TICKET_CATEGORIES
    assert templates[0].to_dict()["variables"] == ["tracking_number"]
    # a byte-order mark is fine; "variables" is optional
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + json.dumps([_entry(body="Hi {{ order_id }}", variables=...)]).encode())
    assert load_template_file(bom)[0].variables == ("order_id",)


@pytest.mark.parametrize("overrides, field, message", [
    ({"category": "refund"}, "category", "unknown category 'refund'"),
    ({"language": "xx"}, "language", "unknown language 'xx'"),
    ({"language": "EN"}, "language", "unknown language 'EN'"),
    ({"body": "Hello\n{% if order_id %}\n{{ order_id }"}, "body", "template syntax error at line 3"),
    ({"body": "{{ x|center(5) }}", "variables": ["x"]}, "body", "no filter named 'center'"),
    ({"body": "{{ ''.__class__ }}", "variables": []}, "body", "'__class__' is not allowed"),
    ({"body": "x" * (MAX_SOURCE_CHARS + 1), "variables": []}, "body", "body too long"),
    ({"body": "   "}, "body", "non-empty"),
    ({"body": "{{ order_idd }}", "variables": []}, "body", "'order_idd', which is neither a standard variable"),
    ({"variables": ["order_id", "tracking_number"]}, "variables", "'order_id' is a standard variable"),
    ({"variables": ["tracking_number", "unused"]}, "variables", "'unused' is declared but the body does not use"),
    ({"variables": "tracking_number"}, "variables", "list of names"),
    ({"version": 0}, "version", "not a version number"),
    ({"version": "1"}, "version", "not a version number"),
    ({"key": "Bad Key!"}, "key", "not a template key"),
    ({"key": "k@2"}, "key", "not a template key"),
    ({"title": ""}, "title", "non-empty"),
    ({"title": ...}, "title", "missing"),
    ({"catgory": "general-ack"}, "catgory", "unknown field"),
])
def test_load_template_file_errors_name_file_entry_and_field(tmp_path, overrides, field, message):
    path = _write(tmp_path, [_entry(key="first-one"), _entry(**overrides)])
    with pytest.raises(TemplateFileError) as info:
        load_template_file(path)
    err = info.value
    assert isinstance(err, BadInput) and err.exit_code == 3
    text = str(err)
    assert text.startswith(f"{path}, entry 2, field {field!r}: "), text
    assert message in text, text
    assert err.file == str(path) and err.record == 2 and err.field == field


def test_load_template_file_refuses_duplicates_and_split_keys(tmp_path):
    path = _write(tmp_path, [_entry(), _entry(language="de"), _entry()])
    with pytest.raises(TemplateFileError, match=r"entry 3, field 'key': duplicate template custom-ack@1 in "
                                                r"language 'en' \(also entry 1\)"):
        load_template_file(path)
    assert len(load_template_file(_write(tmp_path, [_entry(), _entry(version=2)]))) == 2
    path = _write(tmp_path, [_entry(), _entry(language="de", category="refund-ack")])
    with pytest.raises(TemplateFileError, match="entry 2, field 'category': key 'custom-ack' has category"):
        load_template_file(path)


def test_load_template_file_refuses_malformed_files(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[{"key": "a",]', encoding="utf-8")
    with pytest.raises(TemplateFileError, match=r"broken\.json: not valid JSON at line 1"):
        load_template_file(path)
    path.write_bytes(b"\xff\xfe[]")
    with pytest.raises(TemplateFileError, match="not UTF-8"):
        load_template_file(path)
    with pytest.raises(TemplateFileError, match="a JSON list of templates"):
        load_template_file(_write(tmp_path, {"templates": []}))
    with pytest.raises(TemplateFileError, match="entry 1: an entry is an object"):
        load_template_file(_write(tmp_path, ["just text"]))
    with pytest.raises(TemplateFileError, match="cannot read"):
        load_template_file(tmp_path / "missing.json")
    with pytest.raises(TemplateFileError, match="<templates>, entry 1, field 'key': missing"):
        parse_templates([{}])


def test_a_user_template_renders_with_its_extra_variable(tmp_path):
    (template,) = load_template_file(_write(tmp_path, [_entry()]))
    ticket, order = REALISTIC["en"]
    ctx = build_context(ticket, order, SELLER, {"tracking_number": "1Z999AA10123456784"})
    text = render(template.body, ctx)
    assert text.endswith("order 112-4839201-5582913. Tracking: 1Z999AA10123456784.")
    with pytest.raises(MissingVariableError, match="missing variable 'tracking_number'"):
        render(template.body, build_context(ticket, order, SELLER, {}))
