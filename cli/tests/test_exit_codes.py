"""cli_exit_codes: each error family has its own exit status (extapi(1),
EXIT STATUS), and the error's code reaches stderr."""
from harness import *

emu = Emulator()
home = Home()
home.write_config({"xmc": xmc_profile(emu),
                   "wrong": xmc_profile(emu, client_secret_env="WRONG_SECRET"),
                   "closed": xmc_profile(emu, base_url="http://127.0.0.1:1")}, default="xmc")
env = home.env(XMC_SECRET=XMC_SECRET, WRONG_SECRET="not-the-secret")


def expect(status, args, code, what, **kw):
    rc, out, err = run(args, kw.pop("env", env), **kw)
    check(rc == status, "%s: exit %d" % (what, status), (rc, out, err))
    if code:
        check(code in err, "%s: %s on stderr" % (what, code), err)
    no_secret(out + err, what)
    return out, err

expect(0, ["get", "/api/ok"], None, "success")
expect(3, ["--profile", "wrong", "login"], "auth_failed", "auth")
expect(4, ["--profile", "closed", "get", "/api/x"], "network", "network")
emu.fault(path="/api/slow", kind="delay", delay_ms=3000)
start = time.time()
expect(4, ["--timeout", "0.5", "get", "/api/slow"], "timeout", "timeout (--timeout is deadline_ms)")
check(time.time() - start < 2.5, "--timeout bounds the call", time.time() - start)
expect(5, ["get", "/api/status/404"], "http", "http")
out, _ = expect(6, ["graphql", "{ error }"], "graphql", "graphql")
check('"errors"' in out, "graphql: the errors are printed", out)
emu.fault(path="/api/rl", kind="status", status=429, retry_after="300")
expect(7, ["get", "/api/rl"], "rate_limited", "rate limit")
expect(2, ["frobnicate"], "unknown command", "bad input: unknown command")
expect(2, ["get"], "one PATH", "bad input: no path")
expect(2, ["post", "/api/x", "--data", "{not json"], "invalid_argument", "bad input: body not JSON")
expect(2, ["get", "/api/x", "--header", "no colon"], "bad --header", "bad input: header")
expect(2, ["get", "/api/x", "--timeout", "soon"], "bad --timeout", "bad input: timeout")
expect(2, ["login", "--data", "{}"], "does not apply", "bad input: option of another command")
expect(2, ["--profile", "nosuch", "login"], "no profile", "bad input: unknown profile")
emu.fault(path="/api/broken", kind="malformed")
expect(1, ["get", "/api/broken"], "invalid_response", "other: invalid_response")
emu.stop()
finish()
