"""atomic_write: all or nothing, no temporary files left, usual permissions."""
from __future__ import annotations

import os
import stat

import pytest

from kg.atomic import atomic_write


@pytest.fixture
def umask():
    """Set the process umask for one test, and put the old one back."""
    old = os.umask(0o022)
    os.umask(old)

    def set_(mask: int) -> int:
        os.umask(mask)
        return mask
    yield set_
    os.umask(old)


def test_writes_new_file(tmp_path):
    target = tmp_path / "out.ttl"
    with atomic_write(target) as f:
        f.write(b"new content\n")
    assert target.read_bytes() == b"new content\n"
    assert os.listdir(tmp_path) == ["out.ttl"]


def test_replaces_existing_file(tmp_path):
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old\n")
    with atomic_write(target) as f:
        f.write(b"new\n")
    assert target.read_bytes() == b"new\n"
    assert os.listdir(tmp_path) == ["out.ttl"]


def test_text_mode_writes_utf8_with_lf(tmp_path):
    target = tmp_path / "out.txt"
    with atomic_write(target, binary=False) as f:
        f.write("北关社区\n第二行\n")
    assert target.read_bytes() == "北关社区\n第二行\n".encode("utf-8")


def test_creates_missing_parent_directories(tmp_path):
    target = tmp_path / "output" / "nested" / "g.nt"
    with atomic_write(target) as f:
        f.write(b"x")
    assert target.read_bytes() == b"x"


@pytest.mark.parametrize("exc", [RuntimeError("boom"), KeyboardInterrupt()])
def test_exception_leaves_old_file_intact(tmp_path, exc):
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old content\n")
    with pytest.raises(type(exc)):
        with atomic_write(target) as f:
            f.write(b"half of the new cont")
            raise exc
    assert target.read_bytes() == b"old content\n"
    assert os.listdir(tmp_path) == ["out.ttl"]  # no temporary file left behind


def test_exception_creates_no_file(tmp_path):
    target = tmp_path / "out.ttl"
    with pytest.raises(ValueError):
        with atomic_write(target) as f:
            f.write(b"partial")
            raise ValueError("stop")
    assert not target.exists()
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o027, 0o077])
def test_new_file_has_usual_permissions(tmp_path, umask, mask):
    umask(mask)
    target = tmp_path / "out.ttl"
    with atomic_write(target) as f:
        f.write(b"x")
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask


def test_not_private_with_common_umask(tmp_path, umask):
    umask(0o022)
    target = tmp_path / "out.ttl"
    with atomic_write(target) as f:
        f.write(b"x")
    mode = stat.S_IMODE(target.stat().st_mode)
    assert mode != 0o600  # not mkstemp's private mode
    assert mode & stat.S_IRGRP and mode & stat.S_IROTH


@pytest.mark.parametrize("durable", [True, False])
def test_only_a_durable_write_is_synced_and_both_are_renamed_into_place(tmp_path, monkeypatch, durable):
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    target = tmp_path / "batch.nq"
    with atomic_write(target, durable=durable) as f:
        f.write(b"<a> <b> <c> .\n")
        assert not target.exists()  # written beside it, renamed at the end
    assert target.read_bytes() == b"<a> <b> <c> .\n" and os.listdir(tmp_path) == ["batch.nq"]
    assert bool(synced) == durable
