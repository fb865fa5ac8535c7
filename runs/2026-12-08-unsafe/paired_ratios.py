import collections, statistics as st, sys
runs = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    r, name, wall, user, system = line.split()
    runs[int(r)][name] = float(user) + float(system)
ref = sys.argv[2]
names = list(next(iter(runs.values())).keys())
for n in names:
    rat = [runs[r][n] / runs[r][ref] for r in runs if n in runs[r]]
    print(f"{n:6s} cpu median {st.median([runs[r][n] for r in runs]):.3f} s; paired cpu/{ref} median {st.median(rat):.3f} (min {min(rat):.3f}, max {max(rat):.3f}, n={len(rat)})")
