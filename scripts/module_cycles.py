#!/usr/bin/env python3
"""Finds import circles between the modules of each crate.

A module is a source file (`a/b.rs` or `a/b/mod.rs` is module `a::b`). There
is an edge A -> B when A names B in a path (`use`, or a path in code):
`crate::a::b::…`, `super::b::…`, `self::b::…`. A module naming its own
ancestors is not an edge (a child uses what its parent holds), nor is a
parent naming its children: the tree itself is not a circle. Every other
circle is printed, and the exit status is 1 when there is one.

    python3 scripts/module_cycles.py app/src server/src
"""
import os
import re
import sys

PATH = re.compile(r'\b(crate|super|self)((?:::[A-Za-z_][A-Za-z0-9_]*)+)')
GROUP = re.compile(r'\b(crate|super|self)((?:::[A-Za-z_][A-Za-z0-9_]*)*)::\{')


def modules(root):
    """Module path (tuple) -> file, for every .rs file under root."""
    out = {}
    for folder, _, files in os.walk(root):
        for f in files:
            if not f.endswith('.rs'):
                continue
            rel = os.path.relpath(os.path.join(folder, f), root)[:-3].split(os.sep)
            if rel[-1] == 'mod' or rel in (['lib'], ['main']):
                rel = rel[:-1]
            out[tuple(rel)] = os.path.join(folder, f)
    return out


def strip_comments(text):
    text = re.sub(r'//[^\n]*', '', text)
    return re.sub(r'"(?:\\.|[^"\\])*"', '""', text)


def resolve(mods, here, kind, names):
    """The deepest module a path names, or None."""
    if kind == 'crate':
        base = ()
    elif kind == 'self':
        base = here
    else:
        base = here[:-1]
        while names and names[0] == 'super':
            base, names = base[:-1], names[1:]
    best = None
    path = base
    for n in names:
        path = path + (n,)
        if path in mods:
            best = path
        else:
            break
    return best


def edges(mods):
    out = {m: set() for m in mods}
    for here, file in mods.items():
        text = strip_comments(open(file, encoding='utf-8').read())
        # Inline test modules (`mod tests { use super::… }`) belong to the file.
        found = [(m.group(1), m.group(2).strip(':').split('::')) for m in PATH.finditer(text)]
        found += [(m.group(1), [n for n in m.group(2).strip(':').split('::') if n]) for m in GROUP.finditer(text)]
        for kind, names in found:
            target = resolve(mods, here, kind, names)
            if target is None or target == here:
                continue
            if here[: len(target)] == target or target[: len(here)] == here:
                continue  # an ancestor or a descendant: the tree
            out[here].add(target)
    return out


def cycles(graph):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, found = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in graph:
        if v not in index:
            visit(v)
    return found


def main(roots):
    bad = False
    for root in roots:
        mods = modules(root)
        graph = edges(mods)
        n = sum(len(v) for v in graph.values())
        comps = cycles(graph)
        print(f'{root}: {len(mods)} modules, {n} edges, {len(comps)} circles')
        for comp in comps:
            bad = True
            members = set(comp)
            print('  circle: ' + ', '.join('::'.join(m) or 'crate' for m in comp))
            for m in comp:
                for t in sorted(graph[m] & members):
                    print(f"    {'::'.join(m)} -> {'::'.join(t)}")
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:] or ['app/src', 'server/src']))
