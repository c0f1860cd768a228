#!/usr/bin/env python3
"""Read a `buildah push ... docker-archive:` tar and report real per-layer sizes.

    measure.py image ARCHIVE                       -> JSON for every layer of the image (stdout)
    measure.py case ARCHIVE CASE_DIR BASES_DIR SECONDS TOOLS_JSON
                                                   -> writes CASE_DIR/measured.json
    measure.py table CASES_DIR                     -> Markdown results table (stdout)

A layer's `tar_bytes` is the size of its uncompressed layer tar inside the docker-archive
(what `docker save` would hold); `content_bytes` is the sum of the sizes of the regular
files in it (hard links and whiteouts count 0). Standard library only.
"""
import datetime
import hashlib
import json
import os
import re
import sys
import tarfile


def read_archive(path):
    """Layers (in order) with sizes, and the image config's history."""
    with tarfile.open(path, "r:") as outer:
        manifest = json.load(outer.extractfile("manifest.json"))[0]
        config = json.load(outer.extractfile(manifest["Config"]))
        layers = []
        for name in manifest["Layers"]:
            member = outer.getmember(name)
            files = dirs = links = whiteouts = 0
            content = 0
            with tarfile.open(fileobj=outer.extractfile(member), mode="r|") as inner:
                for ti in inner:
                    base = os.path.basename(ti.name)
                    if base.startswith(".wh."):
                        whiteouts += 1
                    elif ti.isreg():
                        files += 1
                        content += ti.size
                    elif ti.isdir():
                        dirs += 1
                    else:
                        links += 1
            layers.append({
                "tar_bytes": member.size,
                "content_bytes": content,
                "files": files,
                "dirs": dirs,
                "links": links,
                "whiteouts": whiteouts,
            })
    diff_ids = config.get("rootfs", {}).get("diff_ids", [])
    for layer, diff_id in zip(layers, diff_ids):
        layer["diff_id"] = diff_id
    return layers, config.get("history", []), config


NOP = re.compile(r"^/bin/sh -c #\(nop\)\s*")
SH = re.compile(r"^(\|\d+ (?:\S+=\S*\s+)*)?/bin/sh -c\s+")


def instruction(created_by):
    """`docker history`-style created_by -> the Dockerfile instruction it came from."""
    s = (created_by or "").strip()
    if NOP.match(s):
        return NOP.sub("", s).strip()
    m = SH.match(s)
    if m:
        return "RUN " + s[m.end():].strip()
    return s


def attach_history(layers, history):
    """Pair every history entry with its layer (entries with empty_layer make none)."""
    steps, i = [], 0
    for h in history:
        step = {"instruction": instruction(h.get("created_by", "")),
                "created_by": h.get("created_by", "")}
        if h.get("empty_layer"):
            step["layer"] = None
        else:
            step["layer"] = i
            i += 1
        steps.append(step)
    return steps


def logical_lines(dockerfile):
    """Logical lines (continuations joined, comments dropped) with their first line number."""
    out, cur, start = [], "", 0
    for n, raw in enumerate(open(dockerfile).read().splitlines(), 1):
        line = raw.strip()
        if line.startswith("#") or (not line and not cur):
            continue
        if not cur:
            start = n
        if line.endswith("\\"):
            cur += line[:-1].strip() + " "
            continue
        cur += line
        out.append((start, cur.strip()))
        cur = ""
    if cur:
        out.append((start, cur.strip()))
    return out


def final_stage(dockerfile):
    """Instructions of the Dockerfile's last stage, FROM excluded, continuations joined."""
    logical = logical_lines(dockerfile)
    stage = []
    for n, ins in logical:
        if ins.split(None, 1)[0].upper() == "FROM":
            stage = []
        else:
            stage.append((n, ins))
    return stage


def total(layers):
    return {"layers": len(layers),
            "tar_bytes": sum(l["tar_bytes"] for l in layers),
            "content_bytes": sum(l["content_bytes"] for l in layers)}


def cmd_image(archive):
    layers, history, config = read_archive(archive)
    steps = attach_history(layers, history)
    for s in steps:
        if s["layer"] is not None:
            s.update(layers[s["layer"]])
    json.dump({"steps": steps, "total": total(layers),
               "diff_ids": [l.get("diff_id") for l in layers],
               "labels": (config.get("config") or {}).get("Labels") or {}},
              sys.stdout, indent=1)
    print()


def cmd_case(archive, case_dir, bases_dir, seconds, tools_json):
    layers, history, _ = read_archive(archive)
    steps = attach_history(layers, history)
    diff_ids = [l.get("diff_id") for l in layers]

    # The base is the known base image whose layers are the longest prefix of this image's.
    base, base_n = None, 0
    for fn in sorted(os.listdir(bases_dir)):
        if not fn.endswith(".json"):
            continue
        b = json.load(open(os.path.join(bases_dir, fn)))
        n = len(b["diff_ids"])
        if n > base_n and diff_ids[:n] == b["diff_ids"]:
            base, base_n = b, n
    # History entries of the base: those up to and including the one that made its last layer.
    if base_n:
        first_case_step = next(k for k, s in enumerate(steps) if s["layer"] == base_n - 1) + 1
    else:
        first_case_step = 0

    case_steps, case_layers = [], []
    for s in steps[first_case_step:]:
        out = {"instruction": s["instruction"]}
        if s["layer"] is None:
            out["layer"] = False
        else:
            l = layers[s["layer"]]
            out.update({"layer": True, "tar_bytes": l["tar_bytes"], "content_bytes": l["content_bytes"],
                        "files": l["files"], "dirs": l["dirs"], "links": l["links"],
                        "whiteouts": l["whiteouts"], "diff_id": l["diff_id"]})
            case_layers.append(l)
        case_steps.append(out)

    # Every instruction of the final stage makes one history entry: pair them with the source.
    stage = final_stage(os.path.join(case_dir, "Dockerfile"))
    if len(stage) == len(case_steps):
        for s, (n, ins) in zip(case_steps, stage):
            s["dockerfile"] = ins
            s["line"] = n
    else:
        sys.stderr.write(f"measure: {case_dir}: {len(stage)} instructions but {len(case_steps)} "
                         "history entries; not paired with the Dockerfile\n")

    meta = {}
    cj = os.path.join(case_dir, "case.json")
    if os.path.exists(cj):
        meta = json.load(open(cj))
    tools = json.loads(tools_json)
    if base:
        tools.update(base.get("labels", {}).get("layerlens.lab.versions") and
                     {"base_versions": base["labels"]["layerlens.lab.versions"]} or {})
    result = {
        "case": os.path.basename(os.path.normpath(case_dir)),
        "description": meta.get("description", ""),
        "base": {
            "name": base["name"] if base else "scratch",
            "stand_in": base.get("stand_in", True) if base else False,
            **(total(layers[:base_n]) if base_n else {"layers": 0, "tar_bytes": 0, "content_bytes": 0}),
        },
        "steps": case_steps,
        "added": total(case_layers),
        "image_total": total(layers),
        "build_seconds": round(float(seconds), 1),
        "tools": tools,
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "how": "buildah bud --layers --network host --pull-never (chroot isolation); exported with "
               "buildah push docker-archive:; tar_bytes = uncompressed layer tar, content_bytes = "
               "sum of regular file sizes in that layer",
    }
    with open(os.path.join(case_dir, "measured.json"), "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")


def mb(n):
    return f"{n / 1e6:.2f}"


def cmd_table(cases_dir):
    print("| case | # | instruction | layer bytes (tar) | content bytes | MB |")
    print("|---|---|---|---:|---:|---:|")
    for name in sorted(os.listdir(cases_dir)):
        p = os.path.join(cases_dir, name, "measured.json")
        if not os.path.exists(p):
            print(f"| {name} | | *not measured* | | | |")
            continue
        m = json.load(open(p))
        print(f"| **{name}** | base | `{m['base']['name']}` ({m['base']['layers']} layers) | "
              f"{m['base']['tar_bytes']:,} | {m['base']['content_bytes']:,} | {mb(m['base']['tar_bytes'])} |")
        for k, s in enumerate(m["steps"], 1):
            ins = s.get("dockerfile", s["instruction"]).replace("|", "\\|")
            if len(ins) > 90:
                ins = ins[:87] + "..."
            if s["layer"]:
                print(f"| {name} | {k} | `{ins}` | {s['tar_bytes']:,} | {s['content_bytes']:,} | {mb(s['tar_bytes'])} |")
            else:
                print(f"| {name} | {k} | `{ins}` | no layer | | |")
        print(f"| {name} | added | | {m['added']['tar_bytes']:,} | {m['added']['content_bytes']:,} | "
              f"{mb(m['added']['tar_bytes'])} |")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"image": cmd_image, "case": cmd_case, "table": cmd_table}[cmd](*args)
