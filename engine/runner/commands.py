"""Commands sent to a running live algorithm through files, as LEAN's
``Common/Commands/FileCommandHandler.cs`` reads them.

The web app writes ``command-<id>.json`` files into a folder the live process reads (in the
sandbox a read-only mount, so the engine cannot delete them as LEAN does: it remembers which it
ran). Each poll of the live loop runs the new files in name order: a file holds one command or a
list of them; a command is a JSON object whose ``$type`` names a class the algorithm registered
with ``add_command`` (else it goes to ``on_command``), as LEAN's ``BaseCommandHandler`` turns a
payload into a ``CallbackCommand``. The result of each, LEAN's ``CommandResultPacket``
(``commandName``, ``success``), is written to ``result-command-<id>.json`` in the results folder.
Commands the algorithm broadcasts go the other way, as ``broadcast-<n>.json`` in that folder.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from engine.algorithm.builtin_commands import builtin_name
from engine.algorithm.commands import CallbackCommand
from engine.runner.limits import write_json_atomic

COMMAND_PATTERN = "command*.json"
RESULT_PREFIX = "result-command-"
# Commands the algorithm broadcasts (``broadcast_command``), numbered, for the web app to forward.
BROADCAST_PREFIX = "broadcast-"
MAX_COMMAND_BYTES = 64 * 1024
_SAFE_ID = re.compile(r"[^A-Za-z0-9_.-]")


def result_name(command_id: str) -> str:
    """The result file of a command id (characters other than letters, digits, ``_.-`` become
    ``_``: an id never names a path)."""
    return f"{RESULT_PREFIX}{_SAFE_ID.sub('_', command_id)[:100]}.json"


class FileCommandHandler:
    """Runs the command files of ``folder`` on ``algorithm``; results go to ``results``."""

    def __init__(self, algorithm: Any, folder: str | Path, results: str | Path) -> None:
        self.algorithm = algorithm
        self.folder = Path(folder)
        self.results = Path(results)
        self.done: set[str] = set()
        self.sent = 0  # broadcasts written

    def process(self) -> list[dict[str, Any]]:
        """Run the command files not run yet; returns the results written."""
        try:
            files = sorted(self.folder.glob(COMMAND_PATTERN), key=lambda p: p.name)
        except OSError:
            return []
        out = []
        for path in files:
            if path.name in self.done:
                continue
            self.done.add(path.name)
            default_id = path.stem.removeprefix("command").lstrip("-_") or path.stem
            for command_id, payload, problem in self._read(path, default_id):
                out.append(self._run(command_id, payload, problem))
        return out

    def broadcast(self, payload: dict[str, Any]) -> None:
        """Write a command the algorithm broadcasts as ``broadcast-<n>.json`` beside the results
        (the web app's worker forwards it to the organization's other deployments)."""
        self.sent += 1
        self.results.mkdir(parents=True, exist_ok=True)
        write_json_atomic(self.results / f"{BROADCAST_PREFIX}{self.sent}.json", payload)

    def _read(self, path: Path, default_id: str) -> list[tuple[str, Any, str]]:
        """(id, payload, problem) per command of the file; a file that is not a command (too
        large, not JSON, not an object or a list of objects) is one failed command."""
        try:
            if path.stat().st_size > MAX_COMMAND_BYTES:
                return [(default_id, None, f"larger than {MAX_COMMAND_BYTES} bytes")]
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            return [(default_id, None, f"not a JSON command: {exc}")]
        items = data if isinstance(data, list) else [data]
        commands = []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                commands.append((f"{default_id}-{i}", None, "a command is a JSON object"))
                continue
            fields = {str(k).lower(): v for k, v in item.items()}
            command_id = str(fields.get("id") or (default_id if len(items) == 1 else ""))
            commands.append((command_id or f"{default_id}-{i}", item, ""))
        return commands

    def _run(self, command_id: str, payload: Any, problem: str) -> dict[str, Any]:
        algorithm = self.algorithm
        name = "OnCommand"
        success: bool | None = False
        error = problem
        if not problem:
            command = CallbackCommand.from_payload(payload)
            # LEAN's built-in commands are named by their class (ICommand.GetType().Name)
            name = builtin_name(command.type) or str(command)
            try:
                packet = algorithm.run_command(command)
                success = packet.success
            except Exception as exc:  # LEAN: Algorithm.Error("<command> Error: ..."), result false
                error = str(exc) or type(exc).__name__
                algorithm.error(f"{name} Error: {error}")
        result = {"id": command_id, "commandName": name, "success": success}
        if error:
            result["error"] = error
        try:
            self.results.mkdir(parents=True, exist_ok=True)
            write_json_atomic(self.results / result_name(command_id), result)
        except OSError:  # a full output folder: the web app reports the command as unanswered
            pass
        return result


__all__ = ["BROADCAST_PREFIX", "COMMAND_PATTERN", "FileCommandHandler", "result_name"]
