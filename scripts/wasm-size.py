#!/usr/bin/env python3
"""What the wasm core's code is made of: the code section's function bodies grouped by the
module they come from (gradlab::<module>, a dependency crate, Rust's core/alloc/std), raw
bytes and the gzip -9 size of each group's bodies compressed on their own (a group's share
of the gzipped module, roughly: compressing apart loses some cross-group redundancy).

Usage, after scripts/build-web.sh (which leaves the unstripped module in target/):
    python3 scripts/wasm-size.py [target/wasm32-unknown-unknown/release/gradlab.wasm]
Function names come from the module's name section (wasm-bindgen strips it from pkg/)."""
import collections
import gzip
import re
import sys


def leb(b, i):
    result = shift = 0
    while True:
        x = b[i]
        i += 1
        result |= (x & 0x7F) << shift
        shift += 7
        if x < 0x80:
            return result, i


def functions(data):
    """(name, body bytes) of every defined function."""
    pos, imported, bodies, names = 8, 0, [], {}
    while pos < len(data):
        sid = data[pos]
        size, pos = leb(data, pos + 1)
        body = data[pos:pos + size]
        if sid == 2:  # imports: count the imported functions (they shift the indices)
            n, i = leb(body, 0)
            for _ in range(n):
                for _ in range(2):
                    length, i = leb(body, i)
                    i += length
                kind = body[i]
                i += 1
                if kind == 0:
                    _, i = leb(body, i)
                    imported += 1
                elif kind == 1:
                    i += 1
                    flags = body[i]
                    _, i = leb(body, i + 1)
                    if flags & 1:
                        _, i = leb(body, i)
                elif kind == 2:
                    flags = body[i]
                    _, i = leb(body, i + 1)
                    if flags & 1:
                        _, i = leb(body, i)
                elif kind == 3:
                    i += 2
        elif sid == 10:
            n, i = leb(body, 0)
            for _ in range(n):
                length, j = leb(body, i)
                bodies.append(body[j:j + length])
                i = j + length
        elif sid == 0:
            length, i = leb(body, 0)
            if body[i:i + length] == b"name":
                i += length
                while i < len(body):
                    sub = body[i]
                    sub_len, i = leb(body, i + 1)
                    end = i + sub_len
                    if sub == 1:
                        n, k = leb(body, i)
                        for _ in range(n):
                            idx, k = leb(body, k)
                            length, k = leb(body, k)
                            names[idx] = body[k:k + length].decode("utf8", "replace")
                            k += length
                    i = end
        pos += size
    return [(names.get(imported + j, "?"), b) for j, b in enumerate(bodies)]


def group(name):
    """gradlab::<module> if the name mentions our crate (a generic instantiated for one of
    our types, or an impl for one, included), else the crate it comes from."""
    m = re.search(r"gradlab(?:\.\.|::|[0-9]+)([a-z_]+)", name)
    if m:
        return "gradlab::" + m.group(1)
    m = re.match(r"_ZN[0-9]+_\$LT\$(?:\$RF\$)?(?:mut\$u20\$)?([a-z_][a-z0-9_]*)\.\.", name)  # <Type as Trait>
    if m:
        return m.group(1)
    m = re.match(r"_ZN([0-9]+)([A-Za-z_][A-Za-z0-9_]*)", name)  # legacy mangling
    if m:
        return m.group(2)[: int(m.group(1))]
    m = re.search(r"Cs[0-9a-zA-Z]+_([0-9]+)([a-z_][a-z0-9_]*)", name)  # v0 mangling: the crate root
    if name.startswith("_R") and m:
        return m.group(2)[: int(m.group(1))]
    return "unmangled (exports, wasm-bindgen shims, compiler runtime)"


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "target/wasm32-unknown-unknown/release/gradlab.wasm"
    data = open(path, "rb").read()
    groups = collections.defaultdict(list)
    for name, body in functions(data):
        if not name.startswith("__wbindgen_describe"):  # type descriptors wasm-bindgen removes
            groups[group(name)].append(body)
    total = sum(len(b) for bodies in groups.values() for b in bodies)
    rows = sorted(((sum(map(len, bodies)), len(gzip.compress(b"".join(bodies), 9)), g, len(bodies)) for g, bodies in groups.items()), reverse=True)
    print(f"Code of {path}: {total} bytes in {sum(r[3] for r in rows)} functions (the whole module: {len(data)} bytes)\n")
    print("| from | functions | code bytes | share | gzipped apart |")
    print("|---|---:|---:|---:|---:|")
    shown = rows[:24]
    for raw, gz, g, n in shown:
        print(f"| {g} | {n} | {raw} | {100 * raw / total:.1f}% | {gz} |")
    rest = rows[24:]
    if rest:
        print(f"| {len(rest)} more groups | {sum(r[3] for r in rest)} | {sum(r[0] for r in rest)} | {100 * sum(r[0] for r in rest) / total:.1f}% | {sum(r[1] for r in rest)} |")


if __name__ == "__main__":
    main()
