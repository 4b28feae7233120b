"""The Docker image cannot be built here (no engine): check what can be checked from the files."""

from __future__ import annotations

import fnmatch
import json
import re
import shlex
from pathlib import Path

from tests.conftest import ROOT


def instructions(dockerfile: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) per instruction, continuation lines joined, comments dropped."""
    joined: list[str] = []
    current = ""
    for line in dockerfile.read_text().splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        joined.append(current + stripped)
        current = ""
    result = []
    for line in joined:
        keyword, _space, rest = line.partition(" ")
        result.append((keyword.upper(), rest.strip()))
    return result


def ignored(path: str, patterns: list[str]) -> bool:
    """Whether .dockerignore leaves ``path`` out of the build context (last matching pattern wins)."""
    verdict = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        bare = pattern.lstrip("!").rstrip("/")
        parts = Path(path).parts
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        if any(
            fnmatch.fnmatch(prefix, bare) or fnmatch.fnmatch(Path(prefix).name, bare) for prefix in prefixes
        ):
            verdict = not negated
    return verdict


DOCKERFILE = instructions(ROOT / "Dockerfile")
IGNORE = [
    line.strip()
    for line in (ROOT / ".dockerignore").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]


def test_every_file_the_dockerfile_copies_exists_and_is_in_the_build_context() -> None:
    copied = []
    for keyword, arguments in DOCKERFILE:
        if keyword != "COPY" or "--from=" in arguments:
            continue
        *sources, _target = shlex.split(arguments)
        copied.extend(sources)
    assert copied
    assert ignored(".env", IGNORE) and not ignored(".env.example", IGNORE)  # the secrets stay out
    for source in copied:
        assert (ROOT / source).exists(), f"COPY {source}: no such file in the repository"
        assert not ignored(source, IGNORE), f"COPY {source}: excluded by .dockerignore"


def test_the_image_installs_with_the_same_command_as_the_readme_and_makefile() -> None:
    runs = [arguments for keyword, arguments in DOCKERFILE if keyword == "RUN"]
    assert "make install" in runs
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^install:\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert recipe is not None, "the Makefile has no install target"
    assert "pip install --quiet ." in recipe.group(1) and "[dev]" not in recipe.group(1)
    assert "make install" in (ROOT / "README.md").read_text()


def test_the_image_runs_the_bot_as_a_plain_user_with_its_data_on_a_volume_and_a_health_check() -> None:
    by_keyword: dict[str, list[str]] = {}
    for keyword, arguments in DOCKERFILE:
        by_keyword.setdefault(keyword, []).append(arguments)
    assert len(by_keyword["FROM"]) == 2, "a build stage and a runtime stage"
    assert all("slim" in stage or "PYTHON_IMAGE" in stage for stage in by_keyword["FROM"])
    assert by_keyword["USER"][-1] not in ("root", "0")
    assert json.loads(by_keyword["VOLUME"][-1]) == ["/data"]
    assert any("DATABASE_PATH=/data/" in env for env in by_keyword["ENV"])
    assert json.loads(by_keyword["ENTRYPOINT"][-1]) == ["mpbot"]
    assert json.loads(by_keyword["CMD"][-1]) == ["run"]
    assert by_keyword["HEALTHCHECK"][-1].endswith('CMD ["mpbot", "check"]')


def test_compose_example_keeps_the_database_on_a_named_volume_and_reads_an_env_file() -> None:
    compose = (ROOT / "compose.yaml").read_text()
    assert "env_file: .env" in compose
    assert re.search(r"^\s+- mpbot-data:/data$", compose, re.MULTILINE)
    assert re.search(r"^volumes:\n  mpbot-data:", compose, re.MULTILINE)
