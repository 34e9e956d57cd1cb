"""``schoolwatch serve``: run the review dashboard."""

from __future__ import annotations

import argparse

from schoolwatch.cli.common import add_config_option, config_from, status
from schoolwatch.errors import SchoolwatchError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve", help="run the review dashboard in this window",
        description="Start the dashboard web server. Staff log in with accounts made by "
                    "`schoolwatch users add`. Stop it with Ctrl+C.")
    add_config_option(parser)
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this computer only)")
    parser.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from dashboards.web.app import create_app
    from warehouse import Warehouse, users

    config = config_from(args)
    with Warehouse(config.warehouse_path).read() as con:
        accounts = users.list_users(con)
    if not accounts:
        status("Nobody can log in yet: create an account first with\n"
               "  schoolwatch users add NAME --role office --school SCHOOL_ID")
    app = create_app(config)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        status(f"Listening on {args.host}: put it behind HTTPS (a reverse proxy) before staff "
               "use it over a network.")
    check_port_free(args.host, args.port)
    status(f"Dashboard on http://{args.host}:{args.port}/ (Ctrl+C to stop)")
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning",
                proxy_headers=False, server_header=False)
    return 0


def check_port_free(host: str, port: int) -> None:
    """Say plainly when the port is taken, before announcing an address that will not work."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise SchoolwatchError(f"'{host}' is not an address this computer has "
                               f"({exc.strerror}); use --host 127.0.0.1.") from exc
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        if hasattr(socket, "SO_REUSEADDR"):  # as the server itself will bind
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise SchoolwatchError(
                f"Port {port} on {host} is already in use (is the dashboard already "
                f"running in another window?). Stop that program, or choose another port, "
                f"e.g. --port {port + 1}.") from exc
