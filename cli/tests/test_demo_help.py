"""cli_demo_help: `extapi demo` runs every step against its own emulator;
every subcommand has --help; the bash completion completes them."""
from harness import *

home = Home()
env = home.env(EXTAPI_EMULATOR=EMULATOR)
rc, out, err = run(["demo"], env, timeout=60)
check(rc == 0, "demo: exit 0", (rc, out, err))
for step in ("== login", "== graphql", "== get /devices --all", "== refresh", "== logout", "every step succeeded"):
    check(step in out, "demo prints " + step, out)
check('"pages":3' in out and '"dev-25"' in out, "demo: the listing has every page", out)
no_secret(out + err, "demo output")
rc, out, err = run(["demo", "--emulator", "/nonexistent"], env)
check(rc != 0 and "cannot start" in err, "demo: a missing emulator is reported", (rc, err))

commands = ["login", "refresh", "logout", "info", "graphql", "get", "post", "put", "patch", "delete", "demo"]
rc, out, _ = run(["--help"], env)
check(rc == 0 and all(c in out for c in commands), "--help lists every command", out)
for c in commands:
    rc, out, _ = run([c, "--help"], env)
    check(rc == 0 and out.startswith("usage: extapi") and (" " + c) in out.split("\n")[0] and "Exit status" in out,
          c + " --help", out)
rc, out, _ = run([], env)
check(rc == 2 and "usage" in out, "no command: usage, exit 2", (rc, out))
rc, out, _ = run(["--version"], env)
check(rc == 0 and out.startswith("extapi "), "--version", out)

completion = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "extapi.bash-completion")


def complete(line):
    words = line.split(" ")
    script = ('source "%s"; COMP_WORDS=(%s); COMP_CWORD=%d; _extapi; printf "%%s\\n" "${COMPREPLY[@]}"'
              % (completion, " ".join("'%s'" % w for w in words), len(words) - 1))
    return subprocess.run(["bash", "-c", script], stdout=subprocess.PIPE, env=env).stdout.decode().split()

check(set(complete("extapi g")) == {"get", "graphql"}, "completion: commands", complete("extapi g"))
check("--all" in complete("extapi get /devices --a"), "completion: get's options", complete("extapi get /devices --a"))
check("--data" not in complete("extapi login --"), "completion: only the command's options", complete("extapi login --"))
home.write_config({"alpha": {"profile": "bearer", "base_url": "http://x"}, "beta": {}})
check(complete("extapi --profile ") == ["alpha", "beta"], "completion: profile names from the config",
      complete("extapi --profile "))
finish()
