"""cli_paginate: get --all over each pagination style of the emulator, a
multi-page listing each time, and --max-pages."""
from harness import *

emu = Emulator()
home = Home()
home.write_config({"xmc": xmc_profile(emu)})
env = home.env(XMC_SECRET=XMC_SECRET)


def listing(args):
    rc, out, err = run(args, env)
    check(rc == 0, "%s: exit 0" % " ".join(args), (rc, out, err))
    return json.loads(out) if rc == 0 else {}

doc = listing(["get", "/devices?limit=10", "--all"])
check(doc.get("style") == "xiq" and doc.get("pages") == 3, "xiq: 3 pages", doc)
check([d["id"] for d in doc.get("data", [])] == list(range(1, 26)), "xiq: devices 1..25 in order", doc)
check(emu.counters().get("devices") == 3, "xiq: 3 requests", emu.counters())

doc = listing(["get", "/tenants", "--query", "pageSize=5", "--all"])
check(doc.get("style") == "msx" and doc.get("pages") == 5, "msx: 5 pages", doc)
check(len(doc.get("data", [])) == 23, "msx: 23 tenants", doc)

doc = listing(["get", "/links", "--all"])
check(doc.get("style") == "link" and doc.get("pages") == 3, "link: 3 pages", doc)
check(doc.get("data") == [{"n": i} for i in range(1, 11)], "link: items 1..10", doc)

doc = listing(["get", "/devices?limit=10", "--all", "--max-pages", "2"])
check(doc.get("complete") is False and doc.get("pages") == 2 and len(doc.get("data", [])) == 20,
      "--max-pages 2: incomplete, 20 items", doc)

rc, out, err = run(["post", "/devices", "--all"], env)
check(rc == 2, "--all with post: bad input", (rc, err))
emu.stop()
finish()
