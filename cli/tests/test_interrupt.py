"""cli_interrupt: Ctrl-C during a stalled call cancels it through
ext_cancel: exit 130 within about a second, nothing on stdout."""
import os
import signal
from harness import *

emu = Emulator()
home = Home()
home.write_config({"xmc": xmc_profile(emu)})
env = home.env(XMC_SECRET=XMC_SECRET)
run(["login"], env)

for how in ("SIGINT", "SIGTERM"):
    emu.fault(path="/api/slow", kind="stall", stall_ms=5000)
    p = subprocess.Popen([EXTAPI, "get", "/api/slow"], env=env, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(0.7)
    check(p.poll() is None, how + ": the call is stalled")
    sent = time.time()
    p.send_signal(getattr(signal, how))
    out, err = p.communicate(timeout=10)
    took = time.time() - sent
    want = 130 if how == "SIGINT" else 143
    check(p.returncode == want, "%s: exit %d" % (how, want), (p.returncode, err))
    check(took < 1.0, how + ": returns within a second", took)
    check(out == b"", how + ": nothing on stdout", out)
    check(b"cancelled" in err, how + ": says cancelled", err)

# A real Ctrl-C typed on the terminal (the line discipline sends SIGINT).
emu.fault(path="/api/slow", kind="stall", stall_ms=5000)
start = time.time()
pid, fd = pty.fork()
if pid == 0:
    os.execve(EXTAPI, [EXTAPI, "get", "/api/slow"], env)
time.sleep(0.7)
os.write(fd, b"\x03")
transcript = b""
while True:
    r, _, _ = select.select([fd], [], [], 5)
    if not r:
        break
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    transcript += chunk
_, status = os.waitpid(pid, 0)
check(os.waitstatus_to_exitcode(status) == 130, "Ctrl-C on a terminal: exit 130", transcript)
check(time.time() - start < 2.5, "Ctrl-C on a terminal: quickly", time.time() - start)
check(b'"ok"' not in transcript, "Ctrl-C on a terminal: no document", transcript)
emu.stop()
finish()
