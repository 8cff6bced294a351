"""Shared helpers for the extapi tool's tests: an emulator per test file,
running the tool (piped or on a pseudo-terminal) in a private HOME, and
assertions that name what failed.  Usage of each test:
    test_X.py EXTAPI EMULATOR
"""
import json
import os
import pty
import select
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

EXTAPI = os.path.abspath(sys.argv[1])
EMULATOR = os.path.abspath(sys.argv[2])
XMC_SECRET = "xmc-secret+/=!"
XIQ_PASSWORD = "xiq-password"
SECRETS = [XMC_SECRET, XIQ_PASSWORD, "oauth-secret+/=!", "basic-password", "static-token", "api-key-value"]

failures = []


def check(cond, what, detail=""):
    if cond:
        print("ok   " + what)
    else:
        print("FAIL " + what + ("\n     " + str(detail)[:2000] if detail else ""))
        failures.append(what)


def finish():
    if failures:
        print("%d failed: %s" % (len(failures), "; ".join(failures)))
        sys.exit(1)
    print("all passed")
    sys.exit(0)


class Emulator:
    def __init__(self):
        self.proc = subprocess.Popen([EMULATOR, "--port", "0"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        line = self.proc.stdout.readline().decode()
        assert line.startswith("PORT "), line
        self.port = int(line.split()[1])
        self.url = "http://127.0.0.1:%d" % self.port

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            text = r.read().decode()
            return json.loads(text) if text else None

    def fault(self, **spec):
        return self.call("POST", "/_emu/fault", spec)

    def counters(self):
        return self.call("GET", "/_emu/counters")

    def reset(self):
        return self.call("POST", "/_emu/reset", {})

    def stop(self):
        self.proc.stdin.close()
        self.proc.terminate()
        self.proc.wait(10)


class Home:
    """A private HOME with XDG directories, and configuration files in it."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="extapi-cli-test-")
        self.config_dir = os.path.join(self.dir, "config")
        self.cache_dir = os.path.join(self.dir, "cache")
        os.makedirs(os.path.join(self.config_dir, "extapi"))

    def env(self, **extra):
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.dir,
               "XDG_CONFIG_HOME": self.config_dir, "XDG_CACHE_HOME": self.cache_dir,
               "LANG": "C.UTF-8", "TERM": "xterm"}
        # The sanitizers' options, so that the suite can run under ASan
        # (tests/sanitizers/run.sh) with its suppressions and exit codes.
        for k in ("LD_LIBRARY_PATH", "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS"):
            if k in os.environ:
                env[k] = os.environ[k]
        env.update({k: v for k, v in extra.items() if v is not None})
        return env

    def write_config(self, profiles, default=None, path=None, mode=0o600):
        path = path or os.path.join(self.config_dir, "extapi", "config.json")
        doc = {"profiles": profiles}
        if default:
            doc["default_profile"] = default
        with open(path, "w") as f:
            json.dump(doc, f)
        os.chmod(path, mode)
        return path


def xmc_profile(emu, **extra):
    p = {"profile": "xmc", "base_url": emu.url, "client_id": "xmc-client", "client_secret_env": "XMC_SECRET"}
    p.update(extra)
    return p


def run(args, env, stdin=None, timeout=30):
    """The tool with stdin, stdout and stderr piped: (status, out, err)."""
    p = subprocess.run([EXTAPI] + args, env=env, input=stdin.encode() if stdin else None,
                       stdin=None if stdin else subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def run_pty(args, env, answers=(), timeout=30):
    """The tool on a pseudo-terminal (stdin, stdout and stderr), typing each
    of `answers` when the text before it appears: (status, transcript)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(EXTAPI, [EXTAPI] + args, env)
    transcript = b""
    pending = list(answers)
    deadline = time.time() + timeout
    while time.time() < deadline:
        if pending and pending[0][0].encode() in transcript:
            os.write(fd, pending.pop(0)[1].encode())
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            transcript += chunk
    else:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), transcript.decode(errors="replace")


def no_secret(text, what):
    leaked = [s for s in SECRETS if s in text]
    check(not leaked, "no secret in " + what, leaked)
