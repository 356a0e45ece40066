# Shared helpers of the bench scenarios: starting fakefleet, sinkd and vigil on free loopback
# ports, talking to them, sampling CPU and RSS from /proc, and writing results.
import json, os, resource, socket, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SECRET = "bench-secret"
TICK = os.sysconf("SC_CLK_TCK")


class Env:
    def __init__(self, build, scale):
        build = os.path.abspath(build)
        self.build, self.scale, self.full = build, scale, scale == "full"
        self.vigil = os.path.join(build, "vigil")
        self.fakefleet = os.path.join(build, "tools", "fakefleet")
        self.sinkd = os.path.join(build, "tools", "sinkd")
        for b in (self.vigil, self.fakefleet, self.sinkd):
            if not os.access(b, os.X_OK):
                sys.exit(f"bench: {b} missing; build it first (see docs/benchmarks.md)")
        self.tmp = tempfile.mkdtemp(prefix="vigil-bench-")
        self.procs = []

    def spawn(self, argv, log, **kw):
        f = open(os.path.join(self.tmp, log), "wb")
        p = subprocess.Popen(argv, stdout=f, stderr=subprocess.STDOUT, preexec_fn=raise_nofile, **kw)
        p.log = os.path.join(self.tmp, log)
        self.procs.append(p)
        return p

    def stop(self, p, sig=15):
        if p.poll() is None:
            p.send_signal(sig)
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()

    def close(self):
        for p in reversed(self.procs):
            self.stop(p)
        subprocess.run(["rm", "-rf", self.tmp])


def raise_nofile():
    # vigil holds one socket per instance: 10,000 instances need more than the usual 1024.
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (1 << 20, 1 << 20))
    except (ValueError, OSError):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def listen_port_below_ephemeral():
    # Base port for fakefleet: below the ephemeral range so vigil's own sockets never collide.
    import random
    for _ in range(100):
        p = random.randint(20000, 30000)
        s = socket.socket()
        try:
            s.bind(("127.0.0.1", p))
            return p
        except OSError:
            pass
        finally:
            s.close()
    raise RuntimeError("no free base port")


def wait_for(pred, timeout=30, step=0.05):
    end = time.time() + timeout
    while time.time() < end:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return pred()


def read_log(p):
    with open(p.log, "rb") as f:
        return f.read().decode(errors="replace")


def port_from_log(p, prefix, timeout=30):
    def find():
        s = read_log(p)
        i = s.find(prefix)
        if i < 0:
            return None
        digits = ""
        for ch in s[i + len(prefix):]:
            if not ch.isdigit():
                break
            digits += ch
        return int(digits) if digits else None
    port = wait_for(find, timeout)
    if not port:
        raise RuntimeError(f"{p.args[0]} did not start: {read_log(p)[-2000:]}")
    return port


class Fleet:
    """A fakefleet process: its control port and the vigil config it emitted."""

    def __init__(self, env, count, interval_ms=1000, mapping="addrs", extra=()):
        self.env, self.count = env, count
        cfg = os.path.join(env.tmp, f"fleet-{count}-{time.time_ns()}.json")
        self.proc = env.spawn([env.fakefleet, "--count", str(count), "--mapping", mapping,
                               "--base-port", str(listen_port_below_ephemeral()),
                               "--poll-interval-ms", str(interval_ms), "--emit-config", cfg,
                               *extra], f"fakefleet-{count}.log")
        self.control = port_from_log(self.proc, "control_port=")
        wait_for(lambda: os.path.exists(cfg) and os.path.getsize(cfg) > 0, 10)
        with open(cfg) as f:
            self.config = json.load(f)
        self.sock = socket.create_connection(("127.0.0.1", self.control))
        self.file = self.sock.makefile("rw")

    def ctl(self, line):
        self.file.write(line + "\n")
        self.file.flush()
        return self.file.readline().strip()

    def wall_ms(self, line):
        r = self.ctl(line)
        if not r.startswith("ok"):
            raise RuntimeError(f"fakefleet: {line}: {r}")
        return int(r.split("wall_ms=")[1].split()[0])

    def stats(self):
        return json.loads(self.ctl("stats"))

    def host(self, i):
        inst = self.config["instances"][i]
        return inst["host"], inst["port"]


class Sink:
    """A sinkd process."""

    def __init__(self, env, secret=SECRET, name="sinkd"):
        argv = [env.sinkd] + (["--secret", secret] if secret else [])
        self.proc = env.spawn(argv, f"{name}-{time.time_ns()}.log")
        self.port = port_from_log(self.proc, "listening 127.0.0.1:")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path):
        with urllib.request.urlopen(self.url(path), timeout=30) as r:
            return json.loads(r.read())

    def stats(self):
        return self.get("/_stats")

    def arrivals(self, event):
        return self.get(f"/_arrivals?event={event}")

    def reset(self):
        urllib.request.urlopen(urllib.request.Request(self.url("/_reset"), method="POST"),
                               timeout=10).read()


def webhook(sink, path, events, **extra):
    w = {"id": path.strip("/").replace("/", "-") or "sink", "url": sink.url(path),
         "secret": SECRET, "events": events}
    w.update(extra)
    return w


def start_vigil(env, fleet_config, webhooks, extra_instances=(), top=None, name="vigil"):
    d = os.path.join(env.tmp, f"{name}-{time.time_ns()}")
    os.makedirs(d)
    cfg = dict(fleet_config)
    cfg["instances"] = list(cfg["instances"]) + list(extra_instances)
    cfg["webhooks"] = webhooks
    cfg["dataDir"] = os.path.join(d, "data")
    cfg["listen"] = f"127.0.0.1:{free_port()}"
    cfg.update(top or {})
    # VIGIL_BENCH_CONFIG='{"delivery": {"maxConcurrencyPerEndpoint": 64}}': merged into the
    # config (one level deep), to compare settings without editing the scenarios.
    for k, v in json.loads(os.environ.get("VIGIL_BENCH_CONFIG", "{}")).items():
        cfg[k] = {**cfg[k], **v} if isinstance(v, dict) and isinstance(cfg.get(k), dict) else v
    path = os.path.join(d, "vigil.json")
    with open(path, "w") as f:
        json.dump(cfg, f)
    # VIGIL_BENCH_WRAP='valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out': runs vigil
    # under a profiler (instruction counts do not move with the machine's load).
    wrap = os.environ.get("VIGIL_BENCH_WRAP", "").split()
    return env.spawn(wrap + [env.vigil, "--config", path, "--log-level", "warn"], f"{name}.log",
                     cwd=d)


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def percentile(values, q):
    if not values:
        return None
    v = sorted(values)
    return v[min(len(v) - 1, int(q * (len(v) - 1) + 0.5))]


def table(title, header, rows):
    print(f"\n{title}")
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    fmt = "  ".join("{:>%d}" % w for w in widths)
    print(fmt.format(*header))
    for r in rows:
        print(fmt.format(*[str(x) for x in r]))


def save(env, name, data):
    out = os.path.join(ROOT, "bench", "results", f"{name}-{env.scale}.json")
    data = {"scenario": name, "scale": env.scale, "time": int(time.time()), **data}
    with open(out, "w") as f:
        json.dump(data, f, indent=2)
    print(f"-> {os.path.relpath(out, ROOT)}")
    return data


def have(*bins):
    import shutil
    return all(shutil.which(b) for b in bins)


def apt_install(*pkgs):
    if os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", *pkgs],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
