"""Compiles the window's translations (.ts to .qm) into the wheel; metadata is in pyproject.toml.

The compiler is the package's own pure-Python one (assistant/i18n/qm.py), loaded
from its file so the build needs nothing beyond setuptools.
"""

import importlib.util
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildWithTranslations(build_py):
    def run(self) -> None:
        super().run()
        spec = importlib.util.spec_from_file_location("_qm", HERE / "assistant/i18n/qm.py")
        assert spec is not None and spec.loader is not None
        qm = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = qm  # its dataclasses look their module up there
        spec.loader.exec_module(qm)
        sources = sorted((HERE / "assistant/data/i18n").glob("*.ts"))
        for target in qm.compile_all(sources, Path(self.build_lib) / "assistant/data/i18n"):
            print(f"compiled {target.name}")


setup(cmdclass={"build_py": BuildWithTranslations})
