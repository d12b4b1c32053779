"""Workshop templates in YAML: agenda with steps and minutes, themes, criteria, vote budget.

Every text field (title, description, themes, agenda titles and instructions, criterion names and
descriptions) is either plain text or one text per language, ``{en: Dot voting, pl: Głosowanie
kropkami}``; :func:`load` takes the text of the workshop's language, English when the template
has none in it. An agenda step may carry its kind's ``settings`` (texts in them per language too,
checked by the kind: :mod:`facilitation.domain.step_settings`) and a planned ``starts_at`` ("HH:MM").
A broken template is refused with the file, the field and the problem named. Earlier names of
templates keep working (``ALIASES``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from facilitation.domain.checks import LANGUAGES
from facilitation.domain.errors import InvalidValue, TemplateError
from facilitation.domain.records import AgendaItem, Criterion, Template
from facilitation.domain.resources import resource
from facilitation.domain.step_settings import check_step_settings

TEMPLATE_DIR = resource("agendas")
DEFAULT_TEMPLATE = "city-two-rounds"
SOURCE_LANGUAGE = "en"
_KNOWN_KEYS = {"name", "title", "description", "vote_budget", "votes_per_idea", "themes", "agenda", "criteria"}
_STEP_KEYS = {"step", "minutes", "title", "instruction", "settings", "starts_at"}
# Another name a template is known by (the command line's names of issue 24) -> its file's name.
ALIASES = {"city-workshop": "city-two-rounds"}
# The templates of issue 24, one per kind of session in the seeds, as the command line names them.
COMMAND_LINE_NAMES = ("partner-meeting", "peer-learning-session", "technical-assistance", "local-seminar",
                      "expert-workshop-1", "expert-workshop-2", "city-workshop")


def available() -> list[str]:
    """Names of the templates shipped with the kit (one per file; aliases not repeated)."""
    return sorted(p.stem for p in TEMPLATE_DIR.glob("*.yaml"))


def known_names() -> list[str]:
    """Every name :func:`load` takes: the shipped templates and their aliases."""
    return sorted({*available(), *ALIASES})


def localised(value: Any, language: str = SOURCE_LANGUAGE) -> Any:
    """The text of ``language`` in a ``{en: ..., pl: ...}`` mapping (English, then the first one, when
    it has none in ``language``); anything else unchanged."""
    if not isinstance(value, dict):
        return value
    for lang in (language, SOURCE_LANGUAGE):
        if value.get(lang):
            return value[lang]
    return next(iter(value.values()), "")


def load(name_or_path: str | Path = DEFAULT_TEMPLATE, language: str = SOURCE_LANGUAGE) -> Template:
    """Load a shipped template by name, or any YAML file by path, in ``language`` (English for
    text the template does not give in that language)."""
    path = _path(name_or_path)
    return parse(_read(path), source=path.name, language=language)


def _path(name_or_path: str | Path) -> Path:
    path = Path(name_or_path)
    if path.suffix not in (".yaml", ".yml"):
        path = TEMPLATE_DIR / f"{ALIASES.get(str(name_or_path), name_or_path)}.yaml"
        if not path.exists():
            raise TemplateError(
                "There is no workshop template called {name_or_path!r}; available: {available}.", name_or_path=name_or_path, available=', '.join(available())
            )
    if not path.exists():
        raise TemplateError("Template file {path} does not exist.", path=path)
    return path


def _read(path: Path) -> Any:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise TemplateError("Template {name}: not valid YAML{where}.", name=path.name, where=where) from None
    return data


def _is_per_language(value: Any) -> bool:
    return (isinstance(value, dict) and bool(value) and all(k in LANGUAGES for k in value)
            and all(isinstance(v, str) for v in value.values()))


def _localised_tree(value: Any, language: str) -> Any:
    """``value`` with every ``{en: ..., pl: ...}`` text inside it (at any depth) taken in ``language``."""
    if _is_per_language(value):
        return localised(value, language)
    if isinstance(value, dict):
        return {k: _localised_tree(v, language) for k, v in value.items()}
    if isinstance(value, list):
        return [_localised_tree(v, language) for v in value]
    return value


def parse(data: Any, *, source: str = "template", language: str = SOURCE_LANGUAGE) -> Template:
    """Build a :class:`Template` in ``language`` from parsed YAML, naming the field of any problem."""

    def fail(field: str, problem: str) -> TemplateError:
        return TemplateError("Template {source}, field {field_value}: {problem}", source=source, field_value=field, problem=problem)

    def text(value: Any, field: str) -> Any:
        if isinstance(value, dict):
            if not value or not all(isinstance(v, str) for v in value.values()):
                raise fail(field, "must be text, or one text per language such as {en: ..., pl: ...}.")
            return localised(value, language)
        return value

    if not isinstance(data, dict):
        raise fail("(top level)", "must be a mapping of fields such as name, agenda, criteria.")
    unknown = set(data) - _KNOWN_KEYS
    if unknown:
        raise fail(sorted(unknown)[0], f"is not a template field (known: {', '.join(sorted(_KNOWN_KEYS))}).")
    for required in ("name", "agenda"):
        if required not in data:
            raise fail(required, "is missing.")
    agenda_raw = data["agenda"]
    if not isinstance(agenda_raw, list) or not agenda_raw:
        raise fail("agenda", "must be a list of steps with minutes.")
    agenda = []
    for i, item in enumerate(agenda_raw):
        if not isinstance(item, dict):
            raise fail(f"agenda[{i}]", "must be a mapping with step and minutes.")
        unknown = set(item) - _STEP_KEYS
        if unknown:
            raise fail(f"agenda[{i}].{sorted(unknown)[0]}",
                       f"is not a field of a step (known: {', '.join(sorted(_STEP_KEYS))}).")
        try:
            step = AgendaItem(step=item.get("step"), minutes=item.get("minutes", 0),
                              title=text(item.get("title", ""), f"agenda[{i}].title"),
                              instruction=text(item.get("instruction", ""), f"agenda[{i}].instruction"),
                              starts_at=item.get("starts_at") or "", position=i)
        except InvalidValue as exc:
            raise fail(f"agenda[{i}].{exc.field.split()[-1]}", exc.reason) from None
        try:
            settings = check_step_settings(step.step, _localised_tree(item.get("settings") or {}, language))
            agenda.append(replace(step, settings=settings))
        except InvalidValue as exc:
            raise fail(f"agenda[{i}].settings ({exc.field})", exc.reason) from None
    criteria = []
    raw_criteria = data.get("criteria") or []
    if not isinstance(raw_criteria, list):
        raise fail("criteria", "must be a list.")
    for i, item in enumerate(raw_criteria):
        if not isinstance(item, dict):
            raise fail(f"criteria[{i}]", "must be a mapping with name and weight.")
        try:
            criteria.append(Criterion(name=text(item.get("name"), f"criteria[{i}].name"),
                                      weight=item.get("weight", 1.0),
                                      direction=item.get("direction", "higher"),
                                      description=text(item.get("description", ""), f"criteria[{i}].description"),
                                      scale_min=item.get("scale_min", 0), scale_max=item.get("scale_max", 5),
                                      position=i))
        except InvalidValue as exc:
            raise fail(f"criteria[{i}] ({exc.field})", exc.reason) from None
    themes = data.get("themes") or []
    if isinstance(themes, list):
        themes = [text(theme, f"themes[{i}]") for i, theme in enumerate(themes)]
    if not isinstance(themes, list) or not all(isinstance(t, str) for t in themes):
        raise fail("themes", "must be a list of theme names.")
    try:
        return Template(
            name=str(data["name"]),
            title=str(text(data.get("title"), "title") or data["name"]),
            description=str(text(data.get("description"), "description") or ""),
            agenda=tuple(agenda),
            themes=tuple(themes),
            criteria=tuple(criteria),
            vote_budget=data.get("vote_budget", 3),
            votes_per_idea=data.get("votes_per_idea", 1),
        )
    except InvalidValue as exc:
        raise fail(exc.field.replace(" ", "_"), exc.reason) from None
