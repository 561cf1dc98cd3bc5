"""Shared fixtures: a small test book, and the real handbook built once per session."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from pipeline.build import build
from pipeline.config import load_config

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def copy_mini_book(target: Path) -> Path:
    """Copy the mini fixture book to ``target`` and return its config path."""
    shutil.copytree(FIXTURES / "mini", target, dirs_exist_ok=True)
    config = target / "handbook.toml"
    config.write_text(config.read_text().replace('"FONTS"', f'"{REPO / "fonts"}"'))
    return config


@pytest.fixture
def mini_book(tmp_path: Path) -> Path:
    return copy_mini_book(tmp_path / "book")


@pytest.fixture(scope="session")
def english(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The real English handbook in every edition, built into a temporary dist/."""
    dist = tmp_path_factory.mktemp("dist")
    config = load_config(REPO / "handbook.toml")
    config = dataclasses.replace(config, paths={**config.paths, "dist": dist})
    report = build(config, locales=("en",))
    assert report.ok, report.failures
    return {output.edition: output.path for output in report.outputs}


@pytest.fixture(scope="session")
def handbook_pdf(english: dict[str, Path]) -> Path:
    return english["screen"]


@pytest.fixture(scope="session")
def handbook_book():
    from pipeline.check import load_book

    book, problems = load_book(load_config(REPO / "handbook.toml"))
    assert book is not None, problems
    return book
