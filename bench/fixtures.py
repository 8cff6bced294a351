#!/usr/bin/python3
"""Writes the GraphQL answers nginx serves: DIR/devices-2k.json and
DIR/devices-200k.json, {"data":{"network":{"devices":[...]}}} lists of
made-up devices (strings, integers, decimals, booleans, a nested object),
as many devices as fit in about 2 KB and 200 KB.  Prints their sizes."""
import json
import sys


def device(i):
    return {
        "deviceId": 1000 + i,
        "ip": "10.%d.%d.%d" % (i // 65536 % 256, i // 256 % 256, i % 256 + 1),
        "nickName": "access-sw-%04d" % i,
        "deviceDisplayFamily": "Universal Switch",
        "firmware": "8.81.1.%04d" % (i % 97),
        "up": i % 7 != 0,
        "cpuLoad": round((i * 37 % 1000) / 10.0, 1),
        "site": {"name": "/World/Site-%d" % (i % 12), "rack": i % 40},
    }


def compact(value):
    return json.dumps(value, separators=(",", ":"))


def answer(target):
    size = len(compact({"data": {"network": {"devices": []}}}))
    devices = []
    while True:
        extra = len(compact(device(len(devices)))) + (1 if devices else 0)
        if devices and size + extra > target:
            return compact({"data": {"network": {"devices": devices}}})
        devices.append(device(len(devices)))
        size += extra


def main():
    out = sys.argv[1]
    for name, target in (("devices-2k.json", 2048), ("devices-200k.json", 200 * 1024)):
        text = answer(target)
        with open("%s/%s" % (out, name), "w") as f:
            f.write(text)
        print("%s\t%d" % (name, len(text)))


if __name__ == "__main__":
    main()
