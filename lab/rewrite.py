#!/usr/bin/env python3
"""The rewrite lab's bookkeeping (scripts/lab-rewrite; lab/rewrite/README.md).

    rewrite.py image ARCHIVE BASES_DIR DOCKERFILE  -> sizes of one built image (JSON, stdout)
    rewrite.py record CASE_DIR VARIANTS_DIR TOOLS_JSON
                                                   -> writes CASE_DIR/measured.json from
                                                      VARIANTS_DIR/{original,rewrite,reference}.json
    rewrite.py table REWRITE_DIR                   -> Markdown results table (stdout)

ARCHIVE is a `buildah push … docker-archive:` tar; sizes are read with measure.py's reader
(tar_bytes = uncompressed layer tar, content_bytes = regular files). Standard library only.
"""
import datetime
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import measure  # noqa: E402


def final_from(dockerfile):
    """The image the last stage starts FROM (the runtime base), as written."""
    base = None
    for _, ins in _logical(dockerfile):
        parts = ins.split()
        if parts and parts[0].upper() == "FROM":
            args = [p for p in parts[1:] if not p.startswith("--")]
            base = args[0] if args else None
    return base


def _logical(dockerfile):
    return measure.logical_lines(dockerfile)


def cmd_image(archive, bases_dir, dockerfile):
    layers, history, config = measure.read_archive(archive)
    steps = measure.attach_history(layers, history)
    diff_ids = [l.get("diff_id") for l in layers]
    base, base_n = None, 0
    for fn in sorted(os.listdir(bases_dir)):
        if fn.endswith(".json"):
            b = json.load(open(os.path.join(bases_dir, fn)))
            n = len(b["diff_ids"])
            if n > base_n and diff_ids[:n] == b["diff_ids"]:
                base, base_n = b, n
    cfg = config.get("config") or {}
    labels = (base or {}).get("labels") or {}
    out = {
        "from": final_from(dockerfile),
        "base": {
            "name": base["name"] if base else "scratch",
            "versions": labels.get("layerlens.lab.versions", ""),
            **measure.total(layers[:base_n]),
        },
        "layers": len(layers),
        "total_tar_bytes": sum(l["tar_bytes"] for l in layers),
        "total_content_bytes": sum(l["content_bytes"] for l in layers),
        "added": measure.total(layers[base_n:]),
        # The image's own layers (base excluded), with the instruction that made each.
        "added_layers": [
            {"instruction": s["instruction"], "tar_bytes": layers[s["layer"]]["tar_bytes"],
             "content_bytes": layers[s["layer"]]["content_bytes"]}
            for s in steps if s["layer"] is not None and s["layer"] >= base_n
        ],
        "config": {k: cfg.get(k) for k in ("Entrypoint", "Cmd", "WorkingDir", "User") if cfg.get(k)},
    }
    json.dump(out, sys.stdout, indent=1)
    print()


def cmd_record(case_dir, variants_dir, tools_json):
    meta = json.load(open(os.path.join(case_dir, "case.json")))

    def variant(name):
        p = os.path.join(variants_dir, name + ".json")
        return json.load(open(p)) if os.path.exists(p) else None

    original, rewrite, reference = variant("original"), variant("rewrite"), variant("reference")

    def saved(v, key):
        if not original or not v or key not in v or key not in original:
            return None
        return original[key] - v[key]

    result = {
        "case": os.path.basename(os.path.normpath(case_dir)),
        "description": meta.get("description", ""),
        "check": {"run": meta.get("run", {}), "expect": meta.get("expect", "")},
        "original": original,
        # `layerlens optimize`'s output, built from the same context (null: not produced).
        "rewrite": rewrite,
        "saved_bytes": saved(rewrite, "total_tar_bytes"),
        "saved_content_bytes": saved(rewrite, "total_content_bytes"),
        # The hand-written reference.Dockerfile: what a careful rewrite reaches.
        "reference": reference,
        "reference_saved_bytes": saved(reference, "total_tar_bytes"),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "tools": json.loads(tools_json),
        "how": "buildah bud --layers --network host --pull-never (chroot isolation) on local stand-in "
               "base images; exported with buildah push docker-archive:; total_tar_bytes = sum of the "
               "uncompressed layer tars, total_content_bytes = sum of regular file sizes; runs_ok = the "
               "check command exited 0 and its output contains `expect`",
    }
    with open(os.path.join(case_dir, "measured.json"), "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")


def mb(n):
    return "" if n is None else f"{n / 1e6:.1f}"


def cmd_table(rewrite_dir):
    print("| case | original: base | MB | runs | rewrite: base | MB | runs | saved MB | "
          "reference: base | MB | runs | saved MB |")
    print("|---|---|---:|:-:|---|---:|:-:|---:|---|---:|:-:|---:|")
    ok = {True: "✓", False: "✗", None: ""}
    for name in sorted(os.listdir(rewrite_dir)):
        p = os.path.join(rewrite_dir, name, "measured.json")
        if not os.path.isdir(os.path.join(rewrite_dir, name)):
            continue
        if not os.path.exists(p):
            print(f"| {name} | *not measured* |" + " |" * 10)
            continue
        m = json.load(open(p))
        cells = [name]
        for key, saved in (("original", None), ("rewrite", "saved_bytes"), ("reference", "reference_saved_bytes")):
            v = m.get(key)
            if not v:
                status = "—" if key != "rewrite" else "*not produced*"
                cells += [status, "", ""] + ([""] if saved else [])
                continue
            if v.get("error"):
                cells += [f"*{v['error']}*", "", ok[False]] + ([""] if saved else [])
                continue
            cells += [f"`{v.get('from') or v['base']['name']}`", mb(v.get("total_tar_bytes")), ok[v.get("runs_ok")]]
            if saved:
                cells.append(mb(m.get(saved)))
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"image": cmd_image, "record": cmd_record, "table": cmd_table}[cmd](*args)
