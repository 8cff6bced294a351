"""cli_profiles: the configuration file and profile are found the
documented way; secrets come from *_env, EXTAPI_<KEY> or the profile; a
readable file holding a secret is warned about; each profile has its own
token cache, so a second command does not log in again."""
import os
import stat
from harness import *

emu = Emulator()
home = Home()
xiq = {"profile": "xiq", "base_url": emu.url, "username": "admin@cust001.com"}
cfg = home.write_config({"a": xmc_profile(emu), "b": xmc_profile(emu, client_secret_env="B_SECRET"), "xiq": xiq},
                        default="a")
env = home.env(XMC_SECRET=XMC_SECRET)


def profile_of(args, **kw):
    rc, out, err = run(args + ["info"], kw.pop("env", env), **kw)
    try:
        return rc, json.loads(out)["cli"]["profile"], err
    except Exception:
        return rc, None, err

check(profile_of([])[1] == "a", "default_profile")
check(profile_of(["--profile", "b"])[1] == "b", "--profile")
check(profile_of([], env=home.env(EXTAPI_PROFILE="xiq"))[1] == "xiq", "EXTAPI_PROFILE")
check(profile_of(["--profile", "a"], env=home.env(EXTAPI_PROFILE="xiq"))[1] == "a", "--profile over EXTAPI_PROFILE")
other = home.write_config({"only": xmc_profile(emu)}, path=os.path.join(home.dir, "other.json"))
check(profile_of(["--config", other])[1] == "only", "--config, and a sole profile needs no name")
check(profile_of([], env=home.env(EXTAPI_CONFIG=other))[1] == "only", "EXTAPI_CONFIG")
rc, _, err = run(["info"], home.env(EXTAPI_CONFIG=os.path.join(home.dir, "missing.json")))
check(rc == 2 and "cannot read" in err, "a missing file is bad input", (rc, err))

# Secrets: the profile's *_env, then EXTAPI_<KEY>.
rc, out, err = run(["--profile", "b", "login"], home.env(B_SECRET=XMC_SECRET))
check(rc == 0, "client_secret_env", (rc, out, err))
rc, out, err = run(["--profile", "xiq", "login"], home.env(EXTAPI_PASSWORD=XIQ_PASSWORD))
check(rc == 0, "EXTAPI_PASSWORD for a profile without one", (rc, out, err))
rc, out, err = run(["--profile", "xiq", "login"], home.env())
check(rc == 2 and "EXTAPI_PASSWORD" in err, "no secret and no terminal: bad input, says where to put it", (rc, err))

# Token cache: one per profile; the second command adopts the token.
emu.reset()
run(["logout"], env)
before = emu.counters().get("xmc_token", 0)
rc1, _, _ = run(["login"], env)
rc2, out, _ = run(["get", "/api/x"], env)
check(rc1 == 0 and rc2 == 0 and emu.counters().get("xmc_token", 0) - before == 1,
      "login then get: one token request", emu.counters())
cache = os.path.join(home.cache_dir, "extapi", "a.tokens.json")
check(os.path.exists(cache) and stat.S_IMODE(os.stat(cache).st_mode) == 0o600, "profile a's cache, mode 0600", cache)
run(["--profile", "b", "login"], home.env(B_SECRET=XMC_SECRET))
check(os.path.exists(os.path.join(home.cache_dir, "extapi", "b.tokens.json")), "profile b has its own cache")
with open(cache) as f:
    no_secret(f.read(), "the token cache")
run(["logout"], env)
run(["login"], env)
check(emu.counters().get("xmc_token", 0) - before == 2, "after logout the next login asks the server", emu.counters())
off = home.write_config({"x": xmc_profile(emu, token_cache=None)}, path=os.path.join(home.dir, "nocache.json"))
rc, out, _ = run(["--config", off, "info"], env)
check(rc == 0 and json.loads(out)["cli"]["token_cache"] is None, '"token_cache": null turns the cache off', out)

# A secret written in a file others can read.
literal = xmc_profile(emu, client_secret=XMC_SECRET)
del literal["client_secret_env"]
open_cfg = home.write_config({"lit": literal}, path=os.path.join(home.dir, "open.json"), mode=0o644)
rc, out, err = run(["--config", open_cfg, "login"], env)
check(rc == 0 and "readable by others" in err, "warns about a readable file holding a secret", (rc, err))
no_secret(out + err, "the warning and result")
os.chmod(open_cfg, 0o600)
rc, out, err = run(["--config", open_cfg, "login"], env)
check(rc == 0 and "readable" not in err, "no warning at mode 0600", err)
rc, out, err = run(["info"], env)
check("readable" not in err, "no warning for a readable file without secrets", err)
os.chmod(cfg, 0o644)
rc, out, err = run(["info"], env)
check("readable" not in err, "no warning for a readable file with only *_env", err)
for root, _, files in os.walk(home.dir):
    for name in files:
        if root.startswith(home.cache_dir) or name.endswith(".json"):
            with open(os.path.join(root, name), errors="replace") as f:
                text = f.read()
            if name != "open.json":
                no_secret(text, os.path.join(root, name))
emu.stop()
finish()
