#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Start-up time of the kiosk beside a web kiosk, under one Xvfb screen.

  startup.py MADOGUCHI_EXE [--runs N] [--chromium PATH] [--skip-chromium]

Madoguchi: `madoguchi --measure-startup` prints the wall clock when its attract screen is
mapped, painted (pending paints flushed) and the event loop idle; the figure is that time
minus the harness's clock taken just before exec. Two configurations:
  demo        --demo (in-process central; the roster import runs on a worker thread)
  production  a production-like config: HTTPS central on an unreachable address
              (127.0.0.1:9), mutual-TLS files and sealing key made here, a fresh store.
Chromium: Debian's chromium --headless=new on a comparable static attract page from a local
file (same title and button text, Noto CJK), fresh --user-data-dir per run; its page prints
performance.timeOrigin + performance.now() after the second animation frame following the
first layout (the first frame on screen). Figure: that time minus the clock taken before exec.

Prints each run, the medians and the ratio madoguchi/chromium (goal: at most 0.20).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

ATTRACT_HTML = """<!doctype html><html lang="ja"><head><meta charset="utf-8">
<title>窓口</title><style>
body{margin:0;font-family:"Noto Sans CJK JP",sans-serif;background:#f6f8fb;color:#1b2733}
h1{font-size:64px;text-align:center;margin-top:200px}
p{font-size:32px;text-align:center}
button{display:block;margin:80px auto;font-size:48px;padding:40px 120px;border-radius:24px}
</style><script>
requestAnimationFrame(() => requestAnimationFrame(() =>
  console.log("PAINTED " + (performance.timeOrigin + performance.now()).toFixed(3))));
</script></head><body>
<h1>伊藤忠健康保険組合</h1><p>ポータルの利用登録をここで行えます</p>
<button>はじめる</button><p>English</p></body></html>
"""


def start_xvfb():
    for display in range(150, 200):
        if Path(f"/tmp/.X11-unix/X{display}").exists():
            continue
        proc = subprocess.Popen(["Xvfb", f":{display}", "-screen", "0", "1920x1080x24",
                                 "-nolisten", "tcp"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            if Path(f"/tmp/.X11-unix/X{display}").exists():
                return proc, f":{display}"
            time.sleep(0.05)
        proc.kill()
    sys.exit("no Xvfb display free")


def make_production_config(work: Path) -> Path:
    pki = work / "pki"
    pki.mkdir()

    def ssl(*args):
        subprocess.run(["openssl", *args], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)

    ssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", str(pki / "ca.key"), "-out", str(pki / "ca.pem"), "-days", "30",
        "-subj", "/CN=bench-ca")
    ssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", str(pki / "kiosk.key"), "-out", str(pki / "kiosk.csr"),
        "-subj", "/CN=bench-kiosk-01")
    ssl("x509", "-req", "-in", str(pki / "kiosk.csr"), "-CA", str(pki / "ca.pem"),
        "-CAkey", str(pki / "ca.key"), "-CAcreateserial", "-out", str(pki / "kiosk.pem"),
        "-days", "30")
    ssl("genpkey", "-algorithm", "X25519", "-out", str(pki / "sealing.key"))
    ssl("pkey", "-in", str(pki / "sealing.key"), "-pubout", "-out",
        str(pki / "sealing-public.pem"))
    for f in pki.iterdir():
        f.chmod(0o600)

    demo = (ROOT / "assets/profiles/demo-kiosk.toml").read_text()
    text = []
    for line in demo.splitlines():
        key = line.split("=")[0].strip()
        if key == "profile":
            line = f'profile = "{ROOT / "assets/profiles/itc-kenpo.toml"}"'
        elif key == "id":
            line = 'id = "bench-kiosk-01"'
        elif key == "store_path":
            line = f'store_path = "{work / "kiosk.db"}"'
        elif key == "log_path":
            line = f'log_path = "{work / "madoguchi.log"}"'
        elif key == "url":
            line = 'url = "https://127.0.0.1:9"'
        elif key in ("ca_bundle", "client_cert", "client_key", "sealing_public_key"):
            name = {"ca_bundle": "ca.pem", "client_cert": "kiosk.pem",
                    "client_key": "kiosk.key", "sealing_public_key": "sealing-public.pem"}[key]
            line = f'{key} = "{pki / name}"'
        text.append(line)
    config = work / "kiosk.toml"
    config.write_text("\n".join(text) + "\n")
    return config


def run_madoguchi(exe, args, env, timeout=60):
    t0 = time.time_ns()
    proc = subprocess.run([exe, "--measure-startup", *args], env=env, capture_output=True,
                          text=True, timeout=timeout)
    for line in proc.stdout.splitlines():
        if line.startswith("madoguchi-startup "):
            fields = dict(f.split("=") for f in line.split()[1:])
            total = (int(fields["ready_epoch_ns"]) - t0) / 1e6
            return total, fields
    raise RuntimeError(f"no start-up line (exit {proc.returncode}): {proc.stderr[-2000:]}")


def run_chromium(chromium, page, env, timeout=60):
    profile = tempfile.mkdtemp(prefix="bench-chromium-")
    try:
        t0 = time.time_ns()
        proc = subprocess.Popen(
            [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-quic", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
             "--window-size=1920,1080", page.as_uri()],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + timeout
        try:
            for line in proc.stderr:
                if "PAINTED " in line:
                    painted_ms = float(line.split("PAINTED ")[1].split('"')[0])
                    return (painted_ms * 1e6 - t0) / 1e6
                if time.time() > deadline:
                    break
        finally:
            proc.kill()
            proc.wait()
        raise RuntimeError("chromium printed no PAINTED line")
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("madoguchi")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--chromium", default=shutil.which("chromium") or "")
    ap.add_argument("--skip-chromium", action="store_true")
    a = ap.parse_args()

    xvfb, display = start_xvfb()
    env = dict(os.environ, DISPLAY=display, NO_AT_BRIDGE="1")
    work = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    try:
        prod_config = make_production_config(work)
        page = work / "attract.html"
        page.write_text(ATTRACT_HTML)
        results = {"demo": [], "production": [], "chromium": []}
        # Warm the page cache once for each (the figures are warm starts, as a kiosk that
        # restarts has them), then alternate so load drifts hit all three alike.
        run_madoguchi(a.madoguchi, ["--demo", "--store", str(work / "warm.db")], env)
        if a.chromium and not a.skip_chromium:
            run_chromium(a.chromium, page, env)
        for i in range(a.runs):
            store = work / f"demo-{i}.db"
            ms, f = run_madoguchi(a.madoguchi, ["--demo", "--store", str(store)], env)
            results["demo"].append(ms)
            print(f"run {i + 1} demo        {ms:7.1f} ms  (in process: on_init {f['on_init_ms']},"
                  f" runtime {f['runtime_ms']}, shown {f['shown_ms']}, ready {f['ready_ms']} ms)")
            ms, f = run_madoguchi(a.madoguchi, ["--config", str(prod_config)], env)
            results["production"].append(ms)
            print(f"run {i + 1} production  {ms:7.1f} ms  (in process: on_init {f['on_init_ms']},"
                  f" runtime {f['runtime_ms']}, shown {f['shown_ms']}, ready {f['ready_ms']} ms)")
            if a.chromium and not a.skip_chromium:
                ms = run_chromium(a.chromium, page, env)
                results["chromium"].append(ms)
                print(f"run {i + 1} chromium    {ms:7.1f} ms")
        print()
        med = {k: statistics.median(v) for k, v in results.items() if v}
        for k, v in med.items():
            print(f"median {k:<11} {v:7.1f} ms  (min {min(results[k]):.1f}, max "
                  f"{max(results[k]):.1f}, {len(results[k])} runs)")
        if "chromium" in med:
            for k in ("demo", "production"):
                print(f"ratio {k}/chromium = {med[k] / med['chromium']:.3f}  (goal <= 0.200)")
    finally:
        xvfb.terminate()
        xvfb.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
