"""Compile once per test run what every app of the suite compiles alike (a test helper).

The suite creates an app for each test (about 1,600 per run). Each new app compiled the Python
functions that build the URLs of its ~280 rules (Werkzeug, two per rule: 0.17 s per app) and
the templates its test renders (Jinja, 8 ms each). Both depend only on their source — a rule's
parsed form and defaults, a template's text — and every app of the suite has the same, so later
apps reuse what the first one compiled. Compiling was about a quarter of a test's time (98
tests on PostgreSQL: 60.9 s before, 49.2 s after).
"""

import functools

from jinja2.bccache import Bucket, BytecodeCache
from werkzeug.routing import Rule


def share_url_builders() -> None:
    """Let rules of later apps take the builder functions of an identical earlier rule.

    A builder is a plain function of the rule (it gets the rule as its first argument), made by
    ``Rule._compile_builder`` from the rule's parsed form (``_trace``) and defaults alone.
    """
    compile_builder = Rule._compile_builder
    builders = {}

    @functools.wraps(compile_builder)
    def shared_builder(rule: Rule, append_unknown: bool = True):
        key = (rule.rule, tuple(rule._trace), repr(rule.defaults), append_unknown)
        if key not in builders:
            builders[key] = compile_builder(rule, append_unknown)
        return builders[key]

    Rule._compile_builder = shared_builder


class SharedTemplateCode(BytecodeCache):
    """Jinja's bytecode cache, in memory, for all apps of the run: a template's code is kept
    with the checksum of its source and reused while the source is unchanged."""

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, object]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        """Hand a compiled template to Jinja when its source is the one it was compiled from."""
        checksum, code = self._code.get(bucket.key, (None, None))
        if checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep a template Jinja has just compiled."""
        self._code[bucket.key] = (bucket.checksum, bucket.code)
