"""Installing kg: pip prints no warning of ours, and the wheel carries everything the commands need
(ontology, bundled queries, register), so `kg build`, `query`, `render` and `validate` run from a fresh
virtual environment outside the checkout."""
from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]


def test_pip_reads_extras_as_pep_685():
    # pip before 23.3 compares extras unnormalised, and warns "lxml … does not provide the extra
    # 'html_clean'" for justext's lxml[html_clean] (lxml names it html-clean); scripts/test and README's
    # first command make the virtual environment with --upgrade-deps.
    assert Version(metadata.version("pip")) >= Version("23.3")


def test_every_extra_asked_for_is_provided():
    """What pip would warn about: a requirement in kg's dependency tree asking for an extra that the
    installed distribution does not provide."""
    seen, todo, missing = set(), [("kg", {"test", "dask"})], []
    while todo:
        name, extras = todo.pop()
        if (name, frozenset(extras)) in seen:
            continue
        seen.add((name, frozenset(extras)))
        dist = metadata.distribution(name)
        provided = {canonicalize_name(e) for e in dist.metadata.get_all("Provides-Extra") or []}
        missing += [f"{name}[{e}]" for e in extras if canonicalize_name(e) not in provided]
        for text in dist.requires or []:
            req = Requirement(text)
            env = {"extra": ""}
            if req.marker and not any(req.marker.evaluate({**env, "extra": e}) for e in extras | {""}):
                continue
            try:
                metadata.distribution(req.name)
            except metadata.PackageNotFoundError:
                continue  # an optional dependency for another platform or Python
            todo.append((req.name, set(req.extras)))
    assert missing == []


def _kg(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(venv / "bin" / "kg"), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)


def test_the_wheel_runs_every_command_from_a_fresh_environment(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    [wheel] = dist.glob("kg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("kg/ontology/kg.ttl", "kg/ontology/shapes.ttl", "kg/ontology/context.jsonld",
                   "kg/queries/hierarchy.rq", "kg/data/divisions.zip", "kg/data/examples/tianqiao-2020-06-30.txt"):
        assert needed in names, needed

    # A fresh environment: kg only from the wheel; its dependencies are this environment's (a .pth line
    # adds their directory, whose own .pth files, kg's editable install among them, are not read).
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    site = Path(subprocess.check_output([str(venv / "bin" / "python"), "-c",
                                         "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True).strip())
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q",
                    "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True, timeout=300)
    where = subprocess.check_output([str(venv / "bin" / "python"), "-c", "import kg; print(kg.__file__)"],
                                    cwd=tmp_path, text=True)
    assert where.startswith(str(site)), where

    work = tmp_path / "work"
    work.mkdir()
    build = _kg(venv, "build", cwd=work)
    assert build.returncode == 0, build.stderr
    ttl = work / "output" / "tianqiao-2020-06-30.ttl"
    query = _kg(venv, "query", str(ttl), "hierarchy", cwd=work)
    assert query.returncode == 0 and "济南市" in query.stdout, query.stderr
    for out in ("g.svg", "g.html"):  # the matplotlib back end with its embedded font, and the page
        drawn = _kg(venv, "render", str(ttl), "-o", out, cwd=work)
        assert drawn.returncode == 0 and (work / out).stat().st_size > 1000, drawn.stderr
    valid = _kg(venv, "validate", str(ttl), cwd=work)
    assert valid.returncode == 0, valid.stdout + valid.stderr
