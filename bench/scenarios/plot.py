# plot: vigil's CPU and RSS against fleet size (fleet-full.json) with the peer stack's
# (peers-full.json), drawn by gnuplot into docs/benchmarks-fleet.svg.
import json, os, subprocess
from common import ROOT, have, apt_install


def plot(env, args):
    res = os.path.join(ROOT, "bench", "results")
    fleet = json.load(open(os.path.join(res, "fleet-full.json")))["rows"]
    try:
        peers = json.load(open(os.path.join(res, "peers-full.json"))).get("rows", [])
    except OSError:
        peers = []
    if not have("gnuplot"):
        apt_install("gnuplot-nox")
    d = env.tmp
    with open(f"{d}/vigil.dat", "w") as f:
        for r in fleet:
            f.write(f"{r['instances']} {r['vigil_cpu_pct']} {r['vigil_rss_mb']}\n")
    with open(f"{d}/peers.dat", "w") as f:
        for r in peers:
            f.write(f"{r['instances']} {100 * r['peer_cpu_s'] / r['seconds']} {r['peer_rss_mb']}\n")
    out = os.path.join(ROOT, "docs", "benchmarks-fleet.svg")
    script = f"""set terminal svg size 900,420 dynamic font "sans,11"
set output '{out}'
set multiplot layout 1,2 title "Instances polled every 1 s (2-core {os.uname().machine})"
set key top left
set grid
set xlabel "instances"
set ylabel "CPU, % of one core"
set logscale y
plot '{d}/vigil.dat' using 1:2 with linespoints lw 2 pt 7 title "vigil", \\
     '{d}/peers.dat' using 1:2 with linespoints lw 2 pt 5 title "redis_exporter + Prometheus"
set ylabel "RSS, MB"
plot '{d}/vigil.dat' using 1:3 with linespoints lw 2 pt 7 title "vigil", \\
     '{d}/peers.dat' using 1:3 with linespoints lw 2 pt 5 title "redis_exporter + Prometheus"
unset multiplot
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=True)
    print(f"-> {os.path.relpath(out, ROOT)}")
