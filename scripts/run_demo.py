"""Start the CivilDesk demo: the web server and a background worker, side by side.

Used by ``make demo``. Stops both on Ctrl-C. The demo runs like production:
``DEBUG`` off (a missing page is the site's own 404, never Django's debug page
listing the URL patterns) and static files collected and served by the app
itself through WhiteNoise.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def demo_environment(base: dict[str, str] | None = None, host: str = "127.0.0.1") -> dict[str, str]:
    """The environment of the demo's processes: the caller's, with DEBUG off.

    With DEBUG off Django answers only the host names it knows: the address the
    demo listens on is added (any name when it listens on every interface),
    unless DJANGO_ALLOWED_HOSTS says otherwise.
    """
    environment = dict(os.environ if base is None else base)
    environment["DJANGO_DEBUG"] = "0"
    if "DJANGO_ALLOWED_HOSTS" not in environment and host not in ("127.0.0.1", "localhost"):
        everywhere = host in ("0.0.0.0", "::", "")
        environment["DJANGO_ALLOWED_HOSTS"] = "*" if everywhere else f"127.0.0.1,localhost,testserver,{host}"
    return environment


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
    args = parser.parse_args()
    python = sys.executable
    manage = str(ROOT / "manage.py")
    environment = demo_environment(host=args.host)
    # WhiteNoise serves the collected files when DEBUG is off.
    subprocess.run([python, manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=environment, check=True)
    worker = subprocess.Popen([python, manage, "db_worker", "--interval", "1"], cwd=ROOT, env=environment)
    web = subprocess.Popen(
        [python, manage, "runserver", f"{args.host}:{args.port}", "--noreload", "--nostatic"],
        cwd=ROOT,
        env=environment,
    )
    print(
        f"\nCivilDesk is running on http://{args.host}:{args.port}/\n"
        "  Log in as 'admin' (system administrator) or 'stttt.chuyenvien' (civil servant),\n"
        "  demo password: CivilDesk@2026 (all demo logins are listed above).\n"
        "  Press Ctrl-C to stop.\n",
        flush=True,
    )

    def stop(*_: object) -> None:
        for proc in (web, worker):
            if proc.poll() is None:
                proc.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        while web.poll() is None and worker.poll() is None:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stop()
        for proc in (web, worker):
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    return web.returncode or 0


if __name__ == "__main__":
    raise SystemExit(main())
