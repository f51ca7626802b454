"""Serving the web app: a port chosen on the loopback (printed), the browser opened, uvicorn kept quiet (every line
the user reads is Vietnamese and comes from drafting)."""

from __future__ import annotations

import socket
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path

from ..errors import FileAccessError, UsageProblem

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (port 0: one the system chooses); Vietnamese errors."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if port and exc.errno in (98, 48):  # EADDRINUSE (Linux, macOS)
            raise UsageProblem(
                f"--cong {port}: cổng này đang có chương trình khác dùng; bỏ --cong để tự chọn"
            ) from None
        raise UsageProblem(f'--dia-chi "{host}": không nghe được ở địa chỉ này ({exc.strerror})') from None
    sock.listen(64)
    return sock


def serve(
    root: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    open_browser: bool = True,
    echo: Callable[[str], None] = print,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve ``root`` until interrupted (Ctrl-C)."""
    import uvicorn  # noqa: PLC0415 - the server loads only for `drafting web`

    from .app import create_app  # noqa: PLC0415 - Starlette and Jinja load only for `drafting web`

    root = Path(root)
    if not root.is_dir():
        raise FileAccessError(f"{root}: không có thư mục này")
    sock = bind(host, port)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{'[' + shown + ']' if ':' in shown else shown}:{sock.getsockname()[1]}/"
    hosts = ["127.0.0.1", "localhost"] if host in LOOPBACK else ["*"]
    app = create_app(root, hosts=hosts, report=echo)
    echo(f"drafting web: thư mục làm việc {root.resolve()}")
    echo(f"Mở trình duyệt tại {url} (Ctrl-C để dừng).")
    if host not in LOOPBACK:
        echo(f"Cảnh báo: ứng dụng nghe ở {host}: máy khác trong mạng cũng mở được thư mục làm việc này.")
    config = uvicorn.Config(app, log_config=None, log_level="critical", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    if ready is not None:
        ready(url)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
