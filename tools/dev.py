#!/usr/bin/env python3
"""The developer's entry point. Needs only Python 3.11+ (and Node for the two clients).

python3 tools/dev.py up            start the system: venv, install, migrate a SQLite file, demo data, API on :5000
python3 tools/dev.py test          run every test suite (backend, admin console, mini-program)
python3 tools/dev.py e2e-server    a throw-away server (fresh SQLite, demo data) for the clients' end-to-end tests
python3 tools/dev.py openapi       rewrite openapi/openapi.json from the code
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
REQUIREMENTS = ROOT / "backend" / "requirements-dev.txt"


def log(message: str) -> None:
    print(f"==> {message}", flush=True)


def run(cmd: list, cwd: Path = ROOT, env: dict | None = None, check: bool = True) -> int:
    result = subprocess.run([str(c) for c in cmd], cwd=cwd, env={**os.environ, **(env or {})})
    if check and result.returncode != 0:
        sys.exit(result.returncode)
    return result.returncode


def ensure_venv() -> None:
    if not PYTHON.exists():
        log("creating the virtualenv in .venv")
        run([sys.executable, "-m", "venv", VENV])
    stamp = VENV / ".requirements.sha256"
    wanted = hashlib.sha256(
        b"".join(p.read_bytes() for p in sorted((ROOT / "backend").glob("requirements*.txt")))
    ).hexdigest()
    if not stamp.exists() or stamp.read_text() != wanted:
        log("installing Python packages")
        run([PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
        run([PYTHON, "-m", "pip", "install", "--quiet", "-r", REQUIREMENTS])
        stamp.write_text(wanted)


def backend_env(extra: dict | None = None) -> dict:
    env = {"PYTHONPATH": str(ROOT / "backend"), "FLASK_APP": "crabsales.wsgi"}
    env.update(extra or {})
    return env


def flask(args: list, env: dict) -> None:
    run([PYTHON, "-m", "flask", *args], env=backend_env(env))


def npm() -> str | None:
    return shutil.which("npm")


# What the console build does not read: left out of its source hash.
CONSOLE_NOT_SOURCES = {"node_modules", "dist", "test-output", ".vite", "tests", "e2e"}
CONSOLE_BUILD_STAMP = ".source-hash"


def console_source_hash(console: Path) -> str:
    """A hash of what the console build reads: its sources, package-lock and the OpenAPI document."""
    digest = hashlib.sha256()
    files = [ROOT / "openapi" / "openapi.json"]
    for folder, dirs, names in os.walk(console):
        dirs[:] = sorted(d for d in dirs if d not in CONSOLE_NOT_SOURCES)
        files += [Path(folder) / name for name in names if not name.endswith(".log")]
    for path in sorted(files):
        if path.is_file():
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def console_is_current(console: Path) -> bool:
    stamp = console / "dist" / CONSOLE_BUILD_STAMP
    return (
        (console / "dist" / "index.html").is_file()
        and stamp.is_file()
        and stamp.read_text().strip() == console_source_hash(console)
    )


def build_console() -> None:
    console = ROOT / "admin-spa"
    if not (console / "package.json").exists():
        return
    if console_is_current(console):
        log("the admin console is up to date (nothing changed since its last build)")
        return
    if not npm():
        log("Node/npm not found: the admin console is not built (the API still runs)")
        return
    if not (console / "node_modules").exists():
        log("installing the admin console's packages")
        run([npm(), "ci", "--no-audit", "--no-fund"], cwd=console)
    log("building the admin console (served at /admin/)")
    # A build that fails half way must not leave a stamp that vouches for what is in dist/.
    (console / "dist" / CONSOLE_BUILD_STAMP).unlink(missing_ok=True)
    if run([npm(), "run", "build"], cwd=console, check=False) != 0:
        log("the admin console failed to build; the API still runs")
        return
    # Hashed after the build: it regenerates src/api/types.ts from the OpenAPI document.
    (console / "dist" / CONSOLE_BUILD_STAMP).write_text(console_source_hash(console))


def cmd_up(args) -> None:
    ensure_venv()
    build_console()
    (ROOT / "instance").mkdir(exist_ok=True)
    env = {"FAKE_SERVICES": "1", "JOBS_MODE": "inline", "SCHEDULER_IN_PROCESS": "1"}
    log("migrating the database")
    flask(["db", "upgrade"], env)
    log("loading demo data")
    flask(["seed", "demo"], env)
    log(
        f"API on http://127.0.0.1:{args.port}/api/docs  console http://127.0.0.1:{args.port}/admin/  "
        "(admin / Admin@12345; members 13800000001-5 / Member@123)"
    )
    run([PYTHON, __file__, "serve", "--port", args.port], env=backend_env(env))


def cmd_serve(args) -> None:
    """Runs inside the virtualenv: the API with the threaded development server."""
    sys.path.insert(0, str(ROOT / "backend"))
    from crabsales import create_app
    from crabsales.core.jobs import start_in_process_scheduler

    app = create_app()
    if app.config["SCHEDULER_IN_PROCESS"]:
        start_in_process_scheduler(app)
    app.run(host=args.host, port=int(args.port), threaded=True, use_reloader=False)


def cmd_e2e_server(args) -> None:
    ensure_venv()
    workdir = Path(tempfile.mkdtemp(prefix="crab-e2e-"))
    env = {
        "DATABASE_URL": f"sqlite:///{workdir / 'e2e.db'}",
        "STORAGE_DIR": str(workdir / "files"),
        "FAKE_SERVICES": "1",
        "JOBS_MODE": "inline",
        "REDIS_URL": "",
        "SECRET_KEY": "e2e-only-secret",
    }
    flask(["db", "upgrade"], env)
    flask(["seed", "demo"], env)
    log(f"e2e server on http://127.0.0.1:{args.port} (data in {workdir})")
    run([PYTHON, __file__, "serve", "--port", args.port], env=backend_env(env))


def cmd_openapi(args) -> None:
    ensure_venv()
    flask(["spec", "write", str(ROOT / "openapi" / "openapi.json")], {"FAKE_SERVICES": "1"})


def client_suites() -> list[tuple[str, Path, list[str]]]:
    suites = []
    for name, folder, scripts in (
        ("admin console", ROOT / "admin-spa", ["typecheck", "test", "e2e"]),
        ("mini-program", ROOT / "miniprogram", ["test", "test:journey"]),
    ):
        if (folder / "package.json").exists():
            suites.append((name, folder, scripts))
    return suites


def cmd_test(args) -> None:
    ensure_venv()
    failures = []
    log("backend tests (pytest)")
    if run([PYTHON, "-m", "pytest", *args.pytest_args], env=backend_env(), check=False) != 0:
        failures.append("backend")
    log("lint (ruff)")
    if run([PYTHON, "-m", "ruff", "check", "backend", "tests", "tools"], check=False) != 0:
        failures.append("ruff")
    log("OpenAPI document in sync")
    if (
        run(
            [PYTHON, "-m", "flask", "spec", "check", ROOT / "openapi" / "openapi.json"],
            env=backend_env({"FAKE_SERVICES": "1"}),
            check=False,
        )
        != 0
    ):
        failures.append("openapi")
    if not args.backend_only:
        if not npm():
            log("Node/npm not found: client suites cannot run")
            failures.append("clients (no npm)")
        for name, folder, scripts in client_suites() if npm() else []:
            if not (folder / "node_modules").exists():
                run([npm(), "ci", "--no-audit", "--no-fund"], cwd=folder)
            for script in scripts:
                log(f"{name}: npm run {script}")
                if run([npm(), "run", script], cwd=folder, check=False) != 0:
                    failures.append(f"{name} {script}")
    if failures:
        log("FAILED: " + ", ".join(failures))
        sys.exit(1)
    log("all suites passed")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("up")
    up.add_argument("--port", default="5000")
    serve = sub.add_parser("serve")
    serve.add_argument("--port", default="5000")
    serve.add_argument("--host", default="127.0.0.1")
    e2e = sub.add_parser("e2e-server")
    e2e.add_argument("--port", default="5055")
    sub.add_parser("openapi")
    # No abbreviations: a pytest option such as `--back...` must not be taken for `--backend-only`.
    test = sub.add_parser(
        "test", allow_abbrev=False, usage="%(prog)s [--backend-only] [pytest arguments, e.g. -k sms tests/core]"
    )
    test.add_argument("--backend-only", action="store_true")
    return parser


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Every argument of `test` that is not its own goes to pytest, in order and wherever it stands."""
    parser = build_parser()
    args, rest = parser.parse_known_args(argv)
    if args.command != "test":
        if rest:
            parser.error(f"unrecognized arguments: {' '.join(rest)}")
        return args
    if rest[:1] == ["--"]:
        rest = rest[1:]
    args.pytest_args = rest
    return args


def main() -> None:
    args = parse_args()
    {"up": cmd_up, "serve": cmd_serve, "e2e-server": cmd_e2e_server, "openapi": cmd_openapi, "test": cmd_test}[
        args.command.replace("_", "-")
    ](args)


if __name__ == "__main__":
    main()
