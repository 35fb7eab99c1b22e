"""Import one module and report how it went: test_import_rules.py runs it in fresh processes.

Standard library only, so that unpickling it in such a process loads
nothing of the project before the module under test.
"""

import importlib
import traceback


def import_alone(module: str) -> str:
    """Import `module` in this process: '' when it imports, else the traceback."""
    try:
        importlib.import_module(module)
    except BaseException:
        return traceback.format_exc()
    return ""
