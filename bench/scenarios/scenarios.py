# The bench scenarios: fleet, tta, storm, deliver, peers (docs/benchmarks.md explains each).
import json, os, random, signal, subprocess, time
from common import (Fleet, Sink, Env, webhook, start_vigil, cpu_seconds, rss_mb, percentile,
                    table, save, wait_for, free_port, have, apt_install, SECRET)
import promstack
from plot import plot


def connected(fleet, n, timeout=120):
    return wait_for(lambda: fleet.stats()["connections"] >= n, timeout, 0.5)


def measure(env, fleet, pids, seconds):
    """CPU % of one core and max RSS (MB) of each pid over `seconds`, plus fakefleet's stats."""
    fleet.ctl("stats reset")
    c0 = {p: cpu_seconds(p) for p in pids}
    t0 = time.time()
    rss = {p: 0.0 for p in pids}
    while time.time() - t0 < seconds:
        time.sleep(min(1.0, seconds))
        for p in pids:
            rss[p] = max(rss[p], rss_mb(p))
    dt = time.time() - t0
    cpu = {p: cpu_seconds(p) - c0[p] for p in pids}
    return cpu, rss, dt, fleet.stats()


def fleet(env, args):
    sizes = [1000, 5000, 10000] if env.full else [20]
    if os.environ.get("FLEET_SIZES"):  # e.g. FLEET_SIZES=10000: only these sizes
        sizes = [int(x) for x in os.environ["FLEET_SIZES"].split(",")]
    seconds = 30 if env.full else 3
    rows, out = [], []
    for n in sizes:
        fl = Fleet(env, n)
        sink = Sink(env)
        v = start_vigil(env, fl.config, [webhook(sink, "/hook", ["*"])])
        if not connected(fl, n):
            raise RuntimeError(f"vigil connected only {fl.stats()['connections']} of {n}")
        time.sleep(3 if env.full else 1.2)  # first polls are spread over one interval
        cpu, rss, dt, st = measure(env, fl, [v.pid, fl.proc.pid], seconds)
        polls = st["commands"]["INFO"]
        r = {"instances": n, "seconds": round(dt, 1),
             "vigil_cpu_pct": round(100 * cpu[v.pid] / dt, 1),
             "vigil_rss_mb": round(rss[v.pid], 1),
             "poll_lateness_p50_ms": st["poll_lateness_ms"]["p50"],
             "poll_lateness_p99_ms": st["poll_lateness_ms"]["p99"],
             "polls": polls, "polls_expected": int(n * dt),
             "cpu_us_per_poll": round(1e6 * cpu[v.pid] / max(polls, 1), 2),
             "fakefleet_cpu_pct": round(100 * cpu[fl.proc.pid] / dt, 1)}
        out.append(r)
        rows.append([n, r["vigil_cpu_pct"], r["vigil_rss_mb"], r["poll_lateness_p50_ms"],
                     r["poll_lateness_p99_ms"], f"{polls}/{r['polls_expected']}",
                     r["cpu_us_per_poll"], r["fakefleet_cpu_pct"]])
        for p in (v, sink.proc, fl.proc):
            env.stop(p)
    table("fleet: instances polled every 1 s", ["instances", "vigil CPU %", "RSS MB",
          "lateness p50", "lateness p99", "polls/expected", "CPU us/poll", "fakefleet CPU %"], rows)
    return save(env, "fleet", {"rows": out})


def _arrival_times(sink, event):
    """{instance: first receive wall ms} of `event` at sinkd."""
    t = {}
    for inst, _ts, recv in sink.arrivals(event):
        t.setdefault(inst, recv)
    return t


def tta(env, args):
    n = 1000 if env.full else 20
    trials = 50 if env.full else 5
    fl = Fleet(env, n)
    fl.ctl("set all maxmemory 1000000000")
    sink = Sink(env)
    # A real redis-server too, killed with SIGKILL.
    rport = free_port()
    rdir = os.path.join(env.tmp, "redis")
    os.makedirs(rdir)
    redis_argv = ["redis-server", "--port", str(rport), "--save", "", "--appendonly", "no",
                  "--dir", rdir]
    redis = env.spawn(redis_argv, "redis.log")
    wait_for(lambda: subprocess.run(["redis-cli", "-p", str(rport), "ping"],
                                    capture_output=True).stdout.strip() == b"PONG", 10)
    v = start_vigil(env, fl.config, [webhook(sink, "/hook", ["instance.down", "instance.up",
                                                              "memory.critical"])],
                    extra_instances=[{"name": "real-0", "host": "127.0.0.1", "port": rport}])
    connected(fl, n)
    time.sleep(2)

    use_prom = not args.no_prom and promstack.available(install=env.full)
    stacks = {}
    prom_k = 5 if env.full else 2
    prom_idx = list(range(n - 2 * prom_k, n))  # last instances: kill half, fill memory of half
    if use_prom:
        am_sink = Sink(env, secret="", name="am-sink")
        targets = ["%s:%d" % fl.host(i) for i in prom_idx]
        configs = {"tuned": dict(scrape="1s", evaluation="1s", group_wait="0s",
                                 group_interval="1s")}
        if env.full:
            configs["default"] = dict(scrape="1m", evaluation="1m", group_wait="30s",
                                      group_interval="5m")
        for name, c in configs.items():
            stacks[name] = promstack.PromStack(env, f"prom-{name}", targets,
                                               webhook_url=am_sink.url(f"/{name}"), **c)
        time.sleep(5)  # a few scrapes of the tuned stack; the default one takes what it gets

    # instance.down: one kill at a time, each answered by one arrival.
    down = []
    for i in range(trials):
        k = fl.wall_ms(f"kill {i}")
        name = f"fake-{i}"
        t = wait_for(lambda: _arrival_times(sink, "instance.down").get(name), 10, 0.005)
        if t:
            down.append(t - k)
    # memory.critical: fills spread over 3 s; detection waits for the next poll (<= 1 s).
    mem_start = {}
    idx = list(range(trials, 2 * trials))
    for i in idx:
        time.sleep(random.uniform(0, 3.0 / trials))
        mem_start[f"fake-{i}"] = fl.wall_ms(f"set {i} used_memory 950000000")
    wait_for(lambda: len(set(mem_start) & set(_arrival_times(sink, "memory.critical"))) ==
             len(mem_start), 15, 0.1)
    got = _arrival_times(sink, "memory.critical")
    mem = [got[k] - s for k, s in mem_start.items() if k in got]
    # The real redis-server, SIGKILLed and restarted.
    real = []
    for _ in range(10 if env.full else 2):
        before = len([a for a in sink.arrivals("instance.down") if a[0] == "real-0"])
        ups = len([a for a in sink.arrivals("instance.up") if a[0] == "real-0"])
        k = int(time.time() * 1000)
        redis.send_signal(signal.SIGKILL)
        redis.wait()
        arr = wait_for(lambda: [a for a in sink.arrivals("instance.down") if a[0] == "real-0"]
                       [before:], 10, 0.005)
        if arr:
            real.append(arr[0][2] - k)
        redis = env.spawn(redis_argv, "redis.log")
        wait_for(lambda: len([a for a in sink.arrivals("instance.up") if a[0] == "real-0"]) > ups,
                 20, 0.05)

    res = {"vigil": {}}
    rows = []
    for label, vals in (("instance.down (fakefleet kill)", down),
                        ("instance.down (redis-server SIGKILL)", real),
                        ("memory.critical (poll 1 s)", mem)):
        s = {"trials": len(vals), "p50_ms": percentile(vals, 0.5), "p99_ms": percentile(vals, 0.99),
             "max_ms": max(vals) if vals else None}
        res["vigil"][label] = s
        rows.append(["vigil", label, s["trials"], s["p50_ms"], s["p99_ms"], s["max_ms"]])

    if stacks:
        half = len(prom_idx) // 2
        kill_t, fill_t = {}, {}
        for i in prom_idx[:half]:
            kill_t["redis://%s:%d" % fl.host(i)] = fl.wall_ms(f"kill {i}")
        for i in prom_idx[half:]:
            fill_t["redis://%s:%d" % fl.host(i)] = fl.wall_ms(f"set {i} used_memory 950000000")
        timeout = 200 if "default" in stacks else 30
        want = len(prom_idx)
        wait_for(lambda: all(am_sink.stats()["by_path"].get(f"/{nm}", 0) >= want
                             for nm in stacks), timeout, 0.5)
        per = _am_arrivals_by_path(am_sink)
        res["prometheus"] = {}
        for name in stacks:
            arr = per.get(f"/{name}", {})
            d = [arr[t] - k for t, k in kill_t.items() if t in arr]
            m = [arr[t] - k for t, k in fill_t.items() if t in arr]
            for label, vals, total in (("instance.down", d, len(kill_t)),
                                       ("memory.critical", m, len(fill_t))):
                s = {"trials": len(vals), "of": total, "p50_ms": percentile(vals, 0.5),
                     "p99_ms": percentile(vals, 0.99), "max_ms": max(vals) if vals else None}
                res["prometheus"][f"{name} {label}"] = s
                rows.append([f"prom+am {name}", label, f"{len(vals)}/{total}", s["p50_ms"],
                             s["p99_ms"], s["max_ms"]])
    table("tta: time to alert, kill/fill -> webhook received", ["stack", "incident", "trials",
          "p50 ms", "p99 ms", "max ms"], rows)
    return save(env, "tta", res)


def _am_arrivals_by_path(sink):
    # Each Alertmanager posts to its own sinkd path: {path: {instance label: first arrival}}.
    out = {}
    for path in ("/tuned", "/default"):
        try:
            rows = sink.get(f"/_arrivals?event=firing&path={path}")
        except OSError:
            rows = []
        for inst, _ts, recv in rows:
            out.setdefault(path, {}).setdefault(inst, recv)
    return out


def storm(env, args):
    n = 10000 if env.full else 20
    fl = Fleet(env, n)
    fl.ctl("set all maxmemory 1000000000")
    sink = Sink(env)
    hooks = [webhook(sink, f"/storm{i}", ["memory.critical"]) for i in range(3)]
    v = start_vigil(env, fl.config, hooks)
    connected(fl, n)
    time.sleep(3 if env.full else 1.2)
    c0 = cpu_seconds(v.pid)
    t0 = fl.wall_ms("set all used_memory 950000000")
    want = 3 * n
    wait_for(lambda: sink.stats()["unique"] >= want, 120 if env.full else 20, 0.1)
    st = sink.stats()
    r = {"instances": n, "webhooks": 3, "deliveries": st["unique"], "expected": want,
         "duplicates": st["duplicates"], "bad_signature": st["bad_signature"],
         "last_delivery_after_ms": st["last_ms"] - t0,
         "deliveries_per_s": round(st["unique"] / max(0.001, (st["last_ms"] - t0) / 1000), 0),
         "event_to_receiver_p50_ms": st["latency_ms"]["p50"],
         "event_to_receiver_p99_ms": st["latency_ms"]["p99"],
         "vigil_cpu_s": round(cpu_seconds(v.pid) - c0, 2), "vigil_rss_mb": round(rss_mb(v.pid), 1)}
    table("storm: all instances cross memory 90 % at once, 3 webhooks",
          ["instances", "delivered", "last after ms", "deliveries/s", "evt->recv p50",
           "evt->recv p99", "RSS MB"],
          [[n, f"{r['deliveries']}/{want}", r["last_delivery_after_ms"], r["deliveries_per_s"],
            r["event_to_receiver_p50_ms"], r["event_to_receiver_p99_ms"], r["vigil_rss_mb"]]])
    return save(env, "storm", r)


# deliver: (label, instances, instances killed, webhooks) at full and tiny scale. "pipeline"
# isolates the delivery pipeline (every instance goes down, each event fanned out to many
# webhooks); "fleet load" is the same 40,000 deliveries while the other 9,000 instances are still
# polled every second by the same loop.
# The backlog comes from killing every instance at once: vigil sees each connection drop when it
# happens, so every instance.down event (and all its deliveries) is offered within milliseconds.
# A threshold crossing would not do: polls are spread over the interval, so the events would
# arrive over one second and cap the rate at instances x webhooks per second.
DELIVER_CASES = {True: [("pipeline", 1000, 1000, 40), ("fleet load", 10000, 1000, 40)],
                 False: [("pipeline", 10, 10, 4), ("fleet load", 20, 10, 4)]}
DEFAULT_CONCURRENCY = 8  # delivery.maxConcurrencyPerEndpoint's default


def deliver(env, args):
    # Each case: wrk against sinkd, then a backlog of signed, durable deliveries through vigil to
    # the same sinkd (every instance goes down at once, each instance.down goes to every
    # webhook), then wrk again; vigil is compared with the mean of the two wrk runs, so a
    # machine that speeds up or slows down during the case moves both sides alike. wrk uses as
    # many connections as vigil may have in flight (webhooks x maxConcurrencyPerEndpoint).
    if not have("wrk"):
        apt_install("wrk")
    concurrency = json.loads(os.environ.get("VIGIL_BENCH_CONFIG", "{}")).get(
        "delivery", {}).get("maxConcurrencyPerEndpoint", DEFAULT_CONCURRENCY)
    cases = DELIVER_CASES[env.full]
    if os.environ.get("DELIVER_CASE"):  # e.g. DELIVER_CASE=200x20: one case of your own
        n, hooks_n = map(int, os.environ["DELIVER_CASE"].split("x"))
        cases = [("custom", n, n, hooks_n)]
    wrk_seconds = 5 if env.full else 1
    rows, out = [], []
    for label, n, killed, hooks_n in cases:
        sink = Sink(env)
        wrk_conns = min(hooks_n * concurrency, 1024)
        wrk = [run_wrk(env, sink, wrk_conns, wrk_seconds) if have("wrk") else None]
        sink.reset()
        r = deliver_case(env, n, killed, hooks_n, sink)
        wrk.append(run_wrk(env, sink, wrk_conns, wrk_seconds) if have("wrk") else None)
        env.stop(sink.proc)
        wrk_rate = round(sum(wrk) / 2) if all(wrk) else None
        r.update(case=label, wrk_connections=wrk_conns, wrk_runs_per_s=wrk,
                 wrk_requests_per_s=wrk_rate,
                 ratio=round(r["vigil_deliveries_per_s"] / wrk_rate, 3) if wrk_rate else None)
        out.append(r)
        rows.append([label, f"{killed} of {n} x {hooks_n}", f"{r['deliveries']}/{r['expected']}",
                     r["vigil_deliveries_per_s"], r["vigil_cpu_us_per_delivery"],
                     " / ".join(str(w) for w in wrk), wrk_conns, r["ratio"]])
    table("deliver: signed durable deliveries/s to sinkd vs wrk against sinkd (before / after)",
          ["case", "down of instances x webhooks", "deliveries", "vigil /s", "vigil CPU us/delivery",
           "wrk /s", "wrk conns", "vigil/wrk"], rows)
    return save(env, "deliver", {"rows": out})


def deliver_case(env, n, killed, hooks_n, sink):
    fl = Fleet(env, n)
    hooks = [webhook(sink, f"/d{i}", ["instance.down"]) for i in range(hooks_n)]
    # The killed instances stay down: their reconnects (every 100 ms, doubling, by default) are
    # pushed past the case so it measures the delivery pipeline, not connects refused.
    v = start_vigil(env, fl.config, hooks, top={"resp": {"reconnectInitialDelayMs": 20000}})
    connected(fl, n)
    time.sleep(3 if env.full else 1.2)
    cpu0 = cpu_seconds(v.pid)
    fl.ctl("kill all" if killed == n else f"kill 0-{killed - 1}")
    want = hooks_n * killed
    wait_for(lambda: sink.stats()["unique"] >= want, 180 if env.full else 20, 0.1)
    cpu = cpu_seconds(v.pid) - cpu0  # includes the polls made meanwhile
    st = sink.stats()
    span = max(1, st["last_ms"] - st["first_ms"])
    for p in (v, fl.proc):
        env.stop(p)
    return {"instances": n, "instances_down": killed, "webhooks": hooks_n, "deliveries": st["unique"], "expected": want,
            "span_ms": span, "vigil_deliveries_per_s": round(st["unique"] / (span / 1000)),
            "vigil_cpu_s": round(cpu, 2),
            "vigil_cpu_us_per_delivery": round(1e6 * cpu / max(1, st["unique"]), 1),
            "duplicates": st.get("duplicates"), "bad_signature": st["bad_signature"]}


def sink_body_sample(sink):
    # The shape and size of the instance.down payload vigil sends in deliver_case.
    now = int(time.time() * 1000)
    return ('{"id":"0e4f3c7a-1111-4222-8333-944455556666","event":"instance.down",'
            '"timestamp":%d,"status":"firing","instance":{"name":"fake-1","host":"127.0.1.2",'
            '"port":21000},"data":{"reason":"closed","detail":"end of file; reconnect: refused: '
            'connection refused","since":%d,"message":"Instance fake-1 is down (closed)"}}'
            % (now, now))


def run_wrk(env, sink, connections, seconds):
    import hashlib, hmac
    body = sink_body_sample(sink)
    ts = body.split('"timestamp":')[1].split(",")[0]
    sig = hmac.new(SECRET.encode(), f"{ts}.{body}".encode(), hashlib.sha256).hexdigest()
    lua = os.path.join(env.tmp, "post.lua")
    esc = body.replace("\\", "\\\\").replace('"', '\\"')
    with open(lua, "w") as f:
        f.write(f'wrk.method = "POST"\nwrk.body = "{esc}"\n'
                f'wrk.headers["Content-Type"] = "application/json"\n'
                f'wrk.headers["X-Webhook-Signature"] = "{sig}"\n'
                f'wrk.headers["X-Webhook-Timestamp"] = "{ts}"\n'
                f'wrk.headers["X-Webhook-Delivery-Id"] = "wrk"\n'
                f'wrk.headers["X-Webhook-Event"] = "instance.down"\n')
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", lua,
                          sink.url("/wrk")],
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("Requests/sec:"):
            return round(float(line.split()[1]))
    return None


def peers(env, args):
    if args.no_prom or not promstack.available(install=env.full):
        print("peers: skipped (no redis_exporter/prometheus, or --no-prom)")
        return save(env, "peers", {"skipped": True})
    sizes = [1000, 2000] if env.full else [20]
    seconds = 30 if env.full else 5
    rows, out = [], []
    for n in sizes:
        fl = Fleet(env, n)
        targets = ["%s:%d" % fl.host(i) for i in range(n)]
        stack = promstack.PromStack(env, f"peers-{n}", targets, scrape="1s", evaluation="1s")
        time.sleep(5)
        cpu, rss, dt, st = measure(env, fl, stack.pids(), seconds)
        infos = st["commands"]["INFO"]
        prom_cpu = sum(cpu.values())
        prom_rss = sum(rss.values())
        for p in (stack.exporter, stack.prom):
            env.stop(p)
        sink = Sink(env)
        v = start_vigil(env, fl.config, [webhook(sink, "/hook", ["*"])])
        connected(fl, n)
        time.sleep(3)
        vcpu, vrss, vdt, vst = measure(env, fl, [v.pid], seconds)
        vpolls = vst["commands"]["INFO"]
        for p in (v, sink.proc, fl.proc):
            env.stop(p)
        r = {"instances": n, "seconds": seconds,
             "peer_cpu_s": round(prom_cpu, 2), "peer_rss_mb": round(prom_rss, 1),
             "peer_scrapes": infos, "peer_cpu_us_per_poll": round(1e6 * prom_cpu / max(infos, 1), 1),
             "vigil_cpu_s": round(vcpu[v.pid], 2), "vigil_rss_mb": round(vrss[v.pid], 1),
             "vigil_polls": vpolls,
             "vigil_cpu_us_per_poll": round(1e6 * vcpu[v.pid] / max(vpolls, 1), 2)}
        r["ratio"] = round(r["peer_cpu_us_per_poll"] / max(r["vigil_cpu_us_per_poll"], 0.01), 1)
        out.append(r)
        rows.append([n, r["peer_cpu_s"], r["peer_rss_mb"], f"{infos}/{n * seconds}",
                     r["peer_cpu_us_per_poll"], r["vigil_cpu_s"], r["vigil_rss_mb"],
                     r["vigil_cpu_us_per_poll"], r["ratio"]])
    table(f"peers: same instances every 1 s for {seconds} s", ["instances", "exporter+prom CPU s",
          "RSS MB", "INFOs/expected", "us/poll", "vigil CPU s", "RSS MB", "us/poll", "x"], rows)
    return save(env, "peers", {"rows": out})


ALL = {"fleet": fleet, "tta": tta, "storm": storm, "deliver": deliver, "peers": peers}
EXTRA = {"plot": plot}
