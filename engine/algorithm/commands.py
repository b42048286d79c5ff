"""Algorithm commands (Common/Commands/Command.cs, CallbackCommand.cs; QCAlgorithm ``AddCommand``,
``RunCommand``, ``OnCommand``, ``Link``, ``BroadcastCommand``).

A command is a JSON payload; its ``$type`` names a class registered with ``add_command`` (any class
with a ``run(algorithm)`` method, a ``Command`` subclass or not). ``run_command`` builds an instance,
copies the payload's fields onto it and calls ``run``; a payload without ``$type`` goes to the
algorithm's ``on_command(data)`` as a ``Command`` whose fields read case-insensitively
(``data.symbol`` for ``"Symbol"``). ``link`` builds LEAN's signed ``live/commands/create`` URL for a
command; ``broadcast_command`` reaches live deployments through the QuantConnect API, so a backtest
skips it with LEAN's one-time warning and a live run here, with no API connection, fails clearly.
"""

from __future__ import annotations

import base64
import hashlib
import inspect
import json
import time as wall
from typing import Any

from engine.algorithm.builtin_commands import builtin_command

#: LEAN's default ``api-url``.
API_URL = "https://www.quantconnect.com/api/v2/"

#: Characters .NET's ``HttpUtility.UrlEncode`` leaves as they are.
_URL_SAFE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!*()")


class Command:
    """Base of typed commands: subclasses implement ``run(algorithm) -> bool | None``. Fields set
    from a payload are also readable in any letter case; unknown fields read as None."""

    def __init__(self) -> None:
        object.__setattr__(self, "_fields", {})

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        fields = self.__dict__.get("_fields", {})
        return fields.get(name.lower())

    def set_property(self, name: str, value: Any) -> Any:
        self.__dict__.setdefault("_fields", {})[name.lower()] = value
        return value

    def get_property(self, name: str) -> Any:
        return getattr(self, name)

    def run(self, algorithm: Any) -> bool | None:
        raise NotImplementedError(
            "Please implement the 'def run(algorithm) -> bool | None:' method"
        )

    def __getitem__(self, name: str) -> Any:
        return getattr(self, name)

    def __str__(self) -> str:
        payload = self.__dict__.get("_payload")
        return payload if payload else json.dumps(_members(self), default=str)

    SetProperty = set_property
    GetProperty = get_property
    Run = run


class CallbackCommand:
    """A received command: ``type`` (the ``$type`` field, "" for ``on_command``), ``payload`` (JSON)."""

    def __init__(self, type: str = "", payload: str = "", id: str = "") -> None:  # noqa: A002
        self.type = type
        self.payload = payload
        self.id = id

    @classmethod
    def from_payload(cls, payload: str | dict) -> CallbackCommand:
        text = payload if isinstance(payload, str) else json.dumps(payload)
        fields = {k.lower(): v for k, v in json.loads(text).items()} if text else {}
        return cls(str(fields.get("$type") or ""), text, str(fields.get("id") or ""))

    def __str__(self) -> str:
        return self.type or "OnCommand"


class CommandResultPacket:
    """What running a command returned: ``command_name`` and ``success`` (True/False/None)."""

    def __init__(self, command: CallbackCommand, success: bool | None) -> None:
        self.command = command
        self.command_name = str(command)
        self.success = success

    Success = property(lambda self: self.success)
    CommandName = property(lambda self: self.command_name)


def _members(target: Any) -> dict[str, Any]:
    """The fields LEAN serializes of a Python command: a plain object's ``__dict__``; for a
    ``Command`` subclass its non-empty public members that are not methods, by name."""
    if isinstance(target, dict):
        return dict(target)
    if not isinstance(target, Command) and getattr(target, "__dict__", None):
        return dict(vars(target))
    result: dict[str, Any] = {}
    for name, value in inspect.getmembers(target):
        if name.startswith("_") or not value or callable(value):
            continue
        result[name] = value
    result.update({k: v for k, v in target.__dict__.get("_fields", {}).items() if v})
    return result


def _encode(text: str) -> str:
    """.NET ``HttpUtility.UrlEncode``: space as ``+``, other unsafe bytes as lowercase ``%xx``."""
    out = []
    for ch in text:
        if ch in _URL_SAFE:
            out.append(ch)
        elif ch == " ":
            out.append("+")
        else:
            out.extend(f"%{b:02x}" for b in ch.encode("utf-8"))
    return "".join(out)


def _scalar(value: Any) -> str:
    """A JSON scalar as Newtonsoft prints it (``True``/``False`` for booleans)."""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _query(pairs: list[tuple[str, str]], key: str, value: Any) -> None:
    if isinstance(value, dict):
        for sub, item in value.items():
            _query(pairs, f"{key}[{sub}]", item)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            pairs.append((f"{key}[{i}]", _scalar(item)))
    else:
        pairs.append((key, _scalar(value)))


def command_link(
    payload: dict[str, Any],
    type_name: str | None,
    project_id: Any,
    *,
    user_id: int = 0,
    token: str = "",
) -> str:
    """LEAN ``Authentication.Link("live/commands/create", ...)`` for ``payload``."""
    stamp = int(wall.time())
    digest = hashlib.sha256(f"{token}:{stamp}".encode()).hexdigest()
    pairs = [
        ("authorization", base64.b64encode(f"{user_id}:{digest}".encode()).decode()),
        ("timestamp", str(stamp)),
        ("projectId", _scalar(project_id or 0)),
    ]
    # the payload travels through JSON first, as in LEAN (tuples become lists, objects dicts)
    for key, value in json.loads(json.dumps(payload, default=str)).items():
        _query(pairs, f"command[{key}]", value)
    if type_name:
        pairs.append(("command[$type]", type_name))
    query = "&".join(f"{_encode(k)}={_encode(v)}" for k, v in pairs)
    return f"{API_URL}live/commands/create?{query}"


class CommandsMixin:
    """``add_command``, ``run_command``, ``on_command``, ``link`` and ``broadcast_command``."""

    def _command_types(self) -> dict[str, type]:
        registry = self.__dict__.get("_registered_commands")
        if registry is None:
            registry = {}
            self.__dict__["_registered_commands"] = registry
        return registry

    def add_command(self, command_type: type) -> None:
        """Register ``command_type`` (it needs a ``run(algorithm)`` method) by its class name."""
        instance = command_type()
        if not callable(getattr(instance, "run", None)):
            raise NotImplementedError(
                f"{command_type.__name__}.run must be implemented. Please implement this missing "
                f"method in {command_type.__name__}"
            )
        self._command_types()[command_type.__name__.lower()] = command_type

    def on_command(self, data: Any) -> bool | None:
        """Handler of commands without a type; LEAN's default accepts them."""
        return True

    def run_command(self, command: CallbackCommand | str | dict) -> CommandResultPacket:
        """Run a received command: its registered type's ``run``, or ``on_command`` when untyped.
        A failing or unknown command is logged once per type, as LEAN does."""
        if not isinstance(command, CallbackCommand):
            command = CallbackCommand.from_payload(command)
        fields = json.loads(command.payload) if command.payload else None
        result: bool | None = None
        errors = self.__dict__.setdefault("_command_errors", set())
        if not command.type:
            data = None
            if fields is not None:
                data = Command()
                for key, value in fields.items():
                    data.set_property(key, value)
                data.__dict__["_payload"] = command.payload
            handler = self.on_command
            if type(self).on_command is CommandsMixin.on_command:
                handler = getattr(self, "OnCommand", handler)  # a handler in the C# spelling
            return CommandResultPacket(command, handler(data))
        command_type = self._command_types().get(command.type.lower())
        builtin = builtin_command(command.type, fields or {}) if command_type is None else None
        if builtin is not None:
            # LEAN's own commands (AddSecurityCommand, OrderCommand, ...): their errors go to the
            # handler, which reports "<Command> Error: ..." and a failed result
            return CommandResultPacket(command, builtin.run(self))
        if command_type is None:
            if command.type not in errors:
                errors.add(command.type)
                self.log(f"Detected unregistered command type '{command.type}', will be ignored")
            return CommandResultPacket(command, None)
        try:
            instance = command_type()
            _fill(instance, fields or {}, command.payload)
            result = instance.run(self)
        except Exception as err:  # LEAN logs a failing command and goes on
            if command.type not in errors:
                errors.add(command.type)
                self.log(f"Unexpected error running command '{command.type}' error: '{err}'")
        return CommandResultPacket(command, result)

    def _command_payload(self, command: Any) -> tuple[dict[str, Any], str]:
        payload = _members(command)
        return payload, type(command).__name__

    def link(self, command: Any) -> str:
        payload, type_name = self._command_payload(command)
        registered = type_name.lower() in self._command_types()
        return command_link(
            payload, type_name if registered else None, getattr(self, "project_id", 0)
        )

    def broadcast_command(self, command: Any) -> None:
        """Send ``command`` to the organization's other live deployments (LEAN: skipped in
        backtests). A live run sends it through the sender its runner installed (the web app's
        worker forwards it); the payload carries ``$type`` when the class is registered here."""
        payload, type_name = self._command_payload(command)
        if not self.live_mode:
            if not self.__dict__.get("_broadcast_warned"):
                self.__dict__["_broadcast_warned"] = True
                self.debug("Warning: sending broadcast commands is disabled in backtesting")
            return None
        send = self.__dict__.get("_broadcast_sender")
        if send is None:
            raise RuntimeError(
                "broadcast_command needs a live deployment of the web app (there is no API "
                "connection to send it through)"
            )
        payload = json.loads(json.dumps(payload, default=str))
        if type_name.lower() in self._command_types():
            payload["$type"] = type_name
        send(payload)
        return None

    AddCommand = add_command
    OnCommand = on_command
    RunCommand = run_command
    Link = link
    BroadcastCommand = broadcast_command


def _fill(instance: Any, fields: dict[str, Any], payload: str) -> None:
    """Copy a payload's fields onto a command, onto an existing attribute of any letter case."""
    names = {name.lower(): name for name in dir(instance) if not name.startswith("__")}
    for key, value in fields.items():
        if key == "$type":
            continue
        target = names.get(key.lower(), key)
        if isinstance(instance, Command) and target not in names.values():
            instance.set_property(key, value)
        else:
            setattr(instance, target, value)
    if isinstance(instance, Command):
        instance.__dict__["_payload"] = payload


__all__ = ["CallbackCommand", "Command", "CommandResultPacket", "CommandsMixin", "command_link"]
