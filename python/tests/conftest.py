"""Paths shared by the tests: the source tree, the kaohe command, the
package (python/kaohe, over build/libkaohe.so or $KAOHE_LIB)."""
import os
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "python"))


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def kaohe_bin():
    path = os.environ.get("KAOHE", os.path.join(ROOT, "kaohe"))
    assert os.access(path, os.X_OK), f"{path}: run make first"
    return os.path.abspath(path)
