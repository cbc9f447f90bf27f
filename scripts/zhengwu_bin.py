"""The release `zhengwu` binary for the scripts beside this file: --bin, else $ZHENGWU_BIN, else
built with cargo (into $CARGO_TARGET_DIR or target/)."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def zhengwu_binary(explicit):
    if explicit:
        return explicit
    if os.environ.get("ZHENGWU_BIN"):
        return os.environ["ZHENGWU_BIN"]
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    print("building the release zhengwu binary …", flush=True)
    subprocess.check_call(
        ["cargo", "build", "--release", "-q", "-p", "zhengwu-cli", "--bin", "zhengwu"], cwd=ROOT
    )
    return str(target / "release" / "zhengwu")
