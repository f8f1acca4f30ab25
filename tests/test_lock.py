"""The lock files say what pyproject.toml asks for (issue 26.2): every dependency pinned to a
version its specifier accepts, with hashes, nothing pinned for a dependency that is gone, and the
dev lock on the runtime lock's versions. When they disagree, one line: run `make lock`."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from packaging.markers import Marker, default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).parents[1]
FIX = "run `make lock` and commit requirements.lock and requirements-dev.lock"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


@dataclass
class Pin:
    version: Version
    marker: str | None
    hashes: int = 0
    direct: bool = False  # "via nezam-bot (pyproject.toml)"


@dataclass
class Lock:
    name: str
    pins: dict[str, list[Pin]] = field(default_factory=dict)


def read_lock(name: str) -> Lock:
    lock = Lock(name)
    current: Pin | None = None
    for line in (ROOT / name).read_text("utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            package, _, version, marker = match.groups()
            current = Pin(Version(version), marker)
            lock.pins.setdefault(canonicalize_name(package), []).append(current)
        elif current is not None and "--hash=sha256:" in line:
            current.hashes += 1
        elif current is not None and "nezam-bot (pyproject.toml)" in line:
            current.direct = True
    return lock


def requirements(extra: str | None = None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    listed = project["optional-dependencies"][extra] if extra else project["dependencies"]
    return [Requirement(text) for text in listed]


def disagreement(lock: Lock, wanted: list[Requirement]) -> str | None:
    """What makes ``lock`` wrong for ``wanted``, in a few words, or None."""
    environment: dict[str, str] = {
        **{key: str(value) for key, value in default_environment().items()},
        "python_full_version": "3.11.7",
        "python_version": "3.11",
    }
    for requirement in wanted:
        wanted_pins = lock.pins.get(canonicalize_name(requirement.name), [])
        pins = [p for p in wanted_pins if p.marker is None or Marker(p.marker).evaluate(environment)]
        if not pins:
            return f"{requirement.name} is not in it"
        for pin in pins:
            if not requirement.specifier.contains(pin.version, prereleases=True):
                return f"it pins {requirement.name} {pin.version}, pyproject.toml asks for {requirement.specifier}"
    wanted_names = {canonicalize_name(r.name) for r in wanted}
    for name, pins in lock.pins.items():
        if any(p.direct for p in pins) and name not in wanted_names:
            return f"it still pins {name} for pyproject.toml, which no longer asks for it"
        if any(p.hashes == 0 for p in pins):
            return f"{name} has no hash"
    return None


def check(lock: Lock, wanted: list[Requirement]) -> None:
    problem = disagreement(lock, wanted)
    if problem:
        pytest.fail(f"{lock.name} does not match pyproject.toml ({problem}): {FIX}", pytrace=False)


def test_the_runtime_lock_matches_pyproject() -> None:
    check(read_lock("requirements.lock"), requirements())


def test_the_dev_lock_matches_pyproject_on_the_runtime_versions() -> None:
    runtime, dev = read_lock("requirements.lock"), read_lock("requirements-dev.lock")
    check(dev, requirements() + requirements("dev"))
    for name, pins in runtime.pins.items():
        theirs = {p.version for p in dev.pins.get(name, [])}
        if theirs and theirs != {p.version for p in pins}:
            versions = ", ".join(sorted(map(str, theirs)))
            pytest.fail(f"requirements-dev.lock pins {name} {versions}, not as requirements.lock: {FIX}", pytrace=False)


def test_a_disagreement_is_named() -> None:
    """The check itself, on what the lock says pyproject.toml asked for: a dependency added, a
    minimum raised, one removed."""
    lock = read_lock("requirements.lock")
    asked = [Requirement(name) for name, pins in lock.pins.items() if any(p.direct for p in pins)]
    assert disagreement(lock, asked) is None
    assert disagreement(lock, [*asked, Requirement("no-such-dependency>=1.6")]) == "no-such-dependency is not in it"
    raised = [Requirement("aiogram>=99") if r.name == "aiogram" else r for r in asked]
    assert (disagreement(lock, raised) or "").startswith("it pins aiogram ")
    removed = [r for r in asked if r.name != "pypdf"]
    assert disagreement(lock, removed) == "it still pins pypdf for pyproject.toml, which no longer asks for it"
