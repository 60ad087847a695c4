"""The embedded server's bookkeeping survives processes that were killed or stopped mid-write."""

import json
import os
import subprocess
import sys

from archive.ops.embedded_db import _prune_handle_list


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_an_emptied_handle_list_is_repaired(tmp_path):
    (tmp_path / ".handle_pids.json").write_text("")
    _prune_handle_list(tmp_path)
    assert json.loads((tmp_path / ".handle_pids.json").read_text()) == []


def test_processes_that_died_holding_a_handle_are_dropped(tmp_path):
    (tmp_path / ".handle_pids.json").write_text(json.dumps([dead_pid(), os.getpid()]))
    _prune_handle_list(tmp_path)
    assert json.loads((tmp_path / ".handle_pids.json").read_text()) == [os.getpid()]
