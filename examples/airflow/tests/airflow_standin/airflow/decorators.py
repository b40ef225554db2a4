import inspect
import subprocess

from airflow import CONTEXT


class XComArg:
    """What calling a task returns: its value, and >> for dependencies (already met by running eagerly)."""

    def __init__(self, value):
        self.value = value

    def __rshift__(self, other):
        return other


def _value(arg):
    return arg.value if isinstance(arg, XComArg) else arg


def _run(function, args, kwargs):
    wanted = inspect.signature(function).parameters
    context = {k: v for k, v in CONTEXT.items() if k in wanted and k not in kwargs}
    return function(*[_value(a) for a in args], **{k: _value(v) for k, v in kwargs.items()}, **context)


def task(function=None, **_options):
    def decorate(f):
        return lambda *args, **kwargs: XComArg(_run(f, args, kwargs))
    return decorate(function) if function else decorate


def _bash(function=None, **_options):
    def decorate(f):
        def call(*args, **kwargs):
            command = _run(f, args, kwargs)
            done = subprocess.run(["bash", "-c", command], capture_output=True, text=True)
            if done.returncode != 0:
                raise RuntimeError(f"bash task failed ({done.returncode}): {done.stderr[-2000:]}")
            return XComArg(done.stdout)
        return call
    return decorate(function) if function else decorate


task.bash = _bash


def dag(**_options):
    def decorate(f):
        return f
    return decorate
