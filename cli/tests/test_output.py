"""cli_output_modes: pretty JSON on a terminal, compact when piped, --raw
for data alone; numbers kept digit for digit; the --all progress line goes
to stderr only when stderr is a terminal."""
import os
import pty
from harness import *

emu = Emulator()
home = Home()
home.write_config({"xmc": xmc_profile(emu)})
env = home.env(XMC_SECRET=XMC_SECRET)
body = '{"n":9007199254740993,"f":1.10,"s":"a\\u00e9\\"b"}'
# The emulator's echo re-serialises; a fault's string body is sent verbatim.
emu.fault(path="/api/echo", kind="status", status=200, body='{"method":"POST","body":' + body + '}', count=10)

rc, out, err = run(["post", "/api/echo", "--data", body], env)
check(rc == 0, "piped: exit 0", (rc, err))
check(out.count("\n") == 1 and out.endswith("}\n"), "piped: one compact line", out)
check('"body":{"n":9007199254740993,"f":1.10,"s":"a\\u00e9\\"b"}' in out, "piped: the server's JSON as sent", out)
json.loads(out)

rc, out, _ = run(["post", "/api/echo", "--data", body, "--pretty"], env)
check(out.startswith('{\n  "ok": true,\n  "status": 200,\n'), "--pretty indents by two", out)
check('"n": 9007199254740993' in out and '"f": 1.10' in out, "--pretty keeps every digit", out)
check(json.loads(out)["data"]["body"]["s"] == 'a\u00e9"b', "--pretty output is the same JSON", out)

rc, tty = run_pty(["post", "/api/echo", "--data", body], env)
check(rc == 0, "tty: exit 0", tty)
check('\r\n  "ok": true,' in tty and '"n": 9007199254740993' in tty, "tty: pretty by default", tty)

rc, tty = run_pty(["post", "/api/echo", "--data", body, "--compact"], env)
check('{"ok":true,"status":200' in tty, "tty: --compact", tty)

rc, out, _ = run(["get", "/api/thing", "--query", "a=1", "--query", "b=x y", "--raw"], env)
check(out.startswith('{"method":"GET","path":"/api/thing","query":"a=1&b=x%20y"') or
      out.startswith('{"method":"GET","path":"/api/thing","query":"a=1&b=x+y"'), "--raw prints data only (and --query encodes)", out)

rc, out, _ = run(["graphql", "query($id: Int, $name: String) { x }", "--var", "id=7", "--var", "name=007",
                  "--vars-json", '{"other":[1,2],"id":1}', "--raw"], env)
check('"variables":{"other":[1,2],"id":7,"name":"007"}' in out, "graphql --var typed literals, --vars-json merged", out)

rc, out, _ = run(["get", "/api/status/404", "--raw"], env)
check(rc == 5 and out == "", "--raw prints nothing for a failed call", (rc, out))

rc, out, _ = run(["get", "/api/h", "--header", "X-Trace: abc 1", "--raw"], env)
last = emu.call("GET", "/_emu/last_request?name=api")
check(last["headers"].get("x-trace") == "abc 1", "--header reaches the server", last)

# Progress: stderr a terminal, stdout piped.
master, slave = pty.openpty()
p = subprocess.Popen([EXTAPI, "get", "/devices", "--query", "limit=5", "--all"], env=env,
                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave)
os.close(slave)
out = p.stdout.read().decode()
p.wait(30)
progress = b""
while True:
    r, _, _ = select.select([master], [], [], 0.2)
    if not r:
        break
    try:
        chunk = os.read(master, 4096)
    except OSError:
        break
    if not chunk:
        break
    progress += chunk
os.close(master)
check(b"5 pages, 25 items" in progress, "--all: progress on a terminal stderr", progress)
check("pages," not in out and "\r" not in out and out.count("\n") == 1, "--all: stdout only the document", out)
rc, out, err = run(["get", "/devices", "--all"], env)
check(err == "" and '"pages":3' in out, "--all: no progress when stderr is piped", err)
emu.stop()
finish()
