"""_lib.py — finds libkaohe and declares the C functions kaohe.h (and
kaohe_tools.h) export that the package calls (ctypes: no compiled extension,
no Python headers).

The library is looked for, in order: the path in $KAOHE_LIB; build/ of the
source tree this package sits in (python/kaohe/../../build); the system's
(make install).  libkaohe-tools.so, the core and the tools in one library,
is preferred to libkaohe.so: only it has explain and diff (HAS_TOOLS).
"""
import ctypes
import ctypes.util
import os

_here = os.path.dirname(os.path.abspath(__file__))


def _candidates():
    env = os.environ.get("KAOHE_LIB")
    if env:
        yield env
        return
    build = os.path.join(_here, "..", "..", "build")
    for name in ("libkaohe-tools.so", "libkaohe-tools.so.0", "libkaohe.so", "libkaohe.so.0"):
        p = os.path.join(build, name)
        if os.path.exists(p):
            yield p
    yield "libkaohe-tools.so.0"
    yield "libkaohe.so.0"
    for name in ("kaohe-tools", "kaohe"):
        found = ctypes.util.find_library(name)
        if found:
            yield found


def _load():
    errors = []
    for path in _candidates():
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            errors.append(f"{path}: {e}")
    raise ImportError("kaohe: cannot load libkaohe.so (set KAOHE_LIB, run make, or make install): "
                      + "; ".join(errors))


lib = _load()

c_char_p, c_int, c_size_t, c_bool, c_void_p = ctypes.c_char_p, ctypes.c_int, ctypes.c_size_t, ctypes.c_bool, ctypes.c_void_p


def _fn(name, restype, *argtypes):
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


class SessionOptions(ctypes.Structure):
    _fields_ = [("size", c_size_t), ("explain", c_bool), ("max_records", c_size_t), ("max_bytes", c_size_t)]


class CompileOptions(ctypes.Structure):
    _fields_ = [("size", c_size_t), ("include_dirs", ctypes.POINTER(c_char_p)), ("ninclude_dirs", c_int),
                ("includes_off", c_bool), ("resolve_include", c_void_p), ("ud", c_void_p)]


kh_version = _fn("kh_version", c_char_p)
kh_status_text = _fn("kh_status_text", c_char_p, c_int)

kh_diags_new = _fn("kh_diags_new", c_void_p)
kh_diags_free = _fn("kh_diags_free", None, c_void_p)
kh_diags_count = _fn("kh_diags_count", c_int, c_void_p)
kh_diag_severity = _fn("kh_diag_severity", c_int, c_void_p, c_int)
kh_diag_file = _fn("kh_diag_file", c_char_p, c_void_p, c_int)
kh_diag_line = _fn("kh_diag_line", c_int, c_void_p, c_int)
kh_diag_column = _fn("kh_diag_column", c_int, c_void_p, c_int)
kh_diag_end_line = _fn("kh_diag_end_line", c_int, c_void_p, c_int)
kh_diag_end_column = _fn("kh_diag_end_column", c_int, c_void_p, c_int)
kh_diag_message = _fn("kh_diag_message", c_char_p, c_void_p, c_int)
kh_diag_hint = _fn("kh_diag_hint", c_char_p, c_void_p, c_int)

kh_policy_load = _fn("kh_policy_load", c_void_p, c_char_p, c_void_p)
kh_policy_load_text = _fn("kh_policy_load_text", c_void_p, c_char_p, c_char_p, c_size_t, c_void_p)
kh_compile_options_init = _fn("kh_compile_options_init", None, ctypes.POINTER(CompileOptions))
kh_policy_compile = _fn("kh_policy_compile", c_void_p, c_char_p, c_char_p, c_size_t, ctypes.POINTER(CompileOptions),
                        c_void_p)
kh_policy_free = _fn("kh_policy_free", None, c_void_p)
kh_policy_set = _fn("kh_policy_set", c_bool, c_void_p, c_char_p, c_char_p, c_char_p, c_size_t)
kh_policy_title = _fn("kh_policy_title", c_char_p, c_void_p)
kh_policy_schema_json = _fn("kh_policy_schema_json", c_int, c_void_p, c_char_p, c_size_t)

kh_param_count = _fn("kh_param_count", c_int, c_void_p)
kh_param_name = _fn("kh_param_name", c_char_p, c_void_p, c_int)
kh_param_type = _fn("kh_param_type", c_int, c_void_p, c_int, c_char_p, c_size_t)
kh_param_label = _fn("kh_param_label", c_char_p, c_void_p, c_int)
kh_param_percent = _fn("kh_param_percent", c_bool, c_void_p, c_int)
kh_param_overridden = _fn("kh_param_overridden", c_bool, c_void_p, c_int)
kh_param_value = _fn("kh_param_value", c_int, c_void_p, c_int, c_char_p, c_size_t)

kh_output_count = _fn("kh_output_count", c_int, c_void_p)
kh_output_name = _fn("kh_output_name", c_char_p, c_void_p, c_int)
kh_output_type = _fn("kh_output_type", c_int, c_void_p, c_int, c_char_p, c_size_t)
kh_output_label = _fn("kh_output_label", c_char_p, c_void_p, c_int)

kh_session_options_init = _fn("kh_session_options_init", None, ctypes.POINTER(SessionOptions))
kh_session_new = _fn("kh_session_new", c_void_p, c_void_p, ctypes.POINTER(SessionOptions))
kh_session_free = _fn("kh_session_free", None, c_void_p)
kh_session_feed = _fn("kh_session_feed", c_int, c_void_p, c_char_p, c_size_t)
kh_session_run = _fn("kh_session_run", c_int, c_void_p)
kh_session_next = _fn("kh_session_next", c_void_p, c_void_p)
kh_session_check_count = _fn("kh_session_check_count", c_int, c_void_p)
kh_session_check_json = _fn("kh_session_check_json", c_char_p, c_void_p, c_int)
kh_session_fatal = _fn("kh_session_fatal", c_char_p, c_void_p)
kh_session_notes = _fn("kh_session_notes", c_char_p, c_void_p)

kh_result_free = _fn("kh_result_free", None, c_void_p)
kh_result_json = _fn("kh_result_json", c_char_p, c_void_p)
kh_result_error = _fn("kh_result_error", c_char_p, c_void_p)


HAS_TOOLS = hasattr(lib, "kh_explain")


class EvalSummary(ctypes.Structure):
    _fields_ = [("records", c_size_t), ("errors", c_size_t), ("checks_failed", c_int), ("fatal", ctypes.c_char * 512),
                ("output_failed", c_bool), ("notes", ctypes.c_char * 1024), ("may_change", ctypes.c_char * 512)]


class ExplainOptions(ctypes.Structure):
    _fields_ = [("id", c_char_p), ("outputs", ctypes.POINTER(c_char_p)), ("noutputs", c_int), ("json", c_bool),
                ("show_inactive", c_bool), ("private_view", c_bool), ("color", c_bool), ("max_depth", c_int),
                ("prior_path", c_char_p)]


class DiffOptions(ctypes.Structure):
    _fields_ = [("format", c_int), ("summary_only", c_bool), ("top", c_int), ("color", c_bool),
                ("old_name", c_char_p), ("new_name", c_char_p), ("prior_path", c_char_p)]


KH_DIFF_JSON = 1

if HAS_TOOLS:
    kh_explain = _fn("kh_explain", c_int, c_void_p, c_void_p, c_char_p, c_void_p, ctypes.POINTER(ExplainOptions),
                     ctypes.POINTER(EvalSummary))
    kh_diff = _fn("kh_diff", c_int, c_void_p, c_void_p, c_void_p, c_char_p, c_void_p, ctypes.POINTER(DiffOptions),
                  ctypes.POINTER(EvalSummary))

# the C library's in-memory streams, for the tools' FILE * arguments
libc = ctypes.CDLL(None)
fmemopen = libc.fmemopen
fmemopen.restype = c_void_p
fmemopen.argtypes = [c_void_p, c_size_t, c_char_p]
open_memstream = libc.open_memstream
open_memstream.restype = c_void_p
open_memstream.argtypes = [ctypes.POINTER(c_void_p), ctypes.POINTER(c_size_t)]
fclose = libc.fclose
fclose.restype = c_int
fclose.argtypes = [c_void_p]
free = libc.free
free.restype = None
free.argtypes = [c_void_p]


def run_tool(call, data, *args):
    """Calls a tool that reads `data` (bytes) from a FILE * and writes to
    another: call(in_file, out_file) -> status.  Returns (status, bytes
    written)."""
    buf = ctypes.create_string_buffer(data, len(data))
    fin = fmemopen(buf, len(data), b"r")
    out_ptr, out_len = c_void_p(), c_size_t()
    fout = open_memstream(ctypes.byref(out_ptr), ctypes.byref(out_len))
    if not fin or not fout:
        if fin:
            fclose(fin)
        if fout:
            fclose(fout)
        raise MemoryError("kaohe: cannot open an in-memory stream")
    try:
        rc = call(fin, fout)
    finally:
        fclose(fin)
        fclose(fout)
    try:
        text = ctypes.string_at(out_ptr, out_len.value) if out_ptr else b""
    finally:
        free(out_ptr)
    return rc, text


def text_of(call, *args):
    """A text the library writes snprintf-style (kh_param_type and the like)."""
    n = call(*args, None, 0)
    if n < 0:
        return None
    out = ctypes.create_string_buffer(n + 1)
    call(*args, out, n + 1)
    return out.value.decode("utf-8")


def s(b):
    """A C string as Python text (None stays None)."""
    return None if b is None else b.decode("utf-8")
