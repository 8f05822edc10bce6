"""What a plain `pip install .` ships."""

import tomllib
from pathlib import Path

from setuptools import find_packages

ROOT = Path(__file__).parents[1]


def test_every_package_is_listed_for_the_wheel() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    assert set(find_packages(str(ROOT), include=["outreach*"])) | {"outreach.resources"} == listed


def test_icons_and_desktop_file_ship_as_package_resources() -> None:
    from outreach.gui.icons import resources_dir

    base = resources_dir()
    assert (base / "outreach.desktop").is_file()
    assert (base / "icons" / "trash.svg").is_file()
