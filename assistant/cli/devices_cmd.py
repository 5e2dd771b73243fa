"""``assistant devices``: the inputs ``listen`` can record, and a live level meter."""

from __future__ import annotations

import argparse
import json
import sys

from assistant.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "devices", help="list audio inputs (microphones, monitors, loopbacks) for `listen`",
        description="List the audio inputs `assistant listen` can record, by the names it "
        "takes. Loopback/monitor inputs carry what this computer plays: the customer's side.")
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help="only these devices (a name or part of one)")
    parser.add_argument("--meter", action="store_true",
                        help="show a live level meter for the inputs")
    parser.add_argument("--seconds", type=float, default=5.0,
                        help="how long the meter runs (default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="print the list as JSON")
    parser.set_defaults(run=run)


def _load() -> list:
    try:
        from assistant.capture.devices import list_inputs
    except OSError as exc:  # sounddevice raises it when PortAudio itself is missing
        raise InputError(f"cannot list audio devices: {exc} (install PortAudio: "
                         "sudo apt install libportaudio2)") from None
    return list_inputs()


def run(args: argparse.Namespace) -> int:
    if args.meter and not 0 < args.seconds <= 3600:
        raise InputError("--seconds must be between 0 and 3600")
    devices = _load()
    if args.names:
        from assistant.capture.devices import resolve

        devices = [resolve(name, devices) for name in args.names]
    if args.json:
        print(json.dumps([{**d.ref.to_json(), "description": d.description,
                           "channels": d.channels, "sample_rate": d.default_rate,
                           "loopback": d.loopback, "default": d.is_default}
                          for d in devices], indent=2, ensure_ascii=False))
    else:
        _print_list(devices)
    if args.meter:
        _meter(devices, args.seconds)
    return 0


def _print_list(devices: list) -> None:
    if not devices:
        print("No audio inputs found. Connect a headset, or check the sound settings.")
        return
    width = max(len(d.name) for d in devices)
    print(f"  {'NAME':<{width}}  {'HOST API':<14} {'KIND':<9} {'CH':>2} {'RATE':>6}  DESCRIPTION")
    for d in devices:
        kind = "loopback" if d.loopback else "input"
        mark = "*" if d.is_default else " "
        print(f"{mark} {d.name:<{width}}  {d.host_api:<14} {kind:<9} {d.channels:>2} "
              f"{d.default_rate:>6}  {d.description}")
    print("\n* default input. `loopback` inputs carry what this computer plays (the customer's "
          "side).\nUse the NAME with `assistant listen --agent-device NAME --customer-device "
          "NAME`,\nor `--stereo-device NAME --agent-channel left|right`; add --host-api when a "
          "name is listed twice.")


def _meter(devices: list, seconds: float) -> None:
    from assistant.capture.meter import DeviceMeter, bar

    print(f"\nLevels for {seconds:g} s (peak dBFS; speak, and play something for loopbacks):")
    meter = DeviceMeter(devices)
    tty = sys.stdout.isatty()
    width = max((len(d.name) for d in devices), default=0)
    try:
        for n, why in meter.errors.items():
            print(f"  {devices[n].name}: cannot open ({why})")
        shown = 0
        steps = max(1, round(seconds / 0.2))
        for step in range(steps):
            levels = meter.read(seconds / steps)
            lines = [f"  {d.name:<{width}}  " + ("unavailable" if lv is None else
                                                 f"{bar(lv[0])} {lv[0]:6.1f}")
                     for d, lv in zip(devices, levels, strict=True)]
            if tty:
                if shown:
                    sys.stdout.write(f"\033[{shown}F")
                sys.stdout.write("".join(line + "\033[K\n" for line in lines))
                shown = len(lines)
            elif step % 5 == 4 or step == steps - 1:  # once a second in logs
                sys.stdout.write("".join(line + "\n" for line in lines))
            sys.stdout.flush()
    finally:
        meter.close()
