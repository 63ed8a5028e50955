"""kaohe — pay and performance policies (.rules) evaluated from Python.

    import kaohe
    policy = kaohe.Policy("rules/customer-service-2014.rules")
    policy.set("commission_rate", "10%")
    results = policy.eval(records)          # a list of dicts, numbers exact
    frame = policy.eval_dataframe(df)       # with pandas

A thin layer over libkaohe.so (ctypes): the results are those of
`kaohe eval` on the same records.  Numbers come back exact: integer outputs
as int, decimal and money outputs as decimal.Decimal ("4100.00" keeps its
two places), never float.  A refused record's result is
{"id": ..., "record": N, "error": why}, in its place.  Records go in as
dicts (Decimal, int, str, bool, None, lists, dicts, dates; a float is taken
by its shortest repr, so pass Decimal or text for exact input) or as JSON
text.

What `kaohe eval` warns of after a run (a member of the records that no
field is called, "sale" where the field is "sales": not read, so the field
took its default) is a KaoheWarning (warnings.warn: shown once in a
notebook or a script, pytest.warns and warnings.simplefilter as for any
warning), and also in the results' .warnings.

policy.explain(records, id) and policy.diff(other, records) are the tools
of `kaohe explain` and `kaohe diff` (their JSON, parsed); they need
libkaohe-tools.so, which `make` builds beside libkaohe.so.
"""
import ctypes
import datetime
import decimal
import json
import os
import warnings
from collections import namedtuple

from . import _lib

__all__ = ["Policy", "PolicyError", "KaoheWarning", "Diagnostic", "Param", "Output", "Results", "version"]

Diagnostic = namedtuple("Diagnostic", "severity file line column end_line end_column message hint")
Diagnostic.__doc__ = "One diagnostic: severity is 'error', 'warning' or 'note'; file None when it has no place."
Param = namedtuple("Param", "name type label value text percent overridden")
Param.__doc__ = "A param: value exact (Decimal, int, bool, str, ...), text as kaohe writes it."
Output = namedtuple("Output", "name type label")

_SEVERITY = {0: "error", 1: "warning", 2: "note"}
OK, RECORD_ERRORS, USAGE_ERROR, POLICY_ERROR, IO_ERROR, NO_MEMORY, LIMIT_REACHED = range(7)


def version():
    """The version of the libkaohe loaded."""
    return _lib.kh_version().decode()


class PolicyError(Exception):
    """A policy that does not load; .diagnostics lists why (Diagnostic)."""

    def __init__(self, diagnostics):
        self.diagnostics = diagnostics
        first = next((d for d in diagnostics if d.severity == "error"), None)
        where = f"{first.file}:{first.line}:{first.column}: " if first and first.file else ""
        more = len([d for d in diagnostics if d.severity == "error"]) - 1
        super().__init__(where + (first.message if first else "the policy has errors")
                         + (f" (and {more} more)" if more > 0 else ""))


class KaoheWarning(UserWarning):
    """What kaohe noticed in a run that did not stop it: a member of the
    records that no field is called (a likely typo: the member is not read,
    and its field took its default), as `kaohe eval` says after its results."""


def _warn(notes, stacklevel):
    """The warnings of kaohe's notes of a run (a line each, "warning: ..."
    or "note: ..."), each a KaoheWarning at the caller's caller's line
    (stacklevel as warnings.warn's, for the function calling _warn); returns
    them, without "warning: "."""
    said = [x[len("warning: "):] for x in notes.split("\n") if x.startswith("warning: ")]
    for text in said:
        warnings.warn(text, KaoheWarning, stacklevel=stacklevel + 1)
    return said


class Results(list):
    """The results, one per record in input order; .checks_failed lists the
    roster checks that failed ({"check_failed": label, "roster": ..., "ids": [...]});
    .warnings what kaohe warned of after the run (each also a KaoheWarning),
    as `kaohe eval` prints them ('records: no field is called "sale": ...')."""

    checks_failed = ()
    warnings = ()


def _diagnostics(d):
    return [Diagnostic(_SEVERITY.get(_lib.kh_diag_severity(d, i), "note"), _lib.s(_lib.kh_diag_file(d, i)),
                       _lib.kh_diag_line(d, i), _lib.kh_diag_column(d, i), _lib.kh_diag_end_line(d, i),
                       _lib.kh_diag_end_column(d, i), _lib.s(_lib.kh_diag_message(d, i)),
                       _lib.s(_lib.kh_diag_hint(d, i)))
            for i in range(_lib.kh_diags_count(d))]


# ---- records as JSON text ----------------------------------------------------

def _json_scalar(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, decimal.Decimal):
        if not v.is_finite():
            raise ValueError(f"kaohe: {v} is not a number a record can hold")
        return str(v)
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            raise ValueError(f"kaohe: {v} is not a number a record can hold")
        return repr(v)
    if isinstance(v, (datetime.datetime, datetime.date)):
        return json.dumps(v.isoformat())
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    item = getattr(v, "item", None)  # numpy scalars
    if item is not None:
        return _json_scalar(item())
    raise TypeError(f"kaohe: a record cannot hold {type(v).__name__} {v!r}")


def to_json(v):
    """A record (or any value in one) as JSON text, numbers exact."""
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(str(k), ensure_ascii=False) + ":" + to_json(x) for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ",".join(to_json(x) for x in v) + "]"
    return _json_scalar(v)


def _number(v, typ):
    """A number of an output of type typ: Decimal for money and decimals."""
    if isinstance(v, bool) or not isinstance(v, (int, decimal.Decimal)):
        return v
    if typ in ("money", "decimal"):
        return decimal.Decimal(v)
    return v


class Policy:
    """A loaded policy: a path to a .rules file, or the policy's text (a
    string with a line break in it; `name` names it in diagnostics).
    includes=False makes any include an error (a policy from a form or an
    upload then reads no file); include_dirs names more directories
    includes may read.  Raises PolicyError with the diagnostics when it has
    errors; its warnings are in .warnings."""

    def __init__(self, path_or_text, name="policy.rules", includes=True, include_dirs=()):
        self._p = None
        opts = _lib.CompileOptions()
        _lib.kh_compile_options_init(ctypes.byref(opts))
        opts.includes_off = not includes
        dirs = (_lib.c_char_p * (len(include_dirs) + 1))(*[os.fsencode(x) for x in include_dirs])
        opts.include_dirs, opts.ninclude_dirs = dirs, len(include_dirs)
        d = _lib.kh_diags_new()
        try:
            if isinstance(path_or_text, os.PathLike) or "\n" not in str(path_or_text):
                self.path = os.fspath(path_or_text)
                p = _lib.kh_policy_compile(os.fsencode(self.path), None, 0, ctypes.byref(opts), d)
            else:
                self.path = None
                text = path_or_text.encode("utf-8")
                p = _lib.kh_policy_compile(name.encode(), text, len(text), ctypes.byref(opts), d)
            diags = _diagnostics(d)
        finally:
            _lib.kh_diags_free(d)
        if not p:
            raise PolicyError(diags)
        self._p = p
        self.warnings = [x for x in diags if x.severity != "error"]
        self.title = _lib.s(_lib.kh_policy_title(p))
        self.outputs = [Output(_lib.s(_lib.kh_output_name(p, i)), _lib.text_of(_lib.kh_output_type, p, i),
                               _lib.s(_lib.kh_output_label(p, i)))
                        for i in range(_lib.kh_output_count(p))]
        self._types = {o.name: o.type for o in self.outputs}
        self.schema = json.loads(_lib.text_of(_lib.kh_policy_schema_json, p))

    def close(self):
        if self._p:
            _lib.kh_policy_free(self._p)
            self._p = None

    def __del__(self):
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def params(self):
        """name -> Param, in declaration order, with the current values."""
        out = {}
        for i in range(_lib.kh_param_count(self._p)):
            typ = _lib.text_of(_lib.kh_param_type, self._p, i)
            text = _lib.text_of(_lib.kh_param_value, self._p, i)
            out[_lib.s(_lib.kh_param_name(self._p, i))] = Param(
                _lib.s(_lib.kh_param_name(self._p, i)), typ, _lib.s(_lib.kh_param_label(self._p, i)),
                self._param_value(text, typ), text, bool(_lib.kh_param_percent(self._p, i)),
                bool(_lib.kh_param_overridden(self._p, i)))
        return out

    @staticmethod
    def _param_value(text, typ):
        if typ in ("money", "decimal"):
            return decimal.Decimal(text)
        if typ == "integer":
            return int(text)
        if typ == "boolean":
            return text == "true"
        if typ.startswith("list of"):
            return json.loads(text, parse_float=decimal.Decimal)
        return text

    def set(self, name, value):
        """Overrides a param: "10%", Decimal("0.1"), 2500000, "2500000 yuan".
        Raises ValueError with kaohe's reason when the value does not fit."""
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, (int, decimal.Decimal, float)):
            text = _json_scalar(value)
        else:
            text = str(value)
        err = ctypes.create_string_buffer(512)
        if not _lib.kh_policy_set(self._p, name.encode(), text.encode("utf-8"), err, len(err)):
            raise ValueError(f"kaohe: {name}: {err.value.decode('utf-8')}")

    def _result(self, r):
        j = json.loads(_lib.kh_result_json(r).decode("utf-8"), parse_float=decimal.Decimal)
        if _lib.kh_result_error(r) is None:
            for k in j:
                if k in self._types:
                    j[k] = _number(j[k], self._types[k])
        return j

    def eval(self, records, explain=False):
        """The results of records (an iterable of dicts or JSON texts), in
        order, as `kaohe eval` gives them: a Results list of dicts.  What
        kaohe warns of after the run is a KaoheWarning (and in .warnings)."""
        return self._eval(records, explain, 2)

    def _eval(self, records, explain, stacklevel):
        """eval, its warnings said stacklevel frames up (1: our caller)."""
        opts = _lib.SessionOptions()
        _lib.kh_session_options_init(ctypes.byref(opts))
        opts.explain = bool(explain)
        s = _lib.kh_session_new(self._p, ctypes.byref(opts))
        if not s:
            raise MemoryError("kaohe: out of memory")
        try:
            for i, rec in enumerate(records):
                text = rec if isinstance(rec, (str, bytes)) else to_json(rec)
                data = text.encode("utf-8") if isinstance(text, str) else text
                rc = _lib.kh_session_feed(s, data, len(data))
                if rc != OK:
                    raise ValueError(f"kaohe: record {i + 1}: {_lib.kh_status_text(rc).decode()}"
                                     + (" (nothing in it)" if rc == USAGE_ERROR else ""))
            rc = _lib.kh_session_run(s)
            if rc not in (OK, RECORD_ERRORS):
                raise RuntimeError(f"kaohe: {_lib.kh_status_text(rc).decode()}: {_lib.s(_lib.kh_session_fatal(s))}")
            out = Results()
            while True:
                r = _lib.kh_session_next(s)
                if not r:
                    break
                try:
                    out.append(self._result(r))
                finally:
                    _lib.kh_result_free(r)
            out.checks_failed = [json.loads(_lib.kh_session_check_json(s, k).decode("utf-8"))
                                 for k in range(_lib.kh_session_check_count(s))]
            out.warnings = _warn(_lib.s(_lib.kh_session_notes(s)), stacklevel + 1)
            return out
        finally:
            _lib.kh_session_free(s)

    def _records_bytes(self, records):
        texts = [r if isinstance(r, str) else r.decode("utf-8") if isinstance(r, bytes) else to_json(r)
                 for r in records]
        return ("[" + ",\n".join(texts) + "]").encode("utf-8")

    @staticmethod
    def _tools():
        if not _lib.HAS_TOOLS:
            raise RuntimeError("kaohe: explain and diff need libkaohe-tools.so (make libs; or set KAOHE_LIB to it)")

    def explain(self, records, id, outputs=None, private=False, depth=0):
        """Why record `id` has its values, as `kaohe explain --format json`
        gives it: {"id": ..., "outputs": [{"name", "value", "note",
        "where", "items": [...]}]}.  The whole of `records` is evaluated
        (roster functions need every record).  `private`: the agent's own
        view (no other agent's id or figures).  KeyError when no record has
        that id; ValueError when the record was refused."""
        self._tools()
        data = self._records_bytes(records)
        names = [o.encode("utf-8") for o in (outputs or [])]
        arr = (ctypes.c_char_p * max(1, len(names)))(*names)
        opts = _lib.ExplainOptions(id=str(id).encode("utf-8"), outputs=arr if names else None, noutputs=len(names),
                                   json=True, private_view=bool(private), max_depth=int(depth))
        summary = _lib.EvalSummary()
        rc, text = _lib.run_tool(lambda fin, fout: _lib.kh_explain(self._p, fin, b"records.json", fout,
                                                                  ctypes.byref(opts), ctypes.byref(summary)), data)
        why = summary.fatal.decode("utf-8")
        if rc == RECORD_ERRORS:
            raise (KeyError if "no record" in why else ValueError)(f"kaohe: {why}")
        if rc != OK:
            raise ValueError(f"kaohe: {_lib.kh_status_text(rc).decode()}: {why}")
        _warn(summary.notes.decode("utf-8"), 2)
        return json.loads(text.decode("utf-8"))

    def diff(self, other, records, summary_only=False, top=5):
        """What changes from this policy to `other` (a Policy: another file,
        or this one with other params set) over `records`, as `kaohe diff
        --format json` gives it: {"records": [{"id", "changes": [{"output",
        "old", "new", "delta"}, ...]}], "summary": {...}}; numbers as
        decimal.Decimal, exact.  What kaohe warns of is a KaoheWarning."""
        self._tools()
        data = self._records_bytes(records)
        opts = _lib.DiffOptions(format=_lib.KH_DIFF_JSON, summary_only=bool(summary_only), top=int(top))
        summary = _lib.EvalSummary()
        rc, text = _lib.run_tool(lambda fin, fout: _lib.kh_diff(self._p, other._p, fin, b"records.json", fout,
                                                               ctypes.byref(opts), ctypes.byref(summary)), data)
        if rc not in (OK, RECORD_ERRORS):
            raise ValueError(f"kaohe: {_lib.kh_status_text(rc).decode()}: {summary.fatal.decode('utf-8')}")
        _warn(summary.notes.decode("utf-8"), 2)
        return json.loads(text.decode("utf-8"), parse_float=decimal.Decimal)

    def eval_dataframe(self, df):
        """The results of a pandas DataFrame's rows as a DataFrame: a column
        per output (plus id and error).  A column "pay.base" is the field
        base of the group pay; a missing cell (NaN, None) is a field left
        out.  Needs pandas."""
        import pandas as pd

        records = []
        for row in df.to_dict(orient="records"):
            rec = {}
            for col, v in row.items():
                if v is None or (isinstance(v, float) and v != v) or v is pd.NaT:
                    continue
                if isinstance(v, pd.Timestamp):
                    v = v.to_pydatetime()
                parts = str(col).split(".")
                at = rec
                for part in parts[:-1]:
                    at = at.setdefault(part, {})
                at[parts[-1]] = v
            records.append(rec)
        results = self._eval(records, False, 2)
        columns = ["id"] + [o.name for o in self.outputs] + ["error"]
        frame = pd.DataFrame([{c: r.get(c) for c in columns} for r in results], columns=columns)
        frame.attrs["checks_failed"] = results.checks_failed
        return frame
