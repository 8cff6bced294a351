"""cli_prompt: a secret the profile lacks is asked for on the terminal,
without echo, and used; never shown."""
from harness import *

emu = Emulator()
home = Home()
home.write_config({"xiq": {"profile": "xiq", "base_url": emu.url, "username": "admin@cust001.com"},
                   "env": {"profile": "xiq", "base_url": emu.url, "username": "admin@cust001.com",
                           "password_env": "UNSET_PASSWORD"}}, default="xiq")
env = home.env()

rc, tty = run_pty(["login"], env, answers=[("password for profile xiq: ", XIQ_PASSWORD + "\n")])
check(rc == 0 and '"ok": true' in tty, "prompted password logs in", tty)
check("password for profile xiq: " in tty, "the prompt names the secret and the profile", tty)
check(XIQ_PASSWORD not in tty, "the typed password is not echoed", tty)
check(emu.counters().get("xiq_login") == 1, "one login with it", emu.counters())

rc, tty = run_pty(["--profile", "env", "login"], env, answers=[("password for profile env: ", "wrong\n")])
check(rc == 3 and "wrong" not in tty, "password_env unset on a terminal: prompted; a wrong one is auth (3)", (rc, tty))

rc, tty = run_pty(["login", "--profile", "env"], env, answers=[("password for profile env: ", "\x04")])
check(rc == 2, "end of input at the prompt: bad input", (rc, tty))

rc, out, err = run(["--profile", "xiq", "info"], env)
check(rc == 0 and "password for" not in err, "info never prompts", (rc, err))

# Ctrl-C at the prompt leaves the terminal echoing.
rc, tty = run_pty(["--profile", "env", "login"], env, answers=[("password for profile env: ", "\x03")])
check(rc == 130, "Ctrl-C at the prompt exits 130", (rc, tty))
emu.stop()
finish()
