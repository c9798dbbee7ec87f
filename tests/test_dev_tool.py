"""tools/dev.py, the README's two commands: arguments of `test` reach pytest, and `up` builds the console only when
its sources changed."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def dev():
    spec = importlib.util.spec_from_file_location("crab_dev_tool", ROOT / "tools" / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("argv", "backend_only", "pytest_args"),
    [
        (["test"], False, []),
        (["test", "--backend-only", "-k", "sms"], True, ["-k", "sms"]),
        (["test", "-k", "sms", "--backend-only"], True, ["-k", "sms"]),
        (["test", "tests/core", "-q", "-p", "no:cacheprovider"], False, ["tests/core", "-q", "-p", "no:cacheprovider"]),
        (["test", "--backend-only", "--", "-k", "not slow"], True, ["-k", "not slow"]),
        (["test", "--back", "tests"], False, ["--back", "tests"]),  # no abbreviation of --backend-only
    ],
)
def test_test_command_passes_pytest_arguments_through(dev, argv, backend_only, pytest_args):
    args = dev.parse_args(argv)
    assert args.command == "test"
    assert args.backend_only is backend_only
    assert args.pytest_args == pytest_args


def test_other_commands_still_refuse_unknown_arguments(dev, capsys):
    assert dev.parse_args(["up", "--port", "5001"]).port == "5001"
    with pytest.raises(SystemExit):
        dev.parse_args(["up", "-k", "sms"])
    assert "unrecognized arguments: -k sms" in capsys.readouterr().err


@pytest.fixture
def console_repo(dev, tmp_path, monkeypatch):
    """A repository with a small console; `npm run build` writes dist/ as vite does (emptying it first)."""
    console = tmp_path / "admin-spa"
    for name, text in {
        "package.json": "{}",
        "package-lock.json": "{}",
        "src/main.ts": "mount()",
        "node_modules/vue/index.js": "vue",
        "tests/app.spec.ts": "test()",
    }.items():
        (console / name).parent.mkdir(parents=True, exist_ok=True)
        (console / name).write_text(text)
    (tmp_path / "openapi").mkdir()
    (tmp_path / "openapi" / "openapi.json").write_text('{"paths": {}}')
    builds = []
    outcome = {"rc": 0}

    def fake_run(cmd, cwd=None, env=None, check=True):
        builds.append(cmd[1:])
        if cmd[1:] == ["run", "build"] and outcome["rc"] == 0:
            dist = console / "dist"
            if dist.exists():
                for old in dist.iterdir():
                    old.unlink()
            dist.mkdir(exist_ok=True)
            (dist / "index.html").write_text("<html>")
        return outcome["rc"]

    monkeypatch.setattr(dev, "ROOT", tmp_path)
    monkeypatch.setattr(dev, "npm", lambda: "npm")
    monkeypatch.setattr(dev, "run", fake_run)
    return console, builds, outcome


def test_up_builds_the_console_only_when_its_sources_changed(dev, console_repo):
    console, builds, _ = console_repo
    dev.build_console()
    assert builds == [["run", "build"]]
    dev.build_console()  # nothing changed
    assert builds == [["run", "build"]]

    (console / "node_modules" / "vue" / "index.js").write_text("installed again")
    (console / "tests" / "app.spec.ts").write_text("another test")
    dev.build_console()  # neither is read by the build
    assert len(builds) == 1

    openapi = console.parent / "openapi" / "openapi.json"
    for changed in (console / "src" / "main.ts", console / "package-lock.json", openapi):
        changed.write_text(changed.read_text() + " ")
        dev.build_console()
        dev.build_console()
    assert len(builds) == 4  # one build per change

    (console / "dist" / "index.html").unlink()
    dev.build_console()  # a missing build is built even when the hash matches
    assert len(builds) == 5


def test_a_failed_console_build_is_tried_again_next_time(dev, console_repo):
    console, builds, outcome = console_repo
    dev.build_console()
    (console / "src" / "main.ts").write_text("broken(")
    outcome["rc"] = 1
    dev.build_console()
    outcome["rc"] = 0
    dev.build_console()
    assert builds == [["run", "build"]] * 3
    (console / "src" / "main.ts").write_text("mount()")
    outcome["rc"] = 1
    dev.build_console()  # fails and leaves the previous dist/ behind
    outcome["rc"] = 0
    dev.build_console()  # the sources are those of that dist/ again, but the failed build may have touched it
    assert len(builds) == 5
