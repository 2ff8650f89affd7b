"""Running a hostile query where it can do no harm: a child process that cannot connect anywhere, with a
memory limit, killed at its deadline.

A refusal that rests on reading the query text (a parser, an algebra walk) holds only as long as that
parser reads the text as the engine does. These limits hold whatever the engine makes of the text,
because they are the operating system's:

- `confine` installs a seccomp filter (Linux on x86-64 and arm64): `connect()`, TCP Fast Open, sends to
  an explicit address and io_uring fail with EACCES. SERVICE, LOAD or any other route then cannot reach
  another host, or a service on this one; listening and answering (the server) still work.
- It bounds the data segment (RLIMIT_DATA: heap and anonymous mappings, not the reserved address space):
  past it Python raises MemoryError and Oxigraph (Rust) aborts with "memory allocation of N bytes failed".
- `run_forked` and `run_spawned` kill the child at its deadline, whatever it is doing: a regex in C, a
  sort in Rust; the child dies with its parent (PR_SET_PDEATHSIG).

The child answers with JSON on a pipe, never pickle: a child whose engine the query subverted could
not make the parent run anything.
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import platform
import select
import signal
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

from kg.errors import KgError

# seccomp, from <linux/seccomp.h>, <linux/filter.h> and <linux/audit.h>
_PR_SET_PDEATHSIG, _PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 1, 38, 22, 2
_ALLOW, _DENY = 0x7FFF0000, 0x00050000 | errno.EACCES  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | EACCES
_LD, _JEQ, _JGE, _JSET, _RET = 0x20, 0x15, 0x35, 0x45, 0x06  # BPF_LD|W|ABS, JMP|JEQ|K, JGE, JSET, RET|K
_MSG_FASTOPEN = 0x20000000
_X32 = 0x40000000  # x86-64's x32 syscalls carry this bit: refused, as any other ABI is
# (AUDIT_ARCH, syscall numbers) for the machines the filter knows
_ARCHES = {
    "x86_64": (0xC000003E, {"connect": 42, "sendto": 44, "sendmsg": 46, "sendmmsg": 307, "io_uring_setup": 425}),
    "aarch64": (0xC00000B7, {"connect": 203, "sendto": 206, "sendmsg": 211, "sendmmsg": 269, "io_uring_setup": 425}),
}
_ARCHES["amd64"], _ARCHES["arm64"] = _ARCHES["x86_64"], _ARCHES["aarch64"]
READ = 1 << 16  # bytes read from a child at a time


def can_confine() -> bool:
    """Whether `confine` can stop outgoing connections on this machine (Linux on x86-64 or arm64)."""
    return sys.platform == "linux" and platform.machine().lower() in _ARCHES


def _filter() -> bytes:
    """The BPF program: refuse connect(), io_uring, sends with MSG_FASTOPEN or to an address; allow the rest."""
    arch, nr = _ARCHES[platform.machine().lower()]
    args = [16 + 8 * i for i in range(6)]  # struct seccomp_data: nr at 0, arch at 4, args[i] (low word first)
    program = [  # (code, k, jump if true, jump if false); None: the next instruction; a str: a label
        (_LD, 4, None, None), (_JEQ, arch, None, "deny"),  # another ABI (i386 on x86-64): refused
        (_LD, 0, None, None), (_JGE, _X32, "deny", None),
        (_JEQ, nr["connect"], "deny", None), (_JEQ, nr["io_uring_setup"], "deny", None),
        (_JEQ, nr["sendto"], "sendto", None), (_JEQ, nr["sendmmsg"], "flags3", None),
        (_JEQ, nr["sendmsg"], "flags2", None),
        (_RET, _ALLOW, None, None),
        "sendto",  # sendto(fd, buf, len, flags, dest_addr, addrlen): no address of its own
        (_LD, args[4], None, None), (_JEQ, 0, None, "deny"), (_LD, args[4] + 4, None, None), (_JEQ, 0, None, "deny"),
        "flags3", (_LD, args[3], None, None), (_JSET, _MSG_FASTOPEN, "deny", "allow"),
        "flags2", (_LD, args[2], None, None), (_JSET, _MSG_FASTOPEN, "deny", "allow"),
        "allow", (_RET, _ALLOW, None, None),
        "deny", (_RET, _DENY, None, None),
    ]
    labels, ops = {}, []
    for item in program:
        if isinstance(item, str):
            labels[item] = len(ops)
        else:
            ops.append(item)

    def jump(pc: int, to: str | None) -> int:
        return 0 if to is None else labels[to] - pc - 1

    return b"".join(struct.pack("HBBI", code, jump(pc, jt), jump(pc, jf), k) for pc, (code, k, jt, jf) in enumerate(ops))


def confine(*, network: bool, memory_mb: int | None, relative: bool = True) -> None:
    """Limit the current process for good (a child's, before or instead of exec): it dies with its parent;
    without `network` it cannot connect anywhere (where `can_confine`); its data segment may grow by at most
    `memory_mb` (`relative`) or hold at most that much. Raises OSError if the filter cannot be installed."""
    libc = ctypes.CDLL(None, use_errno=True) if sys.platform == "linux" else None
    if libc is not None:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if memory_mb:
        import resource

        limit = memory_mb * 1024 * 1024 + (_data_bytes() if relative else 0)
        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if hard != resource.RLIM_INFINITY:  # a limit only goes down (a grandchild of a confined child)
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    if not network and can_confine():
        program = _filter()

        class Program(ctypes.Structure):
            _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_char_p)]

        prog = Program(len(program) // 8, program)
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) or \
                libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0):
            err = ctypes.get_errno()
            raise OSError(err, f"cannot install the seccomp filter: {os.strerror(err)}")


def _data_bytes() -> int:
    """This process's data segment now (VmData), what RLIMIT_DATA counts; 0 where /proc does not say."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


# ---------------------------------------------------------------------------- children


def run_forked(work: Callable[[], dict], *, timeout: float | None, memory_mb: int | None, network: bool,
               what: str = "query") -> dict:
    """Run `work` in a forked, confined child (it sees this process's memory as it is now); its JSON-able
    dict. KgError in the child comes back as KgError; the deadline and the memory limit as KgError too."""
    read, write = os.pipe()
    errors = tempfile.TemporaryFile()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    pid = os.fork()
    if pid == 0:  # the child: never returns, never runs the parent's exit handlers
        status = 70
        try:
            os.close(read)
            os.dup2(errors.fileno(), 2)
            data = memoryview(json.dumps(_answer(work, network=network, memory_mb=memory_mb)).encode("ascii"))
            while data:  # a pipe, not a file: no partial output can be left anywhere
                data = data[os.write(write, data):]
            status = 0
        except MemoryError:
            status = 71
        except BaseException:  # noqa: BLE001 - reported through the exit status and stderr
            import traceback

            with contextlib.suppress(Exception):
                traceback.print_exc()
        finally:
            os._exit(status)
    os.close(write)

    def kill():
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)

    def wait() -> int:
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status)

    try:
        return _collect(read, errors, kill, wait, timeout, memory_mb, what)
    finally:
        os.close(read)
        errors.close()


def run_spawned(argv: list[str], request: dict, *, timeout: float | None, memory_mb: int | None,
                what: str = "query", start: float = 30.0) -> dict:
    """Run a Python child (`argv` after the interpreter), which confines itself, says `ready` on a line,
    reads `request` (JSON) from stdin and writes its answer (JSON) to stdout; the deadline starts at `ready`."""
    import kg

    env = dict(os.environ)
    home = os.path.dirname(os.path.dirname(os.path.abspath(kg.__file__)))  # kg, however it was imported
    env["PYTHONPATH"] = os.pathsep.join([home] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    errors = tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, *argv], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors,
                            env=env)
    try:
        line = _ready(proc, start)
        if line != b"ready\n":
            proc.kill()
            proc.wait()
            said = _last_line(errors) or line.decode("utf-8", "replace").strip() or "its process did not start"
            raise KgError(f"{what} failed: {said}")
        proc.stdin.write(json.dumps(request).encode("ascii"))  # \u escapes: any str goes, lone surrogates too
        proc.stdin.close()
        return _collect(proc.stdout.fileno(), errors, proc.kill, proc.wait, timeout, memory_mb, what)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        errors.close()


def _ready(proc: subprocess.Popen, start: float) -> bytes:
    deadline = time.monotonic() + start
    fd, got = proc.stdout.fileno(), b""
    while not got.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return got
        chunk = os.read(fd, 1)
        if not chunk:
            return got
        got += chunk
    return got


def child_main(work: Callable[[dict], dict], *, network: Callable[[dict], bool] | None = None) -> None:
    """The body of a `run_spawned` child: confine, say ready, answer one request. `work` gets the request."""
    request = None
    try:
        print("ready", flush=True)
        request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
        data = json.dumps(_answer(lambda: work(request), network=bool(network and network(request)),
                                  memory_mb=request.get("memory_mb"))).encode("ascii")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    except MemoryError:
        os._exit(71)
    os._exit(0)


def _answer(work: Callable[[], dict], *, network: bool, memory_mb: int | None) -> dict:
    """Confine this process, then run `work`: its result, or the error, as JSON data."""
    try:
        confine(network=network, memory_mb=memory_mb)
    except (OSError, ValueError) as exc:  # a container that forbids seccomp filters: run nothing unconfined
        return {"error": f"cannot confine the query here ({exc}); --allow-remote runs it without the network "
                         "filter, and --max-memory 0 without the memory limit", "exit": 2}
    try:
        return {"ok": work()}
    except KgError as err:
        return {"error": str(err), "exit": err.exit_code, "lines": err.lines}
    except MemoryError:
        return {"memory": True}


def _collect(fd: int, errors, kill, wait, timeout: float | None, memory_mb: int | None, what: str) -> dict:
    """Read the child's answer until it ends or the deadline passes; its "ok" part, else KgError."""
    deadline = None if timeout is None else time.monotonic() + timeout
    chunks, expired = [], False
    try:
        while True:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and (left <= 0 or not select.select([fd], [], [], left)[0]):
                expired = True
                break
            chunk = os.read(fd, READ)
            if not chunk:
                break
            chunks.append(chunk)
    except BaseException:  # Ctrl-C, too: no child is left running
        kill()
        wait()
        raise
    if expired:
        kill()
        wait()
        raise KgError(f"{what} stopped after {timeout:g} s (--timeout SECONDS allows longer, "
                      "--timeout 0 removes the limit)")
    status = wait()
    try:
        answer = json.loads(b"".join(chunks).decode("utf-8")) if status == 0 else None
    except ValueError:
        answer = None
    if isinstance(answer, dict) and "ok" in answer:
        return answer["ok"]
    if isinstance(answer, dict) and "error" in answer:
        err = KgError(answer["error"])
        err.exit_code, err.lines = answer.get("exit", 2), bool(answer.get("lines"))
        raise err
    said = _said(errors)
    if (isinstance(answer, dict) and answer.get("memory")) or status in (71, -signal.SIGKILL) or \
            any(sign in said for sign in ("memory allocation of", "MemoryError", "bad_alloc", "Cannot allocate")):
        limit = f"the limit of {memory_mb} MB" if memory_mb else "the memory there is"
        raise KgError(f"{what} stopped: it needed more than {limit} (--max-memory MB allows more, "
                      "--max-memory 0 removes the limit)")
    how = f"signal {-status}" if status < 0 else f"exit status {status}"
    last = said.strip().splitlines()[-1][:200] if said.strip() else ""
    raise KgError(f"{what} failed: the process running it ended unexpectedly ({how}){': ' + last if last else ''}")


def _said(errors) -> str:
    errors.seek(0)
    return errors.read(1 << 20).decode("utf-8", "replace")


def _last_line(errors) -> str:
    said = _said(errors).strip()
    return said.splitlines()[-1][:200] if said else ""
