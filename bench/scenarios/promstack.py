# The peer stack vigil replaces: redis_exporter (multi-target /scrape?target=) + Prometheus +
# Alertmanager, on free loopback ports with generated configs; Alertmanager posts to sinkd.
import os, time, urllib.request
from common import free_port, have, apt_install, wait_for

PACKAGES = ["prometheus-redis-exporter", "prometheus", "prometheus-alertmanager"]
BINARIES = ["prometheus-redis-exporter", "prometheus", "prometheus-alertmanager"]

RULES = """groups:
  - name: redis
    rules:
      - alert: RedisDown
        expr: redis_up == 0
      - alert: RedisMemoryCritical
        expr: redis_memory_max_bytes > 0 and redis_memory_used_bytes / redis_memory_max_bytes >= 0.9
"""


def available(install):
    if not have(*BINARIES) and install:
        apt_install(*PACKAGES)
    return have(*BINARIES)


class PromStack:
    """One exporter + Prometheus (+ Alertmanager when webhook_url is set)."""

    def __init__(self, env, name, targets, scrape="1m", evaluation="1m", group_wait="30s",
                 group_interval="5m", webhook_url=None):
        d = os.path.join(env.tmp, name)
        os.makedirs(d, exist_ok=True)
        self.env, self.procs = env, []
        self.exporter_port, self.prom_port = free_port(), free_port()
        self.exporter = env.spawn(["prometheus-redis-exporter", "-web.listen-address",
                                   f"127.0.0.1:{self.exporter_port}"], f"{name}-exporter.log")
        alerting = ""
        if webhook_url:
            self.am_port = free_port()
            with open(os.path.join(d, "am.yml"), "w") as f:
                f.write(f"""route:
  receiver: sink
  group_by: ['...']
  group_wait: {group_wait}
  group_interval: {group_interval}
  repeat_interval: 4h
receivers:
  - name: sink
    webhook_configs:
      - url: {webhook_url}
        send_resolved: false
""")
            self.am = env.spawn(["prometheus-alertmanager", f"--config.file={d}/am.yml",
                                 f"--storage.path={d}/am", "--cluster.listen-address=",
                                 f"--web.listen-address=127.0.0.1:{self.am_port}"],
                                f"{name}-alertmanager.log")
            alerting = f"""alerting:
  alertmanagers:
    - static_configs:
        - targets: ['127.0.0.1:{self.am_port}']
rule_files: ['{d}/rules.yml']
"""
            with open(os.path.join(d, "rules.yml"), "w") as f:
                f.write(RULES)
        tlist = ",".join(f"'redis://{t}'" for t in targets)
        with open(os.path.join(d, "prometheus.yml"), "w") as f:
            f.write(f"""global:
  scrape_interval: {scrape}
  evaluation_interval: {evaluation}
  scrape_timeout: {"1s" if scrape == "1s" else "10s"}
{alerting}scrape_configs:
  - job_name: redis
    metrics_path: /scrape
    static_configs:
      - targets: [{tlist}]
    relabel_configs:
      - source_labels: [__address__]
        target_label: __param_target
      - source_labels: [__address__]
        target_label: instance
      - target_label: __address__
        replacement: 127.0.0.1:{self.exporter_port}
""")
        self.prom = env.spawn(["prometheus", f"--config.file={d}/prometheus.yml",
                               f"--storage.tsdb.path={d}/tsdb",
                               f"--web.listen-address=127.0.0.1:{self.prom_port}"],
                              f"{name}-prometheus.log")
        ports = [self.prom_port] + ([self.am_port] if webhook_url else [])
        for p in ports:
            if not wait_for(lambda: ready(p), 60, 0.2):
                raise RuntimeError(f"{name}: not ready on {p}")

    def pids(self):
        return [p.pid for p in (self.exporter, self.prom) + ((self.am,) if hasattr(self, "am") else ())]


def ready(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/ready", timeout=1) as r:
            return r.status == 200
    except OSError:
        return False
